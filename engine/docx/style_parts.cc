// word/styles.xml, word/settings.xml, word/fontTable.xml and the page-number footers
// (ECMA-376 Part 1 §17.7, §17.15, §17.8, §17.10).
#include <algorithm>
#include <cmath>
#include <vector>

#include "docx/ooxml.h"
#include "docx/parts.h"

namespace paiban::docx::detail {

namespace {

// Word's zh-CN kinsoku lists (cjk-line-breaking.md): characters that cannot start a line
// (w:noLineBreaksBefore) and that cannot end one (w:noLineBreaksAfter).
constexpr char kNoLineStart[] =
    "!%),.:;>?]}"
    "¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠";
constexpr char kNoLineEnd[] = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥";

pugi::xml_node word_root(pugi::xml_document& doc, const char* name, bool relationships) {
  pugi::xml_node root = doc.append_child(name);
  root.append_attribute("xmlns:w") = kWordNs;
  if (relationships) root.append_attribute("xmlns:r") = kOfficeRelNs;
  return root;
}

struct StyleDef {
  const char* id;
  const char* name;  // Word's built-in names where one exists ("heading 1", "caption")
  const styles::TextStyle* ts;
  int outline_level = -1;
  bool keep_next = false;
  const char* force_jc = nullptr;
  bool off_grid = false;  // never on the document grid (the footer)
};

void add_paragraph_style(pugi::xml_node styles_node, const styles::Style& style,
                         const StyleDef& def, bool is_default) {
  pugi::xml_node s = styles_node.append_child("w:style");
  s.append_attribute("w:type") = "paragraph";
  if (is_default) s.append_attribute("w:default") = "1";
  s.append_attribute("w:styleId") = def.id;
  add_val(s, "w:name", def.name);
  if (!is_default) {
    add_val(s, "w:basedOn", "Normal");
    add_val(s, "w:next", "Normal");
  }
  add(s, "w:qFormat");
  // Every property is written out in full (none is left to w:basedOn), so a style reads the
  // same in Word, WPS and LibreOffice whatever they assume for Normal.
  ParaFormat pf = para_format(*def.ts, style);
  pf.keep_next = pf.keep_next || def.keep_next;
  if (def.force_jc != nullptr) pf.jc = def.force_jc;
  if (def.outline_level >= 0) pf.outline_level = def.outline_level;
  if (def.off_grid) pf.snap_to_grid = false;
  write_para_format(add(s, "w:pPr"), pf);
  // Bold and italic are written even when off (w:val="0"): nothing is inherited from Normal.
  RunFormat rf = full_format(*def.ts);
  if (const int condense = grid_condense_twips(style, *def.ts); condense != 0) {
    rf.spacing_twips = condense;
  }
  write_run_format(add(s, "w:rPr"), style, rf);
}

}  // namespace

PackagePlan plan_package(const styles::Style& style) {
  PackagePlan plan;
  plan.footers = style.page.page_number != styles::PageNumberPosition::kNone;
  plan.even_odd = style.page.page_number == styles::PageNumberPosition::kOuter;
  return plan;
}

int letter_footer_distance(const styles::Style& style) {
  return std::min(page_geometry(style).footer_distance, mm_to_twips(20));
}

void plan_letter(const resolve::ResolvedDocument& doc, PackagePlan& plan) {
  if (!doc.gongwen || doc.gongwen->masthead.format != resolve::GongwenFormat::kLetter) return;
  plan.letter_first_footer = true;
  // The section's footer distance comes down to the rule; the numbers of pages 2 on are lifted
  // back to where GB/T 9704 §7.5 puts them.
  plan.footer_lift_twips =
      page_geometry(doc.style).footer_distance - letter_footer_distance(doc.style);
}

void plan_record_pages(const resolve::ResolvedDocument& doc, const resolve::FlowFacts* flow,
                       PackagePlan& plan) {
  using Start = resolve::GongwenPages::Start;
  if (!doc.gongwen || !doc.gongwen->record || flow == nullptr || !flow->laid_out) return;
  if (!plan.footers || flow->gongwen.start == Start::kNone) return;
  plan.record_pages = flow->gongwen;
  plan.plain_footer = true;
}

std::string styles_part(const styles::Style& style, const Metadata& metadata) {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node root = word_root(doc, "w:styles", false);

  // Document defaults: the body's font and size (the grid's w:charSpace is relative to them),
  // Chinese language for East Asian text, and the Chinese line-breaking switches.
  pugi::xml_node defaults = add(root, "w:docDefaults");
  pugi::xml_node rpr = add(add(defaults, "w:rPrDefault"), "w:rPr");
  RunFormat body = full_format(style.body);
  body.bold.reset();
  body.italic.reset();
  write_run_format(rpr, style, body);
  pugi::xml_node lang = add(rpr, "w:lang");
  set_attr(lang, "w:val", "en-US");
  set_attr(lang, "w:eastAsia", metadata.language.empty() ? "zh-CN" : xml_text(metadata.language));
  set_attr(lang, "w:bidi", "ar-SA");
  pugi::xml_node ppr = add(add(defaults, "w:pPrDefault"), "w:pPr");
  // 避头尾 (w:kinsoku) with the lists of settings.xml; Han–Latin and Han–digit spacing
  // (w:autoSpaceDE / w:autoSpaceDN, clreq §3.2) per the style.
  // Hanging punctuation: the PDF never hangs a mark past the type area (a ，。 that may not start
  // a line pushes a character down instead). LibreOffice reads w:overflowPunct inverted (its
  // importer sets "hanging punctuation" to val == 0, and hangs by default): only val="1" keeps
  // it from hanging ，。、． at a full line's end, which changed about one line in ten of the
  // samples. Word reads the value as the standard says. See README "Choices the format leaves
  // open".
  add_val(ppr, "w:kinsoku", style.kinsoku == "none" ? "0" : "1");
  add_val(ppr, "w:overflowPunct", "1");
  add_val(ppr, "w:autoSpaceDE", style.autospace ? "1" : "0");
  add_val(ppr, "w:autoSpaceDN", style.autospace ? "1" : "0");

  // Latent defaults Word expects to find.
  pugi::xml_node dpf = root.append_child("w:style");
  dpf.append_attribute("w:type") = "character";
  dpf.append_attribute("w:default") = "1";
  dpf.append_attribute("w:styleId") = "DefaultParagraphFont";
  add_val(dpf, "w:name", "Default Paragraph Font");
  add_val(dpf, "w:uiPriority", 1);
  add(dpf, "w:semiHidden");
  add(dpf, "w:unhideWhenUsed");
  pugi::xml_node table = root.append_child("w:style");
  table.append_attribute("w:type") = "table";
  table.append_attribute("w:default") = "1";
  table.append_attribute("w:styleId") = "TableNormal";
  add_val(table, "w:name", "Normal Table");
  add_val(table, "w:uiPriority", 99);
  add(table, "w:semiHidden");
  add(table, "w:unhideWhenUsed");
  pugi::xml_node tblpr = add(table, "w:tblPr");
  pugi::xml_node ind = add(tblpr, "w:tblInd");
  set_attr(ind, "w:w", 0);
  set_attr(ind, "w:type", "dxa");
  pugi::xml_node list = root.append_child("w:style");
  list.append_attribute("w:type") = "numbering";
  list.append_attribute("w:default") = "1";
  list.append_attribute("w:styleId") = "NoList";
  add_val(list, "w:name", "No List");
  add_val(list, "w:uiPriority", 99);
  add(list, "w:semiHidden");
  add(list, "w:unhideWhenUsed");

  // One named paragraph style per role of the resolved style.
  const StyleDef defs[] = {
      {"Normal", "Normal", &style.body},
      {"Title", "Title", &style.title},
      {"Subtitle", "Subtitle", &style.subtitle},
      {"Heading1", "heading 1", &style.heading[0], 0, true},
      {"Heading2", "heading 2", &style.heading[1], 1, true},
      {"Heading3", "heading 3", &style.heading[2], 2, true},
      {"Heading4", "heading 4", &style.heading[3], 3, true},
      {"TableText", "Table Text", &style.table_cell},
      {"TableHeader", "Table Header", &style.table_header},
      // The caption sits above its table: centred, kept with it (as the PDF sets it).
      {"Caption", "caption", &style.caption, -1, true, "center"},
      {"TableNote", "Table Note", &style.note, -1, false, "left"},
      {"Signature", "Signature", &style.signature},
  };
  for (const StyleDef& def : defs) add_paragraph_style(root, style, def, def.ts == &style.body);

  // The page number: one exact line of its size, so that the footer distance places its em box
  // (see page_geometry); never on the character grid.
  styles::TextStyle number = style.page_number;
  number.line_pitch_pt = number.size_pt;
  number.first_line_indent_em = 0;
  number.space_before_pt = number.space_after_pt = 0;
  number.keep_with_next = false;
  const StyleDef footer{"Footer", "footer", &number, -1, false, nullptr, true};
  add_paragraph_style(root, style, footer, false);
  return part_bytes(doc);
}

std::string settings_part(const styles::Style& style, const PackagePlan& plan) {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node root = word_root(doc, "w:settings", false);
  set_attr(add(root, "w:zoom"), "w:percent", 100);
  // Tab stops every two body characters, Word's Chinese default.
  add_val(root, "w:defaultTabStop", std::max(to_twips(2 * style.body.size_pt), 1));
  // GB/T 9704 §7.5: odd pages carry the number on the right, even pages on the left.
  if (plan.even_odd) add(root, "w:evenAndOddHeaders");
  // 标点挤压: adjacent full-width marks share space (quanjiao); "plain" switches it off.
  add_val(root, "w:characterSpacingControl",
          style.punctuation == "plain" ? "doNotCompress" : "compressPunctuation");
  if (style.kinsoku != "none") {
    std::string no_start = kNoLineStart;
    std::string no_end = kNoLineEnd;
    // "gb": a solidus never ends a line; "strict": dashes never start one (clreq §3.1.4).
    if (style.kinsoku == "gb" || style.kinsoku == "strict") no_end += "/／";
    if (style.kinsoku == "strict") no_start += "—";
    pugi::xml_node after = add(root, "w:noLineBreaksAfter");
    set_attr(after, "w:lang", "zh-CN");
    set_attr(after, "w:val", no_end);
    pugi::xml_node before = add(root, "w:noLineBreaksBefore");
    set_attr(before, "w:lang", "zh-CN");
    set_attr(before, "w:val", no_start);
  }
  // Word 2013+ layout (compatibility mode 15): the document grid and table widths as written.
  pugi::xml_node compat = add(root, "w:compat");
  pugi::xml_node mode = add(compat, "w:compatSetting");
  set_attr(mode, "w:name", "compatibilityMode");
  set_attr(mode, "w:uri", "http://schemas.microsoft.com/office/word");
  set_attr(mode, "w:val", "15");
  pugi::xml_node theme = add(root, "w:themeFontLang");
  set_attr(theme, "w:val", "en-US");
  set_attr(theme, "w:eastAsia", "zh-CN");
  add_val(root, "w:decimalSymbol", ".");
  add_val(root, "w:listSeparator", ",");
  return part_bytes(doc);
}

std::string font_table_part(const styles::Style& style) {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node root = word_root(doc, "w:fonts", false);
  // Every name the styles use, once, in role order; East Asian names with the GB2312 charset
  // (0x86) so that Word substitutes a Chinese font when the named one is missing.
  std::vector<std::string> seen;
  auto add_font = [&](const std::string& raw, bool east_asian, const std::string& alt = {}) {
    const std::string name = xml_text(raw);
    if (name.empty() || std::find(seen.begin(), seen.end(), name) != seen.end()) return;
    seen.push_back(name);
    pugi::xml_node f = root.append_child("w:font");
    f.append_attribute("w:name") = name.c_str();
    if (!alt.empty()) add_val(f, "w:altName", xml_text(alt));
    add_val(f, "w:charset", east_asian ? "86" : "00");
    add_val(f, "w:family", east_asian ? "modern" : "roman");
    add_val(f, "w:pitch", east_asian ? "fixed" : "variable");
  };
  for (const auto& [role, chain] : style.fonts) add_font(chain.docx_east_asia, true);
  for (const auto& [role, chain] : style.fonts) add_font(chain.docx_ascii, false);
  // The names with half-width punctuation (kHalfWidthSuffix) stand for their plain font.
  if (style.punctuation != "plain") {
    for (const auto& [role, chain] : style.fonts) {
      if (chain.docx_east_asia.empty()) continue;
      add_font(chain.docx_east_asia + kHalfWidthSuffix, true, chain.docx_east_asia);
    }
  }
  return part_bytes(doc);
}

std::string footer_part(const styles::Style& style, bool even_page, int lift_twips) {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node root = word_root(doc, "w:ftr", true);
  pugi::xml_node p = add(root, "w:p");
  ParaFormat pf;
  pf.style_id = "Footer";
  // GB/T 9704-2012 §7.5: odd pages right, even pages left, one character in from the type
  // area's edge; kCenter: centred on every page.
  const int indent =
      std::max(to_twips(style.page_number.size_pt * style.page.page_number_indent_em), 0);
  ParaFormat::Indent ind;
  if (style.page.page_number == styles::PageNumberPosition::kOuter) {
    pf.jc = even_page ? "left" : "right";
    (even_page ? ind.left : ind.right) = indent;
  } else {
    pf.jc = "center";
  }
  pf.indent = ind;
  if (lift_twips > 0) pf.after_twips = lift_twips;
  write_para_format(add(p, "w:pPr"), pf);

  // "— {} —": the text around a PAGE field (a complex field: w:fldChar begin / w:instrText /
  // separate / cached result / end).
  const std::string& format = style.page.page_number_format;
  const size_t at = format.find("{}");
  const std::string prefix = at == std::string::npos ? format : format.substr(0, at);
  const std::string suffix = at == std::string::npos ? std::string() : format.substr(at + 2);
  RunFormat rf;
  rf.east_asian_hint = true;  // the dashes are 一字线 of the Chinese font
  add_text_run(p, style, rf, prefix);
  auto field_char = [&](const char* type) {
    pugi::xml_node r = add(p, "w:r");
    set_attr(add(r, "w:fldChar"), "w:fldCharType", type);
  };
  field_char("begin");
  pugi::xml_node instr = add(add(p, "w:r"), "w:instrText");
  instr.append_attribute("xml:space") = "preserve";
  instr.text().set(" PAGE ");
  field_char("separate");
  add_text_run(p, style, RunFormat{}, "1");
  field_char("end");
  add_text_run(p, style, rf, suffix);
  return part_bytes(doc);
}

std::string plain_footer_part() {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node root = word_root(doc, "w:ftr", true);
  ParaFormat pf;
  pf.style_id = "Footer";
  write_para_format(add(add(root, "w:p"), "w:pPr"), pf);
  return part_bytes(doc);
}

std::string letter_first_footer_part(const styles::Style& style) {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node root = word_root(doc, "w:ftr", true);
  const PageGeometry g = page_geometry(style);
  // One point high: the paragraph is the rule. Its bottom border is the double rule, thin above
  // and thick below (thinThickSmallGap, 3 pt as the upper one), at the footer's foot, which the
  // section puts 20 mm above the paper's (or lower, when the style's own footer is lower, by
  // the space after).
  ParaFormat pf;
  pf.style_id = "Footer";
  pf.line = 20;
  pf.line_exact = true;
  pf.before_twips = 0;
  pf.after_twips = mm_to_twips(20) - letter_footer_distance(style);
  ParaFormat::Border rule;
  rule.val = "thinThickSmallGap";
  rule.size_eighths = 24;
  rule.color = red_hex(style);
  pf.bottom_border = rule;
  // 170 mm centred on the paper (not on the type area: the binding margin is wider).
  const int x1 = (g.width - mm_to_twips(170)) / 2;
  ParaFormat::Indent wide;
  wide.left = x1 - g.margin_left;
  wide.right = x1 - g.margin_right;
  pf.indent = wide;
  write_para_format(add(add(root, "w:p"), "w:pPr"), pf);
  return part_bytes(doc);
}

}  // namespace paiban::docx::detail
