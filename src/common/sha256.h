// SHA-256, lower-case hex (what `sha256sum` prints), through OpenSSL's EVP interface: for the output
// folder's manifest (report/output_folder.h) and the catalog's content hash in every run's
// provenance (scenario/loader.h).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace picket {

// Throws InputError when the file cannot be read.
std::string sha256File(const std::filesystem::path& file);
std::string sha256(std::string_view bytes);

// One hash for a folder's regular files: of each file's path relative to `folder` ('/'-separated),
// a NUL, its SHA-256 and a newline, in path order. Renaming, editing, adding or removing a file
// changes it; the folder's own location and the files' times do not.
std::string sha256Tree(const std::filesystem::path& folder);

}  // namespace picket
