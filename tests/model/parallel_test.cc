// parallel_for (engine/model/parallel.h): every index once, on any thread count, and an exception
// comes back as a plain loop would have thrown it.
#include "parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

TEST(ParallelFor, RunsEveryIndexOnceOnAnyThreadCount) {
  for (unsigned threads : {0u, 1u, 2u, 3u, 8u}) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{7}, size_t{100}}) {
      std::vector<std::atomic<int>> calls(n);
      paiban::parallel_for(n, threads, [&](size_t i) { calls[i].fetch_add(1); });
      for (size_t i = 0; i < n; ++i) {
        EXPECT_EQ(calls[i].load(), 1) << "index " << i << " of " << n << ", " << threads;
      }
    }
  }
}

TEST(ParallelFor, UsesMoreThanOneThreadWhenAllowed) {
  std::mutex mutex;
  std::set<std::thread::id> seen;
  std::atomic<int> waiting{0};
  // Each of the first two calls waits (briefly) for the other: only two threads get both done
  // at once; one thread alone would see the wait time out.
  paiban::parallel_for(2, 2, [&](size_t) {
    waiting.fetch_add(1);
    for (int spin = 0; spin < 2000 && waiting.load() < 2; ++spin) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::lock_guard lock(mutex);
    seen.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(seen.size(), 2u);
  EXPECT_TRUE(seen.count(std::this_thread::get_id()) == 1) << "the caller is one of the threads";
}

TEST(ParallelFor, RethrowsTheLowestIndexsExceptionAfterEveryCall) {
  for (unsigned threads : {1u, 4u}) {
    std::atomic<int> calls{0};
    try {
      paiban::parallel_for(50, threads, [&](size_t i) {
        calls.fetch_add(1);
        if (i == 7 || i == 30) throw std::runtime_error("index " + std::to_string(i));
      });
      ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), "index 7");
    }
    // One thread stops where a loop would; several finish what they started.
    if (threads == 1) {
      EXPECT_EQ(calls.load(), 8);
    } else {
      EXPECT_EQ(calls.load(), 50);
    }
  }
}

}  // namespace
