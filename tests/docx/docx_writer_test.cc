// The DOCX writer: package structure, schema validity of every XML part (the pristine ISO/IEC
// 29500 Transitional and OPC schemas under ../shared/schemas), merged cells against the model's
// grid, column widths, header rows, determinism, footers, fonts; and a LibreOffice round trip
// (DOCX → PDF → text) that checks the reading order and the repeated header rows of a long table.

#include "docx/docx_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "docx/zip_package.h"
#include "json_io.h"
#include "layout/font_context.h"
#include "layout/layout.h"
#include "layout/measure.h"
#include "layout/table_layout.h"
#include "layout/table_sizing.h"
#include "paiban/model.h"
#include "resolve/resolved.h"
#include "styles/style.h"
#include "support/model_builders.h"
#include "support/test_fonts.h"
#include "table_grid.h"

namespace paiban::docx {
namespace {

namespace fs = std::filesystem;

constexpr char kSchemaDir[] = PAIBAN_SHARED_DIR "/schemas/ooxml";

// ---------------------------------------------------------------------------------------------
// Building reports

using paiban::test_support::cell;
using paiban::test_support::paragraph;
using paiban::test_support::text_run;

Heading heading(int level, std::string text, Numbering numbering = Numbering::kAuto) {
  Heading h;
  h.level = level;
  h.runs.push_back(text_run(std::move(text)));
  h.numbering = numbering;
  return h;
}

std::vector<ColumnSpec> auto_columns(int n) { return std::vector<ColumnSpec>(n); }

// Table 三 of the 2021 annual-report format: a three-level header (申请人情况 → 法人或其他组织 →
// 商业企业…) and three levels of row labels (三 → （三） → 1.), with a 22-row rowspan.
Table table_three() {
  Table t;
  t.columns = auto_columns(10);
  t.header_rows = 3;
  t.header_columns = 3;
  t.form = "gov-annual-2021/table-3";
  t.caption = "三、收到和处理政府信息公开申请情况";
  int value = 0;
  auto data_row = [&](std::vector<TableCell> labels) {
    TableRow row;
    row.cells = std::move(labels);
    for (int k = 0; k < 7; ++k) row.cells.push_back(cell(std::to_string(value++ % 97)));
    t.rows.push_back(std::move(row));
  };
  t.rows.push_back(
      {{cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        cell("申请人情况", 1, 7)}});
  t.rows.push_back({{cell("自然人", 2, 1), cell("法人或其他组织", 1, 5), cell("总计", 2, 1)}});
  t.rows.push_back({{cell("商业企业"), cell("科研机构"), cell("社会公益组织"), cell("法律服务机构"),
                     cell("其他")}});
  data_row({cell("一、本年新收政府信息公开申请数量", 1, 3)});
  data_row({cell("二、上年结转政府信息公开申请数量", 1, 3)});
  data_row({cell("三、本年度办理结果", 22, 1), cell("（一）予以公开", 1, 2)});
  data_row({cell("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)});
  const std::vector<std::pair<std::string, std::vector<std::string>>> groups = {
      {"（三）不予公开",
       {"1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
        "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
        "7.属于行政执法案卷", "8.属于行政查询事项"}},
      {"（四）无法提供",
       {"1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"}},
      {"（五）不予处理",
       {"1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息"}},
      {"（六）其他处理",
       {"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"}},
  };
  for (const auto& [label, items] : groups) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (i == 0) {
        data_row({cell(label, static_cast<int>(items.size()), 1), cell(items[i])});
      } else {
        data_row({cell(items[i])});
      }
    }
  }
  data_row({cell("（七）总计", 1, 2)});
  data_row({cell("四、结转下年度继续办理", 1, 3)});
  return t;
}

// Table 四: 15 narrow columns under a three-row header.
Table table_four() {
  Table t;
  t.columns = auto_columns(15);
  t.header_rows = 3;
  t.caption = "四、政府信息公开行政复议、行政诉讼情况";
  t.rows.push_back({{cell("行政复议", 1, 5), cell("行政诉讼", 1, 10)}});
  TableRow r1;
  for (const char* s : {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}) {
    r1.cells.push_back(cell(s, 2, 1));
  }
  r1.cells.push_back(cell("未经复议直接起诉", 1, 5));
  r1.cells.push_back(cell("复议后起诉", 1, 5));
  t.rows.push_back(r1);
  TableRow r2;
  for (int k = 0; k < 2; ++k) {
    for (const char* s : {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}) {
      r2.cells.push_back(cell(s));
    }
  }
  t.rows.push_back(r2);
  TableRow r3;
  for (int k = 0; k < 15; ++k) r3.cells.push_back(cell(std::to_string(k * 3 % 11)));
  t.rows.push_back(r3);
  return t;
}

// A table whose widths come from its column specs: 30mm, 20%, 2fr, auto.
Table table_specs() {
  Table t;
  t.columns.resize(4);
  t.columns[0].width = "30mm";
  t.columns[1].width = "20%";
  t.columns[2].width = "2fr";
  t.columns[3].width = "auto";
  t.caption = "表1 政府信息管理情况";
  t.note = "注：本表数据截至2023年12月31日。";
  t.header_rows = 1;
  t.rows.push_back({{cell("项目"), cell("数量"), cell("说明"), cell("备注")}});
  t.rows.push_back({{cell("规章"), cell("5949.088667"), cell("本年度清理"), cell("无")}});
  return t;
}

// A long table: the header row must repeat on every page the table runs onto.
Table long_table(int rows) {
  Table t;
  t.columns = auto_columns(3);
  t.header_rows = 1;
  t.caption = "附表 主动公开事项清单";
  t.rows.push_back({{cell("序号"), cell("公开事项名称"), cell("公开数量")}});
  for (int r = 1; r <= rows; ++r) {
    t.rows.push_back({{cell(std::to_string(r)), cell("第" + std::to_string(r) + "项公开事项"),
                       cell(std::to_string(r * 7 % 50))}});
  }
  return t;
}

Report sample_report(bool with_long_table) {
  Report report;
  Metadata& m = report.metadata;
  m.title = "红旗区城乡建设局\n2023年政府信息公开工作年度报告";
  m.organisation = "红旗区城乡建设局";
  m.date = "2024-01-20";
  m.doc_number = "红建〔2024〕3号";
  m.keywords = {"政府信息公开", "年度报告"};
  std::vector<Block>& b = report.body;
  b.push_back(paragraph("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。"));
  b.push_back(heading(1, "总体情况"));
  Paragraph runs;
  runs.runs.push_back(text_run("2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，"));
  Run bold = text_run("全面推进政务公开");
  bold.bold = true;
  runs.runs.push_back(bold);
  Run hei = text_run("（黑体强调）");
  hei.font = FontRole::kHei;
  hei.size = "小四";
  runs.runs.push_back(hei);
  runs.runs.push_back(text_run("，公开率达到100%。"));
  b.push_back(runs);
  b.push_back(heading(2, "主动公开"));
  b.push_back(heading(3, "规章制度"));
  b.push_back(heading(4, "行政规范性文件"));
  b.push_back(heading(4, "其他文件"));
  b.push_back(heading(3, "政策解读"));
  Heading explicit_number = heading(2, "依申请公开", Numbering::kExplicit);
  explicit_number.number = "(二)";
  b.push_back(explicit_number);
  b.push_back(heading(2, "政府信息管理"));
  b.push_back(heading(2, "未编号的小节", Numbering::kNone));
  Heading run_in = heading(2, "存在问题。");
  run_in.run_in_body = paragraph("信息公开的及时性还需进一步提高，部分栏目更新不够及时。");
  b.push_back(run_in);
  b.push_back(table_specs());
  b.push_back(heading(1, "收到和处理政府信息公开申请情况"));
  b.push_back(table_three());
  b.push_back(PageBreak{});
  b.push_back(heading(1, "政府信息公开行政复议、行政诉讼情况"));
  b.push_back(table_four());
  Spacer spacer;
  spacer.height = "1line";
  b.push_back(spacer);
  b.push_back(paragraph("特此报告。"));
  Signature sig;
  sig.organisation = "红旗区城乡建设局";
  sig.date = "2024年1月20日";
  b.push_back(sig);
  if (with_long_table) {
    b.push_back(PageBreak{});
    b.push_back(long_table(80));
  }
  return report;
}

// The texts of a report in reading order (title, headings with their printed numbers,
// paragraphs, captions, cells row by row, notes, signature).
std::vector<std::string> reading_order(const Report& report) {
  std::vector<std::string> out;
  std::string title = report.metadata.title;
  title.erase(std::remove(title.begin(), title.end(), '\n'), title.end());
  out.push_back(title);
  for (const Block& block : report.body) {
    if (const auto* h = std::get_if<Heading>(&block)) {
      out.push_back(plain_text(h->runs));
      if (h->run_in_body) out.push_back(plain_text(h->run_in_body->runs));
    } else if (const auto* p = std::get_if<Paragraph>(&block)) {
      out.push_back(plain_text(p->runs));
    } else if (const auto* t = std::get_if<Table>(&block)) {
      if (!t->caption.empty()) out.push_back(t->caption);
      for (const TableRow& row : t->rows) {
        for (const TableCell& c : row.cells) {
          for (const Paragraph& cp : c.paragraphs) out.push_back(plain_text(cp.runs));
        }
      }
      if (!t->note.empty()) out.push_back(t->note);
    } else if (const auto* s = std::get_if<Signature>(&block)) {
      out.push_back(s->organisation);
      out.push_back(s->date);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing and reading packages

const styles::Style& gbt9704() {
  static const styles::Style style = [] {
    std::vector<Diagnostic> diags;
    styles::Style s = styles::resolve_style("gbt9704", {}, diags);
    for (const Diagnostic& d : diags) ADD_FAILURE() << format_diagnostic(d);
    return s;
  }();
  return style;
}

// The DOCX path production uses: resolve, then the table-sizing phase (column widths, font
// scale, rows kept together), then the writer. With `sizes`, the sizing phase's decisions are
// handed back so that tests can compare the DOCX with them.
std::string write_docx_of(const Report& report, const styles::Style& style,
                          const DocxOptions& options, std::vector<Diagnostic>& diags,
                          std::vector<resolve::TableSize>* sizes = nullptr) {
  layout::FontContext fonts(test_support::test_fonts(), style);
  layout::ShapedMeasure measure(fonts, style);
  const resolve::ResolvedDocument doc = resolve::resolve_document(report, style, diags, &measure);
  const layout::SizedTables tables = layout::size_tables(doc, fonts, diags);
  if (sizes != nullptr) *sizes = tables.sizes;
  return write_docx(doc, tables.sizes, options, diags);
}

std::string write(const Report& report, const DocxOptions& options = {},
                  std::vector<Diagnostic>* out_diags = nullptr) {
  std::vector<Diagnostic> diags;
  std::string bytes = write_docx_of(report, gbt9704(), options, diags);
  if (out_diags != nullptr) {
    *out_diags = diags;
  } else {
    // The table-sizing phase warns when it shrinks a table's text to fit; nothing else may.
    for (const Diagnostic& d : diags) {
      if (d.message.find("its text is set at") == std::string::npos) {
        ADD_FAILURE() << format_diagnostic(d);
      }
    }
  }
  EXPECT_FALSE(bytes.empty());
  return bytes;
}

std::map<std::string, std::string> unzip(const std::string& bytes) {
  std::string error;
  std::vector<ZipEntry> entries = read_zip(bytes, error);
  EXPECT_TRUE(error.empty()) << error;
  std::map<std::string, std::string> parts;
  for (ZipEntry& e : entries) parts[e.name] = std::move(e.data);
  return parts;
}

std::vector<std::string> entry_names(const std::string& bytes) {
  std::string error;
  std::vector<std::string> names;
  for (const ZipEntry& e : read_zip(bytes, error)) names.push_back(e.name);
  return names;
}

void parse(const std::string& xml, pugi::xml_document& doc) {
  const pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size());
  ASSERT_TRUE(r) << r.description();
}

// A scratch folder of this test process, removed at exit.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    path = fs::temp_directory_path() /
           ("paiban-docx-test-" + std::to_string(static_cast<long long>(getpid())));
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const fs::path& scratch() {
  static ScratchDir dir;
  return dir.path;
}

void write_file(const fs::path& path, const std::string& data) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << data;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; returns its exit status and (stdout + stderr).
int run(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool have_program(const std::string& name) {
  std::string out;
  return run("command -v " + name, out) == 0;
}

std::string strip_space(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out += static_cast<char>(c);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading the grid back from document.xml

struct XmlCell {
  int col = 0, span = 1;
  std::string vmerge;  // "", "restart", "continue"
  std::string text;
};

std::vector<std::vector<XmlCell>> read_rows(pugi::xml_node tbl) {
  std::vector<std::vector<XmlCell>> rows;
  for (pugi::xml_node tr : tbl.children("w:tr")) {
    std::vector<XmlCell> row;
    int col = 0;
    for (pugi::xml_node tc : tr.children("w:tc")) {
      XmlCell c;
      c.col = col;
      pugi::xml_node pr = tc.child("w:tcPr");
      if (pugi::xml_node gs = pr.child("w:gridSpan")) c.span = gs.attribute("w:val").as_int();
      if (pugi::xml_node vm = pr.child("w:vMerge")) {
        c.vmerge = vm.attribute("w:val") ? vm.attribute("w:val").value() : "continue";
      }
      for (pugi::xpath_node t : tc.select_nodes(".//w:t")) c.text += t.node().text().get();
      col += c.span;
      row.push_back(c);
    }
    rows.push_back(row);
  }
  return rows;
}

// Checks the XML table against the model's geometry, computed here independently: every model
// cell at (r, c) with spans (rs, cs) is a w:tc at grid column c of row r with w:gridSpan cs,
// restarting a vertical merge when rs > 1, and a continuing w:tc at column c (same span) in each
// of the rs − 1 rows below; nothing else is in the table, and every row fills the grid.
void expect_grid(const Table& t, pugi::xml_node tbl) {
  const int cols = static_cast<int>(t.columns.size());
  const int nrows = static_cast<int>(t.rows.size());
  std::vector<std::vector<bool>> held(nrows, std::vector<bool>(cols, false));
  std::map<std::pair<int, int>, XmlCell> expected;  // (row, col) → cell
  for (int r = 0; r < nrows; ++r) {
    int c = 0;
    for (const TableCell& mc : t.rows[r].cells) {
      while (c < cols && held[r][c]) ++c;
      ASSERT_LT(c, cols) << "model row " << r << " overflows";
      for (int rr = r; rr < r + mc.rowspan; ++rr) {
        for (int cc = c; cc < c + mc.colspan; ++cc) held[rr][cc] = true;
      }
      XmlCell origin{c, mc.colspan, mc.rowspan > 1 ? "restart" : "",
                     plain_text(mc.paragraphs[0].runs)};
      expected[{r, c}] = origin;
      for (int rr = r + 1; rr < r + mc.rowspan; ++rr)
        expected[{rr, c}] = {c, mc.colspan, "continue", ""};
      c += mc.colspan;
    }
  }
  const std::vector<std::vector<XmlCell>> rows = read_rows(tbl);
  ASSERT_EQ(static_cast<int>(rows.size()), nrows);
  size_t seen = 0;
  for (int r = 0; r < nrows; ++r) {
    int width = 0;
    for (const XmlCell& x : rows[r]) {
      width += x.span;
      auto it = expected.find({r, x.col});
      ASSERT_NE(it, expected.end()) << "unexpected w:tc at row " << r << ", grid column " << x.col;
      EXPECT_EQ(x.span, it->second.span) << "w:gridSpan at row " << r << ", column " << x.col;
      EXPECT_EQ(x.vmerge, it->second.vmerge) << "w:vMerge at row " << r << ", column " << x.col;
      EXPECT_EQ(x.text, it->second.text) << "text at row " << r << ", column " << x.col;
      ++seen;
    }
    EXPECT_EQ(width, cols) << "row " << r << " does not fill the grid";
  }
  EXPECT_EQ(seen, expected.size());
}

std::vector<int> grid_widths(pugi::xml_node tbl) {
  std::vector<int> w;
  for (pugi::xml_node g : tbl.child("w:tblGrid").children("w:gridCol")) {
    w.push_back(g.attribute("w:w").as_int());
  }
  return w;
}

std::vector<pugi::xml_node> tables(const pugi::xml_document& doc) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node t : doc.child("w:document").child("w:body").children("w:tbl")) {
    out.push_back(t);
  }
  return out;
}

// The plain text of each body paragraph (not in tables).
std::vector<std::string> body_paragraphs(const pugi::xml_document& doc) {
  std::vector<std::string> out;
  for (pugi::xml_node p : doc.child("w:document").child("w:body").children("w:p")) {
    std::string s;
    for (pugi::xpath_node t : p.select_nodes(".//w:t")) s += t.node().text().get();
    out.push_back(s);
  }
  return out;
}

pugi::xml_node style_node(const pugi::xml_document& styles_doc, const char* id) {
  for (pugi::xml_node s : styles_doc.child("w:styles").children("w:style")) {
    if (std::string(s.attribute("w:styleId").value()) == id) return s;
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Tests

TEST(DocxWriter, PackageHasItsPartsInAFixedOrder) {
  const std::string bytes = write(sample_report(false));
  EXPECT_EQ(entry_names(bytes), (std::vector<std::string>{
                                    "[Content_Types].xml", "_rels/.rels", "word/document.xml",
                                    "word/_rels/document.xml.rels", "word/styles.xml",
                                    "word/settings.xml", "word/fontTable.xml", "word/footer1.xml",
                                    "word/footer2.xml", "docProps/core.xml", "docProps/app.xml"}));
  // Every entry is stamped 1980-01-01 00:00 (DOS date 0x0021, time 0): local file headers at
  // offset 10 (time) and 12 (date).
  size_t at = 0;
  int headers = 0;
  while ((at = bytes.find("PK\x03\x04", at)) != std::string::npos) {
    EXPECT_EQ(bytes[at + 10], 0);
    EXPECT_EQ(bytes[at + 11], 0);
    EXPECT_EQ(bytes[at + 12], 0x21);
    EXPECT_EQ(bytes[at + 13], 0);
    EXPECT_EQ(bytes[at + 8], 8) << "deflate";
    at += 4;
    ++headers;
  }
  EXPECT_EQ(headers, 11);
}

TEST(DocxWriter, TwoWritesAreByteIdentical) {
  const Report report = sample_report(true);
  DocxOptions options;
  options.source_date_epoch = 1700000000;
  EXPECT_EQ(write(report, options), write(report, options));
}

TEST(DocxWriter, EveryXmlPartIsSchemaValid) {
  if (!fs::exists(kSchemaDir)) {
    GTEST_SKIP() << "the OOXML schemas are not at " << kSchemaDir
                 << " (../shared/schemas/ooxml); schema validation skipped";
  }
  if (!have_program("xmllint")) GTEST_SKIP() << "xmllint is not installed (libxml2-utils)";
  Report report = sample_report(true);
  report.metadata.subtitle = "（2024年1月）";
  const std::map<std::string, std::string> parts = unzip(write(report));
  const fs::path dir = scratch() / "schema";
  for (const auto& [name, data] : parts) write_file(dir / name, data);

  const std::string wml = std::string(kSchemaDir) + "/ISO-IEC29500-4_2016/wml.xsd";
  const std::string opc = std::string(kSchemaDir) + "/opc/";
  const std::vector<std::pair<std::string, std::string>> checks = {
      {wml, "word/document.xml"},
      {wml, "word/styles.xml"},
      {wml, "word/settings.xml"},
      {wml, "word/fontTable.xml"},
      {wml, "word/footer1.xml"},
      {wml, "word/footer2.xml"},
      {opc + "opc-contentTypes.xsd", "[Content_Types].xml"},
      {opc + "opc-relationships.xsd", "_rels/.rels"},
      {opc + "opc-relationships.xsd", "word/_rels/document.xml.rels"},
      {opc + "opc-coreProperties.xsd", "docProps/core.xml"},
      {std::string(kSchemaDir) + "/ISO-IEC29500-4_2016/shared-documentPropertiesExtended.xsd",
       "docProps/app.xml"},
  };
  size_t xml_parts = 0;
  for (const auto& [name, data] : parts) {
    if (name.ends_with(".xml") || name.ends_with(".rels")) ++xml_parts;
  }
  EXPECT_EQ(checks.size(), xml_parts) << "every XML part has a schema check";
  for (const auto& [schema, part] : checks) {
    ASSERT_TRUE(parts.count(part)) << part;
    std::string out;
    const int status = run(
        "xmllint --nonet --noout --schema " + quote(schema) + " " + quote((dir / part).string()),
        out);
    EXPECT_EQ(status, 0) << part << " against " << fs::path(schema).filename() << ":\n" << out;
  }
}

// Validates every part of a package but docProps/ against its schema (wml.xsd or OPC).
void expect_valid(const std::map<std::string, std::string>& parts, const std::string& label) {
  const fs::path dir = scratch() / label;
  const std::string wml = std::string(kSchemaDir) + "/ISO-IEC29500-4_2016/wml.xsd";
  const std::string opc = std::string(kSchemaDir) + "/opc/";
  for (const auto& [name, data] : parts) {
    write_file(dir / name, data);
    std::string schema = wml;
    if (name == "[Content_Types].xml") schema = opc + "opc-contentTypes.xsd";
    if (name.ends_with(".rels")) schema = opc + "opc-relationships.xsd";
    if (name.starts_with("docProps/")) continue;
    std::string out;
    EXPECT_EQ(run("xmllint --nonet --noout --schema " + quote(schema) + " " +
                      quote((dir / name).string()),
                  out),
              0)
        << label << ": " << name << ":\n"
        << out;
  }
}

TEST(DocxWriter, OddReportsAndPageNumberPlacementsGiveValidPackages) {
  if (!fs::exists(kSchemaDir) || !have_program("xmllint")) {
    GTEST_SKIP() << "the OOXML schemas (" << kSchemaDir << ") or xmllint are missing";
  }
  // An empty report: no title, no body.
  Report empty;
  empty.show_title = false;
  std::vector<Diagnostic> diags;
  std::string bytes = write_docx_of(empty, gbt9704(), {}, diags);
  EXPECT_FALSE(has_errors(diags));
  expect_valid(unzip(bytes), "empty");

  // Centred page numbers: one footer for every page; no page numbers: no footer at all.
  styles::Style centred = gbt9704();
  centred.page.page_number = styles::PageNumberPosition::kCenter;
  bytes = write_docx_of(sample_report(false), centred, {}, diags);
  std::map<std::string, std::string> parts = unzip(bytes);
  EXPECT_TRUE(parts.count("word/footer1.xml"));
  EXPECT_FALSE(parts.count("word/footer2.xml"));
  EXPECT_EQ(parts["word/settings.xml"].find("evenAndOddHeaders"), std::string::npos);
  EXPECT_NE(parts["word/footer1.xml"].find("<w:jc w:val=\"center\"/>"), std::string::npos);
  expect_valid(parts, "centred");

  styles::Style none = gbt9704();
  none.page.page_number = styles::PageNumberPosition::kNone;
  none.page.grid_chars = 0;
  none.page.grid_lines = 0;
  parts = unzip(write_docx_of(sample_report(false), none, {}, diags));
  EXPECT_FALSE(parts.count("word/footer1.xml"));
  EXPECT_EQ(parts["word/document.xml"].find("footerReference"), std::string::npos);
  EXPECT_EQ(parts["word/document.xml"].find("docGrid"), std::string::npos);
  expect_valid(parts, "none");
  EXPECT_FALSE(has_errors(diags));
}

TEST(DocxWriter, MergedCellsFollowTheModelGrid) {
  const Report report = sample_report(true);
  pugi::xml_document doc;
  parse(unzip(write(report))["word/document.xml"], doc);
  std::vector<const Table*> model_tables;
  for (const Block& b : report.body) {
    if (const auto* t = std::get_if<Table>(&b)) model_tables.push_back(t);
  }
  const std::vector<pugi::xml_node> xml_tables = tables(doc);
  ASSERT_EQ(xml_tables.size(), model_tables.size());
  for (size_t i = 0; i < xml_tables.size(); ++i) {
    SCOPED_TRACE("table " + std::to_string(i));
    expect_grid(*model_tables[i], xml_tables[i]);
  }
  // Spot checks in table 三: the 22-row rowspan of 三、本年度办理结果 restarts in row 5 at grid
  // column 0 and continues down to row 26; （三）不予公开 spans rows 7–14 in column 1.
  const std::vector<std::vector<XmlCell>> rows = read_rows(xml_tables[1]);
  EXPECT_EQ(rows[5][0].text, "三、本年度办理结果");
  EXPECT_EQ(rows[5][0].vmerge, "restart");
  for (int r = 6; r <= 26; ++r) {
    EXPECT_EQ(rows[r][0].col, 0);
    EXPECT_EQ(rows[r][0].vmerge, "continue") << "row " << r;
  }
  EXPECT_EQ(rows[27][0].vmerge, "");
  EXPECT_EQ(rows[27][0].span, 3);
  EXPECT_EQ(rows[7][1].text, "（三）不予公开");
  EXPECT_EQ(rows[7][1].vmerge, "restart");
  EXPECT_EQ(rows[14][1].vmerge, "continue");
  EXPECT_EQ(rows[15][1].vmerge, "restart");
  // The note cell: 3 × 3, continued in header rows 1 and 2 with w:gridSpan 3.
  EXPECT_EQ(rows[0][0].span, 3);
  EXPECT_EQ(rows[1][0].span, 3);
  EXPECT_EQ(rows[1][0].vmerge, "continue");
  EXPECT_EQ(rows[2][0].vmerge, "continue");
}

// The seed sample itself: every merged cell of its tables 三 and 四, read back from the DOCX, sits
// where the national template (template-2021-structure.json) puts it.
TEST(DocxWriter, SeedTablesHaveTheTemplateMergesInWord) {
  const fs::path sample = fs::path(PAIBAN_SOURCE_DIR) / "samples/hongqi-2023/report.json";
  const fs::path structure = fs::path(PAIBAN_SHARED_DIR) / "corpus/template-2021-structure.json";
  if (!fs::exists(structure)) {
    GTEST_SKIP() << "../shared/corpus is absent: the template geometry cannot be compared";
  }
  ReadResult read = json::read_report(read_file(sample), sample.string());
  ASSERT_TRUE(read.report.has_value());
  const Report& report = *read.report;
  pugi::xml_document doc;
  parse(unzip(write(report))["word/document.xml"], doc);
  std::vector<const Table*> model_tables;
  for (const Block& b : report.body) {
    if (const auto* t = std::get_if<Table>(&b)) model_tables.push_back(t);
  }
  const std::vector<pugi::xml_node> xml_tables = tables(doc);
  ASSERT_EQ(xml_tables.size(), 3u);
  const nlohmann::json templ = nlohmann::json::parse(read_file(structure));
  for (size_t i = 1; i < 3; ++i) {
    SCOPED_TRACE("table " + std::to_string(i + 1));
    expect_grid(*model_tables[i], xml_tables[i]);
    const std::vector<std::vector<XmlCell>> rows = read_rows(xml_tables[i]);
    const nlohmann::json& t = templ["tables"][i];
    ASSERT_EQ(rows.size(), t["rows"].get<size_t>());
    int merged = 0;
    for (const nlohmann::json& cell : t["cells"]) {
      const int r = cell["row"], c = cell["col"], rs = cell["rowspan"], cs = cell["colspan"];
      auto at = [&](int row) -> const XmlCell* {
        for (const XmlCell& x : rows[static_cast<size_t>(row)]) {
          if (x.col == c) return &x;
        }
        return nullptr;
      };
      const XmlCell* origin = at(r);
      ASSERT_NE(origin, nullptr) << "no w:tc at row " << r << ", column " << c;
      EXPECT_EQ(origin->span, cs) << "row " << r << ", column " << c;
      EXPECT_EQ(origin->vmerge, rs > 1 ? "restart" : "") << "row " << r << ", column " << c;
      for (int k = 1; k < rs; ++k) {
        const XmlCell* below = at(r + k);
        ASSERT_NE(below, nullptr) << "no continuation at row " << r + k << ", column " << c;
        EXPECT_EQ(below->vmerge, "continue");
        EXPECT_EQ(below->span, cs);
      }
      if (rs > 1 || cs > 1) ++merged;
    }
    EXPECT_GT(merged, 5);
  }
}

TEST(DocxWriter, ColumnWidthsAndScalesAreTheSizingPhases) {
  const Report report = sample_report(false);
  std::vector<Diagnostic> diags;
  std::vector<resolve::TableSize> sizes;
  pugi::xml_document doc;
  parse(unzip(write_docx_of(report, gbt9704(), {}, diags, &sizes))["word/document.xml"], doc);
  const std::vector<pugi::xml_node> xml = tables(doc);
  ASSERT_EQ(xml.size(), 3u);
  ASSERT_EQ(sizes.size(), 3u);
  for (size_t t = 0; t < 3; ++t) {
    // The grid is the sizing phase's widths in twips (1/64 pt → 1/20 pt, edges rounded), so the
    // columns sum to the text width: 210 − 28 − 26 mm = 8845 twips.
    const std::vector<int> grid = grid_widths(xml[t]);
    ASSERT_EQ(grid.size(), sizes[t].column_widths_lu.size());
    int64_t acc = 0;
    int sum = 0;
    for (size_t c = 0; c < grid.size(); ++c) {
      acc += sizes[t].column_widths_lu[c];
      sum += grid[c];
      EXPECT_EQ(sum, static_cast<int>((acc * 20 + 32) / 64)) << "table " << t << " column " << c;
    }
    EXPECT_NEAR(sum, 8845, 1) << "table " << t;  // the LU → twip rounding may lose one
  }
  // Table 1's specs: 30mm = 1701 twips and 20% of the text width = 1769 twips are kept.
  const std::vector<int> first = grid_widths(xml[0]);
  EXPECT_NEAR(first[0], 1701, 1);
  EXPECT_NEAR(first[1], 1769, 1);
  // Cell widths (w:tcW) are the sums of the grid columns they span.
  const std::vector<int> three = grid_widths(xml[1]);
  pugi::xml_node first_cell = xml[1].child("w:tr").child("w:tc");
  EXPECT_EQ(first_cell.child("w:tcPr").child("w:tcW").attribute("w:w").as_int(),
            three[0] + three[1] + three[2]);
  EXPECT_EQ(std::string(xml[1].child("w:tblPr").child("w:tblLayout").attribute("w:type").value()),
            "fixed");
  // A table the sizing phase shrank is written at that scale: its runs are smaller than the
  // style's table text (w:sz in half points).
  for (size_t t = 0; t < 3; ++t) {
    if (sizes[t].font_scale >= 1.0) continue;
    const std::string want = std::to_string(
        static_cast<int>(std::lround(gbt9704().table_cell.size_pt * sizes[t].font_scale * 2)));
    int shrunk = 0;
    for (pugi::xml_node tr : xml[t].children("w:tr")) {
      for (pugi::xml_node tc : tr.children("w:tc")) {
        for (pugi::xml_node p : tc.children("w:p")) {
          for (pugi::xml_node r : p.children("w:r")) {
            shrunk += std::string(r.child("w:rPr").child("w:sz").attribute("w:val").value()) ==
                      want;
          }
        }
      }
    }
    EXPECT_GT(shrunk, 0) << "table " << t << " at scale " << sizes[t].font_scale;
  }
}

TEST(DocxWriter, HeaderRowsRepeatAndRowsDoNotSplit) {
  const Report report = sample_report(true);
  pugi::xml_document doc;
  parse(unzip(write(report))["word/document.xml"], doc);
  std::vector<const Table*> model_tables;
  for (const Block& b : report.body) {
    if (const auto* t = std::get_if<Table>(&b)) model_tables.push_back(t);
  }
  const std::vector<pugi::xml_node> xml = tables(doc);
  for (size_t i = 0; i < xml.size(); ++i) {
    int r = 0;
    for (pugi::xml_node tr : xml[i].children("w:tr")) {
      pugi::xml_node pr = tr.child("w:trPr");
      EXPECT_EQ(static_cast<bool>(pr.child("w:tblHeader")), r < model_tables[i]->header_rows)
          << "table " << i << " row " << r;
      EXPECT_TRUE(pr.child("w:cantSplit")) << "table " << i << " row " << r;
      ++r;
    }
  }
  // Header cells: TableHeader style, centred horizontally and vertically.
  pugi::xml_node tc = xml[1].child("w:tr").child("w:tc");
  EXPECT_STREQ(tc.child("w:tcPr").child("w:vAlign").attribute("w:val").value(), "center");
  pugi::xml_node ppr = tc.child("w:p").child("w:pPr");
  EXPECT_STREQ(ppr.child("w:pStyle").attribute("w:val").value(), "TableHeader");
  EXPECT_STREQ(ppr.child("w:jc").attribute("w:val").value(), "center");
}

// Issue #11 in Word: table 三's numbered labels are left with a hanging indent (w:ind w:left =
// w:hanging = the number's width at the table's size), group labels spanning rows centred; the
// runs carry the size table sizing chose (10.5–14 pt).
TEST(DocxWriter, FormLabelsHangAndTableSizesAreTheSizingPhases) {
  Report report;
  report.show_title = false;
  report.body.push_back(table_three());
  std::vector<Diagnostic> diags;
  std::vector<resolve::TableSize> sizes;
  pugi::xml_document doc;
  parse(unzip(write_docx_of(report, gbt9704(), {}, diags, &sizes))["word/document.xml"], doc);
  ASSERT_FALSE(has_errors(diags));
  ASSERT_EQ(sizes.size(), 1u);
  const double size_pt = gbt9704().table_cell.size_pt * sizes[0].font_scale;
  EXPECT_GE(size_pt, 10.5);
  EXPECT_LE(size_pt, 14);
  const std::vector<pugi::xml_node> xml = tables(doc);
  ASSERT_EQ(xml.size(), 1u);
  int hanging = 0, centred_groups = 0;
  for (pugi::xml_node tr : xml[0].children("w:tr")) {
    for (pugi::xml_node tc : tr.children("w:tc")) {
      pugi::xml_node p = tc.child("w:p");
      std::string text;
      for (pugi::xml_node r : p.children("w:r")) text += r.child("w:t").text().get();
      pugi::xml_node ppr = p.child("w:pPr");
      const std::string jc = ppr.child("w:jc").attribute("w:val").value();
      if (text == "1.属于国家秘密" || text == "（七）总计" || text == "一、本年新收政府信息公开申请数量") {
        EXPECT_EQ(jc, "left") << text;
        pugi::xml_node ind = ppr.child("w:ind");
        const int h = ind.attribute("w:hanging").as_int();
        EXPECT_EQ(ind.attribute("w:left").as_int(), h) << text;
        // 「1.」 is two half-width characters, 「一、」 two full ones, 「（七）」 three (quanjiao
        // brackets keep their full width beside a character).
        const double chars = text.starts_with("1.") ? 1 : text.starts_with("一") ? 2 : 3;
        EXPECT_NEAR(h, chars * size_pt * 20, size_pt * 20 * 0.3) << text;
        ++hanging;
      }
      if (text == "（三）不予公开" || text == "三、本年度办理结果") {
        EXPECT_EQ(jc, "center") << text;
        EXPECT_FALSE(ppr.child("w:ind").attribute("w:hanging")) << text;
        ++centred_groups;
      }
      if (!text.empty()) {
        const int sz = p.child("w:r").child("w:rPr").child("w:sz").attribute("w:val").as_int();
        if (sizes[0].font_scale != 1.0) {
          EXPECT_EQ(sz, std::lround(size_pt * 2)) << text;
        }
      }
    }
  }
  EXPECT_EQ(hanging, 3);
  EXPECT_EQ(centred_groups, 2);
}

// GB/T 9704 §8 in Word: a table too wide for the portrait page gets a landscape section of its
// own (w:pgSz w:orient="landscape", A4 turned, the portrait margins turned with it) between
// portrait sections; its grid spans the landscape type area; the package stays schema-valid.
TEST(DocxWriter, WideTableGetsALandscapeSection) {
  Table t;
  t.columns = auto_columns(15);
  t.header_rows = 1;
  TableRow head;
  for (int c = 0; c < 15; ++c) head.cells.push_back(cell("第" + std::to_string(c + 1) + "项"));
  t.rows.push_back(head);
  for (int r = 0; r < 30; ++r) {
    TableRow row;
    for (int c = 0; c < 15; ++c) {
      row.cells.push_back(cell(std::to_string(1000000 + r * 7919 + c * 104729).substr(0, 7)));
    }
    t.rows.push_back(row);
  }
  Report report;
  report.show_title = false;
  report.body.push_back(paragraph("前文。"));
  report.body.push_back(t);
  report.body.push_back(paragraph("后文。"));
  std::vector<Diagnostic> diags;
  std::vector<resolve::TableSize> sizes;
  const std::map<std::string, std::string> parts =
      unzip(write_docx_of(report, gbt9704(), {}, diags, &sizes));
  ASSERT_FALSE(has_errors(diags));
  ASSERT_EQ(sizes.size(), 1u);
  ASSERT_TRUE(sizes[0].landscape);
  pugi::xml_document doc;
  parse(parts.at("word/document.xml"), doc);
  pugi::xml_node body = doc.child("w:document").child("w:body");
  // Sections in order: each paragraph-held w:sectPr ends one, the body's ends the last.
  std::vector<pugi::xml_node> sections;
  std::vector<bool> table_in_section;
  bool table_seen = false;
  for (pugi::xml_node n : body.children()) {
    if (std::string_view(n.name()) == "w:tbl") table_seen = true;
    pugi::xml_node sect = std::string_view(n.name()) == "w:sectPr"
                              ? n
                              : n.child("w:pPr").child("w:sectPr");
    if (!sect) continue;
    sections.push_back(sect);
    table_in_section.push_back(table_seen);
    table_seen = false;
  }
  ASSERT_EQ(sections.size(), 3u);
  EXPECT_EQ(table_in_section, (std::vector<bool>{false, true, false}));
  for (size_t k = 0; k < 3; ++k) {
    pugi::xml_node size = sections[k].child("w:pgSz");
    const bool landscape = k == 1;
    EXPECT_EQ(size.attribute("w:w").as_int(), landscape ? 16838 : 11906) << k;
    EXPECT_EQ(size.attribute("w:h").as_int(), landscape ? 11906 : 16838) << k;
    EXPECT_EQ(std::string(size.attribute("w:orient").value()), landscape ? "landscape" : "") << k;
    EXPECT_TRUE(sections[k].child("w:footerReference")) << k;
  }
  // The turned margins: the binding (left, 28 mm) margin on top, the foot (35 mm) on the left.
  pugi::xml_node mar = sections[1].child("w:pgMar");
  EXPECT_EQ(mar.attribute("w:top").as_int(), sections[0].child("w:pgMar").attribute("w:left").as_int());
  EXPECT_EQ(mar.attribute("w:left").as_int(),
            sections[0].child("w:pgMar").attribute("w:bottom").as_int());
  // The grid fills the landscape type area: 297 − 37 − 35 mm = 225 mm = 12756 twips.
  int sum = 0;
  for (int w : grid_widths(tables(doc)[0])) sum += w;
  EXPECT_NEAR(sum, 12756, 2);
  if (fs::exists(kSchemaDir) && have_program("xmllint")) expect_valid(parts, "landscape");
}

// Issue #11 in Word: the rows table sizing keeps together (a short rowspan group moved whole,
// resolve::TableSize::keep_with_next) and the header rows are kept with the row after them
// (w:keepNext on every paragraph of the row); the last row of a group and rows standing alone
// are not, so Word may break there as the PDF does. Every row is w:cantSplit, the header rows
// w:tblHeader.
TEST(DocxWriter, RowsKeptTogetherAreKeptWithTheNext) {
  Table t;
  t.columns = auto_columns(3);
  t.header_rows = 1;
  t.rows.push_back(TableRow{{cell("类别"), cell("事项"), cell("数量")}});
  t.rows.push_back(TableRow{{cell("（一）予以公开", 1, 2), cell("1")}});
  t.rows.push_back(TableRow{{cell("（二）不予公开", 3), cell("1.属于国家秘密"), cell("2")}});
  t.rows.push_back(TableRow{{cell("2.其他法律行政法规禁止公开"), cell("3")}});
  t.rows.push_back(TableRow{{cell("3.危及“三安全一稳定”"), cell("4")}});
  t.rows.push_back(TableRow{{cell("（三）总计", 1, 2), cell("10")}});
  Report report;
  report.show_title = false;
  report.body.push_back(t);
  std::vector<Diagnostic> diags;
  std::vector<resolve::TableSize> sizes;
  const std::map<std::string, std::string> parts =
      unzip(write_docx_of(report, gbt9704(), {}, diags, &sizes));
  ASSERT_FALSE(has_errors(diags));
  ASSERT_EQ(sizes.size(), 1u);
  // Sizing keeps the group （二） whole: its first two rows go with the next.
  const std::vector<bool> kept{false, false, true, true, false, false};
  ASSERT_EQ(sizes[0].keep_with_next, kept);
  pugi::xml_document doc;
  parse(parts.at("word/document.xml"), doc);
  const std::vector<pugi::xml_node> xml = tables(doc);
  ASSERT_EQ(xml.size(), 1u);
  int r = 0;
  for (pugi::xml_node tr : xml[0].children("w:tr")) {
    const bool want = r < 1 || kept[static_cast<size_t>(r)];
    EXPECT_TRUE(tr.child("w:trPr").child("w:cantSplit")) << "row " << r;
    EXPECT_EQ(static_cast<bool>(tr.child("w:trPr").child("w:tblHeader")), r < 1) << "row " << r;
    int paragraphs = 0;
    for (pugi::xml_node tc : tr.children("w:tc")) {
      for (pugi::xml_node p : tc.children("w:p")) {
        ++paragraphs;
        EXPECT_EQ(static_cast<bool>(p.child("w:pPr").child("w:keepNext")), want) << "row " << r;
      }
    }
    EXPECT_GT(paragraphs, 0) << "row " << r;
    ++r;
  }
  EXPECT_EQ(r, 6);
}

TEST(DocxWriter, HeadingsCarryTheirNumbersAsText) {
  pugi::xml_document doc;
  parse(unzip(write(sample_report(false)))["word/document.xml"], doc);
  const std::vector<std::string> paras = body_paragraphs(doc);
  auto has = [&](const std::string& s) {
    return std::find(paras.begin(), paras.end(), s) != paras.end();
  };
  EXPECT_TRUE(has("一、总体情况"));
  EXPECT_TRUE(has("（一）主动公开"));
  EXPECT_TRUE(has("1.规章制度"));
  EXPECT_TRUE(has("（1）行政规范性文件"));
  EXPECT_TRUE(has("（2）其他文件"));
  EXPECT_TRUE(has("2.政策解读"));      // level 4 restarts under a new level 3
  EXPECT_TRUE(has("(二)依申请公开"));  // explicit, and it counts
  EXPECT_TRUE(has("（三）政府信息管理"));
  EXPECT_TRUE(has("未编号的小节"));  // kNone: no number, no count
  EXPECT_TRUE(has("（四）存在问题。信息公开的及时性还需进一步提高，部分栏目更新不够及时。"));
  EXPECT_TRUE(has("二、收到和处理政府信息公开申请情况"));  // level 2 restarts under level 1
  EXPECT_TRUE(has("三、政府信息公开行政复议、行政诉讼情况"));

  // Headings use Heading1–4 (outline levels 0–3 in styles.xml); the run-in heading is one body
  // paragraph whose heading runs carry the level-2 style (楷体) as run properties.
  for (pugi::xml_node p : doc.child("w:document").child("w:body").children("w:p")) {
    std::string text;
    for (pugi::xpath_node t : p.select_nodes(".//w:t")) text += t.node().text().get();
    if (text == "一、总体情况") {
      EXPECT_STREQ(p.child("w:pPr").child("w:pStyle").attribute("w:val").value(), "Heading1");
    }
    if (text.starts_with("（四）存在问题。")) {
      EXPECT_FALSE(p.child("w:pPr").child("w:pStyle"));
      EXPECT_STREQ(p.child("w:pPr").child("w:outlineLvl").attribute("w:val").value(), "1");
      pugi::xml_node first = p.child("w:r");
      EXPECT_STREQ(first.child("w:rPr").child("w:rFonts").attribute("w:eastAsia").value(),
                   "楷体_GB2312");
      EXPECT_STREQ(first.child("w:t").text().get(), "（四）");
      pugi::xml_node last = p.last_child();
      EXPECT_FALSE(last.child("w:rPr").child("w:rFonts").attribute("w:eastAsia"));
    }
  }
}

TEST(DocxWriter, StylesNameTheOfficeFonts) {
  const std::map<std::string, std::string> parts = unzip(write(sample_report(false)));
  pugi::xml_document styles_doc;
  parse(parts.at("word/styles.xml"), styles_doc);
  const std::vector<std::pair<const char*, const char*>> expected = {
      {"Normal", "仿宋_GB2312"},      {"Title", "方正小标宋简体"},
      {"Heading1", "黑体"},           {"Heading2", "楷体_GB2312"},
      {"Heading3", "仿宋_GB2312"},    {"TableText", "仿宋_GB2312"},
      {"TableHeader", "仿宋_GB2312"}, {"Caption", "黑体"},
      {"Signature", "仿宋_GB2312"},   {"Footer", "宋体"}};
  for (const auto& [id, font] : expected) {
    pugi::xml_node s = style_node(styles_doc, id);
    ASSERT_TRUE(s) << id;
    pugi::xml_node fonts = s.child("w:rPr").child("w:rFonts");
    EXPECT_STREQ(fonts.attribute("w:eastAsia").value(), font) << id;
    EXPECT_STREQ(fonts.attribute("w:ascii").value(), "Times New Roman") << id;
    EXPECT_STREQ(fonts.attribute("w:hAnsi").value(), "Times New Roman") << id;
  }
  // Sizes in half-points: 三号 16 pt → 32, 二号 22 pt → 44, 四号 14 pt → 28.
  EXPECT_STREQ(
      style_node(styles_doc, "Normal").child("w:rPr").child("w:sz").attribute("w:val").value(),
      "32");
  EXPECT_STREQ(
      style_node(styles_doc, "Title").child("w:rPr").child("w:sz").attribute("w:val").value(),
      "44");
  EXPECT_STREQ(
      style_node(styles_doc, "TableText").child("w:rPr").child("w:sz").attribute("w:val").value(),
      "28");
  // Outline levels 0–3 and keep-with-next on the headings.
  for (int level = 1; level <= 4; ++level) {
    const std::string id = "Heading" + std::to_string(level);
    pugi::xml_node ppr = style_node(styles_doc, id.c_str()).child("w:pPr");
    EXPECT_EQ(ppr.child("w:outlineLvl").attribute("w:val").as_int(), level - 1);
    EXPECT_TRUE(ppr.child("w:keepNext"));
  }
  // The body: justified, exact grid pitch, two-character first-line indent.
  pugi::xml_node body = style_node(styles_doc, "Normal").child("w:pPr");
  EXPECT_STREQ(body.child("w:jc").attribute("w:val").value(), "both");
  EXPECT_STREQ(body.child("w:spacing").attribute("w:lineRule").value(), "exact");
  EXPECT_STREQ(body.child("w:ind").attribute("w:firstLineChars").value(), "200");
  EXPECT_STREQ(body.child("w:ind").attribute("w:firstLine").value(), "628");  // 2 × (320 − 6)
  EXPECT_STREQ(
      style_node(styles_doc, "Title").child("w:pPr").child("w:jc").attribute("w:val").value(),
      "center");
  // 28 characters per line: body-size text is condensed by (8845 / 28 − 320) twips, rounded down,
  // less one twip of slack (−6), and snaps to no character grid; the 22 pt title is not condensed.
  EXPECT_STREQ(body.child("w:snapToGrid").attribute("w:val").value(), "0");
  EXPECT_EQ(style_node(styles_doc, "Normal")
                .child("w:rPr")
                .child("w:spacing")
                .attribute("w:val")
                .as_int(),
            -6);
  EXPECT_EQ(style_node(styles_doc, "Heading1")
                .child("w:rPr")
                .child("w:spacing")
                .attribute("w:val")
                .as_int(),
            -6);
  EXPECT_FALSE(style_node(styles_doc, "Title").child("w:rPr").child("w:spacing"));
  EXPECT_LE(28 * (320 - 6), 8845);

  // A run that asks for another role names that role's fonts.
  pugi::xml_document doc;
  parse(parts.at("word/document.xml"), doc);
  bool found = false;
  // (The run may be split where the PDF sets a mark in half an em: the text is what counts.)
  for (pugi::xpath_node n : doc.select_nodes("//w:r[contains(w:t, '黑体强调')]")) {
    pugi::xml_node rpr = n.node().child("w:rPr");
    EXPECT_STREQ(rpr.child("w:rFonts").attribute("w:eastAsia").value(), "黑体");
    EXPECT_STREQ(rpr.child("w:sz").attribute("w:val").value(), "24");  // 小四
    found = true;
  }
  EXPECT_TRUE(found);
  // The font table lists every name once.
  pugi::xml_document fonts;
  parse(parts.at("word/fontTable.xml"), fonts);
  std::vector<std::string> names;
  for (pugi::xml_node f : fonts.child("w:fonts").children("w:font")) {
    names.push_back(f.attribute("w:name").value());
  }
  for (const char* name :
       {"宋体", "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "Times New Roman"}) {
    EXPECT_EQ(std::count(names.begin(), names.end(), name), 1) << name;
  }
}

TEST(DocxWriter, PageSetUpFollowsGbt9704) {
  const std::map<std::string, std::string> parts = unzip(write(sample_report(false)));
  pugi::xml_document doc;
  parse(parts.at("word/document.xml"), doc);
  pugi::xml_node sect = doc.child("w:document").child("w:body").last_child();
  ASSERT_STREQ(sect.name(), "w:sectPr");
  EXPECT_EQ(sect.child("w:pgSz").attribute("w:w").as_int(), 11906);
  EXPECT_EQ(sect.child("w:pgSz").attribute("w:h").as_int(), 16838);
  pugi::xml_node mar = sect.child("w:pgMar");
  EXPECT_EQ(mar.attribute("w:top").as_int(), 2098);     // 37 mm
  EXPECT_EQ(mar.attribute("w:bottom").as_int(), 1984);  // 35 mm
  EXPECT_EQ(mar.attribute("w:left").as_int(), 1587);    // 28 mm
  EXPECT_EQ(mar.attribute("w:right").as_int(), 1474);   // 26 mm
  // The number's em box 7 mm (397 twips) below the type area, one 14 pt line (280) high.
  EXPECT_EQ(mar.attribute("w:footer").as_int(), 1984 - 397 - 280);
  pugi::xml_node grid = sect.child("w:docGrid");
  EXPECT_STREQ(grid.attribute("w:type").value(), "linesAndChars");
  // 22 lines: the pitch times 22 fits the type area's 12756 twips; 28 characters: the character
  // pitch (16 pt + charSpace/4096) times 28 fits the 8845-twip text width, 29 would not.
  const int pitch = grid.attribute("w:linePitch").as_int();
  EXPECT_LE(pitch * 22, 16838 - 2098 - 1984);
  EXPECT_GT(pitch * 23, 16838 - 2098 - 1984);
  const double char_pitch = 16 + grid.attribute("w:charSpace").as_int() / 4096.0;
  EXPECT_LE(char_pitch * 28, 8845 / 20.0);
  EXPECT_GT(char_pitch * 29, 8845 / 20.0);
  // Footers: odd (default) and even.
  std::vector<std::string> types;
  for (pugi::xml_node ref : sect.children("w:footerReference")) {
    types.push_back(ref.attribute("w:type").value());
  }
  EXPECT_EQ(types, (std::vector<std::string>{"default", "even"}));

  pugi::xml_document settings;
  parse(parts.at("word/settings.xml"), settings);
  pugi::xml_node s = settings.child("w:settings");
  EXPECT_TRUE(s.child("w:evenAndOddHeaders"));
  EXPECT_STREQ(s.child("w:characterSpacingControl").attribute("w:val").value(),
               "compressPunctuation");
  EXPECT_NE(std::string(s.child("w:noLineBreaksBefore").attribute("w:val").value()).find("。"),
            std::string::npos);
  EXPECT_NE(std::string(s.child("w:noLineBreaksAfter").attribute("w:val").value()).find("《"),
            std::string::npos);
}

TEST(DocxWriter, FootersHoldAPageFieldBetweenDashes) {
  const std::map<std::string, std::string> parts = unzip(write(sample_report(false)));
  for (const char* name : {"word/footer1.xml", "word/footer2.xml"}) {
    SCOPED_TRACE(name);
    pugi::xml_document doc;
    parse(parts.at(name), doc);
    pugi::xml_node p = doc.child("w:ftr").child("w:p");
    std::string text, instr;
    std::vector<std::string> chars;
    for (pugi::xml_node r : p.children("w:r")) {
      if (pugi::xml_node f = r.child("w:fldChar"))
        chars.push_back(f.attribute("w:fldCharType").value());
      if (pugi::xml_node i = r.child("w:instrText")) instr += i.text().get();
      if (pugi::xml_node t = r.child("w:t")) text += t.text().get();
    }
    EXPECT_EQ(chars, (std::vector<std::string>{"begin", "separate", "end"}));
    EXPECT_EQ(instr, " PAGE ");
    EXPECT_EQ(text, "— 1 —");
    const std::string jc = p.child("w:pPr").child("w:jc").attribute("w:val").value();
    EXPECT_EQ(jc, std::string(name) == "word/footer1.xml" ? "right" : "left");
  }
}

TEST(DocxWriter, SignatureIsRightIndentedPerGbt9704) {
  pugi::xml_document doc;
  parse(unzip(write(sample_report(false)))["word/document.xml"], doc);
  std::map<std::string, int> right_chars;
  for (pugi::xml_node p : doc.child("w:document").child("w:body").children("w:p")) {
    pugi::xml_node ppr = p.child("w:pPr");
    if (std::string(ppr.child("w:pStyle").attribute("w:val").value()) != "Signature") continue;
    EXPECT_STREQ(ppr.child("w:jc").attribute("w:val").value(), "right");
    right_chars[p.child("w:r").child("w:t").text().get()] =
        ppr.child("w:ind").attribute("w:rightChars").as_int();
  }
  // The widths are measured once, with the document's fonts, as the PDF sets the lines:
  // 红旗区城乡建设局 is 8 grid characters; 2024年1月20日 (seven digits, three Han characters and
  // the Han–digit spaces) is wider than the 6 characters that would fit when it starts two
  // characters right of the organisation, so it is right-indented 2 and the organisation moves
  // left until its first character is two characters left of the date's.
  layout::FontContext fonts(test_support::test_fonts(), gbt9704());
  layout::ShapedMeasure measure(fonts, gbt9704());
  const double wo = measure.width_em("红旗区城乡建设局", gbt9704().signature);
  const double wd = measure.width_em("2024年1月20日", gbt9704().signature);
  EXPECT_NEAR(wo, 8.0, 0.01);
  ASSERT_GT(wd, 6.0);
  EXPECT_EQ(right_chars["2024年1月20日"], 200);
  EXPECT_EQ(right_chars["红旗区城乡建设局"], 200 + std::lround((wd + 2 - wo) * 100));
}

TEST(DocxWriter, PropertiesComeFromTheMetadataNotTheClock) {
  Report report = sample_report(false);
  pugi::xml_document core;
  parse(unzip(write(report))["docProps/core.xml"], core);
  pugi::xml_node props = core.child("cp:coreProperties");
  EXPECT_STREQ(props.child("dc:title").text().get(),
               "红旗区城乡建设局2023年政府信息公开工作年度报告");
  EXPECT_STREQ(props.child("dc:creator").text().get(), "红旗区城乡建设局");
  EXPECT_STREQ(props.child("dcterms:created").text().get(), "2024-01-20T00:00:00Z");
  EXPECT_STREQ(props.child("dcterms:modified").text().get(), "2024-01-20T00:00:00Z");

  report.metadata.date.clear();
  DocxOptions options;
  options.source_date_epoch = 1700000000;  // 2023-11-14T22:13:20Z
  pugi::xml_document core2;
  parse(unzip(write(report, options))["docProps/core.xml"], core2);
  EXPECT_STREQ(core2.child("cp:coreProperties").child("dcterms:created").text().get(),
               "2023-11-14T22:13:20Z");
  pugi::xml_document core3;
  parse(unzip(write(report))["docProps/core.xml"], core3);
  EXPECT_STREQ(core3.child("cp:coreProperties").child("dcterms:created").text().get(),
               "2000-01-01T00:00:00Z");
}

TEST(DocxWriter, BadGeometryIsRepairedAndReported) {
  Report report;
  report.metadata.title = "表";
  Table t;
  t.columns = auto_columns(3);
  // Row 0: a rowspan of 2 in column 0. Row 1: three cells where only two fit, the first with a
  // colspan running into nothing. Row 2: one cell (the row is short). Row 3: a span past the grid.
  t.rows.push_back({{cell("a", 2, 1), cell("b"), cell("c")}});
  t.rows.push_back({{cell("d", 1, 3), cell("e"), cell("f")}});
  t.rows.push_back({{cell("g")}});
  t.rows.push_back({{cell("h", 5, 9)}});
  report.body.push_back(t);
  std::vector<Diagnostic> diags;
  const std::string bytes = write(report, {}, &diags);
  EXPECT_GE(diags.size(), 4u);
  for (const Diagnostic& d : diags) EXPECT_EQ(d.severity, Severity::kWarning) << d.message;
  pugi::xml_document doc;
  parse(unzip(bytes)["word/document.xml"], doc);
  const auto rows = read_rows(tables(doc)[0]);
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) {
    int width = 0;
    for (const XmlCell& c : row) width += c.span;
    EXPECT_EQ(width, 3);
  }
  EXPECT_EQ(rows[1][0].vmerge, "continue");
  EXPECT_EQ(rows[1][1].text, "d");
  EXPECT_EQ(rows[1][1].span, 2);
  EXPECT_EQ(rows[3][0].span, 3);
}

TEST(DocxWriter, GridResolutionAndWidthsArePinned) {
  const Table t = table_three();
  std::vector<Diagnostic> diags;
  TableGridOptions options;
  options.fill_holes = true;
  options.columns_from_cells = true;
  options.diagnostics = &diags;
  options.where = "/t";
  const TableGrid g = resolve_table_grid(t, options);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(g.rows, 28);
  EXPECT_EQ(g.cols, 10);
  const GridCell& results = g.cells[static_cast<size_t>(g.at(26, 0))];
  EXPECT_EQ(results.row, 5);
  EXPECT_EQ(results.rowspan, 22);
  EXPECT_EQ(results.kind, CellKind::kLabel);
  EXPECT_EQ(g.cells[static_cast<size_t>(g.at(2, 9))].kind, CellKind::kHeader);
  EXPECT_TRUE(is_number_text("5949.088667"));
  EXPECT_TRUE(is_number_text("-3"));
  EXPECT_TRUE(is_number_text("12%"));
  EXPECT_FALSE(is_number_text("2023年"));
  EXPECT_FALSE(is_number_text(""));
}

// ---------------------------------------------------------------------------------------------
// LibreOffice round trip

std::u32string utf32(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

TEST(DocxWriter, LibreOfficeRendersEveryTextInOrderAndRepeatsHeaders) {
  if (!have_program("soffice")) {
    GTEST_SKIP() << "LibreOffice (soffice) is not installed; the DOCX → PDF check is skipped";
  }
  if (!have_program("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  const Report report = sample_report(true);
  const fs::path dir = scratch() / "office";
  const fs::path docx = dir / "report.docx";
  write_file(docx, write(report));
  // A private profile: parallel runs of soffice would otherwise fight over the user's profile.
  const fs::path profile = dir / "profile";
  std::string out;
  const int status = run("timeout 300 soffice -env:UserInstallation=file://" + profile.string() +
                             " --headless --convert-to pdf --outdir " + quote(dir.string()) + " " +
                             quote(docx.string()),
                         out);
  const fs::path pdf = dir / "report.pdf";
  ASSERT_EQ(status, 0) << out;
  ASSERT_TRUE(fs::exists(pdf)) << out;
  ASSERT_EQ(
      run("pdftotext -raw " + quote(pdf.string()) + " " + quote((dir / "report.txt").string()),
          out),
      0)
      << out;
  const std::string text = read_file(dir / "report.txt");
  const std::string flat = strip_space(text);

  // Every text of the report, in reading order. A merged cell that Word or LibreOffice splits
  // across pages has its text cut by the page break (the header rows repeated and the page
  // number fall in between), so those are taken out before reading: page numbers everywhere,
  // each table's header rows wherever they occur again.
  std::string reading = std::regex_replace(flat, std::regex("—[0-9]+—"), "");
  for (const Block& block : report.body) {
    const auto* t = std::get_if<Table>(&block);
    if (t == nullptr || t->header_rows == 0) continue;
    std::string header;
    for (int r = 0; r < t->header_rows && r < static_cast<int>(t->rows.size()); ++r) {
      for (const TableCell& c : t->rows[static_cast<size_t>(r)].cells) {
        for (const Paragraph& cp : c.paragraphs) header += strip_space(plain_text(cp.runs));
      }
    }
    const size_t first = reading.find(header);
    if (header.empty() || first == std::string::npos) continue;
    for (size_t k; (k = reading.find(header, first + header.size())) != std::string::npos;) {
      reading.erase(k, header.size());
    }
  }
  // The label of a row group is drawn beside the rows it spans, so its lines interleave with
  // theirs in the extracted text: such a label must appear from here on, character by character
  // in order, and reading goes on from where it starts.
  std::set<std::string> labels;
  for (const Block& block : report.body) {
    if (const auto* t = std::get_if<Table>(&block)) {
      for (const TableRow& row : t->rows) {
        for (const TableCell& c : row.cells) {
          if (c.rowspan < 2) continue;
          for (const Paragraph& cp : c.paragraphs) labels.insert(strip_space(plain_text(cp.runs)));
        }
      }
    }
  }
  size_t at = 0;
  for (const std::string& s : reading_order(report)) {
    const std::string needle = strip_space(s);
    if (needle.empty()) continue;
    if (labels.count(needle) > 0) {
      std::u32string want = utf32(needle);
      std::u32string have = utf32(reading.substr(at));
      size_t k = 0;
      for (size_t i = 0; i < have.size() && k < want.size(); ++i) {
        if (have[i] == want[k]) ++k;
      }
      EXPECT_EQ(k, want.size()) << "label not found in order: " << s;
      continue;
    }
    const size_t found = reading.find(needle, at);
    ASSERT_NE(found, std::string::npos)
        << "not found in order: " << s << "\n(after offset " << at << " of the extracted text)";
    at = found + needle.size();
  }

  // Pages (form feeds): the long table runs over several pages, each of which starts with its
  // header row; page numbers "— N —" are printed.
  std::vector<std::string> pages;
  std::stringstream ss(text);
  std::string page;
  while (std::getline(ss, page, '\f')) pages.push_back(strip_space(page));
  int table_pages = 0;
  for (const std::string& p : pages) {
    if (p.find("项公开事项") == std::string::npos) continue;
    ++table_pages;
    EXPECT_NE(p.find("序号公开事项名称公开数量"), std::string::npos) << "a page of the long table "
                                                                        "has no header row:\n"
                                                                     << p;
  }
  EXPECT_GE(table_pages, 2);
  EXPECT_NE(flat.find("—1—"), std::string::npos);
  EXPECT_NE(flat.find("—2—"), std::string::npos);

  // The page break before the long table: its caption opens a page (a page number "—N—" may
  // come first in the extracted text).
  bool caption_opens_page = false;
  const std::string caption = strip_space("附表 主动公开事项清单");
  for (const std::string& p : pages) {
    const size_t c = p.find(caption);
    if (c == std::string::npos) continue;
    std::string before = p.substr(0, c);
    const size_t dash = before.find("—");
    if (dash != std::string::npos) before.erase(dash, before.rfind("—") + 3 - dash);
    caption_opens_page = before.empty();
  }
  EXPECT_TRUE(caption_opens_page);

  // Pages to look at by eye: PNG renderings next to the PDF (kept only while the test runs).
  if (have_program("pdftoppm") && std::getenv("PAIBAN_KEEP_DOCX_RENDER") != nullptr) {
    const fs::path keep = std::getenv("PAIBAN_KEEP_DOCX_RENDER");
    fs::create_directories(keep);
    fs::copy_file(pdf, keep / "report.pdf", fs::copy_options::overwrite_existing);
    fs::copy_file(docx, keep / "report.docx", fs::copy_options::overwrite_existing);
    run("pdftoppm -r 60 -png " + quote(pdf.string()) + " " + quote((keep / "page").string()), out);
  }
}


// ---------------------------------------------------------------------------------------------
// Keeping the PDF's lines in a word processor (issue #10; measured by docx_fidelity_test)

// The runs of the first body paragraph: (text, w:eastAsia of the run, or "" when it has none).
std::vector<std::pair<std::string, std::string>> body_runs(const std::string& docx) {
  pugi::xml_document doc;
  parse(unzip(docx).at("word/document.xml"), doc);
  std::vector<std::pair<std::string, std::string>> out;
  pugi::xml_node p = doc.child("w:document").child("w:body").child("w:p");
  for (pugi::xml_node r : p.children("w:r")) {
    out.emplace_back(r.child_value("w:t"),
                     r.child("w:rPr").child("w:rFonts").attribute("w:eastAsia").value());
  }
  return out;
}

std::string docx_with_style(const std::string& text, const styles::Style& style) {
  Report report;
  report.body.push_back(paragraph(text));
  std::vector<Diagnostic> diags;
  std::string bytes = write_docx_of(report, style, {}, diags);
  for (const Diagnostic& d : diags) ADD_FAILURE() << format_diagnostic(d);
  return bytes;
}

TEST(DocxFidelity, AdjacentMarksAskForHalfWidthFormsAsThePdfSetsThem) {
  // quanjiao (GB/T 9704's default): of two adjacent marks the closing or stop one gives up its
  // blank half (》 of 》（, ） of ）（), else the opening one; a lone mark keeps its full em.
  const auto runs =
      body_runs(docx_with_style("根据《条例》（国令第711号）（以下简称），编制。", gbt9704()));
  std::string half;
  std::string text;
  for (const auto& [t, font] : runs) {
    text += t;
    if (font == "仿宋_GB2312:halt") half += t;
    if (!font.empty()) {
      EXPECT_EQ(font, "仿宋_GB2312:halt") << t;  // the rest inherits Normal
    }
  }
  EXPECT_EQ(text, "根据《条例》（国令第711号）（以下简称），编制。");
  EXPECT_EQ(half, "》））");  // of 》（ ）（ ）， — not the lone 《, the ， after ）, the final 。

  // Control: the plain scheme compresses nothing, banjiao every mark.
  styles::Style plain = gbt9704();
  plain.punctuation = "plain";
  for (const auto& [t, font] : body_runs(docx_with_style("《条例》（国令），编制。", plain))) {
    EXPECT_TRUE(font.empty()) << t;
  }
  styles::Style banjiao = gbt9704();
  banjiao.punctuation = "banjiao";
  std::string all;
  for (const auto& [t, font] : body_runs(docx_with_style("《条例》，编制。", banjiao))) {
    if (font == "仿宋_GB2312:halt") all += t;
  }
  EXPECT_EQ(all, "《》，。");
}

TEST(DocxFidelity, FontTableGivesTheHalfWidthNamesTheirOfficeFont) {
  pugi::xml_document fonts;
  parse(unzip(docx_with_style("正文。", gbt9704())).at("word/fontTable.xml"), fonts);
  bool found = false;
  for (pugi::xml_node f : fonts.child("w:fonts").children("w:font")) {
    if (std::string(f.attribute("w:name").value()) != "仿宋_GB2312:halt") continue;
    EXPECT_STREQ(f.child("w:altName").attribute("w:val").value(), "仿宋_GB2312");
    found = true;
  }
  EXPECT_TRUE(found);
}

TEST(DocxFidelity, NoHangingPunctuationInLibreOffice) {
  // LibreOffice imports w:overflowPunct inverted ("hanging punctuation" = val == 0) and hangs
  // 、。，． past the margin when the element is missing or 0; the PDF never hangs a mark.
  pugi::xml_document styles_doc;
  parse(unzip(docx_with_style("正文。", gbt9704())).at("word/styles.xml"), styles_doc);
  pugi::xml_node ppr =
      styles_doc.child("w:styles").child("w:docDefaults").child("w:pPrDefault").child("w:pPr");
  EXPECT_STREQ(ppr.child("w:overflowPunct").attribute("w:val").value(), "1");
}

// The path of production with the layout's flow facts: resolve, size, lay out (filling the
// facts), write the DOCX with them (or, `with_flow` false, without: the control).
std::string write_docx_laid_out(const Report& report, bool with_flow) {
  const styles::Style& style = gbt9704();
  std::vector<Diagnostic> diags;
  layout::FontContext fonts(test_support::test_fonts(), style);
  layout::ShapedMeasure measure(fonts, style);
  const resolve::ResolvedDocument doc = resolve::resolve_document(report, style, diags, &measure);
  const layout::SizedTables tables = layout::size_tables(doc, fonts, diags);
  resolve::FlowFacts flow;
  layout::layout_document(doc, tables, fonts, diags, &flow);
  DocxOptions options;
  if (with_flow) options.flow = &flow;
  std::string bytes = write_docx(doc, tables.sizes, options, diags);
  for (const Diagnostic& d : diags) ADD_FAILURE() << format_diagnostic(d);
  return bytes;
}

// A body paragraph's runs as (text, w:spacing in twips or nullopt when the run sets none).
std::vector<std::pair<std::string, std::optional<int>>> spaced_runs(pugi::xml_node p) {
  std::vector<std::pair<std::string, std::optional<int>>> out;
  for (pugi::xml_node r : p.children("w:r")) {
    pugi::xml_node sp = r.child("w:rPr").child("w:spacing");
    out.emplace_back(r.child_value("w:t"),
                     sp ? std::optional<int>(sp.attribute("w:val").as_int()) : std::nullopt);
  }
  return out;
}

// Issue #10: where the PDF ends a line earlier than a greedy fill would (no 孤字; a number kept
// with its measure word) the DOCX gives exactly that line's characters the PDF's spread room as
// character spacing, so that a word processor filling greedily ends its line at the same
// character. Measured on the DOCX: the spaced text is the PDF's line, and in the DOCX's own units
// (the section's text width, Normal's condensed character) the line fits with its spacing and
// the next character does not. Control: without the flow facts no run is spaced, and a greedy
// fill would take a 28th character onto the line the PDF ends at 27.
TEST(DocxFidelity, LinesThePdfEndsEarlyCarryTheirSpreadAsCharacterSpacing) {
  std::string lone_text, number_text;
  for (int i = 0; i < 54; ++i) lone_text += "政";
  lone_text += "府。";
  for (int i = 0; i < 24; ++i) number_text += "政";
  number_text += "860万元。后文后文后文后文后文";
  Report report;
  report.body.push_back(paragraph(lone_text));
  report.body.push_back(paragraph(number_text));

  auto body_of = [](const std::string& docx, pugi::xml_document& doc) {
    parse(unzip(docx).at("word/document.xml"), doc);
    return doc.child("w:document").child("w:body");
  };
  const std::string docx = write_docx_laid_out(report, true);
  pugi::xml_document doc;
  pugi::xml_node body = body_of(docx, doc);
  pugi::xml_document styles_doc;
  parse(unzip(docx).at("word/styles.xml"), styles_doc);
  int condense = 0;  // Normal's w:spacing: the grid's condensation every run inherits
  for (pugi::xml_node st : styles_doc.child("w:styles").children("w:style")) {
    if (std::string(st.attribute("w:styleId").value()) == "Normal") {
      condense = st.child("w:rPr").child("w:spacing").attribute("w:val").as_int();
    }
  }
  ASSERT_LT(condense, 0);
  pugi::xml_node mar = body.child("w:sectPr").child("w:pgMar");
  const int text_width = body.child("w:sectPr").child("w:pgSz").attribute("w:w").as_int() -
                         mar.attribute("w:left").as_int() - mar.attribute("w:right").as_int();
  const int han = 16 * 20 + condense;  // one 16 pt Han character, condensed, in twips

  std::vector<pugi::xml_node> paras;
  for (pugi::xml_node p : body.children("w:p")) paras.push_back(p);
  ASSERT_EQ(paras.size(), 2u);
  // The 孤字 paragraph: 26 characters after the indent, then the line the PDF ends at 27.
  std::string before, spaced, after;
  std::optional<int> spacing;
  for (const auto& [text, val] : spaced_runs(paras[0])) {
    if (val) {
      EXPECT_FALSE(spacing && *spacing != *val) << "one spacing for the whole line";
      spacing = val;
      spaced += text;
    } else {
      (spaced.empty() ? before : after) += text;
    }
  }
  std::string line;
  for (int i = 0; i < 27; ++i) line += "政";
  EXPECT_EQ(spaced, line);
  EXPECT_EQ(before + spaced + after, lone_text);
  EXPECT_EQ(after, "政府。");
  ASSERT_TRUE(spacing.has_value());
  const int extra = *spacing - condense;
  EXPECT_GT(extra, 0);
  EXPECT_LE(27 * (han + extra), text_width);       // the line keeps its last character
  EXPECT_GT(28 * han + 27 * extra, text_width);    // a 28th does not fit beside it
  // The number paragraph: 「860万元」 moves down whole; the line before it is the spaced one.
  std::string number_spaced;
  for (const auto& [text, val] : spaced_runs(paras[1])) {
    if (val) number_spaced += text;
  }
  EXPECT_EQ(number_spaced, number_text.substr(0, 24 * 3));

  // Control: without the facts nothing is spaced, and greedily the line would take a 28th.
  pugi::xml_document plain_doc;
  pugi::xml_node plain = body_of(write_docx_laid_out(report, false), plain_doc);
  for (pugi::xml_node p : plain.children("w:p")) {
    for (const auto& [text, val] : spaced_runs(p)) EXPECT_FALSE(val.has_value()) << text;
  }
  EXPECT_LE(28 * han, text_width);

  // The spaced runs are valid WordprocessingML (w:spacing in its place among the run properties).
  if (fs::exists(kSchemaDir) && have_program("xmllint")) expect_valid(unzip(docx), "spread");
}

// Issue #11 item 7: a word processor fills a cell's lines greedily; the PDF balances a label's
// lines (no one-character line) and ends some lines early (no 孤字). Table sizing records, per
// wrapped cell paragraph, the measure and the lines' spread (resolve::CellLines); the DOCX sets
// them as indents and character spacing. Measured in the DOCX's own units against the PDF's
// lines (the sizing phase's laid-out cells): every line fits the paragraph's measure with its
// spacing, and no line has room left for the first character of the next, so a greedy fill ends
// each line where the PDF does. Control: without the facts, table 三's label 「三、本年度办理结果」
// and others would take the next character (「度办理结/果」 in LibreOffice).
int cell_line_violations(const Table& table, bool with_facts, std::string& first_violation) {
  Report report;
  report.show_title = false;
  report.body.push_back(table);
  const styles::Style style = gbt9704();
  std::vector<Diagnostic> diags;
  layout::FontContext fonts(test_support::test_fonts(), style);
  layout::ShapedMeasure measure(fonts, style);
  const resolve::ResolvedDocument rd = resolve::resolve_document(report, style, diags, &measure);
  layout::SizedTables sized = layout::size_tables(rd, fonts, diags);
  EXPECT_FALSE(has_errors(diags));
  if (sized.sizes.size() != 1) {
    ADD_FAILURE() << "one table expected";
    return -1;
  }
  if (!with_facts) sized.sizes[0].cell_lines.clear();
  EXPECT_EQ(with_facts, !sized.sizes[0].cell_lines.empty());
  pugi::xml_document doc;
  parse(unzip(write_docx(rd, sized.sizes, {}, diags))["word/document.xml"], doc);
  const std::vector<pugi::xml_node> xml = tables(doc);
  if (xml.size() != 1) {
    ADD_FAILURE() << "one w:tbl expected";
    return -1;
  }
  pugi::xml_node mar = xml[0].child("w:tblPr").child("w:tblCellMar");
  const int margins = mar.child("w:left").attribute("w:w").as_int() +
                      mar.child("w:right").attribute("w:w").as_int();
  // The DOCX paragraph of each text, with the width of its cell.
  std::map<std::string, std::pair<pugi::xml_node, int>> paragraphs;
  for (pugi::xml_node tr : xml[0].children("w:tr")) {
    for (pugi::xml_node tc : tr.children("w:tc")) {
      const int width = tc.child("w:tcPr").child("w:tcW").attribute("w:w").as_int();
      for (pugi::xml_node p : tc.children("w:p")) {
        std::string text;
        for (pugi::xml_node r : p.children("w:r")) text += r.child_value("w:t");
        if (!text.empty()) paragraphs[text] = {p, width};
      }
    }
  }
  const layout::TableLayout* laid = sized.layout_for(sized.sizes[0].block);
  if (laid == nullptr) return -1;
  auto twips = [](layout::LU v) { return static_cast<double>(v) * 20 / 64; };
  int violations = 0, checked = 0;
  for (const layout::LaidOutCell& cell : laid->cells) {
    if (cell.lines.size() < 2) continue;
    std::string text;
    for (const layout::Line& l : cell.lines) text += l.text;
    const auto found = paragraphs.find(text);
    if (found == paragraphs.end()) continue;  // a cell of several paragraphs: not in table 三
    ++checked;
    const auto [p, cell_width] = found->second;
    pugi::xml_node ind = p.child("w:pPr").child("w:ind");
    const double set = cell_width - margins - ind.attribute("w:left").as_int() -
                       ind.attribute("w:right").as_int() + ind.attribute("w:hanging").as_int();
    // Each character's spacing, in the order of the text.
    std::vector<int> spacing;
    for (pugi::xml_node r : p.children("w:r")) {
      const int sp = r.child("w:rPr").child("w:spacing").attribute("w:val").as_int();
      const std::string t = r.child_value("w:t");
      for (unsigned char c : t) {
        if ((c & 0xC0) != 0x80) spacing.push_back(sp);
      }
    }
    size_t at = 0;  // characters before the line
    for (size_t j = 0; j < cell.lines.size(); ++j) {
      const layout::Line& l = cell.lines[j];
      double width = twips(l.width);
      size_t chars = 0;
      for (unsigned char c : l.text) chars += (c & 0xC0) != 0x80 ? 1 : 0;
      for (size_t k = at; k < at + chars && k < spacing.size(); ++k) width += spacing[k];
      at += chars;
      std::string why;
      if (width > set + 1) why = "overflows";
      if (j + 1 < cell.lines.size()) {
        const layout::Line& next = cell.lines[j + 1];
        const double first = next.runs.empty() || next.runs[0].glyphs.empty()
                                 ? 0
                                 : twips(next.runs[0].glyphs[0].advance);
        if (width + first <= set) why = "has room for the next character";
      }
      if (!why.empty()) {
        if (violations++ == 0) {
          first_violation = "「" + l.text + "」 of 「" + text + "」 " + why + " (" +
                            std::to_string(width) + " of " + std::to_string(set) + " twips)";
        }
      }
    }
  }
  EXPECT_GE(checked, 5) << "table 三's wrapped labels were not found";
  return violations;
}

TEST(DocxFidelity, CellLinesKeepThePdfsMeasureAndSpread) {
  std::string first;
  EXPECT_EQ(cell_line_violations(table_three(), true, first), 0) << first;
  std::string control;
  EXPECT_GT(cell_line_violations(table_three(), false, control), 0)
      << "without the facts a greedy fill already gives the PDF's lines";
  // The group label is balanced in the PDF (「三、本年/度办理/结果」): centred, its measure
  // narrowed on both sides.
  Report report;
  report.show_title = false;
  report.body.push_back(table_three());
  std::vector<Diagnostic> diags;
  pugi::xml_document doc;
  const std::string docx = write_docx_of(report, gbt9704(), {}, diags);
  parse(unzip(docx)["word/document.xml"], doc);
  bool found = false;
  for (pugi::xml_node tr : tables(doc)[0].children("w:tr")) {
    for (pugi::xml_node tc : tr.children("w:tc")) {
      pugi::xml_node p = tc.child("w:p");
      std::string text;
      for (pugi::xml_node r : p.children("w:r")) text += r.child_value("w:t");
      if (text != "三、本年度办理结果") continue;
      found = true;
      pugi::xml_node ind = p.child("w:pPr").child("w:ind");
      EXPECT_GT(ind.attribute("w:left").as_int(), 0);
      EXPECT_NEAR(ind.attribute("w:left").as_int(), ind.attribute("w:right").as_int(), 1);
    }
  }
  EXPECT_TRUE(found);
  if (fs::exists(kSchemaDir) && have_program("xmllint")) expect_valid(unzip(docx), "cell lines");
}

}  // namespace
}  // namespace paiban::docx
