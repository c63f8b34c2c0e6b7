#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "common/progress.h"

namespace picket {
namespace {

TEST(ProgressCounter, ReportsFromManyThreadsNeverAtOnceAndEndsOnce) {
  std::mutex seen_mutex;
  std::vector<std::size_t> reports;
  int inside = 0, overlaps = 0;
  const ProgressFn fn = [&](std::string_view task, std::size_t done, std::size_t total) {
    EXPECT_EQ(task, "cells");
    EXPECT_EQ(total, 40000u);
    std::lock_guard lock(seen_mutex);
    if (++inside > 1) ++overlaps;
    reports.push_back(done);
    --inside;
  };
  {
    ProgressCounter counter(&fn, "cells", 40000);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 10000; ++i) counter.tick();
      });
    for (std::thread& t : threads) t.join();
    counter.finish();
  }  // the destructor after finish() reports nothing more
  EXPECT_EQ(overlaps, 0);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back(), 40000u);
  EXPECT_EQ(std::count(reports.begin(), reports.end(), 40000u), 1);
}

TEST(ProgressCounter, SilentWithoutAReporter) {
  const ProgressFn none;
  ProgressCounter a(nullptr, "x", 3), b(&none, "y", 3);
  a.tick();
  b.tick();  // an empty std::function is never called (it would throw bad_function_call)
}

}  // namespace
}  // namespace picket
