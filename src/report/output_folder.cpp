#include "report/output_folder.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/sha256.h"
#include "report/format.h"

namespace picket::report {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kStagingTag = ".picket-staging-";
constexpr std::string_view kOldTag = ".picket-old-";

// The hidden sibling names of DIR: .NAME.picket-staging-PID and .NAME.picket-old-PID.
fs::path sibling(const fs::path& dir, std::string_view tag, long pid) {
  return dir.parent_path() / fmt::format(".{}{}{}", dir.filename().string(), tag, pid);
}

// The PID in a sibling's name, when `entry` is one of DIR's siblings with that tag.
std::optional<long> siblingPid(const fs::path& dir, const fs::path& entry, std::string_view tag) {
  const std::string prefix = fmt::format(".{}{}", dir.filename().string(), tag);
  const std::string name = entry.filename().string();
  if (!name.starts_with(prefix) || name.size() == prefix.size()) return std::nullopt;
  long pid = 0;
  const char* first = name.data() + prefix.size();
  const char* last = name.data() + name.size();
  const auto [end, ec] = std::from_chars(first, last, pid);
  if (ec != std::errc() || end != last || pid <= 0) return std::nullopt;
  return pid;
}

bool processAlive(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

// What picket writes into an output folder (report.h outputNames, the report, the manifest, and
// the temporary names of versions before staging folders): a folder holding only these, and no
// manifest, is a picket folder from an older version.
bool picketName(const std::string& name) {
  static constexpr std::array kNames = {"summary.json",    "events.json",          "trajectory.csv",
                                        "trajectory.czml", "trajectory.kml",       "ground-track.geojson",
                                        "detections.csv",  "tracks.csv",           "impact-prediction.csv",
                                        "alerts.json",     "engagements.csv",      "report",
                                        "manifest.json",   "montecarlo.json",      "trials.csv"};
  if (std::find(kNames.begin(), kNames.end(), name) != kNames.end()) return true;
  if (name.starts_with("coverage-") && (name.ends_with(".geojson") || name.ends_with(".csv"))) return true;
  return name.starts_with('.') && (name.find(".tmp-") != std::string::npos || name.find(".old-") != std::string::npos);
}

bool isPicketManifest(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return false;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.value("format", "") == "picket-manifest/1";
}

// Refuses a DIR that is not picket's to replace.
void checkReplaceable(const fs::path& dir) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir, ec);
  if (!fs::exists(st)) return;
  const SourceLocation where{dir.string(), 0};
  if (!fs::is_directory(st))
    throwInputError(where, "the output folder is a file; give a folder (it is created if missing)");
  if (fs::is_regular_file(dir / "manifest.json", ec) && isPicketManifest(dir / "manifest.json")) return;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!picketName(name))
      throwInputError(where, fmt::format("this folder holds '{}', which picket did not write; picket replaces its output "
                                         "folder whole, so give a new or empty folder (or one an earlier run wrote)",
                                         name));
  }
  if (ec) throwInputError(where, "cannot read the output folder: " + ec.message());
}

// Removes what runs killed before they finished left beside DIR; where DIR itself is missing and a
// killed run's moved-aside folder is there (a kill between the two renames of a swap without
// RENAME_EXCHANGE), puts that folder back first.
void cleanOrphans(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> stale_old, stale_staging;
  for (const fs::directory_entry& e : fs::directory_iterator(dir.parent_path(), ec)) {
    if (const auto pid = siblingPid(dir, e.path(), kOldTag); pid && !processAlive(*pid)) stale_old.push_back(e.path());
    if (const auto pid = siblingPid(dir, e.path(), kStagingTag); pid && !processAlive(*pid))
      stale_staging.push_back(e.path());
  }
  if (!stale_old.empty() && !fs::exists(fs::symlink_status(dir, ec))) {
    fs::rename(stale_old.back(), dir, ec);
    if (!ec) stale_old.pop_back();
  }
  for (const fs::path& p : stale_old) fs::remove_all(p, ec);
  for (const fs::path& p : stale_staging) fs::remove_all(p, ec);
}

// Atomically exchanges two paths (Linux 3.15+); false where the file system does not support it.
bool exchange(const fs::path& a, const fs::path& b) {
  return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
}

bool terminationPending(const sigset_t& held) {
  sigset_t pending;
  sigemptyset(&pending);
  if (::sigpending(&pending) != 0) return false;
  for (const int sig : {SIGINT, SIGTERM, SIGHUP})
    if (sigismember(&held, sig) && sigismember(&pending, sig)) return true;
  return false;
}

}  // namespace

OutputFolder::OutputFolder(const fs::path& dir) {
  std::error_code ec;
  // Resolved, so that a symlinked folder is replaced at its target and "." or "out/" have a name.
  dir_ = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec || dir_.filename().empty() || dir_ == dir_.root_path())
    throwInputError(SourceLocation{dir.string(), 0}, "not a folder picket can write its output into");
  // Held from here: a Ctrl-C while the folder is written aborts it cleanly instead of half-way.
  sigemptyset(&held_);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&held_, sig);
  ::sigprocmask(SIG_BLOCK, &held_, &previous_);
  try {
    fs::create_directories(dir_.parent_path(), ec);
    if (ec) throwInputError(SourceLocation{dir_.string(), 0}, "cannot create the output folder: " + ec.message());
    cleanOrphans(dir_);
    checkReplaceable(dir_);
    staging_ = sibling(dir_, kStagingTag, ::getpid());
    fs::remove_all(staging_, ec);
    fs::create_directory(staging_, ec);
    if (ec) throwInputError(SourceLocation{dir_.string(), 0}, "cannot create the output folder: " + ec.message());
  } catch (...) {
    ::sigprocmask(SIG_SETMASK, &previous_, nullptr);
    throw;
  }
}

OutputFolder::~OutputFolder() {
  std::error_code ec;
  if (!committed_ && !staging_.empty()) fs::remove_all(staging_, ec);
  // A termination signal held meanwhile is delivered here, after the clean-up.
  ::sigprocmask(SIG_SETMASK, &previous_, nullptr);
}

void OutputFolder::commit(std::string_view picket_version) {
  const SourceLocation where{dir_.string(), 0};
  std::error_code ec;
  // The manifest: every file under the staging folder, sorted by path, with size and hash.
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(staging_, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file()) files.push_back(it->path());
  if (ec) throwInputError(where, "cannot list the output folder: " + ec.message());
  std::vector<std::string> relative;
  relative.reserve(files.size());
  for (const fs::path& f : files) relative.push_back(f.lexically_relative(staging_).generic_string());
  std::sort(relative.begin(), relative.end());
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& rel : relative) {
    const fs::path f = staging_ / rel;
    list.push_back({{"path", rel}, {"bytes", fs::file_size(f)}, {"sha256", sha256File(f)}});
  }
  const nlohmann::json manifest = {{"format", "picket-manifest/1"},
                                   {"picket_version", std::string(picket_version)},
                                   {"complete", true},
                                   {"files", list}};
  writeAtomically(staging_, "manifest.json", manifest.dump(2) + "\n");
  if (terminationPending(held_)) throwInputError(where, "interrupted: the output folder is left as it was");
  if (fs::exists(fs::symlink_status(dir_, ec))) {
    if (!exchange(staging_, dir_)) {
      // No RENAME_EXCHANGE here (some network or overlay file systems): two renames; a kill
      // between them is recovered by cleanOrphans on the next run.
      const fs::path old = sibling(dir_, kOldTag, ::getpid());
      fs::rename(dir_, old, ec);
      if (ec) throwInputError(where, "cannot replace the output folder: " + ec.message());
      fs::rename(staging_, dir_, ec);
      if (ec) {
        std::error_code back;
        fs::rename(old, dir_, back);
        throwInputError(where, "cannot replace the output folder: " + ec.message());
      }
      fs::remove_all(old, ec);
    } else {
      fs::remove_all(staging_, ec);  // now the previous folder
    }
  } else {
    fs::rename(staging_, dir_, ec);
    if (ec) throwInputError(where, "cannot create the output folder: " + ec.message());
  }
  committed_ = true;
}

}  // namespace picket::report
