#include "docx/ooxml.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "utf8.h"

namespace paiban::docx::detail {

namespace {

int round_to_int(double v) {
  if (!std::isfinite(v)) return 0;
  v = std::clamp(v, -2.0e9, 2.0e9);
  return static_cast<int>(std::lround(v));
}

// Appends a <w:t> with `text` (never empty).
void add_t(pugi::xml_node run, std::string_view text) {
  pugi::xml_node t = run.append_child("w:t");
  if (text.front() == ' ' || text.back() == ' ') t.append_attribute("xml:space") = "preserve";
  t.text().set(std::string(text).c_str());
}

enum class MarkKind { kNone, kOpening, kClosing, kStop };

// The classes of layout/text_class.cc (kOpening, kClosing, kStop): the marks with a blank half.
MarkKind mark_kind(char32_t cp) {
  static constexpr std::u32string_view kOpening = U"（“‘《〈「『【〔〖〘〚［｛";
  static constexpr std::u32string_view kClosing = U"）”’》〉」』】〕〗〙〛］｝";
  static constexpr std::u32string_view kStop = U"。，、；：？！．";
  if (kOpening.find(cp) != std::u32string_view::npos) return MarkKind::kOpening;
  if (kClosing.find(cp) != std::u32string_view::npos) return MarkKind::kClosing;
  if (kStop.find(cp) != std::u32string_view::npos) return MarkKind::kStop;
  return MarkKind::kNone;
}

}  // namespace

std::vector<bool> half_width_marks(const std::u32string& text, const std::string& scheme) {
  std::vector<bool> half(text.size(), false);
  if (scheme == "banjiao" || scheme == "kaiming") {
    for (size_t i = 0; i < text.size(); ++i) {
      const char32_t cp = text[i];
      const bool sentence_end = cp == U'。' || cp == U'？' || cp == U'！' || cp == U'．';
      half[i] = mark_kind(cp) != MarkKind::kNone && !(scheme == "kaiming" && sentence_end);
    }
  } else if (scheme == "quanjiao") {
    for (size_t i = 1; i < text.size(); ++i) {
      const MarkKind a = mark_kind(text[i - 1]);
      const MarkKind b = mark_kind(text[i]);
      if (a == MarkKind::kNone || b == MarkKind::kNone) continue;
      if ((a == MarkKind::kClosing || a == MarkKind::kStop) && !half[i - 1]) {
        half[i - 1] = true;
      } else if (b == MarkKind::kOpening && !half[i]) {
        half[i] = true;
      }
    }
  }
  return half;
}

int to_twips(double pt) { return round_to_int(pt * 20); }
int to_half_points(double pt) { return round_to_int(pt * 2); }
int to_eighth_points(double pt) { return round_to_int(pt * 8); }

int line_pitch_twips(double pt) {
  if (!std::isfinite(pt) || pt <= 0) return 1;
  return std::max(static_cast<int>(std::floor(std::min(pt, 1.0e6) * 20 + 1e-6)), 1);
}

PageGeometry page_geometry(const styles::Style& style) {
  const styles::PageStyle& ps = style.page;
  PageGeometry g;
  g.width = std::max(to_twips(ps.width_pt), 1440);
  g.height = std::max(to_twips(ps.height_pt), 1440);
  g.margin_top = std::max(to_twips(ps.margin_top_pt), 0);
  g.margin_bottom = std::max(to_twips(ps.margin_bottom_pt), 0);
  g.margin_left = std::max(to_twips(ps.margin_left_pt), 0);
  g.margin_right = std::max(to_twips(ps.margin_right_pt), 0);
  // Layout clamps odd margins, so does the writer: keep at least one inch of type area.
  if (g.margin_left + g.margin_right > g.width - 1440) g.margin_left = g.margin_right = 720;
  if (g.margin_top + g.margin_bottom > g.height - 1440) g.margin_top = g.margin_bottom = 720;
  g.text_width = g.width - g.margin_left - g.margin_right;
  g.text_height = g.height - g.margin_top - g.margin_bottom;
  // GB/T 9704-2012 §7.5: the page number's em box starts page_number_below_pt under the type
  // area (as the PDF places it); the footer paragraph is one exact line of the number's size, so
  // its lower edge is that much further down.
  const double below = ps.page_number_below_pt + style.page_number.size_pt;
  g.footer_distance = std::clamp(to_twips(ps.margin_bottom_pt - below), 0, g.margin_bottom);
  return g;
}

std::string red_hex(const styles::Style& style) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (double v : {style.red.r, style.red.g, style.red.b}) {
    const int n = std::clamp(static_cast<int>(v * 255 + 0.5), 0, 255);
    out += kHex[n >> 4];
    out += kHex[n & 15];
  }
  return out;
}

void start_part(pugi::xml_document& doc) {
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  decl.append_attribute("standalone") = "yes";
}

std::string part_bytes(const pugi::xml_document& doc) {
  // Straight into a string: no iostream (and so no locale) between the XML and the bytes.
  struct StringWriter : pugi::xml_writer {
    std::string bytes;
    void write(const void* data, size_t size) override {
      bytes.append(static_cast<const char*>(data), size);
    }
  } writer;
  doc.save(writer, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(writer.bytes);
}

pugi::xml_node add(pugi::xml_node parent, const char* name) { return parent.append_child(name); }

pugi::xml_node add_val(pugi::xml_node parent, const char* name, std::string_view value) {
  pugi::xml_node node = parent.append_child(name);
  node.append_attribute("w:val") = std::string(value).c_str();
  return node;
}

pugi::xml_node add_val(pugi::xml_node parent, const char* name, long long value) {
  return add_val(parent, name, std::to_string(value));
}

void set_attr(pugi::xml_node node, const char* name, std::string_view value) {
  pugi::xml_attribute a = node.attribute(name);
  if (!a) a = node.append_attribute(name);
  a = std::string(value).c_str();
}

void set_attr(pugi::xml_node node, const char* name, long long value) {
  set_attr(node, name, std::to_string(value));
}

std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const Utf8Char c = decode_utf8_at(text, i);
    i += c.length;
    const char32_t cp = c.code_point;
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') continue;
    if (cp == 0xFFFE || cp == 0xFFFF) continue;
    append_utf8(out, cp);
  }
  return out;
}

bool needs_east_asian_hint(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

const char* jc_value(HAlign align) {
  switch (align) {
    case HAlign::kLeft:
      return "left";
    case HAlign::kCenter:
      return "center";
    case HAlign::kRight:
      return "right";
    case HAlign::kJustify:
      return "both";
    case HAlign::kInherit:
      break;
  }
  return nullptr;
}

int grid_condense_twips(const styles::Style& style, const styles::TextStyle& ts) {
  if (style.page.grid_chars <= 0 || std::abs(ts.size_pt - style.body.size_pt) > 0.01) return 0;
  const PageGeometry g = page_geometry(style);
  const double pitch_twips = static_cast<double>(g.text_width) / style.page.grid_chars;
  const double delta = pitch_twips - ts.size_pt * 20;
  // One twip of slack: LibreOffice rounds every advance to its own units and, with the exact
  // amount, pushes the 28th character of a full line to the next line.
  return delta < 0 ? static_cast<int>(std::floor(delta)) - 1 : 0;
}

int char_twips(const styles::Style& style, const styles::TextStyle& ts) {
  return std::max(to_twips(ts.size_pt) + grid_condense_twips(style, ts), 1);
}

RunFormat full_format(const styles::TextStyle& ts) {
  RunFormat f;
  f.role = ts.role;
  f.bold = ts.bold;
  f.italic = ts.italic;
  f.size_pt = ts.size_pt;
  return f;
}

RunFormat run_overrides(const Run& run, const styles::TextStyle& base) {
  RunFormat f;
  if (run.font != FontRole::kInherit) f.role = run.font;
  f.bold = run.bold;
  f.italic = run.italic;
  f.underline = run.underline;
  if (!run.size.empty()) {
    // An unreadable size was reported by the reader; here it simply inherits.
    if (auto v = styles::parse_length_pt(run.size, base.size_pt); v && *v > 0) f.size_pt = *v;
  }
  f.east_asian_hint = needs_east_asian_hint(run.text);
  return f;
}

void write_run_format(pugi::xml_node rpr, const styles::Style& style, const RunFormat& format) {
  const styles::FontChain* chain = nullptr;
  if (format.role && *format.role != FontRole::kInherit) {
    auto it = style.fonts.find(*format.role);
    if (it != style.fonts.end()) chain = &it->second;
  }
  if (chain != nullptr || format.east_asian_hint) {
    pugi::xml_node fonts = add(rpr, "w:rFonts");
    if (chain != nullptr) {
      // w:ascii and w:hAnsi take Latin letters and digits (Times New Roman in practice),
      // w:eastAsia the Han characters (仿宋_GB2312 …).
      if (!chain->docx_ascii.empty()) {
        set_attr(fonts, "w:ascii", chain->docx_ascii);
        set_attr(fonts, "w:hAnsi", chain->docx_ascii);
      }
      if (!chain->docx_east_asia.empty()) {
        set_attr(fonts, "w:eastAsia",
                 format.half_width ? chain->docx_east_asia + kHalfWidthSuffix
                                   : chain->docx_east_asia);
      }
      if (!chain->docx_ascii.empty()) set_attr(fonts, "w:cs", chain->docx_ascii);
    }
    if (format.east_asian_hint) set_attr(fonts, "w:hint", "eastAsia");
  }
  // CT_OnOff: an explicit w:val="0" switches off what the paragraph style switched on.
  auto on_off = [&](const char* name, bool on) {
    pugi::xml_node n = add(rpr, name);
    if (!on) n.append_attribute("w:val") = "0";
  };
  if (format.bold) {
    on_off("w:b", *format.bold);
    on_off("w:bCs", *format.bold);
  }
  if (format.italic) {
    on_off("w:i", *format.italic);
    on_off("w:iCs", *format.italic);
  }
  if (!format.color.empty()) add_val(rpr, "w:color", format.color);
  if (format.scale_percent) add_val(rpr, "w:w", std::clamp(*format.scale_percent, 1, 600));
  if (format.size_pt) {
    const int hp = std::clamp(to_half_points(*format.size_pt), 2, 3276);
    add_val(rpr, "w:sz", hp);
    add_val(rpr, "w:szCs", hp);
  }
  if (format.spacing_twips) add_val(rpr, "w:spacing", *format.spacing_twips);
  if (format.underline) add_val(rpr, "w:u", *format.underline ? "single" : "none");
}

void add_text_run(pugi::xml_node paragraph, const styles::Style& style, const RunFormat& format,
                  std::string_view raw) {
  const std::string text = xml_text(raw);
  if (text.empty()) return;
  pugi::xml_node run = add(paragraph, "w:r");
  pugi::xml_node rpr = add(run, "w:rPr");
  write_run_format(rpr, style, format);
  if (!rpr.first_child()) run.remove_child(rpr);
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    const bool end = i == text.size();
    const char c = end ? '\0' : text[i];
    if (!end && c != '\n' && c != '\t' && c != '\r') continue;
    if (i > start) add_t(run, std::string_view(text).substr(start, i - start));
    if (c == '\n') add(run, "w:br");  // a line break inside the paragraph
    if (c == '\t') add(run, "w:tab");
    start = i + 1;
  }
}

ParaFormat para_format(const styles::TextStyle& ts, const styles::Style& style) {
  ParaFormat f;
  f.keep_next = ts.keep_with_next;
  // No text snaps to the character grid: see grid_condense_twips. (The line grid does not matter:
  // every line pitch is exact or proportional.)
  if (style.page.grid_chars > 0) f.snap_to_grid = false;
  f.before_twips = std::max(to_twips(ts.space_before_pt), 0);
  f.after_twips = std::max(to_twips(ts.space_after_pt), 0);
  if (ts.line_pitch_pt > 0) {
    f.line = line_pitch_twips(ts.line_pitch_pt);
    f.line_exact = true;
  } else {
    // paiban's layout sets lines at size × line_spacing exactly (not the font's own line
    // height times the factor, as Word's "auto" would): the DOCX does the same, so both break
    // pages alike.
    f.line = line_pitch_twips(styles::line_pitch_pt(ts));
    f.line_exact = true;
  }
  ParaFormat::Indent ind;
  if (ts.first_line_indent_em > 0) {
    ind.first_line_chars = static_cast<int>(std::lround(ts.first_line_indent_em * 100));
    ind.first_line = static_cast<int>(std::lround(ts.first_line_indent_em * char_twips(style, ts)));
  }
  f.indent = ind;
  f.jc = jc_value(ts.align);
  return f;
}

void write_para_format(pugi::xml_node ppr, const ParaFormat& f) {
  if (!f.style_id.empty()) add_val(ppr, "w:pStyle", f.style_id);
  if (f.keep_next) add(ppr, "w:keepNext");
  if (f.keep_lines) add(ppr, "w:keepLines");
  if (f.page_break_before) add(ppr, "w:pageBreakBefore");
  if (f.top_border || f.bottom_border) {
    pugi::xml_node bdr = add(ppr, "w:pBdr");
    auto border = [&](const char* name, const ParaFormat::Border& b) {
      pugi::xml_node n = add(bdr, name);
      set_attr(n, "w:val", b.val);
      set_attr(n, "w:sz", b.size_eighths);
      set_attr(n, "w:space", std::clamp(b.space_pt, 0, 31));
      set_attr(n, "w:color", b.color);
    };
    if (f.top_border) border("w:top", *f.top_border);
    if (f.bottom_border) border("w:bottom", *f.bottom_border);
  }
  if (!f.tabs.empty()) {
    pugi::xml_node tabs = add(ppr, "w:tabs");
    for (const auto& [val, pos] : f.tabs) {
      pugi::xml_node tab = add(tabs, "w:tab");
      set_attr(tab, "w:val", val);
      set_attr(tab, "w:pos", pos);
    }
  }
  if (f.snap_to_grid) add_val(ppr, "w:snapToGrid", *f.snap_to_grid ? "1" : "0");
  if (f.before_twips || f.after_twips || f.line) {
    pugi::xml_node sp = add(ppr, "w:spacing");
    if (f.before_twips) set_attr(sp, "w:before", *f.before_twips);
    if (f.after_twips) set_attr(sp, "w:after", *f.after_twips);
    if (f.line) {
      set_attr(sp, "w:line", *f.line);
      set_attr(sp, "w:lineRule", f.line_exact ? "exact" : "auto");
    }
  }
  if (f.indent) {
    pugi::xml_node ind = add(ppr, "w:ind");
    if (f.indent->left != 0) set_attr(ind, "w:left", f.indent->left);
    if (f.indent->right_chars != 0) set_attr(ind, "w:rightChars", f.indent->right_chars);
    if (f.indent->right != 0) set_attr(ind, "w:right", f.indent->right);
    if (f.indent->hanging > 0) {
      // ECMA-376 §17.3.1.12: character units (w:hangingChars) would win over w:hanging; none
      // are written, so the measured width holds.
      set_attr(ind, "w:hanging", f.indent->hanging);
    } else {
      // w:firstLineChars wins over w:firstLine in Word (character units follow the document
      // grid); w:firstLine serves applications that ignore character units.
      set_attr(ind, "w:firstLineChars", f.indent->first_line_chars);
      set_attr(ind, "w:firstLine", f.indent->first_line);
    }
  }
  if (f.jc != nullptr) add_val(ppr, "w:jc", f.jc);
  if (f.outline_level) add_val(ppr, "w:outlineLvl", *f.outline_level);
}

}  // namespace paiban::docx::detail
