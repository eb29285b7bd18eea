// Every field of a report, defaults included, one per line: two reports are equal exactly when
// their dumps are, and a failing comparison shows which field differs.
#pragma once

#include <string>
#include <variant>

#include "paiban/model.h"

namespace paiban::test {

inline std::string dump_flag(const std::optional<bool>& flag) {
  return flag ? (*flag ? "true" : "false") : "unset";
}

inline std::string dump_runs(const std::vector<Run>& runs, const std::string& indent) {
  std::string out;
  for (const Run& r : runs) {
    out += indent + "run text=[" + r.text + "] bold=" + dump_flag(r.bold) +
           " italic=" + dump_flag(r.italic) + " underline=" + dump_flag(r.underline) +
           " font=" + std::to_string(static_cast<int>(r.font)) + " size=[" + r.size + "]\n";
  }
  return out;
}

inline std::string dump_paragraph(const Paragraph& p, const std::string& indent) {
  return indent + "paragraph align=" + std::to_string(static_cast<int>(p.align)) +
         " indent=" + dump_flag(p.first_line_indent) + " runs=" + std::to_string(p.runs.size()) +
         "\n" + dump_runs(p.runs, indent + "  ");
}

inline std::string dump_block(const Block& block) {
  std::string out;
  if (const auto* h = std::get_if<Heading>(&block)) {
    out += "heading level=" + std::to_string(h->level) +
           " numbering=" + std::to_string(static_cast<int>(h->numbering)) + " number=[" +
           h->number + "] runs=" + std::to_string(h->runs.size()) + "\n" + dump_runs(h->runs, "  ");
    if (h->run_in_body) out += "  run_in:\n" + dump_paragraph(*h->run_in_body, "    ");
  } else if (const auto* p = std::get_if<Paragraph>(&block)) {
    out += dump_paragraph(*p, "");
  } else if (const auto* t = std::get_if<Table>(&block)) {
    out += "table caption=[" + t->caption + "] note=[" + t->note + "] form=[" + t->form +
           "] header_rows=" + std::to_string(t->header_rows) +
           " header_columns=" + std::to_string(t->header_columns) + "\n";
    for (const ColumnSpec& c : t->columns) {
      out += "  column width=[" + c.width + "] align=" + std::to_string(static_cast<int>(c.align)) +
             "\n";
    }
    for (const TableRow& row : t->rows) {
      out += "  row cells=" + std::to_string(row.cells.size()) + "\n";
      for (const TableCell& c : row.cells) {
        out += "    cell rowspan=" + std::to_string(c.rowspan) +
               " colspan=" + std::to_string(c.colspan) +
               " align=" + std::to_string(static_cast<int>(c.align)) +
               " valign=" + std::to_string(static_cast<int>(c.valign)) +
               " header=" + (c.header ? "true" : "false") +
               " paragraphs=" + std::to_string(c.paragraphs.size()) + "\n";
        for (const Paragraph& p : c.paragraphs) out += dump_paragraph(p, "      ");
      }
    }
  } else if (std::holds_alternative<PageBreak>(block)) {
    out += "page_break\n";
  } else if (const auto* s = std::get_if<Signature>(&block)) {
    out += "signature organisation=[" + s->organisation + "] date=[" + s->date + "]\n";
  } else if (const auto* s = std::get_if<Spacer>(&block)) {
    out += "spacer height=[" + s->height + "]\n";
  }
  return out;
}

inline std::string dump_report(const Report& report) {
  const Metadata& m = report.metadata;
  std::string out = "title=[" + m.title + "] subtitle=[" + m.subtitle + "] organisation=[" +
                    m.organisation + "] date=[" + m.date + "] doc_number=[" + m.doc_number +
                    "] language=[" + m.language + "] keywords=";
  for (const std::string& k : m.keywords) out += "[" + k + "]";
  out += "\nstyle=[" + report.style.name + "]";
  for (const auto& [key, value] : report.style.overrides) out += " [" + key + "]=[" + value + "]";
  out += std::string("\nshow_title=") + (report.show_title ? "true" : "false") + "\n";
  for (const Block& block : report.body) out += dump_block(block);
  if (const auto& g = report.gongwen) {
    out += "gongwen kind=" + std::to_string(static_cast<int>(g->kind)) + " copy=[" +
           g->copy_number + "] classification=[" + g->classification + "★" + g->secrecy_period +
           "] urgency=[" + g->urgency + "] mark=[" + g->mark + "] number=[" + g->doc_number +
           "] to=[" + g->addressees + "] date=[" + g->date + "] note=[" + g->note + "]\n";
    for (const auto& a : g->authorities) out += "  authority [" + a + "]\n";
    for (const auto& a : g->signers) out += "  signer [" + a + "]\n";
    for (const auto& a : g->attachment_note) out += "  attachment note [" + a + "]\n";
    for (const auto& s : g->signatures) {
      out += "  signature [" + s.name + "]";
      if (s.seal) out += " seal [" + s.seal->image + "] [" + s.seal->diameter + "]";
      out += "\n";
    }
    for (const auto& a : g->attachments) {
      out += "  attachment [" + a.title + "]\n";
      for (const Block& block : a.body) out += "    " + dump_block(block);
    }
    out += "  minutes [" + g->present + "] [" + g->absent + "] [" + g->attending + "]\n";
    if (g->record) {
      out += "  record [" + g->record->copies_to + "] [" + g->record->printer + "] [" +
             g->record->print_date + "]\n";
    }
  }
  return out;
}

}  // namespace paiban::test
