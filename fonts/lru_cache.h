// LruCache: what a pure function returned for a key, kept for the process and served again: a
// bounded number of bytes, the least recently used entry dropped first, in shards chosen by the
// key's hash so that threads looking up at once seldom wait for each other. Keys are compared in
// full; of two keys sharing a hash the later is kept. Used for shaping results (shape.cc) and
// line-break opportunities (layout/break.cc): the text a report repeats, or a report rendered
// again, is not worked out twice.
#pragma once

#include <array>
#include <cstddef>
#include <list>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace paiban::fonts {

template <typename Key, typename Value, size_t kShards = 8>
class LruCache {
 public:
  explicit LruCache(size_t max_bytes) : shard_bytes_(max_bytes / kShards) {}
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // Copies the value kept for `key` (whose hash is `hash`) into `out`; false when none is kept.
  bool find(const Key& key, size_t hash, Value& out) {
    Shard& shard = shards_[hash % kShards];
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = shard.index.find(hash);
    if (it == shard.index.end() || !(it->second->key == key)) return false;
    shard.entries.splice(shard.entries.begin(), shard.entries, it->second);
    out = it->second->value;
    return true;
  }

  // Keeps `value` for `key`; `bytes` is what the entry is counted as against the bound.
  void add(Key key, size_t hash, Value value, size_t bytes) {
    Shard& shard = shards_[hash % kShards];
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = shard.index.find(hash);
    if (it != shard.index.end()) {  // another key of the same hash, or a thread that was first
      shard.bytes -= it->second->bytes;
      shard.entries.erase(it->second);
      shard.index.erase(it);
    }
    shard.entries.push_front(Entry{std::move(key), std::move(value), hash, bytes});
    shard.index.emplace(hash, shard.entries.begin());
    shard.bytes += bytes;
    while (shard.bytes > shard_bytes_) {
      shard.bytes -= shard.entries.back().bytes;
      shard.index.erase(shard.entries.back().hash);
      shard.entries.pop_back();
    }
  }

 private:
  struct Entry {
    Key key;
    Value value;
    size_t hash;
    size_t bytes;
  };
  struct Shard {
    std::mutex mutex;
    std::list<Entry> entries;  // most recently used first
    std::unordered_map<size_t, typename std::list<Entry>::iterator> index;
    size_t bytes = 0;
  };
  const size_t shard_bytes_;
  std::array<Shard, kShards> shards_;
};

}  // namespace paiban::fonts
