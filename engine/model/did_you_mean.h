// "Did you mean …?" hints for misspelt keys and enumeration values.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace paiban::json {

// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions of
// two adjacent characters each cost 1 ("colspna" → "colspan" is 1). Compares bytes, ignoring
// ASCII case.
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or "" when none is close enough to be a likely typo: at most
// 1 edit for words of 3 or 4 characters, 2 for longer ones, none (only case) for shorter ones.
// Ties go to the earlier candidate.
std::string closest_match(std::string_view word, std::span<const std::string_view> candidates);

// `did you mean "colspan"?`, or "" when closest_match finds nothing.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace paiban::json
