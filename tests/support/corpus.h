// The real reports of the shared corpus, for the tests that import and render them: the plain
// text files of the corpus folders, and `paiban import` of one of them.
#pragma once

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "support/run_command.h"

namespace paiban::test_support {

// The `*.txt` reports directly in each of `dirs` (a missing folder is skipped), sorted.
inline std::vector<std::filesystem::path> corpus_texts(
    std::initializer_list<std::filesystem::path> dirs) {
  std::vector<std::filesystem::path> texts;
  for (const std::filesystem::path& dir : dirs) {
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() == ".txt") texts.push_back(e.path());
    }
  }
  std::sort(texts.begin(), texts.end());
  return texts;
}

// `cli import TEXT -o DIR/STEM.json`: the command's result; the report is at `json`.
inline CommandResult import_report(const std::string& cli, const std::filesystem::path& text,
                                   const std::filesystem::path& json) {
  return run_command(cli + " import " + quote(text.string()) + " -o " + quote(json.string()));
}

}  // namespace paiban::test_support
