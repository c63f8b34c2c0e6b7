#include "common/sha256.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "common/error.h"

namespace picket {
namespace fs = std::filesystem;
namespace {

using Context = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

Context start() {
  Context ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  PICKET_ASSERT(ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1, "SHA-256 unavailable");
  return ctx;
}

void update(const Context& ctx, const void* data, std::size_t size) {
  PICKET_ASSERT(EVP_DigestUpdate(ctx.get(), data, size) == 1, "SHA-256 failed");
}

std::string finish(const Context& ctx) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  PICKET_ASSERT(EVP_DigestFinal_ex(ctx.get(), digest.data(), &size) == 1, "SHA-256 failed");
  std::string hex;
  hex.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace

std::string sha256(std::string_view bytes) {
  const Context ctx = start();
  update(ctx, bytes.data(), bytes.size());
  return finish(ctx);
}

std::string sha256File(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throwInputError(SourceLocation{file.string(), 0}, "cannot read the file to hash it");
  const Context ctx = start();
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize n = in.gcount();
    if (n > 0) update(ctx, buffer.data(), static_cast<std::size_t>(n));
  }
  if (in.bad()) throwInputError(SourceLocation{file.string(), 0}, "cannot read the file to hash it");
  return finish(ctx);
}

std::string sha256Tree(const fs::path& folder) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file()) files.push_back(it->path().lexically_relative(folder).generic_string());
  if (ec) throwInputError(SourceLocation{folder.string(), 0}, "cannot list the folder to hash it: " + ec.message());
  std::sort(files.begin(), files.end());
  std::string listing;
  for (const std::string& f : files) listing += f + '\0' + sha256File(folder / f) + '\n';
  return sha256(listing);
}

}  // namespace picket
