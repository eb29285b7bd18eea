// The sample samples/hongqi-2023/report.json against its source: the plain-text seed report
// (../shared/seeds) and the merge geometry of the national template's tables
// (../shared/corpus/template-2021-structure.json).
//
// 1. No text of the seed is lost or altered: the sample's text in reading order (title, headings
//    with their printed numbers, paragraphs, table cells row by row) equals the seed's text once
//    all whitespace is removed.
// 2. The sample's tables have the template's grid: every cell's row, column, rowspan and colspan,
//    and every label in its template position.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "json_io.h"
#include "numbering.h"
#include "paiban/diagnostics.h"
#include "paiban/model.h"
#include "paiban/paiban.h"

namespace paiban {
namespace {

constexpr char kSamplePath[] = PAIBAN_SOURCE_DIR "/samples/hongqi-2023/report.json";
constexpr char kSeedPath[] = PAIBAN_SHARED_DIR "/seeds/000_924043a2ff6d2acf.txt";
constexpr char kTemplatePath[] = PAIBAN_SHARED_DIR "/corpus/template-2021-structure.json";

constexpr char kTable2[] = "gov-annual-2021/table-2";
constexpr char kTable3[] = "gov-annual-2021/table-3";
constexpr char kTable4[] = "gov-annual-2021/table-4";

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Reads the sample; fails the test (and returns nullopt) on any diagnostic error.
std::optional<Report> read_sample() {
  std::optional<std::string> text = read_file(kSamplePath);
  if (!text) {
    ADD_FAILURE() << "cannot read " << kSamplePath;
    return std::nullopt;
  }
  ReadResult result = json::read_report(*text, "samples/hongqi-2023/report.json");
  for (const Diagnostic& d : result.diagnostics) ADD_FAILURE() << format_diagnostic(d);
  if (!result.report) ADD_FAILURE() << "the sample was not read";
  return result.report;
}

// Removes all whitespace: ASCII white space, U+00A0 and U+3000 (ideographic space).
std::string squash(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') continue;
    if (text.substr(i, 2) == "\xC2\xA0") {
      i += 1;
      continue;
    }
    if (text.substr(i, 3) == "\xE3\x80\x80") {
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

std::string paragraphs_text(const std::vector<Paragraph>& paragraphs) {
  std::string out;
  for (const Paragraph& p : paragraphs) out += plain_text(p.runs);
  return out;
}

// A document as the comparison sees it: runs of prose, with tables in between.
struct TextTable {
  std::string form;
  int header_rows = 0;
  std::vector<std::vector<std::string>> rows;  // the cells' squashed texts, empty ones dropped
};
using TextPiece = std::variant<std::string, TextTable>;  // squashed prose, or a table

// The sample in reading order, heading numbers counted as the renderers count them.
std::vector<TextPiece> sample_pieces(const Report& report) {
  std::vector<TextPiece> pieces;
  auto add_prose = [&pieces](std::string_view text) {
    std::string s = squash(text);
    if (s.empty()) return;
    if (pieces.empty() || !std::holds_alternative<std::string>(pieces.back()))
      pieces.emplace_back("");
    std::get<std::string>(pieces.back()) += s;
  };
  if (report.show_title) {
    add_prose(report.metadata.title);
    add_prose(report.metadata.subtitle);
  }
  HeadingCounter headings;
  for (const Block& block : report.body) {
    if (const auto* h = std::get_if<Heading>(&block)) {
      add_prose(headings.next(*h));
      add_prose(plain_text(h->runs));
      if (h->run_in_body) add_prose(plain_text(h->run_in_body->runs));
    } else if (const auto* p = std::get_if<Paragraph>(&block)) {
      add_prose(plain_text(p->runs));
    } else if (const auto* t = std::get_if<Table>(&block)) {
      add_prose(t->caption);
      TextTable table{t->form, t->header_rows, {}};
      for (const TableRow& row : t->rows) {
        std::vector<std::string>& cells = table.rows.emplace_back();
        for (const TableCell& cell : row.cells) {
          std::string s = squash(paragraphs_text(cell.paragraphs));
          if (!s.empty()) cells.push_back(std::move(s));
        }
      }
      pieces.emplace_back(std::move(table));
      add_prose(t->note);
    } else if (const auto* s = std::get_if<Signature>(&block)) {
      add_prose(s->organisation);
      add_prose(s->date);
    }
  }
  return pieces;
}

// The seed: lines holding a tab are table rows (cells tab separated, one line per grid row), runs
// of them are tables; every other line is prose.
std::vector<TextPiece> seed_pieces(std::string_view text) {
  std::vector<TextPiece> pieces;
  bool in_table = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.find('\t') != std::string_view::npos) {
      if (!in_table) pieces.emplace_back(TextTable{});
      in_table = true;
      std::vector<std::string>& cells = std::get<TextTable>(pieces.back()).rows.emplace_back();
      std::size_t from = 0;
      while (from <= line.size()) {
        std::size_t tab = line.find('\t', from);
        if (tab == std::string_view::npos) tab = line.size();
        std::string s = squash(line.substr(from, tab - from));
        if (!s.empty()) cells.push_back(std::move(s));
        from = tab + 1;
      }
      continue;
    }
    in_table = false;
    std::string s = squash(line);
    if (s.empty()) continue;
    if (pieces.empty() || !std::holds_alternative<std::string>(pieces.back()))
      pieces.emplace_back("");
    std::get<std::string>(pieces.back()) += s;
  }
  return pieces;
}

// Concatenates the pieces. In table 三 the header rows are joined as a sorted multiset of cells:
// the seed's text extraction put 总计 (template cell (1,9), rowspan 2) on the first header line,
// after 申请人情况, while in the grid's reading order it starts in row 1, after 法人或其他组织.
// Every other row of every table, and all prose, keeps its exact order.
std::string joined(const std::vector<TextPiece>& pieces, const std::vector<std::string>& forms) {
  std::string out;
  std::size_t table_index = 0;
  for (const TextPiece& piece : pieces) {
    if (const auto* prose = std::get_if<std::string>(&piece)) {
      out += *prose;
      continue;
    }
    const TextTable& table = std::get<TextTable>(piece);
    const bool is_table3 = table_index < forms.size() && forms[table_index] == kTable3;
    ++table_index;
    const std::size_t header_rows =
        is_table3 ? std::min<std::size_t>(3, table.rows.size()) : std::size_t{0};
    std::vector<std::string> header;
    for (std::size_t r = 0; r < header_rows; ++r) {
      header.insert(header.end(), table.rows[r].begin(), table.rows[r].end());
    }
    std::sort(header.begin(), header.end());
    for (const std::string& cell : header) out += cell;
    for (std::size_t r = header_rows; r < table.rows.size(); ++r) {
      for (const std::string& cell : table.rows[r]) out += cell;
    }
  }
  return out;
}

// Backs `pos` up to the start of a UTF-8 character.
std::size_t char_start(std::string_view s, std::size_t pos) {
  while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return std::min(pos, s.size());
}

std::string window(std::string_view s, std::size_t pos) {
  const std::size_t from = char_start(s, pos >= 60 ? pos - 60 : 0);
  const std::size_t to = char_start(s, std::min(s.size(), pos + 60));
  const std::size_t at = char_start(s, pos);
  return std::string(s.substr(from, at - from)) + "⟦" + std::string(s.substr(at, to - at)) + "⟧";
}

TEST(HongqiSample, KeepsEveryWordOfTheSeed) {
  const std::optional<std::string> seed = read_file(kSeedPath);
  if (!seed) GTEST_SKIP() << "seed report not found at " << kSeedPath << " (../shared is absent)";
  const std::optional<Report> report = read_sample();
  ASSERT_TRUE(report);

  const std::vector<TextPiece> ours = sample_pieces(*report);
  const std::vector<TextPiece> theirs = seed_pieces(*seed);
  std::vector<std::string> forms;
  for (const TextPiece& piece : ours) {
    if (const auto* t = std::get_if<TextTable>(&piece)) forms.push_back(t->form);
  }
  EXPECT_EQ(forms, (std::vector<std::string>{kTable2, kTable3, kTable4}));

  // Same shape: prose and tables alternate alike, and each table has the seed's number of rows.
  ASSERT_EQ(ours.size(), theirs.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    ASSERT_EQ(ours[i].index(), theirs[i].index()) << "piece " << i;
    if (const auto* t = std::get_if<TextTable>(&ours[i])) {
      EXPECT_EQ(t->rows.size(), std::get<TextTable>(theirs[i]).rows.size()) << t->form;
    }
  }

  const std::string a = joined(ours, forms);
  const std::string b = joined(theirs, forms);
  if (a != b) {
    const auto diff = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    const std::size_t pos = static_cast<std::size_t>(diff.first - a.begin());
    ADD_FAILURE() << "the sample's text differs from the seed's (whitespace ignored) at byte "
                  << pos << "\n  sample: " << window(a, pos) << "\n  seed:   " << window(b, pos);
  }
}

// A cell placed on the grid.
struct Placed {
  int row = 0;
  int col = 0;
  int rowspan = 1;
  int colspan = 1;
  std::string text;
  auto key() const { return std::tie(row, col); }
};

// Places each cell in the first free grid slot of its row, left of the rows' earlier spans.
std::vector<Placed> place_cells(const Table& table) {
  const int cols = static_cast<int>(table.columns.size());
  std::vector<std::vector<bool>> taken(table.rows.size(), std::vector<bool>(cols, false));
  std::vector<Placed> placed;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    int c = 0;
    for (const TableCell& cell : table.rows[r].cells) {
      while (c < cols && taken[r][c]) ++c;
      placed.push_back(
          {static_cast<int>(r), c, cell.rowspan, cell.colspan, paragraphs_text(cell.paragraphs)});
      for (std::size_t rr = r; rr < r + cell.rowspan && rr < taken.size(); ++rr) {
        for (int cc = c; cc < c + cell.colspan && cc < cols; ++cc) taken[rr][cc] = true;
      }
      c += cell.colspan;
    }
  }
  return placed;
}

// Labels compare without whitespace and with half-width brackets and commas: the seed writes
// "(二) 部分公开 (区分处理的, …)" where the template has "（二）部分公开（区分处理的，…）".
std::string label_key(std::string_view text) {
  std::string s = squash(text);
  for (const auto& [from, to] :
       {std::pair<std::string_view, std::string_view>{"（", "("}, {"）", ")"}, {"，", ","}}) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at)) {
      s.replace(at, from.size(), to);
    }
  }
  return s;
}

bool is_number(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  return std::count(s.begin(), s.end(), '.') <= 1 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

TEST(HongqiSample, TablesHaveTheTemplateGeometry) {
  const std::optional<std::string> template_text = read_file(kTemplatePath);
  if (!template_text) {
    GTEST_SKIP() << "template structure not found at " << kTemplatePath << " (../shared is absent)";
  }
  const nlohmann::json structure = nlohmann::json::parse(*template_text);
  const std::optional<Report> report = read_sample();
  ASSERT_TRUE(report);

  struct Expected {
    const char* form;
    const char* template_name_prefix;  // the template names its tables by section
    int header_rows;
    int header_columns;
  };
  const Expected expected[] = {
      {kTable2, "二、", 0, 0}, {kTable3, "三、", 3, 3}, {kTable4, "四、", 3, 0}};

  for (const Expected& e : expected) {
    SCOPED_TRACE(e.form);
    const Table* table = nullptr;
    for (const Block& block : report->body) {
      const auto* t = std::get_if<Table>(&block);
      if (t && t->form == e.form) {
        EXPECT_EQ(table, nullptr) << "two tables of the form";
        table = t;
      }
    }
    ASSERT_NE(table, nullptr) << "no table of the form";
    const nlohmann::json* grid = nullptr;
    for (const nlohmann::json& t : structure.at("tables")) {
      if (t.at("name").get<std::string>().starts_with(e.template_name_prefix)) grid = &t;
    }
    ASSERT_NE(grid, nullptr) << "the template has no table " << e.template_name_prefix;

    EXPECT_EQ(table->columns.size(), grid->at("gridCols").get<std::size_t>());
    EXPECT_EQ(table->rows.size(), grid->at("rows").get<std::size_t>());
    EXPECT_EQ(table->header_rows, e.header_rows);
    EXPECT_EQ(table->header_columns, e.header_columns);

    std::vector<Placed> ours = place_cells(*table);
    std::vector<Placed> theirs;
    for (const nlohmann::json& c : grid->at("cells")) {
      theirs.push_back({c.at("row").get<int>(), c.at("col").get<int>(), c.at("rowspan").get<int>(),
                        c.at("colspan").get<int>(), c.at("text").get<std::string>()});
    }
    auto by_position = [](const Placed& x, const Placed& y) { return x.key() < y.key(); };
    std::sort(ours.begin(), ours.end(), by_position);
    std::sort(theirs.begin(), theirs.end(), by_position);
    ASSERT_EQ(ours.size(), theirs.size()) << "number of cells";
    for (std::size_t i = 0; i < ours.size(); ++i) {
      const Placed& o = ours[i];
      const Placed& t = theirs[i];
      SCOPED_TRACE("template cell (" + std::to_string(t.row) + "," + std::to_string(t.col) + ") " +
                   t.text);
      EXPECT_EQ(o.row, t.row);
      EXPECT_EQ(o.col, t.col);
      EXPECT_EQ(o.rowspan, t.rowspan);
      EXPECT_EQ(o.colspan, t.colspan);
      if (t.text.empty()) {
        EXPECT_TRUE(is_number(o.text)) << "data cell holds \"" << o.text << "\"";
      } else {
        EXPECT_EQ(label_key(o.text), label_key(t.text));
      }
    }
  }
}

}  // namespace
}  // namespace paiban
