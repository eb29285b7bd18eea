// End-to-end tests of the `paiban` command: exit codes, diagnostics, atomic output, and the PDFs
// it writes checked with qpdf, pdffonts and pdftotext (nothing missing, doubled or reordered).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "json_io.h"
#include "numbering.h"
#include "paiban/paiban.h"
#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;
using paiban::test_support::CommandResult;
using paiban::test_support::run_command;

bool have(const std::string& tool) { return run_command("command -v " + tool).code == 0; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string cli() { return PAIBAN_CLI; }

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("paiban-cli-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::string squash(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f') out += static_cast<char>(c);
  }
  return out;
}

// The texts a reader should find in the PDF, in reading order: title lines, headings with their
// printed numbers, paragraphs, table cells row by row.
struct Expected {
  std::vector<std::string> tokens;
  std::vector<std::string> repeatable;  // header and label cell texts that may be drawn again
};

void add_blocks(const std::vector<paiban::Block>& blocks, Expected& e) {
  paiban::HeadingCounter headings;
  for (const paiban::Block& block : blocks) {
    if (const auto* h = std::get_if<paiban::Heading>(&block)) {
      std::string text = headings.next(*h) + paiban::plain_text(h->runs);
      if (h->run_in_body) text += paiban::plain_text(h->run_in_body->runs);
      e.tokens.push_back(squash(text));
    } else if (const auto* p = std::get_if<paiban::Paragraph>(&block)) {
      e.tokens.push_back(squash(paiban::plain_text(p->runs)));
    } else if (const auto* t = std::get_if<paiban::Table>(&block)) {
      if (!t->caption.empty()) e.tokens.push_back(squash(t->caption));
      for (size_t r = 0; r < t->rows.size(); ++r) {
        for (const paiban::TableCell& c : t->rows[r].cells) {
          std::string text;
          for (const paiban::Paragraph& p : c.paragraphs) text += paiban::plain_text(p.runs);
          text = squash(text);
          if (text.empty()) continue;
          e.tokens.push_back(text);
          if (c.header || c.rowspan > 1) e.repeatable.push_back(text);
        }
      }
      if (!t->note.empty()) e.tokens.push_back(squash(t->note));
    } else if (const auto* s = std::get_if<paiban::Signature>(&block)) {
      e.tokens.push_back(squash(s->organisation));
      e.tokens.push_back(squash(s->date));
    }
  }
}

// A 公文: the masthead's texts may stand anywhere before the title (extras); then the title,
// 主送, the body, 附件说明, the signature, 附注, the minutes' lists, the attachments and the 版记
// in this order (docs/report-format.md).
void add_gongwen(const paiban::Report& report, Expected& e) {
  const paiban::Gongwen& g = *report.gongwen;
  for (const std::string& t : {g.copy_number, g.classification, g.secrecy_period, g.urgency,
                               g.mark, g.doc_number, std::string("★"), std::string("文件"),
                               std::string("签发人："), std::string("纪要"), std::string("令")}) {
    if (!t.empty()) e.repeatable.push_back(squash(t));
  }
  for (const std::string& t : g.authorities) e.repeatable.push_back(squash(t));
  for (const std::string& t : g.signers) e.repeatable.push_back(squash(t));
  e.tokens.push_back(squash(report.metadata.title));
  if (!g.addressees.empty()) {
    e.tokens.push_back(squash(g.addressees.ends_with("：") ? g.addressees : g.addressees + "："));
  }
  add_blocks(report.body, e);
  std::vector<std::string> notes = g.attachment_note;
  if (notes.empty()) {
    for (const paiban::Attachment& a : g.attachments) notes.push_back(a.title);
  }
  for (size_t i = 0; i < notes.size(); ++i) {
    const std::string number = notes.size() > 1 ? std::to_string(i + 1) + "." : "";
    e.tokens.push_back(squash((i == 0 ? "附件：" : "") + number + notes[i]));
  }
  std::vector<std::string> names;
  for (const paiban::GongwenSignature& s : g.signatures) names.push_back(s.name);
  if (names.empty() && g.kind != paiban::GongwenKind::kMinutes) names = g.authorities;
  for (const std::string& n : names) e.tokens.push_back(squash(n));
  if (!g.date.empty()) e.tokens.push_back(squash(g.date));
  if (!g.note.empty()) e.tokens.push_back(squash(g.note.starts_with("（") ? g.note : "（" + g.note + "）"));
  const std::pair<const char*, const std::string*> lists[] = {
      {"出席：", &g.present}, {"请假：", &g.absent}, {"列席：", &g.attending}};
  for (const auto& [label, list] : lists) {
    if (!list->empty()) e.tokens.push_back(squash(label + *list));
  }
  for (size_t i = 0; i < g.attachments.size(); ++i) {
    e.tokens.push_back(g.attachments.size() > 1 ? "附件" + std::to_string(i + 1) : "附件");
    e.tokens.push_back(squash(g.attachments[i].title));
    add_blocks(g.attachments[i].body, e);
  }
  if (g.record) {
    if (!g.record->copies_to.empty()) {
      const std::string c = g.record->copies_to;
      e.tokens.push_back(squash("抄送：" + (c.ends_with("。") ? c : c + "。")));
    }
    if (!g.record->printer.empty()) e.tokens.push_back(squash(g.record->printer));
    if (!g.record->print_date.empty()) e.tokens.push_back(squash(g.record->print_date + "印发"));
  }
}

Expected expected_text(const paiban::Report& report) {
  Expected e;
  if (report.gongwen) {
    add_gongwen(report, e);
  } else {
    if (report.show_title) {
      std::string t = report.metadata.title;
      e.tokens.push_back(squash(t));
      if (!report.metadata.subtitle.empty()) e.tokens.push_back(squash(report.metadata.subtitle));
    }
    add_blocks(report.body, e);
  }
  std::erase_if(e.tokens, [](const std::string& t) { return t.empty(); });
  return e;
}

// Matches the tokens in order against the PDF text; whatever lies between two tokens must be
// made of allowed extras only (repeated header/label texts, 续表). Page numbers are removed first.
void expect_text_in_order(const std::string& pdf_text, const Expected& e) {
  std::string text = std::regex_replace(squash(pdf_text), std::regex("—[0-9]+—"), "");
  // Longest extras first: a short header text ("其他") may stand inside a longer label.
  std::vector<std::string> extras = e.repeatable;
  std::sort(extras.begin(), extras.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  size_t pos = 0;
  for (size_t i = 0; i < e.tokens.size(); ++i) {
    const std::string& token = e.tokens[i];
    const size_t at = text.find(token, pos);
    ASSERT_NE(at, std::string::npos) << "missing or out of order: " << token;
    std::string gap = text.substr(pos, at - pos);
    // Remove allowed extras from the gap; anything left is doubled or stray text.
    for (int pass = 0; pass < 3 && !gap.empty(); ++pass) {
      for (const std::string& extra : extras) {
        for (size_t k; !extra.empty() && (k = gap.find(extra)) != std::string::npos;) {
          gap.erase(k, extra.size());
        }
      }
      for (size_t k; (k = gap.find("续表")) != std::string::npos;) gap.erase(k, 6);
    }
    EXPECT_TRUE(gap.empty()) << "unexpected text before \"" << token << "\": " << gap;
    pos = at + token.size();
  }
  EXPECT_TRUE(text.substr(pos).empty()) << "unexpected trailing text: " << text.substr(pos);
}

TEST_F(CliTest, VersionAndHelp) {
  CommandResult v = run_command(cli() + " --version");
  EXPECT_EQ(v.code, 0);
  EXPECT_TRUE(std::regex_search(v.output, std::regex("^paiban [0-9]+\\.[0-9]+\\.[0-9]+"))) << v.output;
  CommandResult h = run_command(cli() + " --help");
  EXPECT_EQ(h.code, 0);
  EXPECT_NE(h.output.find("render"), std::string::npos);
  EXPECT_NE(h.output.find("exit codes"), std::string::npos);
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run_command(cli()).code, 2);
  EXPECT_EQ(run_command(cli() + " frobnicate").code, 2);
  EXPECT_EQ(run_command(cli() + " render x.json").code, 2);             // no output
  EXPECT_EQ(run_command(cli() + " render x.json -o out.txt").code, 2);  // unknown format
  EXPECT_EQ(run_command(cli() + " render x.json -o a.pdf --bogus").code, 2);
}

TEST_F(CliTest, MissingInputIsAnIoError) {
  CommandResult r = run_command(cli() + " check " + (dir_ / "nope.json").string());
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.output.find("nope.json"), std::string::npos);
}

TEST_F(CliTest, InvalidReportNamesThePlaceAndExitsWithOne) {
  write_file(dir_ / "bad.json",
             "{\"metadata\": {\"title\": \"t\"}, \"body\": [{\"type\": \"heading\", \"level\": 9, "
             "\"text\": \"x\"}]}");
  CommandResult r = run_command(cli() + " check " + (dir_ / "bad.json").string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("/body/0/level"), std::string::npos) << r.output;
  write_file(dir_ / "syntax.json", "{\n  \"metadata\": {\n    \"title\": \"t\",\n  }\n}");
  r = run_command(cli() + " check " + (dir_ / "syntax.json").string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("syntax.json:4:"), std::string::npos) << r.output;
}

// `check` runs the phases render runs before it lays out pages (style, resolve, table sizing):
// whatever render rejects, check rejects with the same message at the same place.
TEST_F(CliTest, CheckRejectsWhatRenderRejectsAtTheSameLocation) {
  // An override of a property the style does not have; a style that does not exist; a table of
  // 40 columns of long numbers that cannot fit the text width even at the smallest size.
  std::string wide = "{\"metadata\": {\"title\": \"t\"}, \"body\": [{\"type\": \"table\", "
                     "\"columns\": [";
  for (int c = 0; c < 40; ++c) wide += std::string(c ? "," : "") + "{\"width\": \"auto\"}";
  wide += "], \"rows\": [{\"cells\": [";
  for (int c = 0; c < 40; ++c) wide += std::string(c ? "," : "") + "\"1234567890123\"";
  wide += "]}]}]}";
  const std::pair<std::string, std::string> cases[] = {
      {"{\"metadata\": {\"title\": \"t\"}, \"style\": {\"name\": \"gbt9704\", "
       "\"overrides\": {\"body.sise\": \"12pt\"}}, \"body\": []}",
       "body.sise"},
      {"{\"metadata\": {\"title\": \"t\"}, \"style\": \"no-such-style\", \"body\": []}",
       "no-such-style"},
      {wide, "/body/0"},
      // A style file outside the report's folder: "not allowed", whether or not it exists.
      {"{\"metadata\": {\"title\": \"t\"}, \"style\": \"/etc/passwd\", \"body\": []}",
       "not allowed"},
  };
  int n = 0;
  for (const auto& [json, where] : cases) {
    const fs::path report = dir_ / ("case" + std::to_string(n++) + ".json");
    write_file(report, json);
    CommandResult check = run_command(cli() + " check " + report.string() + " 2>&1");
    CommandResult render =
        run_command(cli() + " render " + report.string() + " -o " + (dir_ / "x.pdf").string());
    EXPECT_EQ(render.code, 1) << render.output;
    EXPECT_EQ(check.code, 1) << check.output;
    EXPECT_NE(render.output.find(where), std::string::npos) << render.output;
    // The same error lines, in the same order (check ends with no "ok").
    std::istringstream lines(render.output);
    std::string line;
    int errors = 0;
    while (std::getline(lines, line)) {
      if (line.find(": error:") == std::string::npos) continue;
      ++errors;
      EXPECT_NE(check.output.find(line), std::string::npos) << "check lacks: " << line;
    }
    EXPECT_GT(errors, 0) << render.output;
    EXPECT_FALSE(fs::exists(dir_ / "x.pdf"));
  }
  // And what render accepts, check accepts: a style sheet beside the report, named relative to
  // it, checked from another working folder.
  write_file(dir_ / "house.json", "{\"extends\": \"gbt9704\", \"body\": {\"size\": \"小四\"}}");
  write_file(dir_ / "ok.json",
             "{\"metadata\": {\"title\": \"t\"}, \"style\": \"house.json\", \"body\": []}");
  CommandResult check = run_command("cd / && " + cli() + " check " + (dir_ / "ok.json").string());
  CommandResult render = run_command("cd / && " + cli() + " render " + (dir_ / "ok.json").string() +
                                     " -o " + (dir_ / "ok.pdf").string());
  EXPECT_EQ(render.code, 0) << render.output;
  EXPECT_EQ(check.code, 0) << check.output;
}

// `paiban dump` prints every stage of every sample; the stages agree with each other.
TEST_F(CliTest, DumpPrintsEveryStageOfEverySample) {
  int samples = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(PAIBAN_SOURCE_DIR) / "samples")) {
    const fs::path report = entry.path() / "report.json";
    if (!fs::exists(report)) continue;
    ++samples;
    std::map<std::string, std::string> out;
    for (const char* stage : {"resolved", "grid", "widths", "lines", "pages"}) {
      CommandResult r =
          run_command(cli() + " dump --stage " + stage + " " + report.string() + " 2>/dev/null");
      EXPECT_EQ(r.code, 0) << report << " " << stage;
      out[stage] = r.output;
    }
    // A report without tables (a short 公文) has nothing to print in the grid and widths
    // stages; every report has a resolved document and pages.
    for (const char* stage : {"resolved", "lines", "pages"}) {
      EXPECT_FALSE(out[stage].empty()) << report << " " << stage;
    }
    // As many tables in the resolved document as in the grid and widths stages, and as many
    // pages in the lines stage as in the pages stage.
    auto count = [](const std::string& text, const std::string& prefix) {
      int n = 0;
      std::istringstream in(text);
      std::string line;
      while (std::getline(in, line)) n += line.rfind(prefix, 0) == 0;
      return n;
    };
    auto count_in = [](const std::string& text, const std::string& needle) {
      int n = 0;
      for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++n;
      }
      return n;
    };
    const int tables = count(out["grid"], "table ");
    EXPECT_EQ(count(out["widths"], "table "), tables) << report;
    EXPECT_EQ(count_in(out["resolved"], "] table "), tables) << report;
    EXPECT_EQ(count(out["lines"], "page "), count(out["pages"], "page ")) << report;
  }
  EXPECT_GE(samples, 4);
  CommandResult bad = run_command(cli() + " dump --stage glyphs x.json");
  EXPECT_EQ(bad.code, 2) << bad.output;
}

TEST_F(CliTest, ReadsStandardInput) {
  write_file(dir_ / "ok.json", "{\"metadata\": {\"title\": \"t\"}, \"body\": []}");
  CommandResult r = run_command(cli() + " check - < " + (dir_ / "ok.json").string());
  EXPECT_EQ(r.code, 0) << r.output;
}

TEST_F(CliTest, FailedRenderLeavesExistingOutputUntouched) {
  write_file(dir_ / "out.pdf", "precious");
  write_file(dir_ / "bad.json", "{\"metadata\": {}, \"body\": 3}");
  CommandResult r = run_command(cli() + " render " + (dir_ / "bad.json").string() + " -o " +
                                (dir_ / "out.pdf").string());
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(read_file(dir_ / "out.pdf"), "precious");
  // An output folder that does not exist is an I/O error, and nothing is left behind.
  const std::string sample = std::string(PAIBAN_SOURCE_DIR) + "/samples/hongqi-2023/report.json";
  r = run_command(cli() + " render " + sample + " -o " + (dir_ / "no" / "such" / "x.pdf").string());
  EXPECT_EQ(r.code, 3) << r.output;
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 2u);
}

// Every sample renders to a PDF that qpdf accepts, whose fonts are all embedded subsets with
// ToUnicode maps, whose text is the report's text in order, and that is byte-identical when
// rendered twice.
TEST_F(CliTest, SamplesRenderToCorrectDeterministicPdf) {
  for (const char* tool : {"qpdf", "pdffonts", "pdftotext"}) {
    if (!have(tool)) GTEST_SKIP() << tool << " is not installed (Debian: qpdf, poppler-utils)";
  }
  int samples = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(PAIBAN_SOURCE_DIR) / "samples")) {
    const fs::path report = entry.path() / "report.json";
    if (!fs::exists(report)) continue;
    ++samples;
    SCOPED_TRACE(report.string());
    const fs::path a = dir_ / "a.pdf", b = dir_ / "b.pdf";
    CommandResult r = run_command(cli() + " render " + report.string() + " -o " + a.string());
    ASSERT_EQ(r.code, 0) << r.output;
    // Warnings (e.g. a font stand-in) name the file and the place in it: every line of them.
    std::istringstream warnings(r.output);
    for (std::string line; std::getline(warnings, line);) {
      if (line.find("warning:") == std::string::npos) continue;
      EXPECT_EQ(line.rfind(report.string() + ": warning: /", 0), 0u) << line;
    }
    r = run_command(cli() + " render " + report.string() + " -o " + b.string());
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_EQ(read_file(a), read_file(b)) << "two renders differ";

    CommandResult q = run_command("qpdf --check " + a.string());
    EXPECT_EQ(q.code, 0) << q.output;
    EXPECT_NE(q.output.find("No syntax or stream encoding errors"), std::string::npos);

    CommandResult f = run_command("pdffonts " + a.string());
    ASSERT_EQ(f.code, 0) << f.output;
    std::istringstream lines(f.output);
    std::string line;
    int fonts = 0;
    bool past_header = false;
    while (std::getline(lines, line)) {
      if (line.rfind("----", 0) == 0) {
        past_header = true;
        continue;
      }
      if (!past_header || line.empty()) continue;
      std::istringstream words(line);
      std::vector<std::string> w((std::istream_iterator<std::string>(words)),
                                 std::istream_iterator<std::string>());
      ASSERT_GE(w.size(), 6u) << line;
      const size_t n = w.size();
      EXPECT_EQ(w[n - 5], "yes") << "not embedded: " << line;
      EXPECT_EQ(w[n - 4], "yes") << "not a subset: " << line;
      EXPECT_EQ(w[n - 3], "yes") << "no ToUnicode: " << line;
      EXPECT_NE(w[0].find('+'), std::string::npos) << "no subset tag: " << line;
      ++fonts;
    }
    EXPECT_GT(fonts, 0);

    CommandResult t = run_command("pdftotext -raw -enc UTF-8 " + a.string() + " -");
    ASSERT_EQ(t.code, 0);
    paiban::ReadResult rr = paiban::json::read_report(read_file(report), report.string());
    ASSERT_TRUE(rr.report.has_value());
    expect_text_in_order(t.output, expected_text(*rr.report));
  }
  EXPECT_GT(samples, 0);
}

// Issue acceptance: the DOCX of the seed sample, laid out by LibreOffice, has as many pages as
// paiban's PDF and the same text (split row-group labels aside, see docx_writer_test).
TEST_F(CliTest, SeedDocxHasThePdfsPagesAndText) {
  for (const char* tool : {"soffice", "pdftotext", "pdfinfo"}) {
    if (!have(tool)) GTEST_SKIP() << tool << " is not installed (libreoffice-writer-nogui, poppler-utils)";
  }
  const std::string sample = std::string(PAIBAN_SOURCE_DIR) + "/samples/hongqi-2023/report.json";
  const fs::path pdf = dir_ / "seed.pdf", docx = dir_ / "seed.docx";
  CommandResult r =
      run_command(cli() + " render " + sample + " -o " + pdf.string() + " -o " + docx.string());
  ASSERT_EQ(r.code, 0) << r.output;
  const fs::path office = dir_ / "office";
  fs::create_directories(office);
  r = run_command("timeout 300 soffice -env:UserInstallation=file://" +
                  (dir_ / "profile").string() + " --headless --convert-to pdf --outdir " +
                  office.string() + " " + docx.string());
  ASSERT_EQ(r.code, 0) << r.output;
  const fs::path converted = office / "seed.pdf";
  ASSERT_TRUE(fs::exists(converted)) << r.output;
  auto pages = [](const fs::path& p) {
    CommandResult info = run_command("pdfinfo " + p.string());
    std::smatch m;
    return std::regex_search(info.output, m, std::regex("Pages:\\s+([0-9]+)")) ? std::stoi(m[1])
                                                                                 : -1;
  };
  EXPECT_EQ(pages(converted), pages(pdf));
  EXPECT_GT(pages(pdf), 1);

  // The same words: every paragraph and heading of the report in order, in both.
  paiban::ReadResult rr = paiban::json::read_report(read_file(sample), sample);
  ASSERT_TRUE(rr.report.has_value());
  // Page numbers fall inside paragraphs that cross a page: take them out of both.
  const std::regex page_number("—[0-9]+—");
  const std::string ours = std::regex_replace(
      squash(run_command("pdftotext -raw " + pdf.string() + " -").output), page_number, "");
  const std::string theirs = std::regex_replace(
      squash(run_command("pdftotext -raw " + converted.string() + " -").output), page_number, "");
  size_t at_ours = 0, at_theirs = 0;
  for (const paiban::Block& block : rr.report->body) {
    std::string text;
    if (const auto* p = std::get_if<paiban::Paragraph>(&block)) text = paiban::plain_text(p->runs);
    if (const auto* h = std::get_if<paiban::Heading>(&block)) text = paiban::plain_text(h->runs);
    text = squash(text);
    if (text.empty()) continue;
    const size_t a = ours.find(text, at_ours), b = theirs.find(text, at_theirs);
    ASSERT_NE(a, std::string::npos) << "not in paiban's PDF: " << text;
    ASSERT_NE(b, std::string::npos) << "not in the DOCX: " << text;
    at_ours = a + text.size();
    at_theirs = b + text.size();
  }
}

}  // namespace

namespace {

// `pdfinfo -f n -l n`'s page size in pt ("Page    2 size:  841.89 x 595.28 pts (A4)").
std::pair<double, double> page_size(const std::string& pdf, int n) {
  const CommandResult r = run_command("pdfinfo -f " + std::to_string(n) + " -l " +
                                      std::to_string(n) + " " + pdf);
  const std::regex size("Page +" + std::to_string(n) + " size: +([0-9.]+) x ([0-9.]+) pts");
  std::smatch m;
  if (!std::regex_search(r.output, m, size)) return {0, 0};
  return {std::stod(m[1]), std::stod(m[2])};
}

// The boxes of the words of page n (`pdftotext -bbox`) whose text is one of `words`.
struct WordBox {
  double x0, y0, x1, y1;
};
std::vector<WordBox> word_boxes(const std::string& pdf, int n, const std::string& word) {
  const CommandResult r = run_command("pdftotext -bbox -f " + std::to_string(n) + " -l " +
                                      std::to_string(n) + " " + pdf + " -");
  const std::regex re("xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">" +
                      word + "</word>");
  std::vector<WordBox> out;
  for (auto it = std::sregex_iterator(r.output.begin(), r.output.end(), re);
       it != std::sregex_iterator(); ++it) {
    out.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]),
                   std::stod((*it)[4])});
  }
  return out;
}

}  // namespace

// GB/T 9704 §8, measured on the PDF: a 15-column table of 7-digit numbers (too wide for the
// portrait type area at 10.5 pt) is set on landscape A4 pages between portrait ones; the page
// number stays where the portrait sheet has it: turned with the sheet into the landscape page's
// left strip (the portrait foot), at the foot on odd pages (the portrait sheet's right corner)
// and at the head on even ones, exactly where a portrait page's number is once the sheet is
// turned back (x ↔ y).
TEST_F(CliTest, WideTableRendersOnLandscapePagesWithThePortraitPageNumberPlace) {
  for (const char* tool : {"pdfinfo", "pdftotext"}) {
    if (!have(tool)) GTEST_SKIP() << tool << " is not installed (Debian: poppler-utils)";
  }
  std::string rows = "[{\"cells\": [";
  for (int c = 0; c < 15; ++c) rows += std::string(c ? ", " : "") + "\"第" + std::to_string(c + 1) + "项\"";
  rows += "]}";
  for (int r = 0; r < 40; ++r) {
    rows += ", {\"cells\": [";
    for (int c = 0; c < 15; ++c) {
      rows += std::string(c ? ", " : "") + "\"" + std::to_string(1000000 + r * 7919 + c * 104729).substr(0, 7) + "\"";
    }
    rows += "]}";
  }
  rows += "]";
  write_file(dir_ / "wide.json",
             "{\"metadata\": {\"title\": \"横排表格\"}, \"body\": [{\"type\": \"paragraph\", "
             "\"text\": \"前文。\"}, {\"type\": \"table\", \"columns\": 15, \"header_rows\": 1, "
             "\"rows\": " + rows + "}, {\"type\": \"paragraph\", \"text\": \"后文。\"}]}");
  const std::string pdf = (dir_ / "wide.pdf").string();
  const CommandResult r =
      run_command(cli() + " render " + (dir_ / "wide.json").string() + " -o " + pdf);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output.find("error"), std::string::npos) << r.output;

  const auto [w1, h1] = page_size(pdf, 1);
  EXPECT_NEAR(w1, 595.28, 0.1);
  EXPECT_NEAR(h1, 841.89, 0.1);
  // The page number's dashes "— n —": on portrait page 1 (odd) at the right of the foot.
  const std::vector<WordBox> portrait = word_boxes(pdf, 1, "—");
  ASSERT_EQ(portrait.size(), 2u);
  EXPECT_GT(portrait[0].y0, 841.89 - 99.2);  // below the type area (35 mm margin)
  int landscape = 0;
  for (int n = 2; n <= 3; ++n) {
    SCOPED_TRACE("page " + std::to_string(n));
    const auto [w, h] = page_size(pdf, n);
    EXPECT_NEAR(w, 841.89, 0.1);
    EXPECT_NEAR(h, 595.28, 0.1);
    if (w > h) ++landscape;
    const std::vector<WordBox> dashes = word_boxes(pdf, n, "—");
    ASSERT_EQ(dashes.size(), 2u);
    for (const WordBox& b : dashes) {
      // The portrait foot is the landscape page's left strip: left of the turned type area.
      EXPECT_LT(b.x1, 99.2);
      if (n % 2 == 1) {
        // Odd: where the portrait odd page has it, turned: portrait x becomes landscape y.
        EXPECT_GT(b.y0, 595.28 / 2);
      } else {
        EXPECT_LT(b.y1, 595.28 / 2);
      }
    }
    // Portrait odd page 1's number spans x = [p0, p1]; on the odd landscape page 3 the same
    // span is along y.
    if (n == 3) {
      EXPECT_NEAR(dashes[0].y0, portrait[0].x0, 1);
      EXPECT_NEAR(dashes[1].y1, portrait[1].x1, 1);
    }
  }
  EXPECT_EQ(landscape, 2);
  // The text after the table is on a portrait page again.
  int last = 0;
  for (int n = 1; n <= 6; ++n) {
    if (page_size(pdf, n).first > 0) last = n;
  }
  const auto [wl, hl] = page_size(pdf, last);
  EXPECT_LT(wl, hl);
}
