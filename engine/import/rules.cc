#include "rules.h"

#include <optional>
#include <string>

#include "forms.h"
#include "table_grid.h"
#include "text_util.h"

namespace paiban::import {

namespace {

// A report table read through its form's grid.
class FormTable {
 public:
  FormTable(const Table& table, const Form& form, size_t block)
      : table_(table), form_(form), placed_(resolve_table_grid(table)), block_(block) {}

  // True when the table has exactly the form's cells; the rules read cells by position.
  bool matches_form() const {
    if (placed_.repaired || static_cast<int>(table_.rows.size()) != form_.rows ||
        static_cast<int>(table_.columns.size()) != form_.cols ||
        placed_.cells.size() != form_.cells.size()) {
      return false;
    }
    for (const FormCell& fc : form_.cells) {
      const GridCell* pc = placed_.starting_at(fc.row, fc.col);
      if (pc == nullptr || pc->rowspan != fc.rowspan || pc->colspan != fc.colspan) return false;
    }
    return true;
  }

  std::optional<int64_t> value(int row, int col) const {
    const GridCell* pc = placed_.starting_at(row, col);
    if (pc == nullptr) return std::nullopt;
    return parse_count(cell_text(*pc->cell));
  }

  // The label as published; the form's words when the report's cell is empty.
  std::string label(int row, int col) const {
    const GridCell* pc = placed_.starting_at(row, col);
    std::string text = pc != nullptr ? tidy(cell_text(*pc->cell)) : std::string();
    if (text.empty()) {
      const FormCell* fc = form_.cell_at(row, col);
      if (fc != nullptr) text = std::string(fc->text);
    }
    return text;
  }

  std::string pointer(int row, int col) const {
    const GridCell* pc = placed_.starting_at(row, col);
    std::string p = "/body/" + std::to_string(block_);
    if (pc == nullptr) return p;
    return p + "/rows/" + std::to_string(pc->source_row) + "/cells/" +
           std::to_string(pc->source_index);
  }

  const Form& form() const { return form_; }
  std::string title() const { return std::string(form_.title); }

 private:
  const Table& table_;
  const Form& form_;
  TableGrid placed_;
  size_t block_;
};

std::string num(int64_t v) { return std::to_string(v); }

// "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" → "（二）部分公开": the explanation in
// brackets after a label's number is left out of sums, where it would drown the numbers.
std::string short_label(const std::string& label) {
  std::optional<std::u32string> s = decode_utf8(label);
  if (!s) return label;
  for (size_t i = 3; i < s->size(); ++i) {
    if ((*s)[i] == U'（' || (*s)[i] == U'(') return encode_utf8(s->substr(0, i));
  }
  return label;
}

class RuleChecker {
 public:
  explicit RuleChecker(const CheckOptions& options) : options_(options) {}

  void check_report(const Report& report) {
    for (size_t i = 0; i < report.body.size(); ++i) {
      const Table* table = std::get_if<Table>(&report.body[i]);
      if (table == nullptr || table->form.empty()) continue;
      const Form* form = find_form(table->form);
      const std::string where = "/body/" + std::to_string(i);
      if (form == nullptr) {
        note(where + "/form", "unknown table form \"" + table->form + "\"; no rules checked");
        continue;
      }
      FormTable ft(*table, *form, i);
      if (!ft.matches_form()) {
        note(where, ft.title() + " does not have the cells of the form " + table->form +
                        "; its rules are not checked");
        continue;
      }
      if (form->kind == FormKind::kTable3) {
        check_table3(ft);
        if (options_.previous_year != nullptr) check_carry_over(ft, *options_.previous_year);
      } else if (form->kind == FormKind::kTable4) {
        check_table4(ft);
      }
    }
  }

  std::vector<Diagnostic> take() { return std::move(diagnostics_); }

 private:
  static constexpr int kFirstApplicant = 3;  // 自然人
  static constexpr int kTotalColumn = 9;     // 总计

  void violation(const std::string& pointer, std::string message) {
    Diagnostic d;
    d.severity = options_.strict ? Severity::kError : Severity::kWarning;
    d.pointer = pointer;
    d.message = std::move(message);
    diagnostics_.push_back(std::move(d));
  }

  void note(const std::string& pointer, std::string message) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.pointer = pointer;
    d.message = std::move(message);
    diagnostics_.push_back(std::move(d));
  }

  static std::string column_label(const FormTable& t, int col) {
    if (col == kFirstApplicant || col == kTotalColumn) return t.label(1, col);
    return t.label(2, col);
  }

  // The label of a body row: "（三）不予公开 1.属于国家秘密" for an item of a group.
  static std::string row_label(const FormTable& t, int row) {
    std::string item;
    int item_col = -1;
    for (int c = 2; c >= 0 && item_col < 0; --c) {
      if (t.form().cell_at(row, c) != nullptr) item_col = c;
    }
    if (item_col < 0) return {};
    item = t.label(row, item_col);
    if (item_col == 2) {
      for (const FormCell& fc : t.form().cells) {
        if (fc.col == 1 && fc.row <= row && row < fc.row + fc.rowspan) {
          return short_label(t.label(fc.row, 1)) + " " + item;
        }
      }
    }
    return item;
  }

  void check_table3(const FormTable& t) {
    const Form& form = t.form();
    const int row_one = 3;
    const int row_two = 4;
    const int row_total = form.rows - 2;  // （七）总计
    const int row_four = form.rows - 1;   // 四、结转下年度继续办理
    const std::string title = t.title();

    // Rule 3: 总计 = the six applicant columns, for every row with numbers.
    for (int r = row_one; r <= row_four; ++r) {
      if (form.cell_at(r, kTotalColumn) == nullptr) continue;
      std::optional<int64_t> total = t.value(r, kTotalColumn);
      if (!total) continue;
      int64_t sum = 0;
      std::string terms;
      bool complete = true;
      for (int c = kFirstApplicant; c < kTotalColumn && complete; ++c) {
        std::optional<int64_t> v = t.value(r, c);
        if (!v) complete = false;
        if (!complete) break;
        sum += *v;
        if (!terms.empty()) terms += " + ";
        terms += column_label(t, c) + " " + num(*v);
      }
      if (complete && sum != *total) {
        violation(t.pointer(r, kTotalColumn), title + " " + row_label(t, r) + " " +
                                                  column_label(t, kTotalColumn) + ": " +
                                                  num(*total) + " ≠ " + terms + " = " + num(sum));
      }
    }

    for (int c = kFirstApplicant; c <= kTotalColumn; ++c) {
      const std::string column = column_label(t, c);
      std::optional<int64_t> one = t.value(row_one, c);
      std::optional<int64_t> two = t.value(row_two, c);
      std::optional<int64_t> total = t.value(row_total, c);
      std::optional<int64_t> four = t.value(row_four, c);
      // Rule 1 (printed in the table's corner): 一 + 二 = 三（七）总计 + 四.
      if (one && two && total && four && *one + *two != *total + *four) {
        violation(t.pointer(row_total, c),
                  title + " " + column + ": " + t.label(row_one, 0) + " " + num(*one) + " + " +
                      t.label(row_two, 0) + " " + num(*two) + " = " + num(*one + *two) + " ≠ " +
                      t.label(row_total, 1) + " " + num(*total) + " + " + t.label(row_four, 0) +
                      " " + num(*four) + " = " + num(*total + *four));
      }
      // Rule 2: （七）总计 = （一） + （二） + the items of （三） to （六）, summed per group.
      if (!total) continue;
      int64_t sum = 0;
      bool complete = true;
      std::string terms;
      int group_row = -1;
      int64_t group_sum = 0;
      auto close_group = [&]() {
        if (group_row < 0) return;
        if (!terms.empty()) terms += " + ";
        terms += short_label(t.label(group_row, 1)) + " " + num(group_sum);
        group_row = -1;
        group_sum = 0;
      };
      for (int r = 5; r < row_total && complete; ++r) {
        std::optional<int64_t> v = t.value(r, c);
        if (!v) {
          complete = false;
          break;
        }
        sum += *v;
        // The group is the label cell in column 1 covering the row.
        int owner = -1;
        for (const FormCell& fc : form.cells) {
          if (fc.col == 1 && fc.row <= r && r < fc.row + fc.rowspan) owner = fc.row;
        }
        if (owner != group_row) close_group();
        group_row = owner;
        group_sum += *v;
      }
      close_group();
      if (complete && sum != *total) {
        violation(t.pointer(row_total, c), title + " " + t.label(row_total, 1) + " " + column +
                                               ": " + num(*total) + " ≠ " + terms + " = " +
                                               num(sum));
      }
    }
  }

  void check_table4(const FormTable& t) {
    for (int group = 0; group < 3; ++group) {
      const int first = group * 5;
      const int total_col = first + 4;
      const int label_row = group == 0 ? 1 : 2;
      const std::string name = group == 0 ? t.label(0, 0) : t.label(0, 5) + "/" + t.label(1, first);
      std::optional<int64_t> total = t.value(3, total_col);
      if (!total) continue;
      int64_t sum = 0;
      std::string terms;
      bool complete = true;
      for (int c = first; c < total_col; ++c) {
        std::optional<int64_t> v = t.value(3, c);
        if (!v) {
          complete = false;
          break;
        }
        sum += *v;
        if (!terms.empty()) terms += " + ";
        terms += t.label(label_row, c) + " " + num(*v);
      }
      if (complete && sum != *total) {
        violation(t.pointer(3, total_col), t.title() + " " + name + " " +
                                               t.label(label_row, total_col) + ": " + num(*total) +
                                               " ≠ " + terms + " = " + num(sum));
      }
    }
  }

  // Rule 5: this year's 二、上年结转 = last year's 四、结转下年度继续办理.
  void check_carry_over(const FormTable& t, const Report& previous) {
    for (size_t i = 0; i < previous.body.size(); ++i) {
      const Table* table = std::get_if<Table>(&previous.body[i]);
      if (table == nullptr) continue;
      const Form* form = find_form(table->form);
      if (form == nullptr || form->kind != FormKind::kTable3) continue;
      FormTable last(*table, *form, i);
      if (!last.matches_form()) continue;
      const int last_four = form->rows - 1;
      for (int c = kFirstApplicant; c <= kTotalColumn; ++c) {
        std::optional<int64_t> now = t.value(4, c);
        std::optional<int64_t> before = last.value(last_four, c);
        if (now && before && *now != *before) {
          violation(t.pointer(4, c), t.title() + " " + t.label(4, 0) + " " + column_label(t, c) +
                                         ": " + num(*now) + " ≠ 上年报告 " +
                                         last.label(last_four, 0) + " " + num(*before));
        }
      }
      return;
    }
    note("", "the previous year's report has no table 三 of a known form; 上年结转 not checked");
  }

  const CheckOptions& options_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

std::vector<Diagnostic> check_rules(const Report& report, const CheckOptions& options) {
  RuleChecker checker(options);
  checker.check_report(report);
  return checker.take();
}

}  // namespace paiban::import
