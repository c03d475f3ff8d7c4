// A tiny fork-join helper: run fn(0..n-1) on a few threads. Observing many
// resources is I/O-bound work on independent paths, so two to four threads
// hide most of the latency without contending for the disk.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace twin::engine {

/// Calls fn(i) for every i in [0, n), spread over up to `max_threads`
/// threads (default: the hardware's, at most 4). fn must be safe to call
/// concurrently for different i; it returns when every call has returned.
template <class Fn>
void parallel_for(std::size_t n, Fn&& fn, unsigned max_threads = 0) {
  unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  unsigned threads = max_threads ? max_threads : std::min(hw, 4u);
  // Small batches are not worth a thread.
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, n / 64 + 1));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

}  // namespace twin::engine
