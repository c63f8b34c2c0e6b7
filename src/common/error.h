// Errors: one place for how picket reports bad input and broken invariants.
//
// Policy (see docs/errors.md):
//  - Bad input (scenario, catalog, command line) throws InputError while loading or building models.
//    It names the file, the line and what was expected; the CLI prints it and exits with status 2.
//  - A broken internal invariant throws std::logic_error through PICKET_ASSERT: a bug, exit status 3.
//  - Inside a Monte Carlo batch a failed trial is recorded and the batch goes on (montecarlo/).
#pragma once

#include <stdexcept>
#include <string>

namespace picket {

// Where a value came from: a file and a 1-based line (0 when unknown, e.g. the command line).
struct SourceLocation {
  bool operator==(const SourceLocation&) const = default;
  std::string file;
  int line = 0;

  [[nodiscard]] std::string str() const;
};

class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation where, const std::string& what_is_wrong);

  [[nodiscard]] const SourceLocation& where() const { return where_; }
  [[nodiscard]] const std::string& reason() const { return reason_; }

 private:
  SourceLocation where_;
  std::string reason_;
};

[[noreturn]] void throwInputError(const SourceLocation& where, const std::string& what_is_wrong);

}  // namespace picket

#define PICKET_ASSERT(cond, msg)                                                          \
  do {                                                                                    \
    if (!(cond)) throw std::logic_error(std::string("picket internal error: ") + (msg)); \
  } while (false)
