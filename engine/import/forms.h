// The fixed tables of the annual report on government information disclosure
// (政府信息公开工作年度报告), cell for cell: the 2021 national format (国办公开办函〔2021〕30号)
// and the 2019 trial format (国办公开办函〔2019〕60号). See docs/report-format.md, "Table forms".
#pragma once

#include <string_view>
#include <vector>

namespace paiban::import {

// One cell of a form's grid. Covered grid cells are not listed. A data cell (data == true) holds a
// number of the report and is empty in the form; every other cell is a label.
struct FormCell {
  int row = 0;  // 0-based grid row of the cell's top-left corner
  int col = 0;  // 0-based grid column
  int rowspan = 1;
  int colspan = 1;
  std::string_view text;  // the label as the national template prints it; "" for data cells
  bool data = false;
};

enum class FormKind { kTable2, kTable3, kTable4 };

struct Form {
  std::string_view name;   // Table::form, e.g. "gov-annual-2021/table-3"
  std::string_view title;  // how messages name the table: "表三"
  FormKind kind = FormKind::kTable2;
  int rows = 0;
  int cols = 0;
  std::vector<int> col_widths;  // twips, from the Word template
  int header_rows = 0;
  int header_columns = 0;
  std::vector<FormCell> cells;  // row-major: by row, then column

  const FormCell* cell_at(int row, int col) const;  // the cell whose top-left is (row, col)
};

inline constexpr std::string_view kFormTable2v2021 = "gov-annual-2021/table-2";
inline constexpr std::string_view kFormTable2v2019 = "gov-annual-2019/table-2";
inline constexpr std::string_view kFormTable3v2021 = "gov-annual-2021/table-3";
// Table 三 with （六）其他处理 as a single row, the shape of the 2019 trial format.
inline constexpr std::string_view kFormTable3v2019 = "gov-annual-2019/table-3";
inline constexpr std::string_view kFormTable4v2021 = "gov-annual-2021/table-4";

// Every known form; the importer tries them in this order (2021 first, so it wins ties).
const std::vector<Form>& all_forms();
const Form* find_form(std::string_view name);

}  // namespace paiban::import
