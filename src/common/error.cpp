#include "common/error.h"

namespace picket {

std::string SourceLocation::str() const {
  if (file.empty()) return "<command line>";
  if (line <= 0) return file;
  return file + ":" + std::to_string(line);
}

InputError::InputError(SourceLocation where, const std::string& what_is_wrong)
    : std::runtime_error(where.str() + ": error: " + what_is_wrong),
      where_(std::move(where)),
      reason_(what_is_wrong) {}

void throwInputError(const SourceLocation& where, const std::string& what_is_wrong) {
  throw InputError(where, what_is_wrong);
}

}  // namespace picket
