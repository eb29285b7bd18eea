// End-to-end tests of write_pdf: page models built by hand from text shaped with the free CJK
// fonts Debian installs (fonts-noto-cjk, fonts-arphic-ukai), checked with external tools the way
// a reader would see the file: qpdf (structure, outlines), pdffonts (embedding), pdftotext
// (extracted text), pdfinfo (metadata). A test skips, naming the package, when a font or a tool is
// missing.
#include "layout/paragraph.h"
#include "pdf/pdf_writer.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "fonts/face.h"
#include "fonts/font_registry.h"
#include "fonts/shaping.h"
#include "page/page_model.h"
#include "support/test_fonts.h"

namespace paiban::pdf {
namespace {

using test_support::test_fonts;

using page::GlyphRun;
using page::LU;
using page::pt_to_lu;

constexpr const char* kTitle = "红旗区城乡建设局2023年政府信息公开工作年度报告";
constexpr const char* kHeading1 = "一、总体情况";
constexpr const char* kHeading2 = "（一）主动公开政府信息情况";
constexpr const char* kHeading3 = "二、其他需要报告的事项";
constexpr const char* kPunctuation = "“政府信息公开”（依申请公开）。";
constexpr const char* kLatin = "Report 2023, page 12 of 30";
constexpr const char* kJustified = "公开工作年度报告";
constexpr const char* kBold = "本单位主动公开信息共计1234条。";

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buf;
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) result.output.append(buf.data(), n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

bool have_tool(const std::string& tool) {
  return run_command("command -v " + tool + " >/dev/null").status == 0;
}

#define REQUIRE_TOOL(tool, package)                                                  \
  if (!have_tool(tool)) {                                                            \
    GTEST_SKIP() << (tool) << " not installed (Debian package " << (package) << ")"; \
  }

std::vector<std::string> trimmed_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const size_t b = line.find_first_not_of(" \t\f\r");
    if (b == std::string::npos) continue;
    const size_t e = line.find_last_not_of(" \t\f\r");
    lines.push_back(line.substr(b, e - b + 1));
  }
  return lines;
}

std::string without_spaces(std::string s) {
  std::erase_if(s, [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f'; });
  return s;
}

// A temporary file removed at the end of the test, unless PAIBAN_KEEP_TEST_FILES is set (to
// look at the PDFs: pdftoppm -r 60 -png …).
class TempFile {
 public:
  explicit TempFile(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("paiban_pdf_test_" + std::to_string(getpid()) + "_" + name)) {}
  ~TempFile() {
    if (std::getenv("PAIBAN_KEEP_TEST_FILES") != nullptr) return;
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  std::string path() const { return path_.string(); }
  void write(const std::string& bytes) const {
    std::ofstream out(path_, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::string read() const {
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::filesystem::path path_;
};

// Shapes `text` with one face and places it as a run at (x, y) with layout's own conversion of
// font units: natural advances, the cluster's text on its first glyph.
GlyphRun shape_run(const fonts::Face& face, int font, const std::string& text, double size_pt,
                   double x_pt, double y_pt) {
  GlyphRun run;
  run.font = font;
  run.size = pt_to_lu(size_pt);
  run.x = pt_to_lu(x_pt);
  run.y = pt_to_lu(y_pt);
  const std::vector<fonts::ShapedGlyph> shaped = fonts::shape(face, text, 0, text.size());
  for (size_t i = 0; i < shaped.size(); ++i) {
    page::Glyph g;
    g.gid = shaped[i].gid;
    g.natural_advance = layout::scale_font_units(shaped[i].x_advance, run.size, face.upem());
    g.advance = g.natural_advance;
    g.x_offset = layout::scale_font_units(shaped[i].x_offset, run.size, face.upem());
    g.y_offset = layout::scale_font_units(shaped[i].y_offset, run.size, face.upem());
    std::string cluster_text;
    if (i == 0 || shaped[i].cluster != shaped[i - 1].cluster) {
      size_t end = text.size();
      for (size_t k = i + 1; k < shaped.size(); ++k) {
        if (shaped[k].cluster != shaped[i].cluster) {
          end = shaped[k].cluster;
          break;
        }
      }
      cluster_text = text.substr(shaped[i].cluster, end - shaped[i].cluster);
    }
    run.add_glyph(g, cluster_text);
  }
  return run;
}

page::Page a4_page(int number) {
  page::Page page;
  page.width = pt_to_lu(595.276);
  page.height = pt_to_lu(841.89);
  page.number = number;
  return page;
}

class PdfWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fonts::FontRegistry& registry = test_fonts();
    const fonts::FaceChain noto = registry.resolve({"Noto Serif CJK SC"});
    const fonts::FaceChain ukai = registry.resolve({"AR PL UKai CN"});
    if (noto.faces.empty()) GTEST_SKIP() << "Noto Serif CJK SC not installed (fonts-noto-cjk)";
    if (ukai.faces.empty()) GTEST_SKIP() << "AR PL UKai CN not installed (fonts-arphic-ukai)";
    noto_ = noto.faces.front();
    ukai_ = ukai.faces.front();
  }

  // Three pages: a title with a rule under it, headings at levels 1, 2 and 1 (bookmarks), CJK
  // punctuation, Latin and digits, a justified line, a synthetic-bold line, rectangles.
  page::PageModel report_model() const {
    page::PageModel model;
    model.info.title = kTitle;
    model.info.author = "红旗区城乡建设局";
    model.info.subject = "政府信息公开工作年度报告";
    model.info.keywords = "政府信息公开, 年度报告";
    model.info.date = "2024-01-15";
    model.fonts.push_back({noto_->path(), noto_->index()});
    model.fonts.push_back({ukai_->path(), ukai_->index()});

    page::Page p1 = a4_page(1);
    p1.runs.push_back(shape_run(*noto_, 0, kTitle, 18, 72, 100));
    p1.paths.push_back(page::line_path(pt_to_lu(72), pt_to_lu(110), pt_to_lu(523), pt_to_lu(110),
                                       pt_to_lu(1), page::Color::black()));
    p1.anchors.push_back(page::Anchor{1, kHeading1, pt_to_lu(130)});
    p1.runs.push_back(shape_run(*noto_, 0, kHeading1, 16, 72, 150));
    p1.runs.push_back(shape_run(*ukai_, 1, kPunctuation, 14, 72, 200));

    page::Page p2 = a4_page(2);
    p2.anchors.push_back(page::Anchor{2, kHeading2, pt_to_lu(80)});
    p2.runs.push_back(shape_run(*noto_, 0, kHeading2, 16, 72, 100));
    p2.runs.push_back(shape_run(*noto_, 0, kLatin, 12, 72, 140));
    GlyphRun justified = shape_run(*noto_, 0, kJustified, 14, 72, 180);
    for (page::Glyph& g : justified.glyphs) g.advance += pt_to_lu(1.5);
    p2.runs.push_back(justified);
    GlyphRun bold = shape_run(*ukai_, 1, kBold, 14, 72, 220);
    bold.synthetic_bold = true;
    p2.runs.push_back(bold);
    page::Path shade = page::rect_path(pt_to_lu(70), pt_to_lu(240), pt_to_lu(200), pt_to_lu(30));
    shade.fill = true;
    shade.fill_color = page::Color::gray(0.9);
    p2.paths.push_back(shade);
    page::Path box = page::rect_path(pt_to_lu(70), pt_to_lu(280), pt_to_lu(200), pt_to_lu(30));
    box.stroke = true;
    box.stroke_width = pt_to_lu(0.5);
    p2.paths.push_back(box);

    page::Page p3 = a4_page(3);
    p3.anchors.push_back(page::Anchor{1, kHeading3, pt_to_lu(80)});
    p3.runs.push_back(shape_run(*noto_, 0, kHeading3, 16, 72, 100));

    model.pages = {p1, p2, p3};
    return model;
  }

  std::string write(const page::PageModel& model) const {
    std::vector<Diagnostic> diagnostics;
    std::string pdf = write_pdf(model, PdfOptions{}, test_fonts(), diagnostics);
    for (const Diagnostic& d : diagnostics) ADD_FAILURE() << format_diagnostic(d);
    EXPECT_FALSE(pdf.empty());
    return pdf;
  }

  const fonts::Face* noto_ = nullptr;
  const fonts::Face* ukai_ = nullptr;
};

TEST_F(PdfWriterTest, QpdfCheckIsClean) {
  REQUIRE_TOOL("qpdf", "qpdf");
  TempFile file("check.pdf");
  file.write(write(report_model()));
  const CommandResult r = run_command("qpdf --check " + file.path());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("No syntax or stream encoding errors found"), std::string::npos)
      << r.output;
}

TEST_F(PdfWriterTest, FontsAreEmbeddedSubsetWithToUnicode) {
  REQUIRE_TOOL("pdffonts", "poppler-utils");
  TempFile file("fonts.pdf");
  file.write(write(report_model()));
  const CommandResult r = run_command("pdffonts " + file.path());
  ASSERT_EQ(r.status, 0) << r.output;
  // name, type, encoding, emb, sub, uni, object number, generation
  const std::regex row(R"(^([A-Z]{6})\+(\S+)\s+(CID Type 0C|CID TrueType)\s+Identity-H\s+)"
                       R"(yes\s+yes\s+yes\s+\d+\s+\d+\s*$)");
  std::vector<std::string> types;
  for (const std::string& line : trimmed_lines(r.output)) {
    std::smatch m;
    if (std::regex_match(line, m, row)) {
      types.push_back(m[3]);
    } else if (line.find('+') != std::string::npos) {
      ADD_FAILURE() << "unexpected pdffonts row: " << line;
    }
  }
  std::sort(types.begin(), types.end());
  EXPECT_EQ(types, (std::vector<std::string>{"CID TrueType", "CID Type 0C"})) << r.output;
}

// A CFF program is stored as it is (Flate saves 15-20% of it at a cost the writer would rather
// not pay); a TrueType program, which shrinks by a third, is deflated. Read from the bytes: each
// font program's stream dictionary and the first bytes of its data.
TEST_F(PdfWriterTest, CffProgramsAreStoredAndTrueTypeProgramsDeflated) {
  const std::string pdf = write(report_model());
  // The stream dictionary that holds `key`, and the data after its "stream" keyword.
  auto program = [&](const std::string& key) {
    std::pair<std::string, std::string> found;
    const size_t at = pdf.find(key);
    if (at == std::string::npos) return found;
    const size_t begin = pdf.rfind(" obj", at);
    const size_t keyword = pdf.find("stream", at);
    if (begin == std::string::npos || keyword == std::string::npos) return found;
    size_t data = keyword + 6;
    if (pdf.compare(data, 2, "\r\n") == 0) {
      data += 2;
    } else if (pdf[data] == '\n') {
      data += 1;
    }
    found.first = pdf.substr(begin, keyword - begin);
    found.second = pdf.substr(data, 4);
    return found;
  };
  const auto [cff_dict, cff_data] = program("/CIDFontType0C");
  ASSERT_FALSE(cff_dict.empty()) << "no CFF program";
  EXPECT_EQ(cff_dict.find("/Filter"), std::string::npos) << cff_dict;
  // A CFF header: major version 1, minor 0, header size 4 (Adobe TN 5176 §6).
  ASSERT_EQ(cff_data.size(), 4u);
  EXPECT_EQ(cff_data.substr(0, 3), std::string("\x01\x00\x04", 3)) << cff_dict;
  const auto [ttf_dict, ttf_data] = program("/Length1");
  ASSERT_FALSE(ttf_dict.empty()) << "no TrueType program";
  EXPECT_NE(ttf_dict.find("/Filter/FlateDecode"), std::string::npos) << ttf_dict;
  // A zlib stream (RFC 1950): deflate with a 32 KB window.
  EXPECT_EQ(static_cast<unsigned char>(ttf_data[0]), 0x78) << ttf_dict;
}

TEST_F(PdfWriterTest, ExtractedTextIsTheSourceText) {
  REQUIRE_TOOL("pdftotext", "poppler-utils");
  TempFile file("text.pdf");
  file.write(write(report_model()));
  auto page_lines = [&](int page) {
    const CommandResult r = run_command("pdftotext -layout -enc UTF-8 -f " + std::to_string(page) +
                                        " -l " + std::to_string(page) + " " + file.path() + " -");
    EXPECT_EQ(r.status, 0) << r.output;
    return trimmed_lines(r.output);
  };
  auto contains = [](const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };
  const std::vector<std::string> p1 = page_lines(1);
  EXPECT_TRUE(contains(p1, kTitle)) << ::testing::PrintToString(p1);
  EXPECT_TRUE(contains(p1, kHeading1)) << ::testing::PrintToString(p1);
  EXPECT_TRUE(contains(p1, kPunctuation)) << ::testing::PrintToString(p1);
  const std::vector<std::string> p2 = page_lines(2);
  EXPECT_TRUE(contains(p2, kHeading2)) << ::testing::PrintToString(p2);
  EXPECT_TRUE(contains(p2, kLatin)) << ::testing::PrintToString(p2);
  EXPECT_TRUE(contains(p2, kBold)) << ::testing::PrintToString(p2);
  // Justification widens the gaps, which a text extractor may read as spaces.
  bool justified = false;
  for (const std::string& line : p2) justified |= without_spaces(line) == kJustified;
  EXPECT_TRUE(justified) << ::testing::PrintToString(p2);
  const std::vector<std::string> p3 = page_lines(3);
  EXPECT_TRUE(contains(p3, kHeading3)) << ::testing::PrintToString(p3);
}

TEST_F(PdfWriterTest, BookmarksNestByLevel) {
  REQUIRE_TOOL("qpdf", "qpdf");
  TempFile file("outlines.pdf");
  file.write(write(report_model()));
  const CommandResult r = run_command("qpdf --json=2 --json-key=outlines " + file.path());
  ASSERT_EQ(r.status, 0) << r.output;
  const nlohmann::json json = nlohmann::json::parse(r.output);
  const nlohmann::json& outlines = json.at("outlines");
  ASSERT_EQ(outlines.size(), 2u) << r.output;
  EXPECT_EQ(outlines[0].at("title"), kHeading1);
  EXPECT_EQ(outlines[0].at("destpageposfrom1"), 1);
  ASSERT_EQ(outlines[0].at("kids").size(), 1u);
  EXPECT_EQ(outlines[0].at("kids")[0].at("title"), kHeading2);
  EXPECT_EQ(outlines[0].at("kids")[0].at("destpageposfrom1"), 2);
  EXPECT_EQ(outlines[1].at("title"), kHeading3);
  EXPECT_EQ(outlines[1].at("destpageposfrom1"), 3);
  EXPECT_TRUE(outlines[1].at("kids").empty());
}

// The page tree is built once, after every page exists, and outlines point at the references
// kept when each page was made: on a long document every bookmark must still land on its own
// page, and the pages must keep their order and their sizes.
TEST_F(PdfWriterTest, ManyPagesKeepTheirOrderAndBookmarks) {
  REQUIRE_TOOL("qpdf", "qpdf");
  constexpr int kPages = 120;
  page::PageModel model;
  model.info.title = kTitle;
  model.fonts.push_back({noto_->path(), noto_->index()});
  for (int i = 0; i < kPages; ++i) {
    page::Page page = a4_page(i + 1);
    if (i % 3 == 2) {  // every third page landscape
      std::swap(page.width, page.height);
      page.orientation = page::Orientation::kLandscape;
    }
    const std::string heading = "第" + std::to_string(i + 1) + "页";
    page.anchors.push_back(page::Anchor{1, heading, pt_to_lu(80)});
    page.runs.push_back(shape_run(*noto_, 0, heading, 16, 72, 100));
    model.pages.push_back(std::move(page));
  }
  TempFile file("many-pages.pdf");
  file.write(write(model));
  const CommandResult check = run_command("qpdf --check " + file.path());
  EXPECT_EQ(check.status, 0) << check.output;
  const CommandResult r =
      run_command("qpdf --json=2 --json-key=outlines --json-key=pages " + file.path());
  ASSERT_EQ(r.status, 0) << r.output;
  const nlohmann::json json = nlohmann::json::parse(r.output);
  const nlohmann::json& outlines = json.at("outlines");
  ASSERT_EQ(outlines.size(), static_cast<size_t>(kPages));
  ASSERT_EQ(json.at("pages").size(), static_cast<size_t>(kPages));
  for (int i = 0; i < kPages; ++i) {
    const nlohmann::json& item = outlines[static_cast<size_t>(i)];
    EXPECT_EQ(item.at("title"), "第" + std::to_string(i + 1) + "页");
    EXPECT_EQ(item.at("destpageposfrom1"), i + 1);
  }
  REQUIRE_TOOL("pdfinfo", "poppler-utils");
  const CommandResult info =
      run_command("pdfinfo -f 1 -l " + std::to_string(kPages) + " " + file.path());
  ASSERT_EQ(info.status, 0) << info.output;
  // "Page   N size: W x H pts": every third page landscape, in model order.
  const std::regex size_line(R"(Page +(\d+) size: +(\d+)\.\d+ x (\d+)\.\d+ pts)");
  int sized = 0;
  for (const std::string& line : trimmed_lines(info.output)) {
    std::smatch m;
    if (!std::regex_search(line, m, size_line)) continue;
    const int page = std::stoi(m[1]);
    const bool landscape = page % 3 == 0;
    EXPECT_EQ(m[2], landscape ? "841" : "595") << line;
    EXPECT_EQ(m[3], landscape ? "595" : "841") << line;
    ++sized;
  }
  EXPECT_EQ(sized, kPages);
  REQUIRE_TOOL("pdftotext", "poppler-utils");
  for (int page : {1, 2, 3, 60, kPages}) {
    const CommandResult text =
        run_command("pdftotext -enc UTF-8 -f " + std::to_string(page) + " -l " +
                    std::to_string(page) + " " + file.path() + " -");
    EXPECT_NE(text.output.find("第" + std::to_string(page) + "页"), std::string::npos)
        << "page " << page << ": " << text.output;
  }
}

// pdfinfo's "Key:   value" lines as a map.
std::map<std::string, std::string> pdfinfo_fields(const std::string& output) {
  std::map<std::string, std::string> fields;
  for (const std::string& line : trimmed_lines(output)) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const size_t value = line.find_first_not_of(' ', colon + 1);
    fields[line.substr(0, colon)] = value == std::string::npos ? "" : line.substr(value);
  }
  return fields;
}

bool contains_pattern(const std::string& bytes, const std::string& pattern) {
  return std::regex_search(bytes, std::regex(pattern));
}

TEST_F(PdfWriterTest, InfoAndXmpMetadata) {
  REQUIRE_TOOL("pdfinfo", "poppler-utils");
  TempFile file("info.pdf");
  const std::string pdf = write(report_model());
  file.write(pdf);
  const CommandResult r = run_command("pdfinfo -isodates " + file.path());
  ASSERT_EQ(r.status, 0) << r.output;
  std::map<std::string, std::string> info = pdfinfo_fields(r.output);
  EXPECT_EQ(info["Title"], kTitle);
  EXPECT_EQ(info["Author"], "红旗区城乡建设局");
  EXPECT_EQ(info["Subject"], "政府信息公开工作年度报告");
  EXPECT_EQ(info["Keywords"], "政府信息公开, 年度报告");
  EXPECT_EQ(info["Creator"], "paiban");
  EXPECT_EQ(info["Producer"], "paiban");
  EXPECT_EQ(info["CreationDate"].substr(0, 10), "2024-01-15");
  EXPECT_EQ(info["Pages"], "3");
  EXPECT_EQ(info["Metadata Stream"], "yes");
  // The XMP packet is stored uncompressed, so it can be checked in the bytes.
  EXPECT_NE(pdf.find("<xmp:CreateDate>2024-01-15</xmp:CreateDate>"), std::string::npos);
  EXPECT_NE(pdf.find(std::string("<rdf:li xml:lang=\"x-default\">") + kTitle), std::string::npos);
  EXPECT_TRUE(contains_pattern(pdf, R"(/Lang\s*\(zh-CN\))"));
  EXPECT_TRUE(contains_pattern(pdf, R"(/DisplayDocTitle\s+true)"));
  EXPECT_TRUE(contains_pattern(pdf, R"(/CreationDate\s*\(D:20240115\))"));
}

std::string file_identifier(const std::string& pdf) {
  std::smatch m;
  const std::string trailer = pdf.substr(pdf.rfind("trailer"));
  if (!std::regex_search(trailer, m, std::regex(R"(/ID\s*\[\s*<([0-9A-Fa-f]{32})>)"))) return "";
  return m[1];
}

TEST_F(PdfWriterTest, OutputIsDeterministicAndIdentifiedByContent) {
  const page::PageModel model = report_model();
  const std::string first = write(model);
  const std::string second = write(model);
  EXPECT_TRUE(first == second) << "two writes of the same model differ";
  const std::string id = file_identifier(first);
  EXPECT_EQ(id.size(), 32u);
  // Same title and date, different text: a different file identifier.
  page::PageModel other = model;
  other.pages[2].runs[0] = shape_run(*noto_, 0, "三、附则", 16, 72, 100);
  const std::string changed = write(other);
  EXPECT_NE(file_identifier(changed), id);
  // No clock: without a model date the creation date is the epoch's.
  other.info.date.clear();
  std::vector<Diagnostic> diagnostics;
  PdfOptions options;
  options.source_date_epoch = 1700000000;
  EXPECT_TRUE(contains_pattern(write_pdf(other, options, test_fonts(), diagnostics),
                               R"(/CreationDate\s*\(D:20231114221320Z\))"));
  EXPECT_TRUE(diagnostics.empty());
}

TEST_F(PdfWriterTest, OneGlyphWithTwoTextsGetsActualText) {
  REQUIRE_TOOL("qpdf", "qpdf");
  REQUIRE_TOOL("pdftotext", "poppler-utils");
  page::PageModel model;
  model.fonts.push_back({noto_->path(), noto_->index()});
  page::Page page = a4_page(1);
  page.runs.push_back(shape_run(*noto_, 0, "一二三", 14, 72, 100));
  // The same glyph standing for U+2F00 KANGXI RADICAL ONE, as a font may map both to one glyph.
  GlyphRun radical = shape_run(*noto_, 0, "一二三", 14, 72, 140);
  radical.glyphs[0].text_begin = static_cast<uint32_t>(radical.text.size());
  radical.text += "⼀";
  radical.glyphs[0].text_length =
      static_cast<uint32_t>(radical.text.size()) - radical.glyphs[0].text_begin;
  page.runs.push_back(radical);
  model.pages.push_back(page);

  TempFile file("actual.pdf");
  file.write(write(model));
  TempFile plain("actual_plain.pdf");
  const CommandResult q = run_command("qpdf --stream-data=uncompress --object-streams=disable " +
                                      file.path() + " " + plain.path());
  ASSERT_EQ(q.status, 0) << q.output;
  const std::string bytes = plain.read();
  EXPECT_NE(bytes.find("/Span<</ActualText<FEFF2F00>>>BDC"), std::string::npos);

  const CommandResult t = run_command("pdftotext -layout -enc UTF-8 " + file.path() + " -");
  const std::vector<std::string> lines = trimmed_lines(t.output);
  EXPECT_EQ(lines, (std::vector<std::string>{"一二三", "⼀二三"})) << t.output;
}

TEST_F(PdfWriterTest, InvalidModelsGiveDiagnosticsNotCrashes) {
  page::PageModel model;
  model.fonts.push_back({"/nonexistent/paiban-missing-font.ttf", 0});
  page::Page page = a4_page(1);
  page.runs.push_back(shape_run(*noto_, 0, "一二三", 14, 72, 100));
  model.pages.push_back(page);
  std::vector<Diagnostic> diagnostics;
  EXPECT_EQ(write_pdf(model, PdfOptions{}, test_fonts(), diagnostics), "");
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_TRUE(has_errors(diagnostics));
  EXPECT_NE(diagnostics.back().message.find("paiban-missing-font.ttf"), std::string::npos)
      << diagnostics.back().message;

  // A run naming a font the model does not have.
  model.fonts[0] = {noto_->path(), noto_->index()};
  model.pages[0].runs[0].font = 3;
  diagnostics.clear();
  EXPECT_EQ(write_pdf(model, PdfOptions{}, test_fonts(), diagnostics), "");
  EXPECT_TRUE(has_errors(diagnostics));

  // A run naming a colour the model's palette does not have.
  model.pages[0].runs[0].font = 0;
  model.pages[0].runs[0].color = 2;
  diagnostics.clear();
  EXPECT_EQ(write_pdf(model, PdfOptions{}, test_fonts(), diagnostics), "");
  ASSERT_TRUE(has_errors(diagnostics));
  EXPECT_NE(diagnostics.back().message.find("colour 2 does not exist"), std::string::npos)
      << diagnostics.back().message;

  // A glyph id past the end of the font.
  model.pages[0].runs[0].color = 0;
  model.pages[0].runs[0].glyphs[0].gid = 0xFFFFFF;
  diagnostics.clear();
  EXPECT_EQ(write_pdf(model, PdfOptions{}, test_fonts(), diagnostics), "");
  EXPECT_TRUE(has_errors(diagnostics));

  // No pages at all.
  diagnostics.clear();
  EXPECT_EQ(write_pdf(page::PageModel{}, PdfOptions{}, test_fonts(), diagnostics), "");
  EXPECT_TRUE(has_errors(diagnostics));
}

// A FontSource that records what the writer asks for and serves faces from another source, or
// refuses: the writer must load every face through the source it is given (no global registry).
class RecordingFontSource final : public fonts::FontSource {
 public:
  explicit RecordingFontSource(fonts::FontSource* inner) : inner_(inner) {}
  std::vector<std::pair<std::string, int>> loads;

 private:
  fonts::FaceChain do_resolve(const std::vector<std::string>&, bool) override { return {}; }
  const fonts::Face* do_find(const std::string&, bool) override { return nullptr; }
  const fonts::Face* do_load(const std::string& path, int index) override {
    loads.emplace_back(path, index);
    if (inner_ == nullptr) throw std::runtime_error("this source has no fonts");
    return inner_->load(path, index);
  }
  fonts::FontSource* inner_;
};

TEST_F(PdfWriterTest, FacesAreLoadedThroughTheGivenFontSource) {
  const layout::PageModel model = report_model();
  RecordingFontSource recording(&test_fonts());
  std::vector<Diagnostic> diagnostics;
  const std::string pdf = write_pdf(model, PdfOptions{}, recording, diagnostics);
  EXPECT_FALSE(has_errors(diagnostics));
  EXPECT_EQ(pdf, write(model));  // the same bytes as through the shared registry
  const std::vector<std::pair<std::string, int>> want = {{noto_->path(), noto_->index()},
                                                         {ukai_->path(), ukai_->index()}};
  EXPECT_EQ(recording.loads, want);

  RecordingFontSource refusing(nullptr);
  diagnostics.clear();
  EXPECT_EQ(write_pdf(model, PdfOptions{}, refusing, diagnostics), "");
  ASSERT_TRUE(has_errors(diagnostics));
  EXPECT_NE(diagnostics.back().message.find("this source has no fonts"), std::string::npos)
      << diagnostics.back().message;
  EXPECT_EQ(refusing.loads.size(), 1u);  // the first failure stops the writer
}

TEST_F(PdfWriterTest, NotdefIsNeverEmbeddedOrDrawn) {
  REQUIRE_TOOL("qpdf", "qpdf");
  page::PageModel model;
  model.fonts.push_back({noto_->path(), noto_->index()});
  page::Page page = a4_page(1);
  GlyphRun run = shape_run(*noto_, 0, "一二三", 14, 72, 100);
  run.glyphs[1].gid = 0;
  page.runs.push_back(run);
  model.pages.push_back(page);
  std::vector<Diagnostic> diagnostics;
  const std::string pdf = write_pdf(model, PdfOptions{}, test_fonts(), diagnostics);
  ASSERT_FALSE(pdf.empty());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].severity, Severity::kWarning);
  TempFile file("notdef.pdf");
  file.write(pdf);
  EXPECT_EQ(run_command("qpdf --check " + file.path()).status, 0);
}

}  // namespace
}  // namespace paiban::pdf
