// parallel_for: the same work for each index of a range, spread over a few threads.
//
// The engine does independent pieces of one render at once where they cost the most (the PDF's
// font subsets and page streams, the DOCX beside the PDF) when the caller allows more than one
// thread (RenderOptions::threads). Results must not depend on the thread count: each index writes
// only its own slot, and the caller joins the slots in index order.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace paiban {

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
    std::vector<std::jthread> pool;
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
