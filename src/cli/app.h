// The command line as a function: main() calls it, and so does the argument-parsing fuzz target
// (fuzz/), which must see the exit status rather than an exit.
#pragma once

#include <iosfwd>

namespace picket::cli {

// Parses the arguments, runs the subcommand, and returns the exit status: 0 done; 2 bad input
// (the message names the file and line, or the option, and nothing is written); 3 an internal
// error (a bug). Timelines and results go to `out`, errors and notes to `err`.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace picket::cli
