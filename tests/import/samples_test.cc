// samples/*/report.json made from the corpus by the importer: they read back and write out to the
// same JSON. Rewrite them with PAIBAN_UPDATE_SAMPLES=1 ./import_test --gtest_filter='SamplesTest.*'.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "importer.h"
#include "json_io.h"
#include "test_support.h"

namespace paiban::import {
namespace {

struct Sample {
  const char* fixture;
  const char* folder;
};

constexpr Sample kSamples[] = {
    {"hongzequ-2023.txt", "hongzequ-2023"},
    {"huaian-2024.txt", "huaian-2024"},
    {"hongqi-2023-seed.txt", "hongqi-2023-imported"},
};

// The checked-in samples read back and write out to the same JSON (their content is checked
// against their source in importer_test.cc: CheckedInSamplesKeepEveryWordOfTheirSource).
// PAIBAN_UPDATE_SAMPLES=1 rewrites them from the importer, as a tool: review the diff.
TEST(SamplesTest, SamplesRoundTripThroughTheReaderAndWriter) {
  const bool update = std::getenv("PAIBAN_UPDATE_SAMPLES") != nullptr;
  for (const Sample& s : kSamples) {
    const auto path = testing::source_dir() / "samples" / s.folder / "report.json";
    if (update) {
      const std::string text = testing::read_file(testing::data_dir() / s.fixture);
      ReadResult r = import_text(text, s.fixture);
      ASSERT_TRUE(r.report) << s.fixture;
      std::filesystem::create_directories(path.parent_path());
      testing::write_file(path, json::write_report(*r.report));
    }
    const std::string json = testing::read_file(path);
    ReadResult back = json::read_report(json, path.string());
    ASSERT_TRUE(back.report) << (back.diagnostics.empty()
                                     ? std::string()
                                     : format_diagnostic(back.diagnostics.front()));
    EXPECT_TRUE(json::write_report(*back.report) == json) << s.folder << " does not round-trip";
  }
}

}  // namespace
}  // namespace paiban::import
