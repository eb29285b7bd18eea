// Positions in JSON text, found by a second, light scan of text nlohmann-json already accepted.
//
// nlohmann-json 3.11 keeps no source positions in its values and silently keeps the last of
// duplicate keys, so the reader rescans the text: once for duplicate keys, and once more only when
// there are diagnostics, to give each JSON Pointer a line and column.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace paiban::json {

// The byte offset of the first bracket nested deeper than `max_depth`, if any. Runs before
// parsing, so no parser ever recurses on a hostile file. Needs only balanced string quotes.
std::optional<std::size_t> find_excess_nesting(std::string_view text, int max_depth);

struct DuplicateKey {
  std::string pointer;  // the pointer of the second (or later) member with that key
  std::size_t offset;   // byte offset of that member's key
};

// Members whose key already occurred in the same object. `text` must be valid JSON.
std::vector<DuplicateKey> find_duplicate_keys(std::string_view text);

// Byte offsets of the values named by `pointers` (RFC 6901): for an object member the offset of
// its key, which is where a reader looks; for an array element or the root, of the value.
// Pointers that name nothing are left out. `text` must be valid JSON.
std::map<std::string, std::size_t> locate_pointers(std::string_view text,
                                                   const std::set<std::string>& pointers);

// Appends a reference token to a JSON Pointer, escaping '~' and '/' (RFC 6901 §3).
void append_pointer_token(std::string& pointer, std::string_view token);

}  // namespace paiban::json
