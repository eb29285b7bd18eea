#include "test_support.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "importer.h"
#include "text_util.h"

namespace paiban::import::testing {

std::filesystem::path source_dir() { return PAIBAN_SOURCE_DIR; }

std::filesystem::path data_dir() { return source_dir() / "tests" / "import" / "data"; }

std::optional<std::filesystem::path> structure_json() {
  const std::filesystem::path p =
      std::filesystem::path(PAIBAN_SHARED_DIR) / "corpus" / "template-2021-structure.json";
  if (!std::filesystem::exists(p)) return std::nullopt;
  return p;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

Report import_fixture(const std::string& name) {
  const std::string text = read_file(data_dir() / name);
  EXPECT_FALSE(text.empty()) << name;
  ReadResult r = import_text(text, name);
  EXPECT_TRUE(r.report.has_value()) << name;
  for (const Diagnostic& d : r.diagnostics) EXPECT_NE(d.severity, Severity::kError) << d.message;
  return r.report.value_or(Report{});
}

std::string squash_utf8(const std::string& text) {
  std::optional<std::u32string> s = decode_utf8(text);
  if (!s) return text;
  return encode_utf8(squash(*s));
}

}  // namespace paiban::import::testing
