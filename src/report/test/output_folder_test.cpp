// The output folder's contract (report/output_folder.h): replaced whole or left as it was, a
// manifest that sha256sum agrees with, orphans of killed runs cleaned, foreign folders refused.
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/sha256.h"
#include "report/format.h"
#include "report/output_folder.h"

namespace picket::report {
namespace {
namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

class OutputFolderTest : public testing::Test {
 protected:
  fs::path root = fs::temp_directory_path() / fmt::format("picket-output-folder-{}-{}", ::getpid(),
                                                         testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::path dir = root / "run";
  void SetUp() override {
    fs::remove_all(root);
    fs::create_directories(root);
  }
  void TearDown() override { fs::remove_all(root); }

  // Everything beside `dir` in its parent, other than `dir` itself.
  std::vector<std::string> leftovers() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(root))
      if (e.path() != dir) out.push_back(e.path().filename().string());
    return out;
  }

  void writeRun(const std::string& summary) {
    OutputFolder f(dir);
    writeAtomically(f.staging(), "summary.json", summary);
    put(f.staging() / "report" / "data.js", "window.PICKET_REPORT = {};\n");
    f.commit("test");
  }
};

TEST_F(OutputFolderTest, WritesAFolderWithAManifestOfEveryFile) {
  writeRun("{\"run\": 1}\n");
  EXPECT_EQ(slurp(dir / "summary.json"), "{\"run\": 1}\n");
  const nlohmann::json m = nlohmann::json::parse(slurp(dir / "manifest.json"));
  EXPECT_EQ(m["format"], "picket-manifest/1");
  EXPECT_EQ(m["picket_version"], "test");
  ASSERT_EQ(m["files"].size(), 2u);  // report/data.js and summary.json, sorted; not the manifest itself
  EXPECT_EQ(m["files"][0]["path"], "report/data.js");
  EXPECT_EQ(m["files"][1]["path"], "summary.json");
  for (const auto& f : m["files"]) {
    const fs::path p = dir / f["path"].get<std::string>();
    EXPECT_EQ(f["bytes"].get<std::uintmax_t>(), fs::file_size(p));
    EXPECT_EQ(f["sha256"], sha256File(p));
  }
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(OutputFolderTest, ReplacesThePreviousRunWhole) {
  writeRun("first");
  put(dir / "coverage-old.csv", "from a run with a map this one lacks");  // a stale file of an earlier run
  writeRun("second");
  EXPECT_EQ(slurp(dir / "summary.json"), "second");
  EXPECT_FALSE(fs::exists(dir / "coverage-old.csv"));
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(OutputFolderTest, AFailedRunLeavesThePreviousFolderAsItWas) {
  writeRun("first");
  try {
    OutputFolder f(dir);
    writeAtomically(f.staging(), "summary.json", "second, never finished");
    throw std::runtime_error("the run failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(slurp(dir / "summary.json"), "first");
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(OutputFolderTest, AFullDiskLeavesThePreviousFolderAndSaysSo) {
  writeRun("first");
  // A file-size limit stands in for a full disk: writes past it fail (EFBIG) as they would (ENOSPC).
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto* const previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = saved;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  bool refused = false;
  try {
    OutputFolder f(dir);
    writeAtomically(f.staging(), "tracks.csv", std::string(100000, 'x'));
    f.commit("test");
  } catch (const InputError& e) {
    refused = std::string(e.what()).find("cannot write") != std::string::npos;
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous);
  EXPECT_TRUE(refused);
  EXPECT_EQ(slurp(dir / "summary.json"), "first");
  EXPECT_FALSE(fs::exists(dir / "tracks.csv"));
  EXPECT_TRUE(leftovers().empty());
}

volatile std::sig_atomic_t g_interrupts = 0;

TEST_F(OutputFolderTest, ACtrlCWhileWritingAbortsAndLeavesThePreviousFolder) {
  writeRun("first");
  auto* const previous = std::signal(SIGINT, [](int) { g_interrupts = g_interrupts + 1; });
  bool refused = false;
  try {
    OutputFolder f(dir);
    writeAtomically(f.staging(), "summary.json", "second");
    std::raise(SIGINT);  // held while the folder is written
    EXPECT_EQ(g_interrupts, 0);
    f.commit("test");
  } catch (const InputError& e) {
    refused = std::string(e.what()).find("interrupted") != std::string::npos;
  }
  EXPECT_EQ(g_interrupts, 1);  // delivered once the folder was cleaned up
  std::signal(SIGINT, previous);
  EXPECT_TRUE(refused);
  EXPECT_EQ(slurp(dir / "summary.json"), "first");
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(OutputFolderTest, CleansUpAfterKilledRunsAndRestoresAFolderMovedAside) {
  // A run killed while staging (PID 999999999 cannot be alive: above Linux's pid_max).
  put(root / ".run.picket-staging-999999999" / "summary.json", "half");
  // One killed between the two renames of a swap: its previous folder moved aside, none in place.
  put(root / ".run.picket-old-999999999" / "summary.json", "the previous run");
  put(root / ".run.picket-old-999999999" / "manifest.json", R"({"format": "picket-manifest/1"})");
  // Another folder's orphans, and our own live staging name, are not touched.
  put(root / ".other.picket-staging-999999999" / "x", "not ours");
  {
    OutputFolder f(dir);
    EXPECT_EQ(slurp(dir / "summary.json"), "the previous run");  // restored before anything else
    EXPECT_FALSE(fs::exists(root / ".run.picket-staging-999999999"));
    EXPECT_FALSE(fs::exists(root / ".run.picket-old-999999999"));
  }
  EXPECT_EQ(leftovers(), std::vector<std::string>{".other.picket-staging-999999999"});
}

TEST_F(OutputFolderTest, RefusesAFolderPicketDidNotWrite) {
  put(dir / "thesis.tex", "a user's own work");
  try {
    OutputFolder f(dir);
    ADD_FAILURE() << "a foreign folder was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("thesis.tex"), std::string::npos) << e.what();
  }
  EXPECT_EQ(slurp(dir / "thesis.tex"), "a user's own work");
  EXPECT_TRUE(leftovers().empty());
  // A file where the folder should be, too.
  put(root / "file", "x");
  EXPECT_THROW(OutputFolder(root / "file"), InputError);
}

TEST_F(OutputFolderTest, TakesOverAFolderFromAVersionBeforeManifests) {
  put(dir / "summary.json", "old");
  put(dir / "report" / "index.html", "old");
  put(dir / ".tracks.csv.tmp-12345", "an orphan of a kill under the old scheme");
  writeRun("new");
  EXPECT_EQ(slurp(dir / "summary.json"), "new");
  EXPECT_FALSE(fs::exists(dir / ".tracks.csv.tmp-12345"));
  EXPECT_FALSE(fs::exists(dir / "report" / "index.html"));
}

}  // namespace
}  // namespace picket::report
