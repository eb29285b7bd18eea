// Issue #11, the hostile tables that used to lose cells, rendered through the public API and read
// back the way a reader would (pdftotext -bbox): header rows with a group taller than the page, a
// rowspan group taller than the page without header rows, a 2-row all-header table, a header cell
// taller than the page. Every cell's characters are distinct code points, so each count read from
// the PDF says exactly how often that cell was drawn: body cells once, a label or header row drawn
// again only whole (every character of it the same number of times); and every word lies inside
// the GB/T 9704 type area (A4, margins 37 / 35 / 28 / 26 mm, §5.2), page numbers aside.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "paiban/paiban.h"
#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;
using paiban::test_support::run_command;

constexpr double kMm = 72.0 / 25.4;
constexpr double kTypeTop = 37 * kMm, kTypeBottom = (297 - 35) * kMm;
constexpr double kTypeLeft = 26 * kMm, kTypeRight = (210 - 26) * kMm;  // either binding side
constexpr double kSlack = 2.5;  // pdftotext's word boxes are the font's, a little taller

std::string utf8(char32_t c) {
  std::string out;
  out += static_cast<char>(0xE0 | (c >> 12));
  out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out += static_cast<char>(0x80 | (c & 0x3F));
  return out;
}

// Hands out distinct common Han characters (U+4E00…), never 续 or 表 (the continuation label).
class Characters {
 public:
  std::string take(int n, std::vector<char32_t>& into) {
    std::string text;
    for (int i = 0; i < n; ++i) {
      while (next_ == U'续' || next_ == U'表') ++next_;
      into.push_back(next_);
      text += utf8(next_++);
    }
    return text;
  }

 private:
  char32_t next_ = 0x4E00;
};

// What a test cell is: its characters, and whether it may be drawn again (header rows, labels).
struct Expected {
  std::vector<char32_t> chars;
  bool may_repeat = false;
};

paiban::TableCell cell(const std::string& text, int rowspan = 1) {
  paiban::TableCell c;
  paiban::Paragraph p;
  paiban::Run r;
  r.text = text;
  p.runs.push_back(r);
  c.paragraphs.push_back(p);
  c.rowspan = rowspan;
  return c;
}

struct Word {
  int page;
  double x1, y1, x2, y2;
  std::u32string text;
};

std::u32string decode(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n && i + static_cast<size_t>(k) < s.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
    }
    out += c;
    i += static_cast<size_t>(n);
  }
  return out;
}

// Renders the report and reads its words back with their boxes.
std::vector<Word> render_and_read(const paiban::Report& report, const std::string& name,
                                  int& pages) {
  const paiban::RenderResult result = paiban::render(report, paiban::RenderOptions{});
  EXPECT_TRUE(result.ok());
  for (const paiban::Diagnostic& d : result.diagnostics) {
    EXPECT_NE(d.severity, paiban::Severity::kError) << d.pointer << ": " << d.message;
  }
  const fs::path pdf = fs::temp_directory_path() / ("paiban-table-" + name + ".pdf");
  std::ofstream(pdf, std::ios::binary) << result.pdf;
  const auto r = run_command("pdftotext -bbox -enc UTF-8 " + pdf.string() + " -");
  fs::remove(pdf);
  EXPECT_EQ(r.code, 0) << r.output;
  std::vector<Word> words;
  pages = 0;
  const std::regex page_re(R"(<page width=)");
  const std::regex word_re(
      R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  std::istringstream in(r.output);
  std::string line;
  while (std::getline(in, line)) {
    if (std::regex_search(line, page_re)) ++pages;
    std::smatch m;
    if (std::regex_search(line, m, word_re)) {
      words.push_back({pages, std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4]),
                       decode(m[5])});
    }
  }
  return words;
}

bool is_page_number(const std::u32string& w) {
  for (char32_t c : w) {
    if (!(c == U'—' || c == U'-' || (c >= U'0' && c <= U'9'))) return false;
  }
  return true;
}

// Every cell's characters drawn once, or (labels, header rows) the same whole number of times;
// every word inside the type area; every page of the table holds some of its text.
void expect_complete_and_inside(const paiban::Report& report, const std::vector<Expected>& cells,
                                const std::string& name) {
  if (run_command("command -v pdftotext").code != 0) {
    GTEST_SKIP() << "pdftotext is not installed (apt-get install poppler-utils)";
  }
  int pages = 0;
  const std::vector<Word> words = render_and_read(report, name, pages);
  ASSERT_GT(pages, 0);
  std::map<char32_t, int> count;
  std::set<int> pages_with_text;
  for (const Word& w : words) {
    if (is_page_number(w.text)) continue;
    for (char32_t c : w.text) ++count[c];
    pages_with_text.insert(w.page);
    EXPECT_GE(w.y1, kTypeTop - kSlack) << name << ": page " << w.page << " word above the type area";
    EXPECT_LE(w.y2, kTypeBottom + kSlack) << name << ": page " << w.page << " word below the type area";
    EXPECT_GE(w.x1, kTypeLeft - kSlack) << name << ": page " << w.page;
    EXPECT_LE(w.x2, kTypeRight + kSlack) << name << ": page " << w.page;
  }
  for (size_t i = 0; i < cells.size(); ++i) {
    const Expected& e = cells[i];
    if (e.chars.empty()) continue;
    const int first = count[e.chars.front()];
    for (char32_t c : e.chars) {
      if (e.may_repeat) {
        EXPECT_GE(count[c], 1) << name << ": cell " << i << " lost a character";
        EXPECT_EQ(count[c], first) << name << ": cell " << i << " drawn again only in part";
      } else {
        EXPECT_EQ(count[c], 1) << name << ": cell " << i << " character U+" << std::hex
                               << static_cast<unsigned>(c);
      }
    }
    if (e.may_repeat) {
      EXPECT_LE(first, pages) << name << ": cell " << i;
    }
  }
  // No page of repeated header rows or labels alone: every page shows text of a cell drawn only
  // once, so pagination always made progress.
  std::set<int> pages_with_new_text;
  std::set<char32_t> once;
  for (const Expected& e : cells) {
    if (!e.chars.empty() && count[e.chars.front()] == 1) once.insert(e.chars.begin(), e.chars.end());
  }
  for (const Word& w : words) {
    for (char32_t c : w.text) {
      if (once.count(c)) pages_with_new_text.insert(w.page);
    }
  }
  EXPECT_EQ(static_cast<int>(pages_with_new_text.size()), pages) << name;
}

paiban::Report report_with(paiban::Table t) {
  paiban::Report r;
  r.metadata.title = "表";
  r.show_title = false;
  r.body.push_back(std::move(t));
  return r;
}

// Header rows and a rowspan group taller than the page (its rows of a few lines each).
TEST(TablePaginationPdf, HeaderRowsAndAGroupTallerThanThePage) {
  Characters chars;
  std::vector<Expected> cells;
  paiban::Table t;
  t.columns.resize(3);
  t.header_rows = 1;
  t.header_columns = 1;
  paiban::TableRow head;
  for (int c = 0; c < 3; ++c) {
    cells.push_back({{}, true});
    head.cells.push_back(cell(chars.take(4, cells.back().chars)));
  }
  t.rows.push_back(head);
  for (int r = 0; r < 40; ++r) {
    paiban::TableRow row;
    if (r == 0) {
      cells.push_back({{}, true});
      row.cells.push_back(cell(chars.take(9, cells.back().chars), 40));
    }
    cells.push_back({});
    row.cells.push_back(cell(chars.take(30, cells.back().chars)));
    cells.push_back({});
    row.cells.push_back(cell(chars.take(3, cells.back().chars)));
    t.rows.push_back(row);
  }
  expect_complete_and_inside(report_with(t), cells, "header-group");
}

// No header rows; one rowspan group taller than the page, with a label taller than the page too.
TEST(TablePaginationPdf, GroupAndLabelTallerThanThePageWithoutHeader) {
  Characters chars;
  std::vector<Expected> cells;
  paiban::Table t;
  t.columns.resize(2);
  for (int r = 0; r < 60; ++r) {
    paiban::TableRow row;
    if (r == 0) {
      cells.push_back({{}, true});
      row.cells.push_back(cell(chars.take(400, cells.back().chars), 60));
    }
    cells.push_back({});
    row.cells.push_back(cell(chars.take(6, cells.back().chars)));
    t.rows.push_back(row);
  }
  expect_complete_and_inside(report_with(t), cells, "group-no-header");
}

// Two rows, both header rows, each taller than the page.
TEST(TablePaginationPdf, TwoRowAllHeaderTable) {
  Characters chars;
  std::vector<Expected> cells;
  paiban::Table t;
  t.columns.resize(2);
  t.header_rows = 2;
  for (int r = 0; r < 2; ++r) {
    paiban::TableRow row;
    for (int c = 0; c < 2; ++c) {
      cells.push_back({{}, true});
      row.cells.push_back(cell(chars.take(700, cells.back().chars)));
    }
    t.rows.push_back(row);
  }
  expect_complete_and_inside(report_with(t), cells, "all-header");
}

// A header cell taller than the page, then ordinary body rows.
TEST(TablePaginationPdf, HeaderCellTallerThanThePage) {
  Characters chars;
  std::vector<Expected> cells;
  paiban::Table t;
  t.columns.resize(2);
  t.header_rows = 1;
  paiban::TableRow head;
  cells.push_back({{}, true});
  head.cells.push_back(cell(chars.take(1500, cells.back().chars)));
  cells.push_back({{}, true});
  head.cells.push_back(cell(chars.take(4, cells.back().chars)));
  t.rows.push_back(head);
  for (int r = 0; r < 50; ++r) {
    paiban::TableRow row;
    cells.push_back({});
    row.cells.push_back(cell(chars.take(5, cells.back().chars)));
    cells.push_back({});
    row.cells.push_back(cell(chars.take(8, cells.back().chars)));
    t.rows.push_back(row);
  }
  expect_complete_and_inside(report_with(t), cells, "tall-header-cell");
}

}  // namespace
