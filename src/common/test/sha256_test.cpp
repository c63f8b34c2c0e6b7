#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <unistd.h>

#include "common/sha256.h"

namespace picket {
namespace {
namespace fs = std::filesystem;

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

TEST(Sha256, KnownDigests) {
  // FIPS 180-2, appendix B.1 ("abc"), and the empty message.
  EXPECT_EQ(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const fs::path p = fs::temp_directory_path() / fmt::format("picket-sha-{}", ::getpid());
  put(p, "abc");
  EXPECT_EQ(sha256File(p), sha256("abc"));
  fs::remove(p);
}

TEST(Sha256, ATreeHashSeesEveryEditAndNothingElse) {
  const fs::path a = fs::temp_directory_path() / fmt::format("picket-tree-a-{}", ::getpid());
  const fs::path b = fs::temp_directory_path() / fmt::format("picket-tree-b-{}", ::getpid());
  fs::remove_all(a);
  fs::remove_all(b);
  put(a / "missiles" / "x.yaml", "thrust: 1\n");
  put(a / "sites.yaml", "sites: []\n");
  const std::string h = sha256Tree(a);
  fs::copy(a, b, fs::copy_options::recursive);
  EXPECT_EQ(sha256Tree(b), h);  // another place, the same content
  put(b / "missiles" / "x.yaml", "thrust: 2\n");
  EXPECT_NE(sha256Tree(b), h);  // an edit
  put(b / "missiles" / "x.yaml", "thrust: 1\n");
  EXPECT_EQ(sha256Tree(b), h);
  fs::rename(b / "missiles" / "x.yaml", b / "missiles" / "y.yaml");
  EXPECT_NE(sha256Tree(b), h);  // a rename
  fs::rename(b / "missiles" / "y.yaml", b / "missiles" / "x.yaml");
  put(b / "new.yaml", "");
  EXPECT_NE(sha256Tree(b), h);  // a new file, even empty
  fs::remove_all(a);
  fs::remove_all(b);
}

}  // namespace
}  // namespace picket
