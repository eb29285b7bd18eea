// The public API in process, through the shared library (only engine/include/paiban): render,
// check_report and dump_stage on the samples, and what each does with bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "paiban/paiban.h"
#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;
using paiban::test_support::run_command;

const fs::path kSample = fs::path(PAIBAN_SOURCE_DIR) / "samples" / "hongqi-2023" / "report.json";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

paiban::Report sample() {
  paiban::ReadResult read = paiban::read_report_json(read_file(kSample), kSample.string());
  EXPECT_TRUE(read.report.has_value());
  return read.report.value_or(paiban::Report{});
}

paiban::RenderOptions both_formats() {
  paiban::RenderOptions options;
  options.formats = {paiban::OutputFormat::kPdf, paiban::OutputFormat::kDocx};
  options.report_dir = kSample.parent_path().string();
  return options;
}

// In process, the same bytes as the CLI writes, and the same bytes twice in a row (the process
// keeps its fonts between renders).
TEST(PublicApi, RenderGivesTheClisBytes) {
  const paiban::RenderResult first = paiban::render(sample(), both_formats());
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.pdf.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(first.docx.rfind("PK", 0), 0u);
  const paiban::RenderResult second = paiban::render(sample(), both_formats());
  EXPECT_EQ(first.pdf, second.pdf);
  EXPECT_EQ(first.docx, second.docx);

  const fs::path dir = fs::temp_directory_path() / "paiban-api-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto r = run_command(std::string(PAIBAN_CLI) + " render " + kSample.string() + " -o " +
                             (dir / "a.pdf").string() + " -o " + (dir / "a.docx").string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(read_file(dir / "a.pdf") == first.pdf);
  EXPECT_TRUE(read_file(dir / "a.docx") == first.docx);
  fs::remove_all(dir);
}

// Only the formats asked for; none asked: the checks alone.
TEST(PublicApi, RenderWritesOnlyTheFormatsAskedFor) {
  paiban::RenderOptions options = both_formats();
  options.formats = {paiban::OutputFormat::kDocx};
  const paiban::RenderResult docx = paiban::render(sample(), options);
  ASSERT_TRUE(docx.ok());
  EXPECT_TRUE(docx.pdf.empty());
  EXPECT_FALSE(docx.docx.empty());
  options.formats.clear();
  const paiban::RenderResult none = paiban::render(sample(), options);
  EXPECT_TRUE(none.ok());
  EXPECT_TRUE(none.pdf.empty() && none.docx.empty());
}

// Bad input never throws: it comes back as diagnostics with a location, and no bytes.
TEST(PublicApi, BadInputComesBackAsDiagnosticsWithALocation) {
  paiban::Report report = sample();
  report.style.overrides["body.sise"] = "12pt";
  paiban::RenderResult result;
  ASSERT_NO_THROW(result = paiban::render(report, both_formats()));
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.pdf.empty() && result.docx.empty());
  bool named = false;
  for (const paiban::Diagnostic& d : result.diagnostics) {
    named |= d.severity == paiban::Severity::kError &&
             paiban::format_diagnostic(d).find("body.sise") != std::string::npos;
  }
  EXPECT_TRUE(named);
  // check_report finds the same error, at the same place.
  const std::vector<paiban::Diagnostic> checked = paiban::check_report(report, both_formats());
  ASSERT_TRUE(paiban::has_errors(checked));
  bool same = false;
  for (const paiban::Diagnostic& d : checked) {
    for (const paiban::Diagnostic& e : result.diagnostics) {
      same |= d.severity == paiban::Severity::kError &&
              paiban::format_diagnostic(d) == paiban::format_diagnostic(e);
    }
  }
  EXPECT_TRUE(same);
}

TEST(PublicApi, DumpStagesOfTheSample) {
  for (const char* stage : {"resolved", "grid", "widths", "lines", "pages"}) {
    const paiban::DumpResult dump = paiban::dump_stage(sample(), both_formats(), stage);
    EXPECT_TRUE(dump.ok()) << stage;
    EXPECT_FALSE(dump.text.empty()) << stage;
  }
  // The lines stage holds the sample's first heading as printed.
  const paiban::DumpResult lines = paiban::dump_stage(sample(), both_formats(), "lines");
  EXPECT_NE(lines.text.find("一、总体情况"), std::string::npos);
  const paiban::DumpResult bad = paiban::dump_stage(sample(), both_formats(), "glyphs");
  EXPECT_FALSE(bad.ok());
  EXPECT_TRUE(bad.text.empty());
}

}  // namespace
