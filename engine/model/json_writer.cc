// Report model → JSON, in the form docs/report-format.md describes under "Canonical form":
// fixed key order, only values that differ from their defaults, shorthands where they apply,
// and arrays or objects on one line when they fit in 100 columns (so a table row is one line).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "enum_names.h"
#include "json_io.h"
#include "utf8.h"

namespace paiban::json {
namespace {

// Insertion-ordered, so the key order is the order the writer adds keys in.
using Ordered = nlohmann::ordered_json;

constexpr std::size_t kLineWidth = 100;

// One run carrying only text: what "text" (and a string cell) stands for.
bool is_plain(const std::vector<Run>& runs) {
  if (runs.size() != 1) return false;
  const Run& r = runs[0];
  return !r.bold && !r.italic && !r.underline && r.font == FontRole::kInherit && r.size.empty();
}

bool is_plain(const Paragraph& p) {
  return p.align == HAlign::kInherit && !p.first_line_indent && is_plain(p.runs);
}

Ordered write_run(const Run& run) {
  Ordered j = Ordered::object();
  j["text"] = run.text;
  if (run.bold) j["bold"] = *run.bold;
  if (run.italic) j["italic"] = *run.italic;
  if (run.underline) j["underline"] = *run.underline;
  if (run.font != FontRole::kInherit) j["font"] = name_of(run.font);
  if (!run.size.empty()) j["size"] = run.size;
  return j;
}

Ordered write_runs(const std::vector<Run>& runs) {
  Ordered j = Ordered::array();
  for (const Run& run : runs) j.push_back(write_run(run));
  return j;
}

// "text" when the runs are one plain run, else "runs".
void write_text_or_runs(Ordered& j, const std::vector<Run>& runs) {
  if (is_plain(runs)) {
    j["text"] = runs[0].text;
  } else {
    j["runs"] = write_runs(runs);
  }
}

// The keys of a paragraph after "type": the text, then align and indent.
void write_paragraph_body(Ordered& j, const Paragraph& p) {
  write_text_or_runs(j, p.runs);
  if (p.align != HAlign::kInherit) j["align"] = name_of(p.align);
  if (p.first_line_indent) j["indent"] = *p.first_line_indent;
}

Ordered write_cell(const TableCell& cell) {
  const bool plain_text = cell.paragraphs.size() == 1 && is_plain(cell.paragraphs[0]);
  if (plain_text && cell.rowspan == 1 && cell.colspan == 1 && cell.align == HAlign::kInherit &&
      cell.valign == VAlign::kInherit) {
    return cell.paragraphs[0].runs[0].text;
  }
  Ordered j = Ordered::object();
  if (plain_text) {
    j["text"] = cell.paragraphs[0].runs[0].text;
  } else if (!cell.paragraphs.empty()) {
    Ordered paragraphs = Ordered::array();
    for (const Paragraph& p : cell.paragraphs) {
      if (is_plain(p)) {
        paragraphs.push_back(p.runs[0].text);
      } else {
        Ordered pj = Ordered::object();
        write_paragraph_body(pj, p);
        paragraphs.push_back(std::move(pj));
      }
    }
    j["paragraphs"] = std::move(paragraphs);
  }
  if (cell.rowspan != 1) j["rowspan"] = cell.rowspan;
  if (cell.colspan != 1) j["colspan"] = cell.colspan;
  if (cell.align != HAlign::kInherit) j["align"] = name_of(cell.align);
  if (cell.valign != VAlign::kInherit) j["valign"] = name_of(cell.valign);
  return j;
}

Ordered write_table(const Table& t) {
  Ordered j = Ordered::object();
  j["type"] = "table";
  if (!t.form.empty()) j["form"] = t.form;
  if (!t.caption.empty()) j["caption"] = t.caption;
  if (t.header_rows != 0) j["header_rows"] = t.header_rows;
  if (t.header_columns != 0) j["header_columns"] = t.header_columns;
  const bool all_default = std::all_of(t.columns.begin(), t.columns.end(), [](const ColumnSpec& c) {
    return c.width.empty() && c.align == HAlign::kInherit;
  });
  if (all_default) {
    j["columns"] = t.columns.size();
  } else {
    Ordered columns = Ordered::array();
    for (const ColumnSpec& c : t.columns) {
      Ordered cj = Ordered::object();
      if (!c.width.empty()) cj["width"] = c.width;
      if (c.align != HAlign::kInherit) cj["align"] = name_of(c.align);
      columns.push_back(std::move(cj));
    }
    j["columns"] = std::move(columns);
  }
  Ordered rows = Ordered::array();
  for (const TableRow& row : t.rows) {
    Ordered cells = Ordered::array();
    for (const TableCell& cell : row.cells) cells.push_back(write_cell(cell));
    Ordered rj = Ordered::object();
    rj["cells"] = std::move(cells);
    rows.push_back(std::move(rj));
  }
  j["rows"] = std::move(rows);
  if (!t.note.empty()) j["note"] = t.note;
  return j;
}

Ordered write_block(const Block& block) {
  Ordered j = Ordered::object();
  if (const auto* h = std::get_if<Heading>(&block)) {
    j["type"] = "heading";
    j["level"] = h->level;
    write_text_or_runs(j, h->runs);
    if (h->numbering == Numbering::kExplicit) j["number"] = h->number;
    if (h->numbering == Numbering::kNone) j["numbering"] = "none";
    // The run-in paragraph continues the heading's line, so only its runs are kept: an
    // alignment or indent of its own would have nothing to apply to.
    if (h->run_in_body) {
      const std::vector<Run>& runs = h->run_in_body->runs;
      if (is_plain(runs)) {
        j["run_in"] = runs[0].text;
      } else {
        j["run_in"] = write_runs(runs);
      }
    }
  } else if (const auto* p = std::get_if<Paragraph>(&block)) {
    j["type"] = "paragraph";
    write_paragraph_body(j, *p);
  } else if (const auto* t = std::get_if<Table>(&block)) {
    j = write_table(*t);
  } else if (std::holds_alternative<PageBreak>(block)) {
    j["type"] = "page_break";
  } else if (const auto* s = std::get_if<Signature>(&block)) {
    j["type"] = "signature";
    if (!s->organisation.empty()) j["organisation"] = s->organisation;
    if (!s->date.empty()) j["date"] = s->date;
  } else if (const auto* s = std::get_if<Spacer>(&block)) {
    j["type"] = "spacer";
    if (s->height != Spacer{}.height) j["height"] = s->height;
  }
  return j;
}

Ordered write_metadata(const Metadata& m) {
  const Metadata defaults;
  Ordered j = Ordered::object();
  j["title"] = m.title;
  if (!m.subtitle.empty()) j["subtitle"] = m.subtitle;
  if (!m.organisation.empty()) j["organisation"] = m.organisation;
  if (!m.date.empty()) j["date"] = m.date;
  if (!m.doc_number.empty()) j["doc_number"] = m.doc_number;
  if (!m.keywords.empty()) j["keywords"] = m.keywords;
  if (m.language != defaults.language) j["language"] = m.language;
  return j;
}

// The 公文 object in the reader's key order; empty values are left out.
Ordered write_gongwen(const Gongwen& g) {
  Ordered j = Ordered::object();
  j["kind"] = std::string(name_of(g.kind));
  auto text = [](Ordered& o, const char* key, const std::string& v) {
    if (!v.empty()) o[key] = v;
  };
  auto list = [](Ordered& o, const char* key, const std::vector<std::string>& v) {
    if (!v.empty()) o[key] = v;
  };
  text(j, "copy_number", g.copy_number);
  text(j, "classification", g.classification);
  text(j, "secrecy_period", g.secrecy_period);
  text(j, "urgency", g.urgency);
  list(j, "authorities", g.authorities);
  text(j, "mark", g.mark);
  text(j, "doc_number", g.doc_number);
  list(j, "signers", g.signers);
  text(j, "addressees", g.addressees);
  list(j, "attachment_note", g.attachment_note);
  if (!g.signatures.empty()) {
    Ordered a = Ordered::array();
    for (const GongwenSignature& s : g.signatures) {
      Ordered o = Ordered::object();
      o["name"] = s.name;
      if (s.seal) {
        Ordered seal = Ordered::object();
        seal["image"] = s.seal->image;
        if (s.seal->diameter != Seal{}.diameter) seal["diameter"] = s.seal->diameter;
        o["seal"] = std::move(seal);
      }
      a.push_back(std::move(o));
    }
    j["signatures"] = std::move(a);
  }
  text(j, "date", g.date);
  text(j, "note", g.note);
  if (!g.attachments.empty()) {
    Ordered a = Ordered::array();
    for (const Attachment& at : g.attachments) {
      Ordered o = Ordered::object();
      o["title"] = at.title;
      Ordered body = Ordered::array();
      for (const Block& b : at.body) body.push_back(write_block(b));
      o["body"] = std::move(body);
      a.push_back(std::move(o));
    }
    j["attachments"] = std::move(a);
  }
  if (!g.present.empty() || !g.absent.empty() || !g.attending.empty()) {
    Ordered m = Ordered::object();
    text(m, "present", g.present);
    text(m, "absent", g.absent);
    text(m, "attending", g.attending);
    j["minutes"] = std::move(m);
  }
  if (g.record) {
    Ordered r = Ordered::object();
    text(r, "copies_to", g.record->copies_to);
    text(r, "printer", g.record->printer);
    text(r, "print_date", g.record->print_date);
    j["record"] = std::move(r);
  }
  return j;
}

std::string scalar_text(const Ordered& j) {
  // Invalid UTF-8 in a model built by code is replaced (U+FFFD) rather than thrown on.
  return j.dump(-1, ' ', false, Ordered::error_handler_t::replace);
}

// The value on one line, with ", " and ": " separators.
std::string compact(const Ordered& j) {
  if (j.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < j.size(); ++i) out += (i ? ", " : "") + compact(j[i]);
    return out + "]";
  }
  if (j.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, value] : j.items()) {
      out += (first ? "" : ", ") + scalar_text(Ordered(key)) + ": " + compact(value);
      first = false;
    }
    return out + "}";
  }
  return scalar_text(j);
}

// Writes `j` whose first character goes at display column `column`, in a block indented by
// `indent` spaces. A container goes on one line when it fits before kLineWidth, else one
// member per line.
void print(const Ordered& j, std::size_t indent, std::size_t column, bool force_break,
           std::string& out) {
  if (!j.is_structured() || j.empty()) {
    out += compact(j);
    return;
  }
  if (!force_break) {
    const std::string line = compact(j);
    // +1 for the comma that may follow.
    if (column + display_width(line) + 1 <= kLineWidth) {
      out += line;
      return;
    }
  }
  const std::string inner(indent + 2, ' ');
  out += j.is_array() ? "[\n" : "{\n";
  std::size_t i = 0;
  for (const auto& [key, value] : j.items()) {
    out += inner;
    std::size_t value_column = indent + 2;
    if (j.is_object()) {
      const std::string k = scalar_text(Ordered(key)) + ": ";
      out += k;
      value_column += display_width(k);
    }
    print(value, indent + 2, value_column, false, out);
    out += ++i < j.size() ? ",\n" : "\n";
  }
  out += std::string(indent, ' ');
  out += j.is_array() ? "]" : "}";
}

}  // namespace

std::string write_report(const Report& report) {
  Ordered j = Ordered::object();
  j["metadata"] = write_metadata(report.metadata);
  const StyleRef default_style;
  if (!report.style.overrides.empty()) {
    Ordered style = Ordered::object();
    style["name"] = report.style.name;
    Ordered overrides = Ordered::object();
    for (const auto& [key, value] : report.style.overrides) overrides[key] = value;  // sorted
    style["overrides"] = std::move(overrides);
    j["style"] = std::move(style);
  } else if (report.style.name != default_style.name) {
    j["style"] = report.style.name;
  }
  if (!report.show_title) j["show_title"] = false;
  if (report.gongwen) j["gongwen"] = write_gongwen(*report.gongwen);

  // The body is printed one block at a time, as print() would print it whole: only one block's
  // JSON tree exists at a time, so writing an imported archive of many megabytes costs the text
  // it produces, not a tree of the whole report besides (issue #15).
  std::string out = "{\n";
  for (const auto& [key, value] : j.items()) {
    const std::string k = scalar_text(Ordered(key)) + ": ";
    out += "  " + k;
    print(value, 2, 2 + display_width(k), false, out);
    out += ",\n";
  }
  const std::string body_key = scalar_text(Ordered("body")) + ": ";
  out += "  " + body_key;
  const std::size_t column = 2 + display_width(body_key);
  // On one line when it fits (with room for a comma, as print() counts); stop trying as soon
  // as the part built is already too wide.
  std::string line = "[";
  bool fits = true;
  for (std::size_t i = 0; i < report.body.size() && fits; ++i) {
    line += (i ? ", " : "") + compact(write_block(report.body[i]));
    fits = column + display_width(line) + 2 <= kLineWidth;
  }
  line += "]";
  if (report.body.empty() || (fits && column + display_width(line) + 1 <= kLineWidth)) {
    out += line;
  } else {
    line.clear();
    out += "[\n";
    for (std::size_t i = 0; i < report.body.size(); ++i) {
      out += "    ";
      print(write_block(report.body[i]), 4, 4, false, out);
      out += i + 1 < report.body.size() ? ",\n" : "\n";
    }
    out += "  ]";
  }
  out += "\n}\n";
  return out;
}

}  // namespace paiban::json
