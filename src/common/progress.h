// Progress of a long computation (coverage maps, raids, later Monte Carlo), for a terminal.
//
// A stage counts its units of work with a ProgressCounter; the counter calls the user's
// ProgressFn at most every 0.2 s and once at the end, from whichever thread ticked, never two at a
// time. Without a ProgressFn a tick is one relaxed atomic increment: cheap enough for a loop whose
// body flies a trajectory or computes an engagement window (tens of microseconds at least).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace picket {

// `done` of `total` units of `task` (e.g. "coverage map sm-3-ia-ship", cells).
using ProgressFn = std::function<void(std::string_view task, std::size_t done, std::size_t total)>;

class ProgressCounter {
 public:
  ProgressCounter(const ProgressFn* report, std::string task, std::size_t total)
      : report_(report != nullptr && *report ? report : nullptr), task_(std::move(task)), total_(total) {}
  ~ProgressCounter() { finish(); }
  ProgressCounter(const ProgressCounter&) = delete;
  ProgressCounter& operator=(const ProgressCounter&) = delete;

  // One more unit done; thread-safe.
  void tick() {
    const std::size_t done = done_.fetch_add(1, std::memory_order_relaxed) + 1;
    if (report_ == nullptr) return;
    const std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    reported_ = done;
    (*report_)(task_, done, total_);
  }

  // The last report (also made by the destructor, once): the counter then stays silent.
  void finish() {
    if (report_ == nullptr) return;
    const std::lock_guard lock(mutex_);
    const std::size_t done = done_.load();
    if (done != reported_) (*report_)(task_, done, total_);  // not the same line twice
    report_ = nullptr;
  }

 private:
  const ProgressFn* report_;
  std::string task_;
  std::size_t total_;
  std::atomic<std::size_t> done_{0};
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_{};
  std::size_t reported_ = static_cast<std::size_t>(-1);  // the last `done` reported
};

}  // namespace picket
