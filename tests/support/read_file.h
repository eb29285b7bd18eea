// Reads a whole file as bytes, for the end-to-end tests that look at what the CLI wrote.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace paiban::test_support {

// The file's bytes; empty when it cannot be read (the test's own checks then fail on it).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace paiban::test_support
