// The forms embedded in the library against the national template's cell list
// (shared/corpus/template-2021-structure.json), cell for cell.
#include "forms.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "test_support.h"

namespace paiban::import {
namespace {

using testing::structure_json;

struct Cell {
  int row, col, rowspan, colspan;
  std::string text;
  bool operator==(const Cell& o) const {
    return std::tie(row, col, rowspan, colspan, text) ==
           std::tie(o.row, o.col, o.rowspan, o.colspan, o.text);
  }
};

std::ostream& operator<<(std::ostream& os, const Cell& c) {
  return os << "(" << c.row << "," << c.col << " " << c.rowspan << "x" << c.colspan << " \""
            << c.text << "\")";
}

struct JsonTable {
  int rows = 0;
  int cols = 0;
  std::vector<int> widths;
  std::vector<Cell> cells;
};

std::vector<JsonTable> load_structure() {
  const nlohmann::json j = nlohmann::json::parse(testing::read_file(*structure_json()));
  std::vector<JsonTable> out;
  for (const auto& t : j.at("tables")) {
    JsonTable table;
    table.rows = t.at("rows").get<int>();
    table.cols = t.at("gridCols").get<int>();
    table.widths = t.at("gridColWidths").get<std::vector<int>>();
    for (const auto& c : t.at("cells")) {
      table.cells.push_back({c.at("row").get<int>(), c.at("col").get<int>(),
                             c.at("rowspan").get<int>(), c.at("colspan").get<int>(),
                             c.at("text").get<std::string>()});
    }
    out.push_back(std::move(table));
  }
  return out;
}

std::vector<Cell> cells_of(const Form& form) {
  std::vector<Cell> out;
  for (const FormCell& c : form.cells) {
    out.push_back({c.row, c.col, c.rowspan, c.colspan, std::string(c.text)});
  }
  return out;
}

// The documented variant (docs/annual-report-template.md): （六）其他处理 as one row spanning
// columns 1–2, so 三 spans 20 rows and （七）总计 and 四 move up two rows.
JsonTable one_row_other_variant(const JsonTable& t2021) {
  JsonTable v = t2021;
  v.rows = t2021.rows - 2;
  v.cells.clear();
  for (Cell c : t2021.cells) {
    if (c.row == 5 && c.col == 0) c.rowspan = 20;
    if (c.row == 23 && c.col == 1) c.rowspan = 1, c.colspan = 2;
    if (c.row == 23 && c.col == 2) continue;
    if (c.row == 24 || c.row == 25) continue;
    if (c.row >= 26) c.row -= 2;
    v.cells.push_back(c);
  }
  return v;
}

void expect_same(const Form& form, const JsonTable& t) {
  EXPECT_EQ(form.rows, t.rows) << form.name;
  EXPECT_EQ(form.cols, t.cols) << form.name;
  EXPECT_EQ(form.col_widths, t.widths) << form.name;
  const std::vector<Cell> mine = cells_of(form);
  ASSERT_EQ(mine.size(), t.cells.size()) << form.name;
  for (size_t i = 0; i < mine.size(); ++i) EXPECT_EQ(mine[i], t.cells[i]) << form.name << " #" << i;
  for (const FormCell& c : form.cells) EXPECT_EQ(c.data, c.text.empty()) << form.name;
}

TEST(FormsTest, Forms2021MatchTheTemplateCellForCell) {
  if (!structure_json()) GTEST_SKIP() << "shared/corpus/template-2021-structure.json not found";
  const std::vector<JsonTable> tables = load_structure();
  ASSERT_EQ(tables.size(), 3u);
  expect_same(*find_form(kFormTable2v2021), tables[0]);
  expect_same(*find_form(kFormTable3v2021), tables[1]);
  expect_same(*find_form(kFormTable4v2021), tables[2]);
}

TEST(FormsTest, OneRowOtherVariantIsTheDocumentedDerivation) {
  if (!structure_json()) GTEST_SKIP() << "shared/corpus/template-2021-structure.json not found";
  const std::vector<JsonTable> tables = load_structure();
  ASSERT_EQ(tables.size(), 3u);
  expect_same(*find_form(kFormTable3v2019), one_row_other_variant(tables[1]));
}

// Every form tiles its grid exactly: each grid cell is covered by one form cell.
TEST(FormsTest, EveryFormTilesItsGrid) {
  for (const Form& form : all_forms()) {
    std::vector<int> cover(static_cast<size_t>(form.rows * form.cols), 0);
    for (const FormCell& c : form.cells) {
      ASSERT_LE(c.row + c.rowspan, form.rows) << form.name;
      ASSERT_LE(c.col + c.colspan, form.cols) << form.name;
      for (int r = c.row; r < c.row + c.rowspan; ++r) {
        for (int k = c.col; k < c.col + c.colspan; ++k)
          ++cover[static_cast<size_t>(r * form.cols + k)];
      }
    }
    for (int n : cover) EXPECT_EQ(n, 1) << form.name;
    EXPECT_EQ(static_cast<int>(form.col_widths.size()), form.cols);
  }
}

// The 2019 trial format's table 二, as docs/annual-report-template.md describes it: five grid
// columns; four-cell rows span the split third column, three-cell rows meet in its middle.
TEST(FormsTest, Table2Of2019) {
  const Form& f = *find_form(kFormTable2v2019);
  EXPECT_EQ(f.cols, 5);
  EXPECT_EQ(f.rows, 18);
  EXPECT_EQ(f.cell_at(1, 1)->text, "本年新制作数量");
  EXPECT_EQ(f.cell_at(1, 2)->colspan, 2);
  EXPECT_EQ(f.cell_at(7, 0)->text, "其他对外管理服务事项");
  EXPECT_EQ(f.cell_at(13, 3)->text, "本年增/减");
  EXPECT_EQ(f.cell_at(16, 3)->text, "采购总金额");
  EXPECT_TRUE(f.cell_at(17, 3)->data);
  EXPECT_EQ(f.cell_at(17, 3)->colspan, 2);
  std::set<std::string_view> names;
  for (const Form& form : all_forms()) names.insert(form.name);
  EXPECT_EQ(names.size(), all_forms().size());
}

}  // namespace
}  // namespace paiban::import
