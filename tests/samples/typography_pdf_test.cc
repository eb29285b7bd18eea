// Issue #10's typographic acceptance, measured from the PDF a reader gets (not from the page
// model), on every sample (samples/*/report.json) and on every report of ../shared/corpus
// (annual reports *.txt and the 公文 in gongwen/*.txt) after `paiban import` (skipped when the
// shared folder is absent). `mutool draw -F stext` gives each character with the font the PDF
// names for it, its size and its position:
//  1. the 16 pt (三号) body text is set in a FangSong design (GB/T 9704 §7.3.3: 正文 in 3号仿宋);
//  2. even punctuation (clreq §3.1.6): no lone ，。、；：？！ (no mark beside it, not at the line's
//     end) inside a body line advances less than 0.85 of the line's Han pitch;
//  3. no 孤字 (末行不留孤字): no paragraph's last line holds a single character, punctuation not
//     counted;
//  4. title lines break between words (GB/T 9704 §7.3.3, 回行时词意完整): every break of the
//     title is at an ICU word boundary (BreakIterator, word, zh) and never before a unit suffix.
// The controls at the end render a sample with the rule switched off by a style override and
// expect the check to find violations (checks 1 and 2); checks 3 and 4 have no style switch.
#include <gtest/gtest.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "support/corpus.h"
#include "support/pdf_chars.h"
#include "support/read_file.h"
#include "support/run_command.h"
#include "support/scratch_dir.h"

namespace {

namespace fs = std::filesystem;
using paiban::test_support::corpus_texts;
using paiban::test_support::group_lines;
using paiban::test_support::have_tool;
using paiban::test_support::import_report;
using paiban::test_support::PdfChar;
using paiban::test_support::PdfLine;
using paiban::test_support::PdfPage;
using paiban::test_support::quote;
using paiban::test_support::read_file;
using paiban::test_support::run_command;

constexpr double kBodySize = 16;  // 三号

// FangSong designs as PDFs name them (PostScript names, matched case-insensitively as parts of
// the font's name): the free FandolFang, and the office 仿宋 faces (仿宋_GB2312, 仿宋,
// 方正仿宋_GBK, 华文仿宋) when installed.
constexpr std::string_view kFangSong[] = {"FandolFang", "FangSong",   "FZFSK",
                                          "FZFangSong", "STFangsong", "SimFang"};
// Heading designs beside the body on a 16 pt line (GB/T 9704 §7.3.3: 一、 in 黑体, （一） in 楷体).
constexpr std::string_view kHeiOrKai[] = {"FandolHei",   "SimHei",        "Hei",        "FZHTK",
                                          "NotoSansCJK", "SourceHanSans", "FandolKai",  "KaiTi",
                                          "Kaiti",       "FZKTK",         "LXGWWenKai", "UKai"};
// The unit suffixes a title never breaks before: the name of an organisation or a year ends with
// them, and ICU's dictionary splits 生态环境局 into 生态|环境|局 (the list of layout/title.cc).
constexpr std::string_view kUnitSuffixes[] = {"委员会", "办公厅", "办公室", "年度", "局",
                                              "厅",     "委",     "办",     "院",   "署",
                                              "处",     "室",     "中心",   "年"};
// The marks that keep a full cell when they stand alone inside a line (clreq §3.1.6).
constexpr std::u32string_view kLoneMarks = U"，。、；：？！";
constexpr double kMinMarkAdvance = 0.85;  // of the line's Han pitch

bool contains_ci(std::string_view hay, std::string_view needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         }) != hay.end();
}
template <size_t N>
bool in_list(const std::string& font, const std::string_view (&list)[N]) {
  return std::any_of(std::begin(list), std::end(list),
                     [&](std::string_view n) { return contains_ci(font, n); });
}

bool is_han(char32_t c) {
  UErrorCode e = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(c), &e) == USCRIPT_HAN;
}
// Punctuation in the GB/T 15834 sense: every Unicode punctuation category (，。「」《》—— …).
bool is_mark(char32_t c) { return u_ispunct(static_cast<UChar32>(c)) != 0; }
bool is_body_size(const PdfChar& c) { return std::abs(c.size - kBodySize) < 0.05; }

struct Rendered {
  std::string name;
  std::vector<PdfPage> pages;
  std::vector<PdfLine> body;  // every 16 pt line, page by page, top to bottom
  nlohmann::json report;
};

fs::path scratch() {
  return paiban::test_support::scratch_dir("typography-pdf-out");
}

Rendered render(const std::string& name, const fs::path& report) {
  Rendered r;
  r.name = name;
  const fs::path dir = scratch();
  fs::create_directories(dir);
  const fs::path pdf = dir / (name + ".pdf");
  const auto out = run_command(std::string(PAIBAN_CLI) + " render " + quote(report.string()) +
                               " -o " + quote(pdf.string()));
  EXPECT_EQ(out.code, 0) << name << ": " << out.output;
  std::string error;
  r.pages = paiban::test_support::read_pdf_chars(pdf, &error);
  EXPECT_TRUE(error.empty()) << error;
  EXPECT_FALSE(r.pages.empty()) << name << ": no page read from " << pdf;
  for (size_t p = 0; p < r.pages.size(); ++p) {
    for (PdfLine& l : group_lines(r.pages[p], static_cast<int>(p) + 1, is_body_size)) {
      r.body.push_back(std::move(l));
    }
  }
  r.report = nlohmann::json::parse(read_file(report), nullptr, false, true);
  return r;
}

std::string where(const Rendered& r, const PdfLine& l) {
  return r.name + " page " + std::to_string(l.page) + " line 「" + l.text() + "」";
}

bool after_signer(const PdfLine& l, const PdfChar& c) {
  const std::string text = l.text();
  const size_t signer = text.find("签发人：");
  if (signer == std::string::npos) return false;
  std::string before;
  for (const PdfChar& o : l.chars) {
    if (&o == &c) break;
    before += o.text;
  }
  return before.size() >= signer + std::string("签发人：").size();
}

// 1. Every Han character of a 16 pt line is set in a FangSong design, except a heading's: a
// heading (run in or alone) starts its line, so characters in a Hei or Kai design count as a
// heading's only in the run that begins the line; the signers' names after 签发人： are in Kai.
// `families` collects the FangSong faces seen.
std::vector<std::string> check_fangsong(const Rendered& r, std::map<std::string, int>* families) {
  std::vector<std::string> bad;
  int fang = 0;
  for (const PdfLine& l : r.body) {
    bool in_heading = true;
    for (const PdfChar& c : l.chars) {
      if (!is_han(c.c)) continue;
      if (in_heading && in_list(c.font, kHeiOrKai)) continue;
      // GB/T 9704 §7.2.6: the names after 签发人： are set in 楷体.
      if (in_list(c.font, kHeiOrKai) && after_signer(l, c)) continue;
      in_heading = false;
      if (in_list(c.font, kFangSong)) {
        ++fang;
        if (families != nullptr) ++(*families)[c.font];
        continue;
      }
      bad.push_back(where(r, l) + ": 「" + c.text + "」 is set in " + c.font +
                    ", not a FangSong design");
      break;  // one a line is enough to tell
    }
  }
  if (fang == 0) bad.push_back(r.name + ": no 16 pt body character is set in a FangSong design");
  return bad;
}

// The line's Han pitch: the median advance from a Han character to the next one, a Han
// character too. Lines with fewer than three such pairs have no pitch (0).
double han_pitch(const PdfLine& l) {
  std::vector<double> a;
  for (size_t i = 0; i + 1 < l.chars.size(); ++i) {
    if (is_han(l.chars[i].c) && is_han(l.chars[i + 1].c)) {
      a.push_back(l.chars[i + 1].x - l.chars[i].x);
    }
  }
  if (a.size() < 3) return 0;
  std::nth_element(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(a.size() / 2), a.end());
  return a[a.size() / 2];
}

// 2. A lone mark inside a line: ，。、；：？！ with no punctuation before or after it and a
// character after it on the line; its advance is the next character's x minus its own.
std::vector<std::string> check_lone_marks(const Rendered& r, int* measured) {
  std::vector<std::string> bad;
  for (const PdfLine& l : r.body) {
    const double pitch = han_pitch(l);
    if (pitch <= 0) continue;
    for (size_t i = 1; i + 1 < l.chars.size(); ++i) {
      const PdfChar& c = l.chars[i];
      if (kLoneMarks.find(c.c) == std::u32string_view::npos) continue;
      if (is_mark(l.chars[i - 1].c) || is_mark(l.chars[i + 1].c)) continue;
      const double advance = l.chars[i + 1].x - c.x;
      if (measured != nullptr) ++*measured;
      if (advance < kMinMarkAdvance * pitch) {
        bad.push_back(where(r, l) + ": 「" + l.chars[i - 1].text + c.text + l.chars[i + 1].text +
                      "」 the mark advances " + std::to_string(advance) +
                      " pt, the line's Han pitch is " + std::to_string(pitch) + " pt");
      }
    }
  }
  return bad;
}

// 3. Paragraphs as a reader finds them. A paragraph's first line is indented two characters
// (GB/T 9704 §7.3.3: 每个自然段左空二字); a line that starts flush with the type area's left edge
// right after a line that reaches its right edge continues that line's paragraph (the line before
// on the same page, or the last body line of the page before). Headings, the 主送机关, signatures
// and dates either start indented or centred, or follow a line that ends short, so they are never
// taken for continuation lines. A continuation line is the paragraph's last line when it ends
// short or is followed by a new paragraph; a continuation line of one character always is (it
// cannot reach the right edge), so it is a 孤字 whatever follows. The type area's edges are
// measured, not assumed: the leftmost pen position and the rightmost box edge of the 16 pt lines.
std::vector<std::string> check_lone_characters(const Rendered& r, int* measured) {
  std::vector<std::string> bad;
  if (r.body.empty()) return bad;
  double left = 1e9, right = 0;
  for (const PdfLine& l : r.body) {
    left = std::min(left, l.chars.front().x);
    right = std::max(right, l.chars.back().x_max);
  }
  const double em = kBodySize;
  for (size_t i = 1; i < r.body.size(); ++i) {
    const PdfLine& before = r.body[i - 1];
    const PdfLine& l = r.body[i];
    const bool flush_left = l.chars.front().x < left + 0.25 * em;
    const bool before_full = before.chars.back().x_max > right - 0.5 * em;
    if (!flush_left || !before_full) continue;
    const bool ends_short = l.chars.back().x_max < right - 0.5 * em;
    const bool next_starts_paragraph =
        i + 1 == r.body.size() || r.body[i + 1].chars.front().x >= left + 0.25 * em;
    if (!ends_short && !next_starts_paragraph) continue;
    if (measured != nullptr) ++*measured;
    int characters = 0;
    for (const PdfChar& c : l.chars) characters += is_mark(c.c) ? 0 : 1;
    if (characters < 2) bad.push_back(where(r, l) + ": a paragraph's last line of one character");
  }
  return bad;
}

// ICU word boundaries (dictionary-based for Chinese) of `text`, by UTF-8 byte offset.
std::vector<bool> word_boundaries(const std::string& text) {
  std::vector<bool> at(text.size() + 1, false);
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  UBreakIterator* bi = ubrk_open(UBRK_WORD, "zh", nullptr, 0, &status);
  if (U_SUCCESS(status)) ubrk_setUText(bi, ut, &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  if (U_SUCCESS(status)) {
    for (int32_t pos = ubrk_first(bi); pos != UBRK_DONE; pos = ubrk_next(bi)) {
      if (pos >= 0 && static_cast<size_t>(pos) <= text.size()) at[static_cast<size_t>(pos)] = true;
    }
  }
  if (bi != nullptr) ubrk_close(bi);
  if (ut != nullptr) utext_close(ut);
  return at;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }

// 4. The title's lines on page 1: the run of consecutive lines (any size) whose text, white space
// left out, is the report's title. Each break between two of them is checked where the title
// has no white space or "\n" (a source space or a forced break): at an ICU word boundary of the
// title's "\n"-separated part (as layout/title.cc breaks each part on its own) and not before a
// unit suffix. `found` tells whether the title was found (a report that shows it must).
std::vector<std::string> check_title(const Rendered& r, bool* found, int* breaks,
                                     std::string* shown_lines = nullptr) {
  std::vector<std::string> bad;
  *found = false;
  if (!r.report.is_object()) return {r.name + ": the report is not JSON"};
  const auto& meta = r.report.value("metadata", nlohmann::json::object());
  const std::string title = meta.value("title", std::string());
  if (title.empty() || !r.report.value("show_title", true) || r.pages.empty()) {
    *found = true;  // nothing to find
    return bad;
  }
  // Byte offsets of the title's non-space characters, in order.
  std::vector<size_t> starts;
  std::string bare;
  for (size_t i = 0; i < title.size();) {
    size_t n = 1;
    const auto b = static_cast<unsigned char>(title[i]);
    n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if (!is_space(title[i])) {
      starts.push_back(i);
      bare += title.substr(i, n);
    }
    i += n;
  }
  const std::vector<PdfLine> lines =
      group_lines(r.pages[0], 1, [](const PdfChar&) { return true; });
  for (size_t a = 0; a < lines.size() && !*found; ++a) {
    std::string joined;
    size_t b = a;
    for (; b < lines.size() && joined.size() < bare.size(); ++b) joined += lines[b].text();
    if (joined != bare) continue;
    *found = true;
    if (shown_lines != nullptr) {
      *shown_lines = r.name + ":";
      for (size_t m = a; m < b; ++m) *shown_lines += (m > a ? " / " : " ") + lines[m].text();
    }
    size_t k = 0;  // characters before the break
    for (size_t m = a; m + 1 < b; ++m) {
      k += lines[m].chars.size();
      const size_t at = starts[k];
      if (at > 0 && is_space(title[at - 1])) continue;
      if (breaks != nullptr) ++*breaks;
      const size_t part =
          title.rfind('\n', at) == std::string::npos ? 0 : title.rfind('\n', at) + 1;
      const size_t part_end = std::min(title.find('\n', at), title.size());
      const std::vector<bool> words = word_boundaries(title.substr(part, part_end - part));
      const std::string shown = lines[m].text() + " / " + lines[m + 1].text();
      if (!words[at - part]) bad.push_back(r.name + ": the title breaks inside a word: " + shown);
      for (std::string_view s : kUnitSuffixes) {
        if (std::string_view(title).substr(at).starts_with(s)) {
          bad.push_back(r.name + ": the title breaks before the unit suffix 「" + std::string(s) +
                        "」: " + shown);
          break;
        }
      }
    }
  }
  return bad;
}

struct Totals {
  int documents = 0, marks = 0, last_lines = 0, title_breaks = 0;
  std::map<std::string, int> fang;
  std::vector<std::string> titles;  // the title lines found, for the log
};

void expect_none(const std::vector<std::string>& bad, const char* check) {
  EXPECT_TRUE(bad.empty()) << bad.size() << " " << check
                           << " violations, the first: " << bad.front();
  for (size_t i = 1; i < bad.size() && i < 10; ++i) ADD_FAILURE() << bad[i];
}

void check_all(const Rendered& r, Totals& t) {
  ++t.documents;
  expect_none(check_fangsong(r, &t.fang), "FangSong");
  expect_none(check_lone_marks(r, &t.marks), "lone-mark");
  expect_none(check_lone_characters(r, &t.last_lines), "孤字");
  bool found = false;
  std::string title;
  expect_none(check_title(r, &found, &t.title_breaks, &title), "title-break");
  if (!title.empty()) t.titles.push_back(title);
  EXPECT_TRUE(found) << r.name << ": the report's title is not found on page 1";
}

void print(const Totals& t) {
  std::string fang;
  for (const auto& [font, n] : t.fang) fang += " " + font + " (" + std::to_string(n) + ")";
  std::cout << t.documents << " documents; body FangSong:" << fang << "; " << t.marks
            << " lone marks measured; " << t.last_lines << " paragraph last lines; "
            << t.title_breaks << " title breaks between non-space characters\n";
  for (const std::string& title : t.titles) std::cout << "  title " << title << "\n";
}

bool have_tools() { return have_tool("mutool"); }

TEST(TypographyPdf, Samples) {
  if (!have_tools()) GTEST_SKIP() << "mutool (mupdf-tools) is not installed";
  std::vector<fs::path> reports;
  for (const auto& e : fs::directory_iterator(fs::path(PAIBAN_SOURCE_DIR) / "samples")) {
    if (fs::exists(e.path() / "report.json")) reports.push_back(e.path() / "report.json");
  }
  std::sort(reports.begin(), reports.end());
  ASSERT_GE(reports.size(), 10u) << "the samples were not found";
  Totals t;
  for (const fs::path& report : reports) {
    check_all(render(report.parent_path().filename().string(), report), t);
  }
  EXPECT_GT(t.marks, 0);
  EXPECT_GT(t.last_lines, 0);
  EXPECT_GT(t.title_breaks, 0);
  print(t);
}

TEST(TypographyPdf, Corpus) {
  if (!have_tools()) GTEST_SKIP() << "mutool (mupdf-tools) is not installed";
  const fs::path corpus = fs::path(PAIBAN_SHARED_DIR) / "corpus";
  if (!fs::exists(corpus)) GTEST_SKIP() << "the corpus is not at " << corpus;
  const std::vector<fs::path> texts = corpus_texts({corpus, corpus / "gongwen"});
  ASSERT_FALSE(texts.empty()) << "no report in " << corpus;
  const fs::path dir = scratch();
  fs::create_directories(dir);
  Totals t;
  for (const fs::path& text : texts) {
    const std::string name = text.stem().string();
    const fs::path json = dir / (name + ".json");
    const auto out = import_report(PAIBAN_CLI, text, json);
    ASSERT_EQ(out.code, 0) << name << ": " << out.output;
    check_all(render("corpus-" + name, json), t);
  }
  print(t);
}

// The controls: a sample rendered with the rule switched off by a style override must show
// violations, so the checks above can fail.
fs::path with_overrides(const std::string& name, const nlohmann::json& overrides) {
  const fs::path source = fs::path(PAIBAN_SOURCE_DIR) / "samples" / "huaian-2024" / "report.json";
  nlohmann::json report = nlohmann::json::parse(read_file(source));
  report["style"] = {{"name", "gbt9704"}, {"overrides", overrides}};
  const fs::path dir = scratch();
  fs::create_directories(dir);
  const fs::path out = dir / (name + ".json");
  std::ofstream(out) << report.dump(2);
  return out;
}

TEST(TypographyPdf, ControlSongBodyFailsTheFangSongCheck) {
  if (!have_tools()) GTEST_SKIP() << "mutool (mupdf-tools) is not installed";
  const Rendered r = render(
      "control-song",
      with_overrides("control-song", {{"fonts.fang.families", "FandolSong, Noto Serif CJK SC"}}));
  const auto bad = check_fangsong(r, nullptr);
  EXPECT_GT(bad.size(), 10u);
  std::cout << bad.size() << " lines with body text outside FangSong, e.g. "
            << (bad.empty() ? "" : bad.front()) << "\n";
}

TEST(TypographyPdf, ControlBanjiaoFailsTheLoneMarkCheck) {
  if (!have_tools()) GTEST_SKIP() << "mutool (mupdf-tools) is not installed";
  const Rendered r =
      render("control-banjiao", with_overrides("control-banjiao", {{"punctuation", "banjiao"}}));
  int measured = 0;
  const auto bad = check_lone_marks(r, &measured);
  EXPECT_GT(bad.size(), 10u);
  std::cout << bad.size() << " of " << measured << " lone marks too narrow, e.g. "
            << (bad.empty() ? "" : bad.front()) << "\n";
}

}  // namespace
