// A test process's scratch folder in the build tree, removed when the process ends with every test
// passed, kept (and named on stderr) when one failed, so that its PDFs and DOCX files can be looked
// at. ctest runs each test in its own process, so a folder left behind by every run would fill the
// disk: a full run wrote about 1.3 GB of rendered samples and LibreOffice profiles.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <system_error>

namespace paiban::test_support {

namespace scratch_detail {

// Removes its folders at static destruction. gtest's UnitTest singleton is never destroyed, so
// asking it whether a test failed is safe here.
class Registry {
 public:
  ~Registry() {
    const ::testing::UnitTest* unit = ::testing::UnitTest::GetInstance();
    const bool keep = unit->Failed() || std::getenv("PAIBAN_KEEP_SCRATCH") != nullptr;
    for (const std::filesystem::path& dir : dirs_) {
      if (keep) {
        std::fprintf(stderr, "scratch kept: %s\n", dir.string().c_str());
        continue;
      }
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  }
  void add(const std::filesystem::path& dir) { dirs_.insert(dir); }

 private:
  std::set<std::filesystem::path> dirs_;
};

inline Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace scratch_detail

// <working folder>/<stem>-<pid>, created; removed at exit unless a test failed or
// PAIBAN_KEEP_SCRATCH is set.
inline std::filesystem::path scratch_dir(const std::string& stem) {
  const std::filesystem::path dir =
      std::filesystem::current_path() / (stem + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  scratch_detail::registry().add(dir);
  return dir;
}

}  // namespace paiban::test_support
