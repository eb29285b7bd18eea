// Issue #11's acceptance, measured from the PDF the way a reader sees it (pdftotext -bbox), on the
// annual-report samples (samples/*/report.json with table 三) and on every report of
// ../shared/corpus after `paiban import` (skipped when the shared folder is absent):
//  - table 三 (from its first body row 「本年新收…」 to its last 「结转下年度继续办理」) is on two
//    pages at most;
//  - no line of any table cell holds a single character (a line of only a number such as
//    「（三）」 or 「三、」 is fine);
//  - no page before a 续表 page ends more than 3 body lines (GB/T 9704 grid: 225 mm / 22) above
//    the foot of the type area, unless the next row is taller than that gap;
//  - table text is 10.5 pt or more: a word's box is its first glyph's font box, which for the
//    Chinese faces is exactly the em, so a word that starts with a Han character has the height
//    of its font size.
// Table text is told apart from body text by size: body text is 三号 (16 pt; a word starting
// with a Latin glyph boxes at 14.5 pt), table text at most 四号 (14 pt); the 续表 label is set
// apart. The samples and imported reports are set on the GB/T 9704 page (§5.2: A4, type area
// 37 mm from the top, 35 mm from the foot).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/corpus.h"
#include "support/run_command.h"
#include "support/scratch_dir.h"

namespace {

namespace fs = std::filesystem;
using paiban::test_support::corpus_texts;
using paiban::test_support::import_report;
using paiban::test_support::run_command;

constexpr double kMm = 72.0 / 25.4;
constexpr double kTypeTop = 37 * kMm, kTypeFoot = (297 - 35) * kMm;
constexpr double kBodyLine = 225.0 / 22 * kMm;  // one line of the GB/T 9704 grid
constexpr double kMaxTableHeight = 14.3;        // a table word's box (body: 14.5 and more)
// Between the last text of a page and the table's frame: the cell's lower padding, the rule and
// the descent of the font box; what the page may leave besides the 3 lines.
constexpr double kFootSlack = 6;

std::string quote(const std::string& s) { return "'" + s + "'"; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::u32string decode(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n && i + static_cast<size_t>(k) < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
    }
    out += cp;
    i += static_cast<size_t>(n);
  }
  return out;
}

bool is_han(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }

std::string unescape(std::string s) {
  const std::pair<const char*, const char*> entities[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
  for (const auto& [from, to] : entities) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + 1)) {
      s.replace(p, std::string(from).size(), to);
    }
  }
  return s;
}

struct Word {
  std::string text;
  double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
  double height() const { return y_max - y_min; }
  double centre() const { return (y_min + y_max) / 2; }
};

// A text line of one table cell: words on one baseline, closer than a third of their size.
struct CellLine {
  std::string text;
  double x_min = 0, y_min = 0, x_max = 0, y_max = 0, size = 0;
};

struct Page {
  std::vector<Word> words;       // inside the type area, in pdftotext's order
  std::vector<CellLine> table;   // the table text's lines
  bool continuation = false;     // starts with the 续表 label
  std::string text;              // pdftotext -raw, white space removed
};

struct Rendered {
  std::string name;
  std::vector<Page> pages;
};

std::vector<CellLine> cell_lines(std::vector<Word> words) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    return a.y_max != b.y_max ? a.y_max < b.y_max : a.x_min < b.x_min;
  });
  std::vector<CellLine> out;
  std::vector<bool> used(words.size(), false);
  for (size_t i = 0; i < words.size(); ++i) {
    if (used[i]) continue;
    used[i] = true;
    CellLine l{words[i].text, words[i].x_min, words[i].y_min, words[i].x_max, words[i].y_max,
               words[i].height()};
    for (bool grew = true; grew;) {
      grew = false;
      for (size_t j = 0; j < words.size(); ++j) {
        if (used[j]) continue;
        const Word& w = words[j];
        const double size = std::max(l.size, w.height());
        const double centre = (l.y_min + l.y_max) / 2;
        if (std::abs(w.centre() - centre) > 0.3 * size) continue;
        if (w.x_min >= l.x_max && w.x_min - l.x_max < size / 3) {
          l.text += w.text;
          l.x_max = w.x_max;
        } else if (w.x_max <= l.x_min && l.x_min - w.x_max < size / 3) {
          l.text = w.text + l.text;
          l.x_min = w.x_min;
        } else {
          continue;
        }
        l.y_min = std::min(l.y_min, w.y_min);
        l.y_max = std::max(l.y_max, w.y_max);
        l.size = size;
        used[j] = true;
        grew = true;
      }
    }
    out.push_back(std::move(l));
  }
  return out;
}

Rendered render(const std::string& name, const fs::path& report, const fs::path& dir) {
  Rendered r;
  r.name = name;
  fs::create_directories(dir);
  const fs::path pdf = dir / (name + ".pdf");
  const auto out = run_command(std::string(PAIBAN_CLI) + " render " + quote(report.string()) +
                               " -o " + quote(pdf.string()));
  EXPECT_EQ(out.code, 0) << name << ": " << out.output;
  const fs::path html = dir / (name + ".html");
  const auto res = run_command("pdftotext -bbox " + quote(pdf.string()) + " " + quote(html.string()));
  EXPECT_EQ(res.code, 0) << res.output;
  const std::string text = read_file(html);
  const std::regex word_re(
      "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">"
      "([^<]*)</word>");
  size_t at = 0;
  for (;;) {
    const size_t start = text.find("<page ", at);
    if (start == std::string::npos) break;
    const size_t end = std::min(text.find("</page>", start), text.size());
    const std::string body = text.substr(start, end - start);
    Page page;
    std::vector<Word> table_words;
    for (auto it = std::sregex_iterator(body.begin(), body.end(), word_re);
         it != std::sregex_iterator(); ++it) {
      Word w{unescape((*it)[5]), std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]),
             std::stod((*it)[4])};
      // Page numbers lie below the type area.
      if (w.y_min < kTypeTop - 3 || w.y_max > kTypeFoot + 3) continue;
      if (page.words.empty() && w.text == "续表") page.continuation = true;
      if (w.text != "续表" && w.height() < kMaxTableHeight) table_words.push_back(w);
      page.words.push_back(std::move(w));
    }
    page.table = cell_lines(std::move(table_words));
    const int n = static_cast<int>(r.pages.size()) + 1;
    std::string raw = run_command("pdftotext -raw -f " + std::to_string(n) + " -l " +
                                  std::to_string(n) + " " + quote(pdf.string()) + " -")
                          .output;
    std::erase_if(raw, [](char c) { return c == ' ' || c == '\n' || c == '\f' || c == '\r'; });
    page.text = std::move(raw);
    r.pages.push_back(std::move(page));
    at = end;
  }
  EXPECT_FALSE(r.pages.empty()) << name;
  return r;
}

// A line of only a label's number: 「（三）」 「三、」 「3.」.
bool only_number(const std::string& text) {
  static const std::regex number(
      "^(（|\\()[一二三四五六七八九十0-9]+(）|\\))$|^[一二三四五六七八九十]+、$|^[0-9]+[.．]$");
  return std::regex_match(text, number);
}

void check_table_three(const Rendered& r) {
  int first = 0, last = 0;
  for (size_t p = 0; p < r.pages.size(); ++p) {
    const int n = static_cast<int>(p) + 1;
    if (first == 0 && r.pages[p].text.find("本年新收政府信息公开申请数量") != std::string::npos) {
      first = n;
    }
    if (r.pages[p].text.find("结转下年度继续办理") != std::string::npos) last = n;
  }
  ASSERT_GT(first, 0) << r.name << ": table 三's first body row not found";
  ASSERT_GE(last, first) << r.name << ": table 三's last row not found after its first";
  EXPECT_LE(last - first + 1, 2) << r.name << ": table 三 on pages " << first << "–" << last;
}

void check_table_text(const Rendered& r) {
  for (size_t p = 0; p < r.pages.size(); ++p) {
    const Page& page = r.pages[p];
    for (const Word& w : page.words) {
      const std::u32string t = decode(w.text);
      if (w.text == "续表" || t.empty() || !is_han(t[0]) || w.height() >= kMaxTableHeight) continue;
      EXPECT_GE(w.height(), 10.5 - 0.01)
          << r.name << " page " << p + 1 << ": table text 「" << w.text << "」 at " << w.height()
          << " pt";
    }
    for (const CellLine& l : page.table) {
      const std::u32string t = decode(l.text);
      int han = 0, other = 0;
      for (char32_t c : t) {
        if (is_han(c)) {
          ++han;
        } else if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
          ++other;
        }
      }
      if (han != 1 || other != 0 || only_number(l.text)) continue;
      // A cell of one character is fine; a line of one under or over another line of the same
      // cell (closer than a row's padding would put them) is what must not print.
      bool in_paragraph = false;
      for (const CellLine& o : page.table) {
        if (&o == &l || o.x_max <= l.x_min || o.x_min >= l.x_max) continue;
        const double d = std::abs((o.y_min + o.y_max) / 2 - (l.y_min + l.y_max) / 2);
        if (d > 0.5 * l.size && d < 1.35 * std::max(l.size, o.size)) in_paragraph = true;
      }
      EXPECT_FALSE(in_paragraph) << r.name << " page " << p + 1 << ": the one-character line 「"
                                 << l.text << "」 at y " << l.y_min;
    }
  }
}

void check_breaks(const Rendered& r) {
  for (size_t p = 1; p < r.pages.size(); ++p) {
    const Page& next = r.pages[p];
    const Page& before = r.pages[p - 1];
    if (!next.continuation || before.words.empty()) continue;
    double bottom = 0;
    for (const Word& w : before.words) bottom = std::max(bottom, w.y_max);
    const double gap = kTypeFoot - bottom;
    if (gap <= 3 * kBodyLine + kFootSlack) continue;
    // The next row: the first table line of the continuation page that the page before does
    // not have (the repeated header does), and the lines of its cell below it.
    std::vector<std::string> seen;
    for (const CellLine& l : before.table) seen.push_back(l.text);
    std::vector<CellLine> lines = next.table;
    std::sort(lines.begin(), lines.end(),
              [](const CellLine& a, const CellLine& b) { return a.y_min < b.y_min; });
    double row = 0;
    for (const CellLine& l : lines) {
      if (std::find(seen.begin(), seen.end(), l.text) != seen.end()) continue;
      double y = l.y_max;
      for (const CellLine& o : lines) {
        if (o.y_min > y && o.y_min - y < 0.35 * o.size && o.x_max > l.x_min && o.x_min < l.x_max) {
          y = o.y_max;
        }
      }
      row = y - l.y_min;
      break;
    }
    EXPECT_GT(row, gap - kFootSlack)
        << r.name << ": page " << p << " ends " << gap / kBodyLine
        << " body lines above the type area's foot before a 续表 page whose next row is "
        << row / kBodyLine << " lines tall";
  }
}

void check(const Rendered& r, bool has_table_three) {
  if (has_table_three) check_table_three(r);
  check_table_text(r);
  check_breaks(r);
}

fs::path scratch() {
  return paiban::test_support::scratch_dir("tables-pdf-out");
}

bool have(const std::string& tool) { return run_command("command -v " + tool).code == 0; }

TEST(TablesPdf, Samples) {
  if (!have("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  int measured = 0;
  std::vector<fs::path> reports;
  for (const auto& e : fs::directory_iterator(fs::path(PAIBAN_SOURCE_DIR) / "samples")) {
    if (fs::exists(e.path() / "report.json")) reports.push_back(e.path());
  }
  std::sort(reports.begin(), reports.end());
  for (const fs::path& dir : reports) {
    const std::string json = read_file(dir / "report.json");
    // The annual reports: the ones with the template's table 三.
    if (json.find("本年新收政府信息公开申请数量") == std::string::npos) continue;
    const std::string name = dir.filename().string();
    check(render(name, dir / "report.json", scratch()), true);
    ++measured;
  }
  EXPECT_GE(measured, 4) << "the annual-report samples were not found";
}

TEST(TablesPdf, Corpus) {
  if (!have("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  const fs::path corpus = fs::path(PAIBAN_SHARED_DIR) / "corpus";
  if (!fs::exists(corpus)) GTEST_SKIP() << "the corpus is not at " << corpus;
  const std::vector<fs::path> texts = corpus_texts({corpus});
  ASSERT_FALSE(texts.empty()) << "no report in " << corpus;
  const fs::path dir = scratch();
  fs::create_directories(dir);
  for (const fs::path& text : texts) {
    const std::string name = text.stem().string();
    const fs::path json = dir / (name + ".json");
    const auto out = import_report(PAIBAN_CLI, text, json);
    ASSERT_EQ(out.code, 0) << name << ": " << out.output;
    const bool three = read_file(json).find("本年新收政府信息公开申请数量") != std::string::npos;
    check(render(name, json, dir), three);
  }
}

}  // namespace
