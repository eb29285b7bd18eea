// samples/*/report.json generated from the corpus are the importer's current output.
// Regenerate them with PAIBAN_UPDATE_SAMPLES=1 ./import_test --gtest_filter='SamplesTest.*'.
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

TEST(SamplesTest, ImportedSamplesAreUpToDate) {
  const bool update = std::getenv("PAIBAN_UPDATE_SAMPLES") != nullptr;
  for (const Sample& s : kSamples) {
    const std::string text = testing::read_file(testing::data_dir() / s.fixture);
    ReadResult r = import_text(text, s.fixture);
    ASSERT_TRUE(r.report) << s.fixture;
    const std::string json = json::write_report(*r.report);
    const auto path = testing::source_dir() / "samples" / s.folder / "report.json";
    if (update) {
      std::filesystem::create_directories(path.parent_path());
      testing::write_file(path, json);
      continue;
    }
    // Not EXPECT_EQ: a failure would print both documents.
    EXPECT_TRUE(testing::read_file(path) == json)
        << path << " is out of date; regenerate it with PAIBAN_UPDATE_SAMPLES=1 import_test";
    // The JSON reads back to the same JSON.
    ReadResult back = json::read_report(json, path.string());
    ASSERT_TRUE(back.report) << (back.diagnostics.empty()
                                     ? std::string()
                                     : format_diagnostic(back.diagnostics.front()));
    EXPECT_TRUE(json::write_report(*back.report) == json) << s.folder << " does not round-trip";
  }
}

}  // namespace
}  // namespace paiban::import
