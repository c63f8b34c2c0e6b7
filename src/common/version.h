// What built this picket: its version and the git commit of its source tree, for the provenance
// every output records (docs/output.md, "provenance").
#pragma once

#include <string_view>

namespace picket {

// "0.1.0"
std::string_view picketVersion();
// The full commit hash; with "-modified" when the tree had uncommitted changes; "unknown" outside
// a git checkout. Taken at build time, at every build.
std::string_view picketCommit();

}  // namespace picket
