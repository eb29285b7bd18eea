// Property test of table pagination (issue #11): generated valid tables — random spans, header
// rows, cell lengths and page sizes, from fixed seeds — laid out to the page model, where every
// cell's text is read exactly once, a label or header drawn again on a continuation page is drawn
// whole or not at all, every character is drawn as often as that accounts for, no glyph and no
// cell lies outside the type area, and no two cell boxes of a page overlap.
//
// The suite runs kDefaultTables tables; PAIBAN_TABLE_PROPERTY_COUNT (and _SEED) run more, e.g.
// tools/bench/table_property.sh for the long run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "layout/layout.h"
#include "layout_test_util.h"
#include "support/model_builders.h"
#include "table_grid.h"

namespace paiban::layout {
namespace {

using testing::code_points;
using testing::gbt9704;
using testing::lay_out;

constexpr int kDefaultTables = 2500;

// Cell text is drawn from these characters only, so that page numbers (digits, dashes) and the
// 续表 label are told apart from cell text by their characters.
const std::u32string kAlphabet =
    U"政府信息公开申请办理结果机关单位年度情况统计数量行政复议诉讼维持纠正其他不予处理本掌握"
    U"相关没有现成需要另行制作补正后内容仍明确访举报投诉类重复提供出版物无正当由大量反";

std::string utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

bool in_alphabet(char32_t c) { return kAlphabet.find(c) != std::u32string::npos; }

struct Generated {
  Report report;
  styles::Style style;
};

// A valid table: every grid position covered by exactly one cell, header cells within the
// header rows, cells listed in each row in column order.
Generated generate(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Generated g;
  g.style = gbt9704();
  styles::PageStyle& page = g.style.page;
  page.width_pt = pick(330, 600);
  page.height_pt = pick(240, 900);
  page.margin_top_pt = pick(20, 110);
  page.margin_bottom_pt = pick(20, 100);
  page.margin_left_pt = pick(20, 80);
  page.margin_right_pt = pick(20, 75);

  const int rows = pick(1, 24);
  const int cols = pick(1, 5);
  Table t;
  t.columns.resize(static_cast<size_t>(cols));
  t.header_rows = pick(0, std::min(rows, 3));
  t.header_columns = pick(0, std::min(cols - 1, 2));
  std::vector<std::vector<bool>> used(static_cast<size_t>(rows),
                                      std::vector<bool>(static_cast<size_t>(cols), false));
  for (int r = 0; r < rows; ++r) {
    TableRow row;
    for (int c = 0; c < cols; ++c) {
      if (used[static_cast<size_t>(r)][static_cast<size_t>(c)]) continue;
      const int row_limit = r < t.header_rows ? t.header_rows : rows;
      int rowspan = 1;
      if (pick(0, 3) == 0) rowspan = std::min(row_limit - r, pick(2, pick(0, 4) == 0 ? 40 : 6));
      int colspan = 1;
      while (c + colspan < cols && !used[static_cast<size_t>(r)][static_cast<size_t>(c + colspan)] &&
             pick(0, 4) == 0) {
        ++colspan;
      }
      // A column's cells may not all be spanned past it: keep spans within the free run.
      for (int k = r; k < r + rowspan; ++k) {
        for (int j = c; j < c + colspan; ++j) {
          if (used[static_cast<size_t>(k)][static_cast<size_t>(j)]) {
            rowspan = k - r;
            break;
          }
        }
      }
      rowspan = std::max(rowspan, 1);
      for (int k = r; k < r + rowspan; ++k) {
        for (int j = c; j < c + colspan; ++j) used[static_cast<size_t>(k)][static_cast<size_t>(j)] = true;
      }
      // Mostly short texts; sometimes a label of a few lines, rarely one longer than a page.
      int length = pick(0, 8);
      const int kind = pick(0, 19);
      if (kind == 0) length = pick(40, 160);
      if (kind == 1 && pick(0, 3) == 0) length = pick(300, 1200);
      std::string text;
      for (int k = 0; k < length; ++k) {
        text += utf8(kAlphabet[static_cast<size_t>(pick(0, static_cast<int>(kAlphabet.size()) - 1))]);
      }
      row.cells.push_back(test_support::cell(text, rowspan, colspan));
      c += colspan - 1;
    }
    t.rows.push_back(std::move(row));
  }
  g.report.metadata.title = "表格";
  g.report.show_title = false;
  g.report.body.push_back(std::move(t));
  return g;
}

std::u32string without_spaces(const std::string& s) {
  std::u32string out;
  for (char32_t c : code_points(s)) {
    if (in_alphabet(c)) out += c;
  }
  return out;
}

std::u32string run_text(const GlyphRun& run) {
  std::u32string out;
  for (const Glyph& g : run.glyphs) {
    for (char32_t c : code_points(std::string(run.text_of(g)))) {
      if (in_alphabet(c)) out += c;
    }
  }
  return out;
}

// Checks one laid-out table; returns false (with failures recorded) when a property fails.
bool check(const Generated& g, const PageModel& m, const std::string& what) {
  const Table& table = std::get<Table>(g.report.body[0]);
  const TableGrid grid = resolve_table_grid(table);
  const styles::PageStyle& ps = g.style.page;
  const LU left = pt_to_lu(ps.margin_left_pt), top = pt_to_lu(ps.margin_top_pt);
  const LU right = pt_to_lu(ps.width_pt - ps.margin_right_pt);
  const LU bottom = pt_to_lu(ps.height_pt - ps.margin_bottom_pt);
  const int failures_before = ::testing::UnitTest::GetInstance()->failed_test_count();
  bool ok = true;

  // The text read per cell element, in page order; expected count of every character.
  std::map<std::pair<int, int>, std::u32string> cell_text;  // (row, col) → text
  for (const GridCell& gc : grid.cells) {
    cell_text[{gc.row, gc.col}] = gc.cell ? without_spaces(paiban::cell_text(*gc.cell)) : U"";
  }
  std::map<int, std::pair<int, int>> element_cell;
  for (size_t e = 0; e < m.structure.size(); ++e) {
    const StructElement& s = m.structure[e];
    if (s.role == StructRole::kTableCell) element_cell[static_cast<int>(e)] = {s.row, s.col};
  }
  std::map<std::pair<int, int>, std::u32string> read;
  std::map<char32_t, long> drawn, expected;
  for (const auto& [pos, text] : cell_text) {
    for (char32_t c : text) ++expected[c];
  }
  for (const Page& page : m.pages) {
    for (const GlyphRun& run : page.runs) {
      const std::u32string text = run_text(run);
      if (text.empty()) continue;
      for (char32_t c : text) ++drawn[c];
      auto it = element_cell.find(run.structure);
      if (it != element_cell.end()) read[it->second] += text;
      // No glyph outside the type area.
      LU run_right = run.x;
      for (const Glyph& gl : run.glyphs) run_right += gl.advance;
      const bool inside = run.x >= left && run_right <= right &&
                          run.y - run.size * 88 / 100 >= top && run.y + run.size * 12 / 100 <= bottom;
      if (!inside) {
        ADD_FAILURE() << what << ": page " << page.number << " glyphs outside the type area at "
                      << run.x << "," << run.y;
        ok = false;
      }
    }
    for (size_t i = 0; i < page.cells.size(); ++i) {
      const CellBox& b = page.cells[i];
      if (b.x < left || b.x + b.w > right + 1 || b.y < top || b.y + b.h > bottom) {
        ADD_FAILURE() << what << ": page " << page.number << " cell " << b.row << "," << b.col
                      << " outside the type area";
        ok = false;
      }
      // A cell drawn again holds its whole text or nothing; every character it shows is
      // expected once more.
      if (b.repeated) {
        std::u32string shown;
        for (const GlyphRun& run : page.runs) {
          if (run.x >= b.x && run.x < b.x + b.w && run.y > b.y && run.y < b.y + b.h) {
            shown += run_text(run);
          }
        }
        const std::u32string& full = cell_text[{b.row, b.col}];
        if (!shown.empty() && shown != full) {
          ADD_FAILURE() << what << ": page " << page.number << " repeated cell " << b.row << ","
                        << b.col << " shows part of its text";
          ok = false;
        }
        for (char32_t c : shown) ++expected[c];
      }
      for (size_t j = i + 1; j < page.cells.size(); ++j) {
        const CellBox& o = page.cells[j];
        const bool overlap = b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h;
        if (overlap) {
          ADD_FAILURE() << what << ": page " << page.number << " cells " << b.row << "," << b.col
                        << " and " << o.row << "," << o.col << " overlap";
          ok = false;
        }
      }
    }
  }
  for (const auto& [pos, text] : cell_text) {
    if (read[pos] != text) {
      ADD_FAILURE() << what << ": cell " << pos.first << "," << pos.second << " reads "
                    << read[pos].size() << " of its " << text.size() << " characters";
      ok = false;
    }
  }
  if (drawn != expected) {
    long d = 0, e = 0;
    for (const auto& [c, n] : drawn) d += n;
    for (const auto& [c, n] : expected) e += n;
    ADD_FAILURE() << what << ": " << d << " characters drawn, " << e << " expected";
    ok = false;
  }
  return ok && ::testing::UnitTest::GetInstance()->failed_test_count() == failures_before;
}

long env_number(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtol(v, nullptr, 10) : fallback;
}

TEST(TableProperty, EveryCellOnceNothingOutsideTheTypeAreaNoOverlap) {
  const long count = env_number("PAIBAN_TABLE_PROPERTY_COUNT", kDefaultTables);
  const auto seed = static_cast<unsigned>(env_number("PAIBAN_TABLE_PROPERTY_SEED", 11));
  std::mt19937 rng(seed);
  int refused = 0, failed = 0, pages = 0;
  for (long n = 0; n < count; ++n) {
    const Generated g = generate(rng);
    std::vector<Diagnostic> d;
    const PageModel m = lay_out(g.report, g.style, d);
    if (has_errors(d)) {
      ++refused;  // too wide for a narrow generated page even at the minimum size
      continue;
    }
    pages += static_cast<int>(m.pages.size());
    if (!check(g, m, "seed " + std::to_string(seed) + " table " + std::to_string(n)) &&
        ++failed >= 5) {
      break;
    }
  }
  // The generated tables are laid out, not refused, and some cross pages.
  EXPECT_LT(refused, count / 10) << refused << " of " << count << " refused";
  EXPECT_GT(pages, count + count / 10);
  EXPECT_EQ(failed, 0);
}

}  // namespace
}  // namespace paiban::layout
