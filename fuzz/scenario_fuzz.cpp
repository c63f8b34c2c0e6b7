// libFuzzer target: the scenario loader (scenario::loadScenario, catalog look-ups and validation
// included) on arbitrary bytes. Bad input must end as an InputError (exit 2 in the CLI); any other
// exception is an exit-3 path, and aborts here so that the fuzzer reports it with its input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "common/error.h"
#include "scenario/loader.h"

namespace {

// The loader reads a file: one per process, in a private temporary folder.
const std::filesystem::path& inputFile() {
  static const std::filesystem::path file = [] {
    std::string dir = (std::filesystem::temp_directory_path() / "picket-fuzz-XXXXXX").string();
    if (::mkdtemp(dir.data()) == nullptr) std::abort();
    return std::filesystem::path(dir) / "scenario.yaml";
  }();
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(inputFile(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)picket::scenario::loadScenario(inputFile(), PICKET_DATA_DIR);
  } catch (const picket::InputError&) {
    // The contract: a clear error with its place.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exit-3 path: %s\n", e.what());
    std::abort();
  }
  return 0;
}
