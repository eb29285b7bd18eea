// Stable text dumps of the resolved document (`paiban dump --stage resolved|grid`): one line per
// fact, numbers with fixed precision, no addresses, so goldens compare across machines.
#include <charconv>
#include <cstdio>
#include <string>
#include <variant>

#include "enum_names.h"
#include "resolve/resolved.h"

namespace paiban::resolve {

namespace {

// Two decimals, locale independent (std::to_chars never uses the process locale).
std::string num(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

const char* role_name(TextRole role) {
  switch (role) {
    case TextRole::kTitle:
      return "title";
    case TextRole::kSubtitle:
      return "subtitle";
    case TextRole::kBody:
      return "body";
    case TextRole::kHeading1:
      return "heading1";
    case TextRole::kHeading2:
      return "heading2";
    case TextRole::kHeading3:
      return "heading3";
    case TextRole::kHeading4:
      return "heading4";
    case TextRole::kSignature:
      return "signature";
    case TextRole::kTableCell:
      return "table_cell";
    case TextRole::kTableHeader:
      return "table_header";
    case TextRole::kCaption:
      return "caption";
    case TextRole::kNote:
      return "note";
  }
  return "?";
}

// The model's own names (enum_names.h), as the JSON format spells them.
std::string font_name(FontRole role) { return std::string(name_of(role)); }
std::string align_name(HAlign a) { return std::string(name_of(a)); }
std::string valign_name(VAlign a) { return std::string(name_of(a)); }

// Text in double quotes, with the quote, backslash and control characters escaped.
std::string quote_text(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void paragraph(std::string& out, const ResolvedParagraph& p, const std::string& indent) {
  out += indent + "paragraph " + role_name(p.role) + " at " + p.where + ": align " +
         align_name(p.align) + ", indent " + num(p.first_indent_em) + " em of " +
         num(p.first_indent_size_pt) + " pt, pitch " + num(p.line_pitch_pt) + " pt, space " +
         num(p.space_before_pt) + "/" + num(p.space_after_pt) + " pt" +
         (p.keep_with_next ? ", keep with next" : "");
  if (p.outline_level > 0) out += ", outline " + std::to_string(p.outline_level);
  if (p.run_in) out += ", run-in heading of " + std::to_string(p.heading_runs) + " runs";
  if (p.left_indent_em != 0) out += ", left indent " + num(p.left_indent_em) + " em";
  out += '\n';
  for (const ResolvedRun& r : p.runs) {
    out += indent + "  run " + font_name(r.role) + " " + num(r.size_pt) + " pt" +
           (r.bold ? " bold" : "") + (r.italic ? " italic" : "") +
           (r.underline ? " underline" : "") + " " + quote_text(r.text) + '\n';
  }
}

}  // namespace

std::string dump_resolved(const ResolvedDocument& doc) {
  std::string out = "document: style " + doc.style.name + ", text area " +
                    num(doc.text_width_pt) + " × " + num(doc.text_height_pt) + " pt, " +
                    std::to_string(doc.blocks.size()) + " blocks\n";
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    out += "[" + std::to_string(b) + "] ";
    std::visit(
        [&](const auto& block) {
          using T = std::decay_t<decltype(block)>;
          if constexpr (std::is_same_v<T, ResolvedTitle>) {
            out += "title of " + std::to_string(block.lines.size()) + " lines" +
                   (block.subtitle ? " and a subtitle" : "") + '\n';
            for (const ResolvedParagraph& p : block.lines) paragraph(out, p, "  ");
            if (block.subtitle) paragraph(out, *block.subtitle, "  ");
          } else if constexpr (std::is_same_v<T, ResolvedParagraph>) {
            out += '\n';
            paragraph(out, block, "  ");
          } else if constexpr (std::is_same_v<T, ResolvedTable>) {
            out += "table " + std::to_string(block.index + 1) + " at " + block.where + ": " +
                   std::to_string(block.grid.rows) + " rows × " +
                   std::to_string(block.grid.cols) + " columns, " +
                   std::to_string(block.header_rows) + " header rows\n";
          } else if constexpr (std::is_same_v<T, ResolvedPageBreak>) {
            out += "page break at " + block.where + '\n';
          } else if constexpr (std::is_same_v<T, ResolvedSignature>) {
            out += "signature at " + block.where + ", space before " +
                   num(block.space_before_pt) + " pt\n";
            for (const ResolvedSignature::Line& l : block.lines) {
              out += "  line right indent " + num(l.right_indent_em) + " em " + quote_text(l.text) +
                     '\n';
            }
          } else if constexpr (std::is_same_v<T, ResolvedSpace>) {
            out += "space at " + block.where + ": " + num(block.height_pt) + " pt\n";
          } else if constexpr (std::is_same_v<T, ResolvedSealedSignature>) {
            out += "sealed signature at " + block.where + ", date " + num(block.date_right_em) +
                   " em in " + quote_text(block.date) +
                   (block.signature_seal ? ", signer's title and signature seal" : "") + '\n';
            for (size_t i = 0; i < block.names.size(); ++i) {
              const ResolvedSeal& seal = block.seals[i];
              out += "  name " + quote_text(block.names[i]);
              if (!seal.image.empty()) {
                out += ", seal " + num(seal.diameter_pt) + " pt (" +
                       std::to_string(seal.image.size()) + " bytes)";
              }
              out += '\n';
            }
          } else {
            static_assert(sizeof(T) == 0, "a resolved block type is not dumped");
          }
        },
        doc.blocks[b]);
  }
  if (doc.gongwen) {
    const ResolvedMasthead& m = doc.gongwen->masthead;
    static const char* const kFormats[] = {"document", "letter", "order", "minutes"};
    out += std::string("gongwen: format ") + kFormats[static_cast<int>(m.format)] +
           (m.upward ? ", upward" : "") + ", number " + quote_text(m.doc_number) + '\n';
    for (const ResolvedParagraph& p : m.head) paragraph(out, p, "  head ");
    for (const std::string& n : m.mark_names) out += "  mark " + quote_text(n) + '\n';
    if (!m.mark_suffix.empty()) out += "  mark suffix " + quote_text(m.mark_suffix) + '\n';
    for (const ResolvedParagraph& p : m.signer_lines) paragraph(out, p, "  signer ");
    if (const auto& r = doc.gongwen->record) {
      out += std::string("  record") + (r->rules ? " with rules" : "") + '\n';
      if (r->copies_to) paragraph(out, *r->copies_to, "  record ");
      out += "  record printer " + quote_text(r->printer) + ", " + quote_text(r->print_date) + '\n';
    }
  }
  return out;
}

std::string dump_grids(const ResolvedDocument& doc) {
  std::string out;
  for (const ResolvedBlock& block : doc.blocks) {
    const auto* t = std::get_if<ResolvedTable>(&block);
    if (t == nullptr) continue;
    out += "table " + std::to_string(t->index + 1) + " at " + t->where + ": " +
           std::to_string(t->grid.rows) + " × " + std::to_string(t->grid.cols) + "\n  columns:";
    static const char* const kKinds[] = {"auto", "fixed", "percent", "fraction"};
    for (const ResolvedColumn& c : t->columns) {
      out += std::string(" ") + kKinds[c.kind];
      if (c.kind != ResolvedColumn::kAuto) out += "(" + num(c.value) + ")";
    }
    out += '\n';
    for (size_t i = 0; i < t->grid.cells.size(); ++i) {
      const GridCell& gc = t->grid.cells[i];
      const ResolvedCell& cell = t->cells[i];
      std::string text;
      for (const ResolvedParagraph& p : cell.paragraphs) {
        if (!text.empty()) text += '\n';
        for (const ResolvedRun& r : p.runs) text += r.text;
      }
      out += "  r" + std::to_string(gc.row) + "c" + std::to_string(gc.col) + " span " +
             std::to_string(gc.rowspan) + "×" + std::to_string(gc.colspan) + " " +
             std::string(name_of(gc.kind)) + " " + align_name(cell.align) + "/" +
             valign_name(cell.valign) + (gc.cell == nullptr ? " filler" : "") + " " +
             quote_text(text) + '\n';
    }
  }
  return out;
}

}  // namespace paiban::resolve
