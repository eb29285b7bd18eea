// word/document.xml: the body (ECMA-376 Part 1 §17.2–17.4) and its section properties (§17.6).
#include <algorithm>
#include "paiban_assert.h"
#include <cmath>
#include <span>
#include <variant>

#include "docx/ooxml.h"
#include "docx/parts.h"
#include "table_grid.h"
#include "utf8.h"

namespace paiban::docx::detail {

namespace {

const char* valign_value(VAlign v) {
  switch (v) {
    case VAlign::kTop:
      return "top";
    case VAlign::kBottom:
      return "bottom";
    default:
      return "center";  // kMiddle, and kInherit as the PDF's table layout does
  }
}

const char* style_id(resolve::TextRole role) {
  switch (role) {
    case resolve::TextRole::kTitle:
      return "Title";
    case resolve::TextRole::kSubtitle:
      return "Subtitle";
    case resolve::TextRole::kBody:
      return "";  // Normal, the default paragraph style
    case resolve::TextRole::kHeading1:
      return "Heading1";
    case resolve::TextRole::kHeading2:
      return "Heading2";
    case resolve::TextRole::kHeading3:
      return "Heading3";
    case resolve::TextRole::kHeading4:
      return "Heading4";
    case resolve::TextRole::kSignature:
      return "Signature";
    case resolve::TextRole::kTableCell:
      return "TableText";
    case resolve::TextRole::kTableHeader:
      return "TableHeader";
    case resolve::TextRole::kCaption:
      return "Caption";
    case resolve::TextRole::kNote:
      return "TableNote";
  }
  return "";
}

class BodyWriter {
 public:
  BodyWriter(const resolve::ResolvedDocument& doc, const std::vector<resolve::TableSize>& tables,
             const PackagePlan& plan, const resolve::FlowFacts* flow,
             std::vector<Diagnostic>& diagnostics, pugi::xml_node body)
      : doc_(doc),
        style_(doc.style),
        tables_(tables),
        plan_(plan),
        flow_(flow),
        diagnostics_(diagnostics),
        body_(body),
        page_(page_geometry(doc.style)) {}

  void write() {
    using Start = resolve::GongwenPages::Start;
    const resolve::GongwenPages& pages = plan_.record_pages;
    // GB/T 9704 §7.5: the 版记 page carries no number. It is the document's first page: one
    // section, without numbers.
    unnumbered_ = plan_.plain_footer && pages.record_page == 0;
    if (doc_.gongwen) write_masthead();
    const auto& blocks = doc_.blocks;
    for (size_t b = 0; b < blocks.size(); ++b) {
      if (plan_.plain_footer && !unnumbered_ && pages.block == b) {
        // The PDF's 版记 page begins with this block: the numbered section ends before it.
        if (pages.start == Start::kBlock && body_.first_child()) {
          // A page break just before (an attachment's) is the section break's own work: in Word
          // the two would make a blank page.
          pugi::xml_node last = body_.last_child();
          if (b > 0 && std::holds_alternative<resolve::ResolvedPageBreak>(blocks[b - 1]) &&
              std::string_view(last.name()) == "w:p") {
            for (pugi::xml_node r = last.child("w:r"); r; r = r.next_sibling("w:r")) {
              if (r.child("w:br")) {
                last.remove_child(r);
                break;
              }
            }
          }
          end_section(false);
          unnumbered_ = true;
        } else if (pages.start == Start::kInParagraph) {
          const auto* para = std::get_if<resolve::ResolvedParagraph>(&blocks[b]);
          if (para != nullptr && split_paragraph(*para, pages.byte, spread_lines(b))) continue;
        }
      }
      std::visit(
          [&](const auto& block) {
            using T = std::decay_t<decltype(block)>;
            if constexpr (std::is_same_v<T, resolve::ResolvedTitle>) {
              write_title(block);
            } else if constexpr (std::is_same_v<T, resolve::ResolvedParagraph>) {
              write_paragraph(block, spread_lines(b), nullptr, false, closer_twips(b));
            } else if constexpr (std::is_same_v<T, resolve::ResolvedTable>) {
              const resolve::TableSize* size = size_for(b);
              const bool landscape = size != nullptr && size->landscape;
              // GB/T 9704 §8: a table too wide for the portrait page gets a landscape section
              // of its own; the section before it ends here.
              if (landscape && body_.first_child()) end_section(false);
              write_table(block, b);
              if (landscape) {
                landscape_last_ = b + 1 == blocks.size();
                if (!landscape_last_) end_section(true);
              }
              // Word joins two tables with nothing between them, and a body should not end in
              // a table: a table without a note gets a paragraph after it in both cases.
              const bool next_is_table =
                  b + 1 < blocks.size() &&
                  std::holds_alternative<resolve::ResolvedTable>(blocks[b + 1]);
              if (block.note.empty() && (next_is_table || b + 1 == blocks.size())) {
                write_filler_paragraph(next_is_table ? 0 : 20);
              }
            } else if constexpr (std::is_same_v<T, resolve::ResolvedPageBreak>) {
              write_page_break();
            } else if constexpr (std::is_same_v<T, resolve::ResolvedSignature>) {
              write_signature(block);
            } else if constexpr (std::is_same_v<T, resolve::ResolvedSpace>) {
              write_spacer(block);
            } else if constexpr (std::is_same_v<T, resolve::ResolvedSealedSignature>) {
              write_sealed_signature(block);
            } else {
              static_assert(sizeof(T) == 0, "a resolved block type is not written");
            }
          },
          blocks[b]);
    }
    if (doc_.gongwen && doc_.gongwen->record) {
      if (plan_.plain_footer && !unnumbered_ && pages.start == Start::kRecord &&
          body_.first_child()) {
        // §7.4: the PDF set the 版记 on a page of its own, even, after `blank_pages` blank
        // pages: a new section (a next-page break), blank pages by page breaks in it, all
        // without a number.
        end_section(false);
        unnumbered_ = true;
        // LibreOffice (7.4) applies a section's page style to its first paragraph: a section
        // that begins with the floating 版记 table keeps the previous page style, and its
        // numbers. A one-point paragraph begins it. A blank page is that paragraph alone, the
        // next one-point paragraph starting a page (w:pageBreakBefore: LibreOffice merges a
        // w:br page break at a section's start with the section's own break).
        write_filler_paragraph(20);
        for (size_t i = 0; i < pages.blank_pages; ++i) {
          ParaFormat pf;
          pf.before_twips = 0;
          pf.after_twips = 0;
          pf.line = 20;
          pf.line_exact = true;
          pf.page_break_before = true;
          new_paragraph(pf);
        }
      }
      write_record(*doc_.gongwen->record);
    }
    // A body needs a paragraph for Word to open it (an empty report still gives a document).
    if (!body_.first_child()) write_filler_paragraph(0);
    fill_section(add(body_, "w:sectPr"), landscape_last_);
  }

 private:
  pugi::xml_node new_paragraph(const ParaFormat& format) {
    pugi::xml_node p = add(body_, "w:p");
    pugi::xml_node ppr = add(p, "w:pPr");
    write_para_format(ppr, format);
    if (!ppr.first_child()) p.remove_child(ppr);
    return p;
  }

  static RunFormat hint_only(std::string_view text) {
    RunFormat f;
    f.east_asian_hint = needs_east_asian_hint(text);
    return f;
  }

  // What a run sets itself, relative to its paragraph style.
  static RunFormat own_format(const resolve::ResolvedRun& r) {
    RunFormat f;
    if (r.own.role) f.role = r.role;
    f.bold = r.own.bold;
    f.italic = r.own.italic;
    f.underline = r.own.underline;
    if (r.own.size) f.size_pt = r.size_pt;
    f.east_asian_hint = needs_east_asian_hint(r.text);
    return f;
  }

  // How much closer the PDF drew block `b`'s lines (resolve::FlowFacts::closer); 0: not.
  int closer_twips(size_t b) const {
    if (flow_ == nullptr) return 0;
    for (const resolve::CloserBlock& c : flow_->closer) {
      if (c.block == b) return c.closer_twips;
    }
    return 0;
  }

  // The lines of block `b` that the PDF ended early (resolve::FlowFacts::spread), in order; none
  // without the layout's facts.
  std::span<const resolve::SpreadLine> spread_lines(size_t b) const {
    if (flow_ == nullptr) return {};
    const std::vector<resolve::SpreadLine>& all = flow_->spread;
    auto by_block = [](const resolve::SpreadLine& l, size_t block) { return l.block < block; };
    const auto first = std::lower_bound(all.begin(), all.end(), b, by_block);
    auto last = first;
    while (last != all.end() && last->block == b) ++last;
    return {first, last};
  }

  // The extra character spacing at each byte of a paragraph's text, read front to back: the
  // spacing of the spread line holding it, else 0.
  class Spread {
   public:
    explicit Spread(std::span<const resolve::SpreadLine> lines) : lines_(lines) {}
    int at(size_t byte) {
      while (next_ < lines_.size() && lines_[next_].end <= byte) ++next_;
      return next_ < lines_.size() && lines_[next_].begin <= byte ? lines_[next_].spacing_twips
                                                                    : 0;
    }

   private:
    std::span<const resolve::SpreadLine> lines_;
    size_t next_ = 0;
  };

  // A paragraph's runs: the run-in heading's first (`heading` = their format, the heading style
  // as run properties), then the rest with only what each run sets itself. The marks the PDF sets
  // in half an em (adjacent marks under quanjiao, …: half_width_marks over the whole paragraph, as
  // layout adjusts it) go in runs of their own that ask for the font's half-width forms; the
  // characters of a line the PDF ended early go in runs of their own with its spread added to
  // their spacing.
  // `scale`: the table's text scale (resolve::TableSize::font_scale) for a cell's paragraph.
  void write_runs(pugi::xml_node p, const resolve::ResolvedParagraph& para,
                  std::span<const resolve::SpreadLine> lines = {}, double scale = 1.0) {
    std::u32string text;
    std::vector<size_t> run_start;
    for (const resolve::ResolvedRun& r : para.runs) {
      run_start.push_back(text.size());
      text += to_code_points(r.text);
    }
    const std::vector<bool> half = half_width_marks(text, style_.punctuation);
    // The spacing the runs inherit from the paragraph style (the grid's condensation): a spread
    // line's runs set it plus their spread, since w:spacing on a run replaces the style's.
    const styles::TextStyle& ts = resolve::text_style(style_, para.role);
    const int inherited = grid_condense_twips(style_, ts);
    Spread spread(lines);
    size_t byte = 0;
    for (size_t i = 0; i < para.runs.size(); ++i) {
      const resolve::ResolvedRun& r = para.runs[i];
      if (i < para.heading_runs) {
        // A run-in heading's runs keep their full width, as before the body's marks.
        write_run(p, r, heading_format(r), nullptr, run_start[i], byte, spread, inherited);
      } else {
        RunFormat f = own_format(r);
        // The table-sizing phase may have set a table's text smaller to fit the text width: the
        // DOCX follows it, so both wrap their cells alike.
        if (scale != 1.0) f.size_pt = f.size_pt.value_or(ts.size_pt) * scale;
        write_run(p, r, f, &half, run_start[i], byte, spread, inherited);
      }
      byte += r.text.size();
    }
  }

  static RunFormat heading_format(const resolve::ResolvedRun& r) {
    RunFormat f;
    f.role = r.role;
    f.bold = r.bold;
    f.italic = r.italic;
    f.size_pt = r.size_pt;
    f.underline = r.own.underline;
    f.east_asian_hint = needs_east_asian_hint(r.text);
    return f;
  }

  // One resolved run starting at code point `first` and byte `first_byte` of its paragraph,
  // split where its characters switch between full and half width (`half`; null: none) or enter
  // or leave a spread line.
  void write_run(pugi::xml_node p, const resolve::ResolvedRun& r, const RunFormat& base,
                 const std::vector<bool>* half, size_t first, size_t first_byte, Spread& spread,
                 int inherited) {
    size_t k = first;
    std::string piece;
    bool piece_half = false;
    int piece_spread = 0;
    auto flush = [&] {
      if (piece.empty()) return;
      RunFormat f = base;
      if (piece_half) {
        f.role = r.role;
        f.half_width = true;
      }
      if (piece_spread > 0) f.spacing_twips = inherited + piece_spread;
      add_text_run(p, style_, f, piece);
      piece.clear();
    };
    for (size_t i = 0; i < r.text.size(); ++k) {
      const Utf8Char c = decode_utf8_at(r.text, i);
      const size_t len = std::max<size_t>(c.length, 1);
      const bool h = half != nullptr && k < half->size() && (*half)[k];
      const int sp = spread.at(first_byte + i);
      if (h != piece_half || sp != piece_spread) {
        flush();
        piece_half = h;
        piece_spread = sp;
      }
      piece.append(r.text, i, len);
      i += len;
    }
    flush();
  }

  static std::u32string to_code_points(std::string_view s) {
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
      const Utf8Char c = decode_utf8_at(s, i);
      out += c.code_point;
      i += std::max<size_t>(c.length, 1);
    }
    return out;
  }

  static std::string joined_text(const resolve::ResolvedParagraph& p) {
    std::string text;
    for (const resolve::ResolvedRun& r : p.runs) text += r.text;
    return text;
  }

  // The title group (the title's lines joined by w:br, then the subtitle) is one unit: space only
  // after its last paragraph, as the resolve phase set it.
  void write_title(const resolve::ResolvedTitle& t) {
    const bool subtitle = t.subtitle.has_value();
    if (!t.lines.empty()) {
      std::string text;
      for (size_t i = 0; i < t.lines.size(); ++i) {
        if (i > 0) text += '\n';
        text += joined_text(t.lines[i]);
      }
      ParaFormat pf;
      pf.style_id = "Title";
      // A 公文 attachment's title stands on line 3, a blank line under "附件N" (§7.3.7): the
      // space before resolve gave it.
      if (doc_.gongwen && t.lines.front().space_before_pt > 0) {
        pf.before_twips = to_twips(t.lines.front().space_before_pt);
      }
      if (subtitle) {
        pf.after_twips = 0;
        pf.keep_next = true;
      }
      add_text_run(new_paragraph(pf), style_, hint_only(text), text);
    }
    if (subtitle) {
      ParaFormat pf;
      pf.style_id = "Subtitle";
      if (!t.lines.empty()) pf.before_twips = 0;
      const std::string text = joined_text(*t.subtitle);
      add_text_run(new_paragraph(pf), style_, hint_only(text), text);
    }
  }

  // The PDF's 版记 page begins inside `para`, `byte` into its text (§7.4, §7.5): the paragraph
  // is written as two, the numbered section ending with the first. The first part's lines are
  // all full (its last line ends where a PDF line ends), so it is justified to its last line
  // (w:jc="distribute") and looks as the paragraph's lines did; the second part continues without
  // a first-line indent. False (nothing written) when the split cannot be made.
  // `lines`: the paragraph's lines the PDF ended early, each kept with its part.
  bool split_paragraph(const resolve::ResolvedParagraph& para, size_t byte,
                       std::span<const resolve::SpreadLine> lines) {
    if (para.run_in || byte == 0) return false;
    resolve::ResolvedParagraph first = para, rest = para;
    first.runs.clear();
    rest.runs.clear();
    size_t at = 0;
    for (const resolve::ResolvedRun& r : para.runs) {
      const size_t end = at + r.text.size();
      if (end <= byte) {
        first.runs.push_back(r);
      } else if (at >= byte) {
        rest.runs.push_back(r);
      } else {
        resolve::ResolvedRun head = r, tail = r;
        head.text = r.text.substr(0, byte - at);
        tail.text = r.text.substr(byte - at);
        first.runs.push_back(std::move(head));
        rest.runs.push_back(std::move(tail));
      }
      at = end;
    }
    if (first.runs.empty() || rest.runs.empty()) return false;
    std::vector<resolve::SpreadLine> first_lines, rest_lines;
    for (resolve::SpreadLine l : lines) {
      if (l.end <= byte) {
        first_lines.push_back(l);
      } else if (l.begin >= byte) {
        l.begin -= static_cast<uint32_t>(byte);
        l.end -= static_cast<uint32_t>(byte);
        rest_lines.push_back(l);
      }
    }
    write_paragraph(first, first_lines, "distribute");
    end_section(false);
    unnumbered_ = true;
    write_paragraph(rest, rest_lines, nullptr, true);
    return true;
  }

  // A heading, a body paragraph, or a run-in heading with its body text; `lines`: the lines the
  // PDF ended early. `jc` overrides the alignment; `continued`: the paragraph continues one split
  // before it (no first-line indent).
  void write_paragraph(const resolve::ResolvedParagraph& para,
                       std::span<const resolve::SpreadLine> lines = {}, const char* jc = nullptr,
                       bool continued = false, int closer_twips = 0) {
    ParaFormat pf;
    pf.style_id = style_id(para.role);
    if (closer_twips > 0) {
      // §7.3.5.5: lines drawn closer above the signature (resolve::CloserBlock).
      const styles::TextStyle& ts = resolve::text_style(style_, para.role);
      pf.line = std::max(line_pitch_twips(styles::line_pitch_pt(ts)) - closer_twips, 20);
      pf.line_exact = true;
    }
    if (para.run_in) {
      // A run-in heading: one body paragraph, the heading's runs carrying the heading style as
      // run properties. It keeps the heading's outline level so that Word's navigation pane
      // still lists it (with its body text).
      pf.outline_level = para.outline_level - 1;
    }
    if (para.align_overridden) pf.jc = jc_value(para.align);
    if (para.indent_overridden) {
      pf.indent = para.first_indent_em > 0
                      ? para_format(resolve::text_style(style_, para.run_in_heading), style_).indent
                      : ParaFormat::Indent{};
    }
    if (para.left_indent_em != 0) {
      // A hanging indent (附件说明, 出席：): the lines at the left indent, the first line back
      // by its (negative) first-line indent.
      const double ch = char_twips(style_, resolve::text_style(style_, para.role));
      ParaFormat::Indent ind;
      ind.left = static_cast<int>(std::lround(para.left_indent_em * ch));
      ind.hanging = static_cast<int>(std::lround(std::max(0.0, -para.first_indent_em) * ch));
      pf.indent = ind;
    }
    if (jc != nullptr) pf.jc = jc;
    if (continued) {
      ParaFormat::Indent ind = pf.indent.value_or(ParaFormat::Indent{});
      ind.first_line = 0;
      ind.first_line_chars = 0;
      ind.hanging = 0;
      pf.indent = ind;
    }
    // A heading's number run carries only the East Asian hint: the heading style gives the rest.
    write_runs(new_paragraph(pf), para, lines);
  }

  // GB/T 9704-2012 §7.3.5.2: each line right-aligned at the right indent the resolve phase
  // decided (w:rightChars, and w:right in twips for applications without character units); one
  // blank body line above.
  void write_signature(const resolve::ResolvedSignature& s) {
    const styles::TextStyle& ts = style_.signature;
    for (size_t i = 0; i < s.lines.size(); ++i) {
      const resolve::ResolvedSignature::Line& line = s.lines[i];
      ParaFormat pf;
      pf.style_id = "Signature";
      pf.jc = "right";
      pf.keep_next = i + 1 < s.lines.size();
      ParaFormat::Indent ind;
      ind.right_chars = static_cast<int>(std::lround(line.right_indent_em * 100));
      ind.right = static_cast<int>(std::lround(line.right_indent_em * char_twips(style_, ts)));
      pf.indent = ind;
      if (i == 0) {
        pf.before_twips = line_pitch_twips(styles::line_pitch_pt(style_.body)) +
                          std::max(to_twips(ts.space_before_pt), 0);
      }
      add_text_run(new_paragraph(pf), style_, hint_only(line.text), line.text);
    }
  }

  // ------------------------------------------------------------------------------------------
  // 公文 (GB/T 9704-2012): the masthead, the sealed signature and the 版记 as a clerk sets them
  // in Word: red text and paragraph-border rules, the 版记 with border rules after the text.

  std::string red_hex() const { return docx::detail::red_hex(style_); }

  static int mm_twips(double mm) { return mm_to_twips(mm); }

  int body_pitch_twips() const { return line_pitch_twips(styles::line_pitch_pt(style_.body)); }

  // A paragraph of the body style with exact line pitch and no indent.
  ParaFormat plain_format() const {
    ParaFormat pf = para_format(style_.body, style_);
    pf.style_id.clear();
    pf.indent = ParaFormat::Indent{};
    pf.before_twips = 0;
    pf.after_twips = 0;
    pf.jc = "left";
    return pf;
  }

  static constexpr double kMarkInkBelowLineTop = 0.245;  // em, in a line of 1.25 em
  static constexpr double kMarkInkHeight = 0.94;         // em: a CJK mark's ink, top to foot

  void write_masthead() {
    const resolve::ResolvedMasthead& m = doc_.gongwen->masthead;
    const bool letter = m.format == resolve::GongwenFormat::kLetter;
    const bool order = m.format == resolve::GongwenFormat::kOrder;
    const int pitch = body_pitch_twips();
    const std::string red = red_hex();
    if (!letter) {
      for (const resolve::ResolvedParagraph& p : m.head) write_paragraph(p);
    }
    // The mark: its upper edge 35 mm below the type area (letter: 30 mm from the paper's top,
    // order: 20 mm); the space before it makes up the distance from what is above.
    const double size = m.mark_size_pt;
    const int mark_line = line_pitch_twips(size * 1.25);
    int before = letter ? mm_twips(30) - to_twips(style_.page.margin_top_pt)
                        : mm_twips(order ? 20 : 35) - static_cast<int>(m.head.size()) * pitch;
    // The ink of a CJK mark set in an exact line of 1.25 em begins 0.245 em below the line's
    // top: the word processor sets the glyphs on the line's foot less the font's descent (measured
    // in LibreOffice 7.4 with the 小标宋 stand-in, Noto Serif CJK: the mark's upper edge within
    // 0.1 mm of the PDF's for 42 pt).
    before = std::max(before - to_twips(size * kMarkInkBelowLineTop), 0);
    RunFormat mark;
    mark.role = FontRole::kTitle;
    mark.size_pt = size;
    mark.bold = style_.title.bold;
    mark.color = red;
    if (m.mark_scale != 1000) mark.scale_percent = m.mark_scale / 10;
    if (m.mark_suffix.empty()) {
      for (size_t i = 0; i < m.mark_names.size(); ++i) {
        ParaFormat pf = plain_format();
        pf.jc = "center";
        pf.line = mark_line;
        pf.before_twips = i == 0 ? before : 0;
        mark.east_asian_hint = needs_east_asian_hint(m.mark_names[i]);
        pugi::xml_node p = new_paragraph(pf);
        if (letter) {
          // §10.1: the letter's mark stands 30 mm from the paper's top, above the type area
          // (37 mm), where no body paragraph can begin: a frame placed from the page's top,
          // centred on the paper, which the text flows through (w:wrap="through"), as the
          // letterhead of a clerk's 函 template.
          pugi::xml_node frame = p.child("w:pPr").prepend_child("w:framePr");
          set_attr(frame, "w:w", page_.width);
          set_attr(frame, "w:hSpace", 0);
          set_attr(frame, "w:wrap", "through");
          set_attr(frame, "w:vAnchor", "page");
          set_attr(frame, "w:hAnchor", "page");
          set_attr(frame, "w:xAlign", "center");
          set_attr(frame, "w:y",
                   mm_twips(30) - to_twips(size * kMarkInkBelowLineTop) +
                       static_cast<int>(i) * mark_line);
        }
        add_text_run(p, style_, mark, m.mark_names[i]);
      }
    } else {
      // Joint: the names stacked in the left cell, centred on each other, "文件" in the right
      // cell, centred on them vertically and half a character from them, as layout sets the
      // group: a borderless table of fixed columns and no cell margins, centred. The columns
      // are the text's widths at the compressed size (mark names are full-width characters)
      // and a point of room on each side of the names, so that no name wraps.
      ParaFormat spacer = plain_format();
      spacer.line = std::max(before, 20);
      new_paragraph(spacer);
      auto em_count = [](const std::string& text) {
        return static_cast<double>(to_code_points(text).size());
      };
      double names_em = 0;
      for (const std::string& n : m.mark_names) names_em = std::max(names_em, em_count(n));
      const double scaled_em = size * (mark.scale_percent.value_or(100) / 100.0);
      const int names_width = to_twips(names_em * scaled_em) + 40;
      const int suffix_width = to_twips((0.5 + em_count(m.mark_suffix)) * scaled_em) + 20;
      pugi::xml_node tbl = add(body_, "w:tbl");
      pugi::xml_node tblpr = add(tbl, "w:tblPr");
      pugi::xml_node tblw = add(tblpr, "w:tblW");
      set_attr(tblw, "w:w", names_width + suffix_width);
      set_attr(tblw, "w:type", "dxa");
      add_val(tblpr, "w:jc", "center");
      set_attr(add(tblpr, "w:tblLayout"), "w:type", "fixed");
      pugi::xml_node mar = add(tblpr, "w:tblCellMar");
      for (const char* side : {"w:top", "w:left", "w:bottom", "w:right"}) {
        pugi::xml_node one = add(mar, side);
        set_attr(one, "w:w", 0);
        set_attr(one, "w:type", "dxa");
      }
      pugi::xml_node grid = add(tbl, "w:tblGrid");
      set_attr(add(grid, "w:gridCol"), "w:w", names_width);
      set_attr(add(grid, "w:gridCol"), "w:w", suffix_width);
      pugi::xml_node tr = add(tbl, "w:tr");
      auto cell = [&](int width, bool centre) {
        pugi::xml_node tc = add(tr, "w:tc");
        pugi::xml_node tcpr = add(tc, "w:tcPr");
        pugi::xml_node tcw = add(tcpr, "w:tcW");
        set_attr(tcw, "w:w", width);
        set_attr(tcw, "w:type", "dxa");
        if (centre) add_val(tcpr, "w:vAlign", "center");
        return tc;
      };
      pugi::xml_node names = cell(names_width, false);
      for (const std::string& n : m.mark_names) {
        pugi::xml_node p = add(names, "w:p");
        ParaFormat pf = plain_format();
        pf.jc = "center";
        pf.line = mark_line;
        write_para_format(add(p, "w:pPr"), pf);
        mark.east_asian_hint = needs_east_asian_hint(n);
        add_text_run(p, style_, mark, n);
      }
      pugi::xml_node suffix = cell(suffix_width, true);
      pugi::xml_node p = add(suffix, "w:p");
      ParaFormat pf = plain_format();
      pf.jc = "right";
      pf.line = mark_line;
      write_para_format(add(p, "w:pPr"), pf);
      mark.east_asian_hint = true;
      add_text_run(p, style_, mark, m.mark_suffix);
    }

    // 发文字号 two lines below the mark (upward: on the last 签发人 line, one character in from
    // the left, the signers one character in from the right); the red rule under it as the
    // paragraph's bottom border, 4 mm away (the letter: a double rule under the mark, 170 mm).
    ParaFormat::Border rule;
    rule.color = red;
    rule.size_eighths = std::clamp(static_cast<int>(std::lround(m.rule_width_pt * 8)), 2, 96);
    rule.space_pt = static_cast<int>(std::lround(4 * 72 / 25.4));
    const int char_width = char_twips(style_, style_.body);
    if (letter) {
      ParaFormat pf = plain_format();
      pf.line = 20;
      // The double rule 4 mm under the framed mark's ink (a CJK mark's ink is 0.94 em high),
      // from the type area's top.
      const int names = static_cast<int>(std::max<size_t>(m.mark_names.size(), 1));
      pf.before_twips = std::max(mm_twips(30 + 4) + to_twips(size * kMarkInkHeight) +
                                     (names - 1) * mark_line - page_.margin_top,
                                 0);
      ParaFormat::Border doubled = rule;
      doubled.val = "thickThinSmallGap";
      doubled.size_eighths = 24;
      doubled.space_pt = 0;
      pf.bottom_border = doubled;
      // 170 mm centred on the paper, as the lower rule (the binding margin is the wider).
      const int x1 = (page_.width - mm_twips(170)) / 2;
      ParaFormat::Indent wide;
      wide.left = x1 - page_.margin_left;
      wide.right = x1 - page_.margin_right;
      pf.indent = wide;
      new_paragraph(pf);
      const size_t lines = std::max<size_t>(m.head.size(), m.doc_number.empty() ? 0 : 1);
      for (size_t i = 0; i < lines; ++i) {
        ParaFormat line = plain_format();
        line.before_twips = i == 0 ? to_twips(style_.body.size_pt * 7 / 8) : 0;
        line.tabs.emplace_back("right", to_twips(doc_.text_width_pt));
        pugi::xml_node p = new_paragraph(line);
        if (i < m.head.size()) write_runs(p, m.head[i]);
        if (i == 0 && !m.doc_number.empty()) {
          add_text_run(p, style_, hint_only(m.doc_number), "\t" + m.doc_number);
        }
      }
      // The title two lines below, as after the other formats' rule; from the double rule's
      // foot: the head lines above.
      const int head =
          lines > 0 ? to_twips(style_.body.size_pt * 7 / 8) + static_cast<int>(lines) * pitch : 0;
      write_title_gap(pitch, head);
      return;
    }
    // Layout measures the two lines from the mark's ink; the mark's last line ends 1.25 em below
    // its top, its ink 0.245 + 0.94 em below it: the rest of the line is part of the two lines.
    const int under_mark =
        std::max(2 * pitch - to_twips(size * (1.25 - kMarkInkBelowLineTop - kMarkInkHeight)), 0);
    const size_t signer_lines = m.upward ? m.signer_lines.size() : 0;
    for (size_t i = 0; i < signer_lines; ++i) {
      const bool last = i + 1 == signer_lines;
      ParaFormat pf = plain_format();
      pf.before_twips = i == 0 ? under_mark : 0;
      // The 文号 at a tab stop one character in, not at a left indent: the rule (the
      // paragraph's bottom border) spans the paragraph's indents and must be the type area's
      // width.
      pf.tabs.emplace_back("left", char_width);
      pf.tabs.emplace_back("right", to_twips(doc_.text_width_pt) - char_width);
      if (last && !order && !m.doc_number.empty()) pf.bottom_border = rule;
      pugi::xml_node p = new_paragraph(pf);
      if (last) {
        add_text_run(p, style_, hint_only(m.doc_number), "\t" + m.doc_number);
      } else {
        add_text_run(p, style_, RunFormat{}, "\t");
      }
      add_text_run(p, style_, RunFormat{}, "\t");
      write_runs(p, m.signer_lines[i]);
    }
    if (signer_lines == 0) {
      ParaFormat pf = plain_format();
      pf.before_twips = under_mark;
      pf.jc = "center";
      if (!order) pf.bottom_border = rule;
      add_text_run(new_paragraph(pf), style_, hint_only(m.doc_number), m.doc_number);
    }
    // The title two lines below the rule: from the top of the 发文字号's line, that line and
    // the rule under it (its space and width).
    const int rule_twips = order ? 0 : rule.space_pt * 20 + rule.size_eighths * 20 / 8;
    write_title_gap(pitch, pitch + rule_twips);
  }

  // The empty line between the masthead and the title (§7.3.1: two lines under the rule). Where
  // layout placed the title (resolve::GongwenHead), this line makes up the PDF's distance from
  // the masthead's last line, `above` twips of which the paragraphs before it already take: the
  // PDF sets the title on the body's grid, which a fixed line does not reach.
  void write_title_gap(int pitch, int above) {
    ParaFormat gap = plain_format();
    gap.line = pitch;
    if (flow_ != nullptr && flow_->gongwen_head.known) {
      gap.line = std::max(flow_->gongwen_head.title_below_anchor_twips - above, 20);
    }
    new_paragraph(gap);
  }

  // §7.3.5.1: the names and the date, right-aligned at their indents (the last name centred
  // over the date); each seal a floating picture anchored at the date.
  void write_sealed_signature(const resolve::ResolvedSealedSignature& s) {
    if (s.signature_seal) {
      write_signature_seal(s);
      return;
    }
    const int pitch = body_pitch_twips();
    const double date_in = s.date_right_em;
    ParaFormat names = plain_format();
    names.jc = "right";
    names.keep_next = true;
    names.before_twips = 2 * pitch;
    const double last_width = s.name_widths_em.empty() ? 0 : s.name_widths_em.back();
    const double name_in = std::max(0.0, date_in + (s.date_width_em - last_width) / 2);
    ParaFormat::Indent ind;
    ind.right_chars = static_cast<int>(std::lround(name_in * 100));
    ind.right = static_cast<int>(std::lround(name_in * char_twips(style_, style_.body)));
    names.indent = ind;
    std::string text;
    for (size_t i = 0; i < s.names.size(); ++i) {
      if (i > 0) text += "　　";
      text += s.names[i];
    }
    add_text_run(new_paragraph(names), style_, hint_only(text), text);
    ParaFormat date = names;
    date.before_twips = 0;
    date.keep_next = false;
    ParaFormat::Indent dind;
    dind.right_chars = static_cast<int>(std::lround(date_in * 100));
    dind.right = static_cast<int>(std::lround(date_in * char_twips(style_, style_.body)));
    date.indent = dind;
    pugi::xml_node p = new_paragraph(date);
    add_text_run(p, style_, hint_only(s.date), s.date);
    write_seals(p, s);
  }

  // §7.3.5.3 (命令): two empty lines below the body, the signer's title right-aligned two
  // characters left of the signature seal, its line centred on the seal; the date right-aligned
  // on the line below the seal; the seal a floating picture anchored at the date, its right edge
  // date_right_em characters in from the right, its top a block (the seal, at least a line)
  // above the date's, as layout places it.
  void write_signature_seal(const resolve::ResolvedSealedSignature& s) {
    constexpr long long kEmuPerTwip = 635;
    const int pitch = body_pitch_twips();
    const int ch = char_twips(style_, style_.body);
    const int date_in = static_cast<int>(std::lround(s.date_right_em * ch));
    int index = -1;
    long long seal_w = 0, seal_h = 0;  // twips
    if (!s.seals.empty() && !s.seals.front().image.empty()) {
      index = plan_.image_index(s.seals.front().image);
      if (index >= 0) {
        const PackagePlan::Image& image = plan_.images[static_cast<size_t>(index)];
        seal_w = to_twips(s.seals.front().diameter_pt);
        seal_h = seal_w * image.height / image.width;
      }
    }
    const int block = static_cast<int>(std::max<long long>(seal_h, pitch));
    ParaFormat title = plain_format();
    title.jc = "right";
    title.keep_next = true;
    title.before_twips = 2 * pitch + (block - pitch) / 2;
    title.after_twips = block - pitch - (block - pitch) / 2;
    ParaFormat::Indent ind;
    ind.right = date_in + static_cast<int>(seal_w) + 2 * ch;
    title.indent = ind;
    const std::string name = s.names.empty() ? std::string() : s.names.front();
    add_text_run(new_paragraph(title), style_, hint_only(name), name);
    ParaFormat date = plain_format();
    date.jc = "right";
    ParaFormat::Indent dind;
    dind.right_chars = static_cast<int>(std::lround(s.date_right_em * 100));
    dind.right = date_in;
    date.indent = dind;
    pugi::xml_node p = new_paragraph(date);
    add_text_run(p, style_, hint_only(s.date), s.date);
    if (index >= 0) {
      const long long x = (page_.text_width - date_in - seal_w) * kEmuPerTwip;
      write_picture(p, index, x, -block * kEmuPerTwip, seal_w * kEmuPerTwip,
                    seal_h * kEmuPerTwip);
    }
  }

  // Each seal as a floating picture behind the text (wp:anchor, behindDoc), anchored at the
  // date's paragraph: centred over its name (the last over the date), its centre a line above
  // the date, as the PDF places it.
  void write_seals(pugi::xml_node paragraph, const resolve::ResolvedSealedSignature& s) {
    constexpr long long kEmuPerPt = 12700;
    const double char_pt = char_twips(style_, style_.body) / 20.0;
    const double width = doc_.text_width_pt;
    const double date_right = width - s.date_right_em * char_pt;
    const double centre = date_right - s.date_width_em * char_pt / 2;
    const size_t n = s.names.size();
    std::vector<double> centres(n, centre);
    for (size_t i = n; i-- > 1;) {
      const double seals =
          (s.seals[i].diameter_pt + s.seals[i - 1].diameter_pt) / 2 + 3 * 72 / 25.4;
      const double texts = (s.name_widths_em[i] + s.name_widths_em[i - 1]) / 2 * char_pt + char_pt;
      centres[i - 1] = centres[i] - std::max(seals, texts);
    }
    const double pitch = styles::line_pitch_pt(style_.body);
    for (size_t i = 0; i < n && i < s.seals.size(); ++i) {
      const resolve::ResolvedSeal& seal = s.seals[i];
      const int index = plan_.image_index(seal.image);
      if (seal.image.empty() || index < 0) continue;
      const PackagePlan::Image& image = plan_.images[static_cast<size_t>(index)];
      const long long cx = std::llround(seal.diameter_pt * kEmuPerPt);
      const long long cy = cx * image.height / image.width;
      const long long x = std::llround((centres[i] - seal.diameter_pt / 2) * kEmuPerPt);
      const long long y = std::llround(-(pitch + seal.diameter_pt / 2) * kEmuPerPt);
      write_picture(paragraph, index, x, y, cx, cy);
    }
  }

  // A picture of the package (plan_.images[index]) floating behind the text (wp:anchor,
  // behindDoc), anchored in `paragraph`: x from the type area's left edge, y from the paragraph's
  // top, size cx × cy (EMU).
  void write_picture(pugi::xml_node paragraph, int index, long long x, long long y, long long cx,
                     long long cy) {
    const std::string id = std::to_string(++drawings_);
    pugi::xml_node drawing = add(add(paragraph, "w:r"), "w:drawing");
    pugi::xml_node anchor = add(drawing, "wp:anchor");
    anchor.append_attribute("xmlns:wp") =
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
    for (const char* a : {"distT", "distB", "distL", "distR"}) set_attr(anchor, a, 0);
    set_attr(anchor, "simplePos", "0");
    set_attr(anchor, "relativeHeight", 251659264 + drawings_);
    set_attr(anchor, "behindDoc", "1");
    set_attr(anchor, "locked", "0");
    set_attr(anchor, "layoutInCell", "1");
    set_attr(anchor, "allowOverlap", "1");
    pugi::xml_node simple = add(anchor, "wp:simplePos");
    set_attr(simple, "x", 0);
    set_attr(simple, "y", 0);
    pugi::xml_node h = add(anchor, "wp:positionH");
    set_attr(h, "relativeFrom", "margin");
    add(h, "wp:posOffset").text().set(std::to_string(x).c_str());
    pugi::xml_node v = add(anchor, "wp:positionV");
    set_attr(v, "relativeFrom", "paragraph");
    add(v, "wp:posOffset").text().set(std::to_string(y).c_str());
    pugi::xml_node extent = add(anchor, "wp:extent");
    set_attr(extent, "cx", cx);
    set_attr(extent, "cy", cy);
    pugi::xml_node effect = add(anchor, "wp:effectExtent");
    for (const char* a : {"l", "t", "r", "b"}) set_attr(effect, a, 0);
    add(anchor, "wp:wrapNone");
    pugi::xml_node pr = add(anchor, "wp:docPr");
    set_attr(pr, "id", drawings_);
    set_attr(pr, "name", "Seal " + id);
    pr.append_attribute("descr") = "印章";
    add(anchor, "wp:cNvGraphicFramePr");
    pugi::xml_node graphic = add(anchor, "a:graphic");
    graphic.append_attribute("xmlns:a") = "http://schemas.openxmlformats.org/drawingml/2006/main";
    pugi::xml_node data = add(graphic, "a:graphicData");
    data.append_attribute("uri") = "http://schemas.openxmlformats.org/drawingml/2006/picture";
    pugi::xml_node pic = add(data, "pic:pic");
    pic.append_attribute("xmlns:pic") =
        "http://schemas.openxmlformats.org/drawingml/2006/picture";
    pugi::xml_node nv = add(pic, "pic:nvPicPr");
    pugi::xml_node cnv = add(nv, "pic:cNvPr");
    set_attr(cnv, "id", drawings_);
    set_attr(cnv, "name", "seal" + std::to_string(index + 1));
    add(nv, "pic:cNvPicPr");
    pugi::xml_node fill = add(pic, "pic:blipFill");
    pugi::xml_node blip = add(fill, "a:blip");
    blip.append_attribute("r:embed") = ("rIdImg" + std::to_string(index + 1)).c_str();
    add(add(fill, "a:stretch"), "a:fillRect");
    pugi::xml_node sp = add(pic, "pic:spPr");
    pugi::xml_node xfrm = add(sp, "a:xfrm");
    pugi::xml_node off = add(xfrm, "a:off");
    set_attr(off, "x", 0);
    set_attr(off, "y", 0);
    pugi::xml_node ext = add(xfrm, "a:ext");
    set_attr(ext, "cx", cx);
    set_attr(ext, "cy", cy);
    pugi::xml_node geom = add(sp, "a:prstGeom");
    set_attr(geom, "prst", "rect");
    add(geom, "a:avLst");
  }

  // The 版记 (§7.4) at the foot of the page the text ends on, as a clerk sets it in Word: a
  // one-column table floating at the type area's foot (w:tblpPr), anchored in a one-point
  // paragraph after the last text; its first and last rules thick, the one between thin, the last
  // on the type area's foot (§7.4.1); the letter's without rules (§10.1). When the text reaches
  // into the foot, Word moves the anchor, and the 版记 with it, to a new page.
  // Why a table: LibreOffice 7 drops the borders of a paragraph frame (w:framePr), and imports
  // a floating table inline unless it is positioned from the page's edge (w:horzAnchor="page"),
  // so it is placed from the page's left edge at the left margin.
  // The page's parity and its number (§7.4, §7.5) follow the PDF's pagination: write() puts the
  // 版记's page, and the blank page the PDF adds before it, in a section without numbers.
  void write_record(const resolve::ResolvedRecord& r) {
    const int pitch = body_pitch_twips();
    const double size = r.size_pt;
    const int char_width = to_twips(size);
    const int width = page_.text_width;
    const bool print_line = !r.printer.empty() || !r.print_date.empty();
    const int rows = (r.copies_to ? 1 : 0) + (print_line ? 1 : 0);
    if (rows == 0) return;
    const int thick = static_cast<int>(std::lround(r.thick_pt * 8));
    const int thin = static_cast<int>(std::lround(r.thin_pt * 8));

    pugi::xml_node tbl = add(body_, "w:tbl");
    pugi::xml_node tblpr = add(tbl, "w:tblPr");
    pugi::xml_node pos = add(tblpr, "w:tblpPr");
    for (const char* a : {"w:leftFromText", "w:rightFromText", "w:topFromText", "w:bottomFromText"})
      set_attr(pos, a, 0);
    set_attr(pos, "w:vertAnchor", "margin");
    set_attr(pos, "w:horzAnchor", "page");
    set_attr(pos, "w:tblpX", page_.margin_left);
    // The table's top: the type area's height less its rows and the rules above the last one's
    // middle (the rules take room of their own in Word and LibreOffice), so that the last rule
    // is centred on the foot as in the PDF.
    const int rules_above = r.rules ? (thick + (rows > 1 ? thin : 0)) * 20 / 8 + thick * 10 / 8 : 0;
    set_attr(pos, "w:tblpY", std::max(page_.text_height - rows * pitch - rules_above, 0));
    pugi::xml_node tblw = add(tblpr, "w:tblW");
    set_attr(tblw, "w:w", width);
    set_attr(tblw, "w:type", "dxa");
    if (r.rules) {
      pugi::xml_node borders = add(tblpr, "w:tblBorders");
      write_border(borders, "w:top", r.thick_pt);
      write_border(borders, "w:bottom", r.thick_pt);
      write_border(borders, "w:insideH", r.thin_pt);
    }
    set_attr(add(tblpr, "w:tblLayout"), "w:type", "fixed");
    pugi::xml_node mar = add(tblpr, "w:tblCellMar");
    for (const char* side : {"w:top", "w:left", "w:bottom", "w:right"}) {
      pugi::xml_node m = add(mar, side);
      set_attr(m, "w:w", 0);
      set_attr(m, "w:type", "dxa");
    }
    set_attr(add(add(tbl, "w:tblGrid"), "w:gridCol"), "w:w", width);
    auto cell = [&]() {
      pugi::xml_node tr = add(tbl, "w:tr");
      add(add(tr, "w:trPr"), "w:cantSplit");
      pugi::xml_node tc = add(tr, "w:tc");
      pugi::xml_node tcw = add(add(tc, "w:tcPr"), "w:tcW");
      set_attr(tcw, "w:w", width);
      set_attr(tcw, "w:type", "dxa");
      return tc;
    };
    RunFormat run;
    run.size_pt = size;
    if (r.copies_to) {
      // 抄送 one character in from both sides, a wrapped line under the names (§7.4.2).
      ParaFormat pf = plain_format();
      pf.line = pitch;
      pf.keep_next = print_line;
      ParaFormat::Indent ind;
      ind.left = char_width * 4;
      ind.hanging = char_width * 3;
      ind.right = char_width;
      pf.indent = ind;
      std::string text;
      for (const resolve::ResolvedRun& x : r.copies_to->runs) text += x.text;
      run.east_asian_hint = needs_east_asian_hint(text);
      pugi::xml_node p = add(cell(), "w:p");
      write_para_format(add(p, "w:pPr"), pf);
      add_text_run(p, style_, run, text);
    }
    if (print_line) {
      // 印发机关 one character in from the left, the date and 印发 one in from the right (§7.4.3).
      ParaFormat pf = plain_format();
      pf.line = pitch;
      ParaFormat::Indent ind;
      ind.left = char_width;
      ind.right = char_width;
      pf.indent = ind;
      pf.tabs.emplace_back("right", width - char_width);
      run.east_asian_hint = true;
      pugi::xml_node p = add(cell(), "w:p");
      write_para_format(add(p, "w:pPr"), pf);
      add_text_run(p, style_, run, r.printer);
      add_text_run(p, style_, run, "\t" + r.print_date);
    }
    // The anchor: a paragraph one point high after the table.
    write_filler_paragraph(20);
  }

  // A spacer: empty paragraphs of exact height, one per body line and one for the remainder.
  void write_spacer(const resolve::ResolvedSpace& sp) {
    long long total =
        std::clamp<long long>(std::llround(sp.height_pt * 20), 0, 20LL * 20 * 842 * 10);
    const long long step = line_pitch_twips(styles::line_pitch_pt(style_.body));
    while (total > 0) {
      const long long part = std::min(total, step);
      write_filler_paragraph(static_cast<int>(part));
      total -= part;
    }
  }

  // An empty paragraph; with `exact_twips` > 0 its height is exactly that.
  void write_filler_paragraph(int exact_twips) {
    ParaFormat pf;
    if (exact_twips > 0) {
      pf.before_twips = 0;
      pf.after_twips = 0;
      pf.line = exact_twips;
      pf.line_exact = true;
    }
    new_paragraph(pf);
  }

  // A page break: w:br w:type="page" in a paragraph one point high, so that the paragraph mark
  // that follows the break takes (almost) no room at the top of the new page.
  void write_page_break() {
    write_filler_paragraph(20);
    pugi::xml_node p = body_.last_child();
    set_attr(add(add(p, "w:r"), "w:br"), "w:type", "page");
  }

  // Layout units (1/64 pt) → twips (1/20 pt), rounded so that the sum of a table's columns
  // stays the table's width in twips.
  static std::vector<int> to_twips_widths(const std::vector<int32_t>& widths) {
    std::vector<int> out;
    int64_t acc_lu = 0;
    int acc_tw = 0;
    for (int32_t w : widths) {
      acc_lu += w;
      const int edge = static_cast<int>((acc_lu * 20 + 32) / 64);
      out.push_back(edge - acc_tw);
      acc_tw = edge;
    }
    return out;
  }

  const resolve::TableSize* size_for(size_t block) const {
    for (const resolve::TableSize& t : tables_) {
      if (t.block == block) return &t;
    }
    return nullptr;
  }

  // The facts of cell `index`'s paragraphs (resolve::CellLines), in paragraph order.
  static std::span<const resolve::CellLines> cell_lines(const resolve::TableSize& size,
                                                        size_t index) {
    const std::vector<resolve::CellLines>& all = size.cell_lines;
    auto by_cell = [](const resolve::CellLines& l, size_t cell) { return l.cell < cell; };
    const auto first = std::lower_bound(all.begin(), all.end(), index, by_cell);
    auto last = first;
    while (last != all.end() && last->cell == index) ++last;
    return {first, last};
  }

  void write_cell(pugi::xml_node tr, const resolve::ResolvedTable& t,
                  const resolve::TableSize& size, size_t index, bool origin,
                  const std::vector<int>& widths, bool keep_next) {
    const GridCell& gc = t.grid.cells[index];
    const resolve::ResolvedCell& cell = t.cells[index];
    pugi::xml_node tc = add(tr, "w:tc");
    pugi::xml_node tcpr = add(tc, "w:tcPr");
    long long width = 0;
    for (int c = gc.col; c < gc.col + gc.colspan; ++c) width += widths[static_cast<size_t>(c)];
    pugi::xml_node tcw = add(tcpr, "w:tcW");
    set_attr(tcw, "w:w", width);
    set_attr(tcw, "w:type", "dxa");
    if (gc.colspan > 1) add_val(tcpr, "w:gridSpan", gc.colspan);
    // A rowspan: the origin cell restarts a vertical merge, the cell below it in every covered
    // row continues it (same grid column, same w:gridSpan).
    if (!origin) {
      add_val(tcpr, "w:vMerge", "continue");
    } else if (gc.rowspan > 1) {
      add_val(tcpr, "w:vMerge", "restart");
    }
    add_val(tcpr, "w:vAlign", valign_value(cell.valign));

    const bool header = gc.kind == CellKind::kHeader;
    const styles::TextStyle& ts = header ? style_.table_header : style_.table_cell;
    ParaFormat pf;
    pf.style_id = header ? "TableHeader" : "TableText";
    pf.jc = jc_value(cell.align);
    pf.keep_next = keep_next;
    if (table_scale_ != 1.0) {
      pf.line = line_pitch_twips(styles::line_pitch_pt(ts) * table_scale_);
      pf.line_exact = true;
    }
    // Table text has no first-line indent, whatever the style says (as in the PDF).
    if (ts.first_line_indent_em > 0) pf.indent = ParaFormat::Indent{};
    if (!origin || cell.paragraphs.empty()) {
      pugi::xml_node p = add(tc, "w:p");
      write_para_format(add(p, "w:pPr"), pf);
      return;
    }
    const std::span<const resolve::CellLines> facts = cell_lines(size, index);
    size_t next_fact = 0;
    for (size_t k = 0; k < cell.paragraphs.size(); ++k) {
      const resolve::ResolvedParagraph& para = cell.paragraphs[k];
      ParaFormat ppf = pf;
      ppf.jc = jc_value(para.align);
      if (para.number_bytes > 0 && para.hanging_em > 0 && !para.runs.empty()) {
        // The form's numbered label: its lines hang under the text after the number, the
        // number's width as resolve measured it, at this table's size.
        const double size_pt = para.runs.front().size_pt * table_scale_;
        ParaFormat::Indent ind;
        ind.hanging = to_twips(para.hanging_em * size_pt);
        ind.left = ind.hanging;
        ppf.indent = ind;
      }
      // The PDF's lines of this paragraph, where a greedy fill of the cell would break elsewhere
      // (resolve::CellLines): the measure they were set at as indents, rounded down so that the
      // widest line still fits; the lines ended early at it with their spread, as body lines.
      while (next_fact < facts.size() && facts[next_fact].paragraph < k) ++next_fact;
      std::span<const resolve::SpreadLine> spread;
      if (next_fact < facts.size() && facts[next_fact].paragraph == k) {
        const resolve::CellLines& f = facts[next_fact];
        ParaFormat::Indent ind = ppf.indent.value_or(ParaFormat::Indent{});
        ind.left += static_cast<int>(int64_t{f.indent_left_lu} * 20 / 64);
        ind.right += static_cast<int>(int64_t{f.indent_right_lu} * 20 / 64);
        ppf.indent = ind;
        spread = f.spread;
      }
      pugi::xml_node p = add(tc, "w:p");
      write_para_format(add(p, "w:pPr"), ppf);
      write_runs(p, para, spread, table_scale_);
    }
  }

  void write_border(pugi::xml_node borders, const char* side, double width_pt) {
    pugi::xml_node b = add(borders, side);
    set_attr(b, "w:val", "single");
    // w:sz in eighths of a point; Word accepts 2 … 96.
    set_attr(b, "w:sz", std::clamp(to_eighth_points(width_pt), 2, 96));
    set_attr(b, "w:space", 0);
    set_attr(b, "w:color", "000000");
  }

  void write_table(const resolve::ResolvedTable& t, size_t block) {
    const resolve::TableSize* size = size_for(block);
    PAIBAN_ASSERT(size != nullptr, "the table-sizing phase sizes every table block");
    table_scale_ = size != nullptr ? size->font_scale : 1.0;
    const TableGrid& g = t.grid;
    if (!t.caption.empty()) {
      ParaFormat pf;
      pf.style_id = "Caption";
      add_text_run(new_paragraph(pf), style_, hint_only(t.caption), t.caption);
    }
    if (g.rows > 0 && g.cols > 0 && size != nullptr) {
      write_grid(t, *size, to_twips_widths(size->column_widths_lu));
    }
    if (!t.note.empty()) {
      ParaFormat pf;
      pf.style_id = "TableNote";
      add_text_run(new_paragraph(pf), style_, hint_only(t.note), t.note);
    }
  }

  void write_grid(const resolve::ResolvedTable& t, const resolve::TableSize& size,
                  const std::vector<int>& widths) {
    const TableGrid& g = t.grid;
    const styles::TableStyle& ts = style_.table;
    pugi::xml_node tbl = add(body_, "w:tbl");
    pugi::xml_node tblpr = add(tbl, "w:tblPr");
    long long total = 0;
    for (int w : widths) total += w;
    pugi::xml_node tblw = add(tblpr, "w:tblW");
    set_attr(tblw, "w:w", total);
    set_attr(tblw, "w:type", "dxa");
    add_val(tblpr, "w:jc", "center");
    // Rules: every cell edge single; the outer frame at frame_width_pt, inner rules at
    // rule_width_pt.
    pugi::xml_node borders = add(tblpr, "w:tblBorders");
    write_border(borders, "w:top", ts.frame_width_pt);
    write_border(borders, "w:left", ts.frame_width_pt);
    write_border(borders, "w:bottom", ts.frame_width_pt);
    write_border(borders, "w:right", ts.frame_width_pt);
    write_border(borders, "w:insideH", ts.rule_width_pt);
    write_border(borders, "w:insideV", ts.rule_width_pt);
    // Fixed layout: Word keeps the grid as given instead of autofitting to the content.
    set_attr(add(tblpr, "w:tblLayout"), "w:type", "fixed");
    pugi::xml_node mar = add(tblpr, "w:tblCellMar");
    const int pad_v = std::max(to_twips(ts.cell_padding_v_pt), 0);
    const int pad_h = std::max(to_twips(ts.cell_padding_h_pt), 0);
    for (const auto& [side, value] : {std::pair{"w:top", pad_v}, std::pair{"w:left", pad_h},
                                      std::pair{"w:bottom", pad_v}, std::pair{"w:right", pad_h}}) {
      pugi::xml_node m = add(mar, side);
      set_attr(m, "w:w", value);
      set_attr(m, "w:type", "dxa");
    }
    pugi::xml_node grid = add(tbl, "w:tblGrid");
    for (int w : widths) set_attr(add(grid, "w:gridCol"), "w:w", w);

    // The rows the table-sizing phase keeps together (rowspan groups short enough to move
    // whole) are kept with the next row (w:keepNext on their paragraphs); the header rows are
    // kept with the first body row.
    const int header = t.header_rows;
    std::vector<bool> joined = size.keep_with_next;
    joined.resize(static_cast<size_t>(g.rows), false);
    // A note stays with the table's last row.
    const bool keep_last = !t.note.empty();
    for (int r = 0; r < g.rows; ++r) {
      pugi::xml_node tr = add(tbl, "w:tr");
      pugi::xml_node trpr = add(tr, "w:trPr");
      add(trpr, "w:cantSplit");
      // Header rows repeat at the top of every page the table runs onto.
      if (r < header && ts.repeat_header) add(trpr, "w:tblHeader");
      const bool keep = r + 1 < g.rows ? joined[static_cast<size_t>(r)] || r < header : keep_last;
      for (int c = 0; c < g.cols;) {
        const auto index = static_cast<size_t>(g.at(r, c));
        const GridCell& gc = g.cells[index];
        write_cell(tr, t, size, index, gc.row == r, widths, keep);
        c = gc.col + gc.colspan;
      }
    }
  }

  // Ends the current section with a paragraph holding its properties (ECMA-376 §17.6.17): the
  // last paragraph written when there is one, else a new one as small as a paragraph can be.
  void end_section(bool landscape) {
    pugi::xml_node last = body_.last_child();
    if (!last || std::string_view(last.name()) != "w:p") {
      write_filler_paragraph(20);
      last = body_.last_child();
    }
    pugi::xml_node ppr = last.child("w:pPr");
    if (!ppr) ppr = last.prepend_child("w:pPr");
    // w:sectPr is the last child of w:pPr except for w:pPrChange (not written here).
    fill_section(ppr.append_child("w:sectPr"), landscape);
  }

  // A section's properties: footers, page size and margins, the document grid. A landscape
  // section is the portrait sheet turned (GB/T 9704 §8): the same type area, its binding margin
  // on top; Word draws its footer along the landscape page's foot, as far as it can follow the
  // rule, and the grid does not apply to a table section.
  void fill_section(pugi::xml_node sect, bool landscape) {
    if (plan_.footers) {
      // The 版记 section's footers hold no number (§7.5).
      pugi::xml_node ref = add(sect, "w:footerReference");
      set_attr(ref, "w:type", "default");  // odd pages (every page without even/odd footers)
      set_attr(ref, "r:id", unnumbered_ ? kFooterPlainRelId : kFooterDefaultRelId);
      if (plan_.even_odd) {
        pugi::xml_node even = add(sect, "w:footerReference");
        set_attr(even, "w:type", "even");
        set_attr(even, "r:id", unnumbered_ ? kFooterPlainRelId : kFooterEvenRelId);
      }
    }
    // GB/T 9704 §10.1: the letter's page 1 has no number and carries the lower double rule, in
    // the first section's first-page footer.
    const bool letter_first = plan_.letter_first_footer && !section_written_;
    if (letter_first) {
      pugi::xml_node ref = add(sect, "w:footerReference");
      set_attr(ref, "w:type", "first");
      set_attr(ref, "r:id", kFooterFirstRelId);
    }
    section_written_ = true;
    pugi::xml_node size = add(sect, "w:pgSz");
    const int width = landscape ? page_.height : page_.width;
    const int height = landscape ? page_.width : page_.height;
    set_attr(size, "w:w", width);
    set_attr(size, "w:h", height);
    if (width > height) set_attr(size, "w:orient", "landscape");
    pugi::xml_node mar = add(sect, "w:pgMar");
    const int top = landscape ? page_.margin_left : page_.margin_top;
    set_attr(mar, "w:top", top);
    set_attr(mar, "w:right", landscape ? page_.margin_top : page_.margin_right);
    set_attr(mar, "w:bottom", landscape ? page_.margin_right : page_.margin_bottom);
    set_attr(mar, "w:left", landscape ? page_.margin_bottom : page_.margin_left);
    set_attr(mar, "w:header", std::min(851, top));  // 15 mm; there is no header
    const int footer =
        plan_.letter_first_footer ? letter_footer_distance(style_) : page_.footer_distance;
    set_attr(mar, "w:footer",
             landscape ? std::min(footer, page_.margin_right) : footer);
    set_attr(mar, "w:gutter", 0);
    if (letter_first) add(sect, "w:titlePg");
    if (!landscape) write_document_grid(sect);
  }

  // GB/T 9704 "每面排22行，每行排28个字": a document grid of lines and characters. w:linePitch
  // is the body's line pitch in twips; w:charSpace is (character pitch − body size) × 4096 in pt
  // (ECMA-376 §17.6.5), rounded down so that grid_chars characters fit the text width.
  void write_document_grid(pugi::xml_node sect) {
    const styles::PageStyle& ps = style_.page;
    if (ps.grid_lines <= 0 && ps.grid_chars <= 0) return;
    int line_pitch = line_pitch_twips(style_.body.line_pitch_pt);
    if (style_.body.line_pitch_pt <= 0) {
      line_pitch = ps.grid_lines > 0 ? page_.text_height / ps.grid_lines
                                     : to_twips(styles::line_pitch_pt(style_.body));
    }
    pugi::xml_node grid = add(sect, "w:docGrid");
    set_attr(grid, "w:type", ps.grid_chars > 0 ? "linesAndChars" : "lines");
    set_attr(grid, "w:linePitch", std::max(line_pitch, 1));
    if (ps.grid_chars > 0) {
      const double pitch_pt = page_.text_width / 20.0 / ps.grid_chars;
      const double delta = (pitch_pt - style_.body.size_pt) * 4096;
      set_attr(grid, "w:charSpace", static_cast<long long>(std::floor(delta)));
    }
  }

  const resolve::ResolvedDocument& doc_;
  const styles::Style& style_;
  const std::vector<resolve::TableSize>& tables_;
  const PackagePlan& plan_;
  const resolve::FlowFacts* flow_;  // the layout's decisions to repeat; null: none
  std::vector<Diagnostic>& diagnostics_;
  pugi::xml_node body_;
  PageGeometry page_;
  double table_scale_ = 1.0;
  int drawings_ = 0;  // wp:docPr ids of the pictures placed so far
  bool landscape_last_ = false;
  // The section being written is the 版记's, without page numbers (GB/T 9704 §7.5).
  bool unnumbered_ = false;
  bool section_written_ = false;  // a w:sectPr has been written (the first section is done)  // the body ends in a landscape table: so does its last section
};

}  // namespace

std::string document_part(const resolve::ResolvedDocument& doc,
                          const std::vector<resolve::TableSize>& tables, const PackagePlan& plan,
                          const resolve::FlowFacts* flow, std::vector<Diagnostic>& diagnostics) {
  pugi::xml_document xml;
  start_part(xml);
  pugi::xml_node root = xml.append_child("w:document");
  root.append_attribute("xmlns:w") = kWordNs;
  root.append_attribute("xmlns:r") = kOfficeRelNs;
  BodyWriter(doc, tables, plan, flow, diagnostics, add(root, "w:body")).write();
  return part_bytes(xml);
}

}  // namespace paiban::docx::detail
