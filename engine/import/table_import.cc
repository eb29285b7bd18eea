#include "table_import.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "forms.h"
#include "text_util.h"

namespace paiban::import {

namespace {

// Matching costs of the label alignment. A label pair further apart than kMaxDistance never
// matches: "2.其他法律行政止公开" (a published typo) is 0.21 from the template's label, while
// different labels of one form are ≥ 0.5 apart. Leaving an input label out costs a little more
// than leaving a form label unmatched, so that a typo still matches rather than being dropped.
constexpr double kMaxDistance = 0.4;
constexpr double kSkipInput = 0.55;
constexpr double kSkipForm = 0.45;
// A form is used when this share of its labels was found in the text.
constexpr double kMinFormMatch = 0.6;
// Larger blocks are not tried against the forms (the alignment is quadratic).
constexpr size_t kMaxFormLines = 200;

struct Field {
  std::string text;  // tidied
  bool empty = true;
  bool value = false;  // a number or a placeholder
  bool used = false;   // placed in a cell
};

struct Line {
  int number = 0;
  std::vector<Field> fields;
};

// A label field of the input, in reading order.
struct Token {
  int line = 0;  // index into the lines
  int field = 0;
  std::u32string key;
};

struct Alignment {
  const Form* form = nullptr;
  double cost = 0;
  int matched = 0;
  std::vector<int> cell_of_token;  // index into form->cells, -1 when unmatched
};

std::vector<Line> split_lines(const std::vector<SourceLine>& lines) {
  std::vector<Line> out;
  for (const SourceLine& sl : lines) {
    Line line;
    line.number = sl.number;
    size_t start = 0;
    while (true) {
      const size_t tab = sl.text.find('\t', start);
      Field f;
      f.text = tidy(std::string_view(sl.text).substr(
          start, tab == std::string::npos ? std::string::npos : tab - start));
      f.empty = f.text.empty();
      f.value = !f.empty && (is_number(f.text) || is_placeholder(f.text));
      // Spaces inside a number are extraction artefacts ("3 985 758").
      if (f.value) f.text = encode_utf8(squash(*decode_utf8(f.text)));
      line.fields.push_back(std::move(f));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    out.push_back(std::move(line));
  }
  return out;
}

// Monotone alignment of the input labels with the form's labels (row-major), like an edit
// distance: a label matches at the cost of its text distance, or is left out.
Alignment align(const std::vector<Token>& tokens, const Form& form) {
  std::vector<int> labels;
  std::vector<std::u32string> keys;
  for (size_t i = 0; i < form.cells.size(); ++i) {
    if (form.cells[i].data) continue;
    labels.push_back(static_cast<int>(i));
    keys.push_back(fold(form.cells[i].text));
  }
  const size_t n = tokens.size();
  const size_t m = labels.size();
  std::vector<double> dist(n * m);
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < m; ++b) dist[a * m + b] = distance(tokens[a].key, keys[b]);
  }
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> dp((n + 1) * (m + 1), kInf);
  std::vector<char> step((n + 1) * (m + 1), 0);  // 'm' match, 's' skip input, 'f' skip form
  auto at = [m](size_t a, size_t b) { return a * (m + 1) + b; };
  dp[at(0, 0)] = 0;
  for (size_t a = 0; a <= n; ++a) {
    for (size_t b = 0; b <= m; ++b) {
      const double here = dp[at(a, b)];
      if (here == kInf) continue;
      if (a < n && here + kSkipInput < dp[at(a + 1, b)]) {
        dp[at(a + 1, b)] = here + kSkipInput;
        step[at(a + 1, b)] = 's';
      }
      if (b < m && here + kSkipForm < dp[at(a, b + 1)]) {
        dp[at(a, b + 1)] = here + kSkipForm;
        step[at(a, b + 1)] = 'f';
      }
      if (a < n && b < m && dist[a * m + b] <= kMaxDistance &&
          here + dist[a * m + b] < dp[at(a + 1, b + 1)]) {
        dp[at(a + 1, b + 1)] = here + dist[a * m + b];
        step[at(a + 1, b + 1)] = 'm';
      }
    }
  }
  Alignment out;
  out.form = &form;
  out.cost = dp[at(n, m)];
  out.cell_of_token.assign(n, -1);
  std::vector<bool> cell_taken(m, false);
  for (size_t a = n, b = m; a > 0 || b > 0;) {
    const char s = step[at(a, b)];
    if (s == 'm') {
      out.cell_of_token[a - 1] = labels[b - 1];
      cell_taken[b - 1] = true;
      ++out.matched;
      --a, --b;
    } else if (s == 's') {
      --a;
    } else {
      --b;
    }
  }
  // Labels out of order (a header label extracted on the wrong line, as 总计 in some PDFs): match
  // what is left by text alone.
  for (size_t a = 0; a < n; ++a) {
    if (out.cell_of_token[a] >= 0) continue;
    int best = -1;
    for (size_t b = 0; b < m; ++b) {
      if (cell_taken[b] || dist[a * m + b] > kMaxDistance) continue;
      if (best < 0 || dist[a * m + b] < dist[a * m + static_cast<size_t>(best)]) {
        best = static_cast<int>(b);
      }
    }
    if (best >= 0) {
      out.cell_of_token[a] = labels[static_cast<size_t>(best)];
      cell_taken[static_cast<size_t>(best)] = true;
      ++out.matched;
    }
  }
  return out;
}

Diagnostic warning(std::string_view source, int line, const std::string& pointer,
                   std::string message) {
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.source = std::string(source);
  d.line = line;
  d.pointer = pointer;
  d.message = std::move(message);
  return d;
}

TableCell text_cell(const std::string& text, int rowspan, int colspan) {
  TableCell cell;
  cell.rowspan = rowspan;
  cell.colspan = colspan;
  // A blank cell is one empty paragraph, as the JSON reader reads "" (not 0, not absent).
  Paragraph p;
  p.runs.push_back(make_run(text));
  cell.paragraphs.push_back(std::move(p));
  return cell;
}

// The label of a form row for messages: the published text of its last label cell, or the form's.
std::string row_name(const Form& form, const std::vector<std::string>& texts, int row) {
  std::string name;
  for (size_t i = 0; i < form.cells.size(); ++i) {
    const FormCell& c = form.cells[i];
    if (c.row != row || c.data) continue;
    name = texts[i].empty() ? std::string(c.text) : texts[i];
  }
  return name;
}

std::string join_fields(const Line& line, int from) {
  std::string out;
  for (size_t f = static_cast<size_t>(from); f < line.fields.size(); ++f) {
    if (line.fields[f].empty || line.fields[f].used) continue;
    if (!out.empty()) out += " | ";
    out += line.fields[f].text;
  }
  return out;
}

class FormTableBuilder {
 public:
  FormTableBuilder(std::vector<Line>& lines, const std::vector<Token>& tokens,
                   const Alignment& alignment, std::string_view source, std::string pointer,
                   std::vector<Diagnostic>& diagnostics)
      : lines_(lines),
        tokens_(tokens),
        form_(*alignment.form),
        alignment_(alignment),
        source_(source),
        pointer_(std::move(pointer)),
        diagnostics_(diagnostics),
        texts_(form_.cells.size()),
        row_filled_(static_cast<size_t>(form_.rows), false),
        last_assigned_(lines.size(), -1),
        line_row_(lines.size(), -1) {}

  Table build() {
    place_labels();
    place_values();
    report_missing_labels();
    return make_table();
  }

 private:
  void place_labels() {
    for (size_t t = 0; t < tokens_.size(); ++t) {
      const int cell = alignment_.cell_of_token[t];
      if (cell < 0) continue;
      const Token& tok = tokens_[t];
      Field& field = lines_[static_cast<size_t>(tok.line)].fields[static_cast<size_t>(tok.field)];
      texts_[static_cast<size_t>(cell)] = field.text;
      field.used = true;
      // A line's row is the row of its last label: (三) and 1. on one line → the row of 1.
      if (tok.field > last_assigned_[static_cast<size_t>(tok.line)]) {
        last_assigned_[static_cast<size_t>(tok.line)] = tok.field;
        line_row_[static_cast<size_t>(tok.line)] = form_.cells[static_cast<size_t>(cell)].row;
      }
    }
  }

  std::vector<int> data_cells_of_row(int row) const {
    std::vector<int> out;
    for (size_t i = 0; i < form_.cells.size(); ++i) {
      if (form_.cells[i].row == row && form_.cells[i].data) out.push_back(static_cast<int>(i));
    }
    return out;
  }

  void place_values() {
    int max_row = -1;
    int pending_row = -1;  // a row whose labels came without values (split from its numbers)
    for (size_t l = 0; l < lines_.size(); ++l) {
      Line& line = lines_[l];
      const int from = last_assigned_[l] + 1;
      bool has_values = false;
      for (size_t f = static_cast<size_t>(from); f < line.fields.size(); ++f) {
        if (!line.fields[f].empty && !line.fields[f].used) has_values = true;
      }
      int row = line_row_[l];
      if (row >= 0) {
        max_row = std::max(max_row, row);
        if (!has_values) {
          pending_row =
              data_cells_of_row(row).empty() || row_filled_[static_cast<size_t>(row)] ? -1 : row;
          continue;
        }
      } else {
        if (!has_values) continue;
        if (pending_row >= 0) {
          row = pending_row;
        } else {
          for (int r = max_row + 1; r < form_.rows; ++r) {
            if (!row_filled_[static_cast<size_t>(r)] && !data_cells_of_row(r).empty()) {
              row = r;
              break;
            }
          }
        }
        if (row < 0) {
          diagnostics_.push_back(warning(source_, line.number, pointer_,
                                         std::string(form_.title) + ": values \"" +
                                             join_fields(line, from) +
                                             "\" belong to no row of the form " +
                                             std::string(form_.name) + "; left out of the table"));
          continue;
        }
        max_row = std::max(max_row, row);
      }
      pending_row = -1;
      place_row_values(line, from, row);
    }
  }

  void place_row_values(Line& line, int from, int row) {
    const std::vector<int> cells = data_cells_of_row(row);
    const std::string name = row_name(form_, texts_, row);
    if (cells.empty() || row_filled_[static_cast<size_t>(row)]) {
      diagnostics_.push_back(warning(source_, line.number, pointer_,
                                     std::string(form_.title) + " " + name + ": " +
                                         (cells.empty() ? "this row holds no numbers"
                                                        : "the row's numbers were given before") +
                                         "; \"" + join_fields(line, from) +
                                         "\" left out of the table"));
      return;
    }
    row_filled_[static_cast<size_t>(row)] = true;
    auto field_at = [&line](size_t p) -> Field* {
      return p < line.fields.size() ? &line.fields[p] : nullptr;
    };
    // Positional when the values sit in the grid columns of the form's data cells and the
    // columns they cover are empty (the corpus form); else the values are taken in order.
    bool positional = from <= form_.cells[static_cast<size_t>(cells.front())].col;
    std::vector<bool> is_start(std::max(line.fields.size(), static_cast<size_t>(form_.cols)),
                               false);
    for (int c : cells)
      is_start[static_cast<size_t>(form_.cells[static_cast<size_t>(c)].col)] = true;
    for (size_t p = static_cast<size_t>(from); positional && p < line.fields.size(); ++p) {
      const Field& f = line.fields[p];
      if (!is_start[p] && !f.empty) positional = false;
      if (is_start[p] && f.used) positional = false;
    }
    if (positional) {
      for (int c : cells) {
        Field* f = field_at(static_cast<size_t>(form_.cells[static_cast<size_t>(c)].col));
        if (f == nullptr || f->empty) continue;
        texts_[static_cast<size_t>(c)] = f->text;
        f->used = true;
      }
      return;
    }
    std::vector<Field*> values;
    for (size_t p = static_cast<size_t>(from); p < line.fields.size(); ++p) {
      if (!line.fields[p].empty && !line.fields[p].used) values.push_back(&line.fields[p]);
    }
    for (size_t k = 0; k < values.size() && k < cells.size(); ++k) {
      texts_[static_cast<size_t>(cells[k])] = values[k]->text;
      values[k]->used = true;
    }
    if (values.size() < cells.size()) {
      diagnostics_.push_back(
          warning(source_, line.number, pointer_,
                  std::string(form_.title) + " " + name + ": " + std::to_string(values.size()) +
                      " values for " + std::to_string(cells.size()) +
                      " cells; placed from the left, the last cells are left empty"));
    }
  }

  void report_missing_labels() {
    const int first_line = lines_.empty() ? 0 : lines_.front().number;
    for (size_t i = 0; i < form_.cells.size(); ++i) {
      const FormCell& c = form_.cells[i];
      if (c.data || !texts_[i].empty()) continue;
      diagnostics_.push_back(warning(
          source_, first_line, pointer_,
          std::string(form_.title) + ": the label \"" + std::string(c.text) + "\" of the form " +
              std::string(form_.name) + " is not in the text; its cell is left empty"));
    }
    for (const Line& line : lines_) {
      for (const Field& f : line.fields) {
        if (f.empty || f.used) continue;
        diagnostics_.push_back(warning(source_, line.number, pointer_,
                                       std::string(form_.title) + ": \"" + f.text +
                                           "\" fits no cell of the form " +
                                           std::string(form_.name) + "; left out of the table"));
      }
    }
  }

  Table make_table() const {
    Table table;
    const bool equal = std::all_of(form_.col_widths.begin(), form_.col_widths.end(),
                                   [this](int w) { return w == form_.col_widths.front(); });
    for (int w : form_.col_widths) {
      ColumnSpec spec;
      spec.width = equal ? "1fr" : std::to_string(w) + "fr";
      table.columns.push_back(spec);
    }
    table.header_rows = form_.header_rows;
    table.header_columns = form_.header_columns;
    table.form = std::string(form_.name);
    table.rows.resize(static_cast<size_t>(form_.rows));
    for (size_t i = 0; i < form_.cells.size(); ++i) {
      const FormCell& c = form_.cells[i];
      TableCell cell = text_cell(texts_[i], c.rowspan, c.colspan);
      cell.header = c.row < form_.header_rows || c.col < form_.header_columns;
      table.rows[static_cast<size_t>(c.row)].cells.push_back(std::move(cell));
    }
    return table;
  }

  std::vector<Line>& lines_;
  const std::vector<Token>& tokens_;
  const Form& form_;
  const Alignment& alignment_;
  std::string_view source_;
  std::string pointer_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<std::string> texts_;  // per form cell
  std::vector<bool> row_filled_;
  std::vector<int> last_assigned_;  // per line: field index of its last label placed, -1 if none
  std::vector<int> line_row_;       // per line: form row of that label
};

Table plain_grid(const std::vector<Line>& lines) {
  size_t width = 1;
  for (const Line& line : lines) {
    size_t used = line.fields.size();
    // Trailing empty fields are tab padding, not columns.
    while (used > 1 && line.fields[used - 1].empty) --used;
    width = std::max(width, used);
  }
  Table table;
  table.columns.resize(width);
  for (const Line& line : lines) {
    TableRow row;
    for (size_t c = 0; c < width; ++c) {
      row.cells.push_back(text_cell(c < line.fields.size() ? line.fields[c].text : "", 1, 1));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace

Run make_run(std::string text) {
  Run run;
  run.text = std::move(text);
  return run;
}

Table import_table(const std::vector<SourceLine>& source_lines, std::string_view source_name,
                   const std::string& pointer, std::vector<Diagnostic>& diagnostics) {
  std::vector<Line> lines = split_lines(source_lines);
  std::vector<Token> tokens;
  for (size_t l = 0; l < lines.size(); ++l) {
    for (size_t f = 0; f < lines[l].fields.size(); ++f) {
      const Field& field = lines[l].fields[f];
      if (field.empty || field.value) continue;
      tokens.push_back({static_cast<int>(l), static_cast<int>(f), fold(field.text)});
    }
  }
  std::optional<Alignment> best;
  if (lines.size() <= kMaxFormLines && !tokens.empty()) {
    for (const Form& form : all_forms()) {
      Alignment a = align(tokens, form);
      int form_labels = 0;
      for (const FormCell& c : form.cells) form_labels += c.data ? 0 : 1;
      if (a.matched < kMinFormMatch * form_labels) continue;
      if (!best || a.cost < best->cost) best = std::move(a);
    }
  }
  if (best) {
    FormTableBuilder builder(lines, tokens, *best, source_name, pointer, diagnostics);
    return builder.build();
  }
  const int first = lines.empty() ? 0 : lines.front().number;
  diagnostics.push_back(
      warning(source_name, first, pointer,
              "the table of lines " + std::to_string(first) + "–" +
                  std::to_string(lines.empty() ? 0 : lines.back().number) +
                  " matches no known form; imported as a plain grid without merged cells"));
  return plain_grid(lines);
}

}  // namespace paiban::import
