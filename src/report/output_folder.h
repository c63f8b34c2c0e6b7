// A run's output folder, replaced whole or not at all.
//
// `picket run --out DIR` writes every file into a staging folder beside DIR
// (DIR/../.NAME.picket-staging-PID), writes DIR's manifest.json last, and then swaps the staging
// folder into DIR's place in one rename (Linux renameat2 RENAME_EXCHANGE; where the file system
// lacks it, two renames, with recovery on the next run). So a reader of DIR sees the previous run's
// folder or the new one, never a mixture, and a manifest tells a complete folder from anything
// else:
//  - an error (a full disk, a folder that cannot be written) removes the staging folder and leaves
//    DIR as it was;
//  - SIGINT, SIGTERM and SIGHUP are held while the folder is written; one that arrives then aborts
//    the run (staging removed, DIR as it was) and is then delivered;
//  - a run killed outright (SIGKILL, a power cut) leaves its hidden staging folder beside DIR; the
//    next run into DIR removes it, and restores DIR where the kill fell between two renames.
//
// DIR must be picket's to replace: absent, empty, holding a manifest.json written by picket, or
// holding only the names picket writes (a folder from a version before manifests). Anything else
// is refused (InputError), so that `--out ~/Documents` cannot wipe a folder of the user's own.
//
// manifest.json (format picket-manifest/1) lists every file of the folder, the report included,
// with its size and SHA-256 (common/sha256.h; `sha256sum` agrees), and the picket version that
// wrote it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <signal.h>

namespace picket::report {

class OutputFolder {
 public:
  // Checks `dir`, cleans up after earlier killed runs, creates the staging folder and holds the
  // termination signals. Throws InputError when `dir` is not picket's to replace or the staging
  // folder cannot be made.
  explicit OutputFolder(const std::filesystem::path& dir);
  // Without commit(): removes the staging folder; DIR stays as it was. Then releases the signals.
  ~OutputFolder();

  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Where to write the run's files.
  [[nodiscard]] const std::filesystem::path& staging() const { return staging_; }
  // The folder the user named (its parent resolved, symlinks followed).
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

  // Writes manifest.json and swaps the staging folder into place. Throws InputError (DIR as it
  // was) when that fails or a termination signal came while the folder was being written.
  void commit(std::string_view picket_version);

 private:
  std::filesystem::path dir_, staging_;
  sigset_t held_{}, previous_{};
  bool committed_ = false;
};

}  // namespace picket::report
