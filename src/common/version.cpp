#include "common/version.h"

#include "picket_commit.h"  // generated: cmake/commit.cmake

namespace picket {

std::string_view picketVersion() { return PICKET_VERSION; }
std::string_view picketCommit() { return PICKET_COMMIT; }

}  // namespace picket
