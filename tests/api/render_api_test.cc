// The public API in process, through the shared library (only engine/include/paiban): render,
// check_report and dump_stage on the samples, and what each does with bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>
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

// RenderOptions::threads changes how a render is done, never what it makes: every sample (the
// 公文 with their seals among them) gives the same PDF, DOCX and diagnostics, in the order the
// formats were asked for, on one, two and four threads.
TEST(PublicApi, RenderOnSeveralThreadsGivesTheSameBytes) {
  const fs::path samples = fs::path(PAIBAN_SOURCE_DIR) / "samples";
  int rendered = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(samples)) {
    const fs::path path = entry.path() / "report.json";
    if (!fs::exists(path)) continue;
    paiban::ReadResult read = paiban::read_report_json(read_file(path), path.string());
    ASSERT_TRUE(read.report.has_value()) << path;
    paiban::RenderOptions options;
    options.formats = {paiban::OutputFormat::kDocx, paiban::OutputFormat::kPdf};
    options.report_dir = entry.path().string();
    const paiban::RenderResult one = paiban::render(*read.report, options);
    ASSERT_TRUE(one.ok()) << path;
    ASSERT_FALSE(one.pdf.empty() || one.docx.empty()) << path;
    for (unsigned threads : {2u, 4u}) {
      options.threads = threads;
      const paiban::RenderResult many = paiban::render(*read.report, options);
      EXPECT_TRUE(many.pdf == one.pdf) << path << " on " << threads << " threads";
      EXPECT_TRUE(many.docx == one.docx) << path << " on " << threads << " threads";
      ASSERT_EQ(many.diagnostics.size(), one.diagnostics.size()) << path;
      for (size_t i = 0; i < one.diagnostics.size(); ++i) {
        EXPECT_EQ(many.diagnostics[i].message, one.diagnostics[i].message) << path;
        EXPECT_EQ(many.diagnostics[i].pointer, one.diagnostics[i].pointer) << path;
      }
    }
    ++rendered;
  }
  EXPECT_GE(rendered, 5);
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

// GB/T 9704 §7.3.3: a title too long for one line is broken once (between words, balanced) and
// the DOCX carries the same breaks as w:br, so Word and LibreOffice print the PDF's title lines.
TEST(PublicApi, TheDocxTitleBreaksWhereThePdfsDoes) {
  const paiban::RenderResult result = paiban::render(sample(), both_formats());
  ASSERT_TRUE(result.ok());
  const fs::path dir = fs::temp_directory_path() / "paiban-api-title";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "t.docx", std::ios::binary) << result.docx;
  const auto xml = run_command("unzip -p " + (dir / "t.docx").string() + " word/document.xml");
  fs::remove_all(dir);
  ASSERT_EQ(xml.code, 0) << xml.output;
  // The Title paragraph's texts, split at w:br.
  const size_t title = xml.output.find("<w:pStyle w:val=\"Title\"/>");
  ASSERT_NE(title, std::string::npos);
  const std::string para = xml.output.substr(title, xml.output.find("</w:p>", title) - title);
  std::vector<std::string> docx_lines{""};
  for (size_t at = 0; at < para.size();) {
    if (para.compare(at, 6, "<w:br/") == 0) {
      docx_lines.emplace_back();
      at += 6;
    } else if (para.compare(at, 4, "<w:t") == 0) {
      const size_t open = para.find('>', at) + 1;
      const size_t close = para.find("</w:t>", open);
      docx_lines.back() += para.substr(open, close - open);
      at = close + 6;
    } else {
      ++at;
    }
  }
  // The PDF's first lines, from the lines stage (the title is centred at the top of page 1).
  const paiban::DumpResult lines = paiban::dump_stage(sample(), both_formats(), "lines");
  std::vector<std::string> pdf_lines;
  std::istringstream in(lines.text);
  std::string line;
  std::getline(in, line);  // "page 1 …"
  while (pdf_lines.size() < docx_lines.size() && std::getline(in, line)) {
    // "  y x1..x2 text"
    pdf_lines.push_back(line.substr(line.find(' ', line.find("..")) + 1));
  }
  ASSERT_GE(docx_lines.size(), 2u) << "the seed's title takes two lines in the PDF";
  EXPECT_EQ(docx_lines, pdf_lines);
}

}  // namespace
