// libFuzzer target: the command line (cli::run) on arbitrary argument lists, one argument per
// line of the input. Exit status 3 (an internal error) aborts, so that the fuzzer reports it.
//
// Kept to what is safe and quick to run thousands of times: `picket fly` (aimed or impulsive),
// `picket catalog`, help and version, and parse errors. Inputs naming `run`, `sweep` or `view` (a scenario
// run takes seconds; `view` serves until interrupted) or the options that write or read files
// elsewhere (--out, --web, --data) are skipped; the scenario loader has its own target.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/app.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args = {"picket"};
  std::size_t start = 0;
  while (start <= text.size() && args.size() < 33) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    args.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  for (const std::string& a : args) {
    if (a == "run" || a == "sweep" || a == "view" || a.find('\0') != std::string::npos) return 0;
    for (const char* option : {"--out", "--web", "--data"})
      if (std::string_view(a).substr(0, std::string_view(option).size()) == option) return 0;
  }
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int status = picket::cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  if (status == 3) {
    std::fprintf(stderr, "exit 3 from the command line:\n%s\n", err.str().c_str());
    std::abort();
  }
  return 0;
}
