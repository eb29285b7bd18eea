// parallel_for: the same work for each index of a range, spread over a few threads.
//
// The engine does independent pieces of one render at once where they cost the most (the PDF's
// font subsets and page streams, the DOCX beside the PDF) when the caller allows more than one
// thread (RenderOptions::threads). Results must not depend on the thread count: each index writes
// only its own slot, and the caller joins the slots in index order.
#pragma once

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

namespace paiban {

// A joining thread (as std::jthread, without stop tokens) that starts on another CPU than the
// thread creating it, where the process may run on more than one, and may then run anywhere.
// Linux queued a new thread behind its creator on the creator's CPU: on a 2-core machine of the
// kind CI uses it started when the creator next waited, about 2 ms later (the median of a probe
// whose creator stayed busy 2 ms), against 0.1 ms when started on the other CPU. A render's
// helper threads live a few milliseconds, so that wait was most of what they could save.
class HelperThread {
 public:
  HelperThread() = default;
  // Throws std::system_error when no thread can be started.
  template <typename Fn>
  explicit HelperThread(Fn&& fn) {
    auto start = std::make_unique<Start>();
    start->fn = std::forward<Fn>(fn);
    pthread_attr_t attr;
    if (int e = pthread_attr_init(&attr); e != 0) throw std::system_error(e, std::generic_category());
#ifdef __linux__
    if (sched_getaffinity(0, sizeof start->allowed, &start->allowed) == 0) {
      start->restore = true;
      cpu_set_t others = start->allowed;
      const int here = sched_getcpu();
      if (here >= 0 && here < CPU_SETSIZE) CPU_CLR(here, &others);
      if (CPU_COUNT(&others) > 0) pthread_attr_setaffinity_np(&attr, sizeof others, &others);
    }
#endif
    const int e = pthread_create(&thread_, &attr, &HelperThread::run, start.get());
    pthread_attr_destroy(&attr);
    if (e != 0) throw std::system_error(e, std::generic_category());
    start.release();  // run() owns it now
    joinable_ = true;
  }
  HelperThread(HelperThread&& other) noexcept
      : thread_(other.thread_), joinable_(std::exchange(other.joinable_, false)) {}
  HelperThread& operator=(HelperThread&& other) noexcept {
    if (this != &other) {
      join();
      thread_ = other.thread_;
      joinable_ = std::exchange(other.joinable_, false);
    }
    return *this;
  }
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;
  ~HelperThread() { join(); }

  void join() noexcept {
    if (joinable_) pthread_join(thread_, nullptr);
    joinable_ = false;
  }

 private:
  struct Start {
    std::function<void()> fn;
    cpu_set_t allowed{};
    bool restore = false;
  };
  static void* run(void* arg) {
    std::unique_ptr<Start> start(static_cast<Start*>(arg));
#ifdef __linux__
    if (start->restore) pthread_setaffinity_np(pthread_self(), sizeof start->allowed, &start->allowed);
#endif
    start->fn();  // callers catch inside fn: an exception escaping a thread ends the process
    return nullptr;
  }

  pthread_t thread_{};
  bool joinable_ = false;
};

// Runs fn(i) once for every i in [0, n), on up to `threads` threads (the calling thread is one of
// them; 0 and 1 both mean the calling thread alone), each thread taking the next index as it comes
// free. Returns when every call has returned. If calls throw, the exception of the lowest index
// is rethrown, as a loop over the range would have thrown it.
template <typename Fn>
void parallel_for(size_t n, unsigned threads, Fn&& fn) {
  const size_t workers = std::min<size_t>(std::max(threads, 1u), n);
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::exception_ptr> errors(n);
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
      try {
        fn(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  {
    std::vector<HelperThread> pool;
    pool.reserve(workers - 1);
    for (size_t t = 1; t < workers; ++t) {
      try {
        pool.emplace_back(work);
      } catch (const std::system_error&) {
        break;  // no thread to be had: the threads there are do the rest, with the same result
      }
    }
    work();
  }  // joins the pool
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace paiban
