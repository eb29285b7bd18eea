// The JSON reader: bad-input corpus (each case pins the pointer and the message), syntax errors,
// invalid UTF-8, table geometry, and that every error of a file is reported.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "json_io.h"
#include "paiban_limits.h"

namespace paiban::json {
namespace {

std::string doc(const std::string& body) {
  return R"({"metadata": {"title": "T"}, "body": [)" + body + "]}";
}

std::string table(const std::string& columns, const std::string& rows,
                  const std::string& extra = "") {
  return R"({"type": "table", "columns": )" + columns + R"(, "rows": [)" + rows + "]" + extra + "}";
}

std::string all_messages(const ReadResult& result) {
  std::string out;
  for (const Diagnostic& d : result.diagnostics) out += format_diagnostic(d) + "\n";
  return out;
}

struct BadCase {
  const char* name;
  std::string json;
  std::string pointer;
  std::string message;  // a fragment of the message
  std::string hint;     // the exact hint, or "" when any
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadInput : public testing::TestWithParam<BadCase> {};

// Each bad document has exactly one error: nothing is reported twice or as a consequence of
// another error.
TEST_P(BadInput, ReportsOneErrorAtPointer) {
  const BadCase& c = GetParam();
  const ReadResult result = read_report(c.json, "bad.json");
  EXPECT_FALSE(result.report.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u) << all_messages(result);
  const Diagnostic& d = result.diagnostics[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.source, "bad.json");
  EXPECT_EQ(d.pointer, c.pointer) << d.message;
  EXPECT_NE(d.message.find(c.message), std::string::npos)
      << "message: " << d.message << "\nexpected to contain: " << c.message;
  if (!c.hint.empty()) {
    EXPECT_EQ(d.hint, c.hint);
  }
  EXPECT_GT(d.line, 0) << "every error in a parsed document has a position";
  EXPECT_GT(d.column, 0);
}

const BadCase kBadCases[] = {
    // The document and its metadata.
    {"RootNotObject", "[]", "", "expected a report object", ""},
    {"MissingMetadata", R"({"body": []})", "", "missing required key \"metadata\"", ""},
    {"MissingBody", R"({"metadata": {"title": "T"}})", "", "missing required key \"body\"", ""},
    {"UnknownTopKey", R"({"metadata": {"title": "T"}, "body": [], "sytle": "gbt9704"})", "/sytle",
     "unknown key \"sytle\" in a report", "did you mean \"style\"?"},
    {"MissingTitle", R"({"metadata": {}, "body": []})", "/metadata",
     "missing required key \"title\"", ""},
    {"TitleNotString", R"({"metadata": {"title": 1}, "body": []})", "/metadata/title",
     "expected a non-empty string, got 1", "write it in quotes: \"1\""},
    {"TitleEmpty", R"({"metadata": {"title": ""}, "body": []})", "/metadata/title",
     "expected a non-empty string, got \"\"", ""},
    {"DateNotReal", R"({"metadata": {"title": "T", "date": "2023-02-29"}, "body": []})",
     "/metadata/date", "expected an ISO date YYYY-MM-DD that exists, got \"2023-02-29\"", ""},
    {"DateChinese", R"({"metadata": {"title": "T", "date": "2024年1月20日"}, "body": []})",
     "/metadata/date", "expected an ISO date YYYY-MM-DD", ""},
    {"Language", R"({"metadata": {"title": "T", "language": "zh_CN"}, "body": []})",
     "/metadata/language", "expected a language tag such as \"zh-CN\", got \"zh_CN\"", ""},
    {"KeywordsNotArray", R"({"metadata": {"title": "T", "keywords": "a, b"}, "body": []})",
     "/metadata/keywords", "expected an array of strings, got a string \"a, b\"", ""},
    {"KeywordNotString", R"({"metadata": {"title": "T", "keywords": ["a", 2]}, "body": []})",
     "/metadata/keywords/1", "expected a string, got 2", ""},
    {"MetadataAmericanSpelling",
     R"({"metadata": {"title": "T", "organization": "红旗区"}, "body": []})",
     "/metadata/organization", "unknown key \"organization\" in the metadata",
     "did you mean \"organisation\"?"},
    {"StyleNumber", R"({"metadata": {"title": "T"}, "style": 1, "body": []})", "/style",
     "expected a style name such as \"gbt9704\"", ""},
    {"StyleOverrideNotString",
     R"({"metadata": {"title": "T"}, "style": {"overrides": {"body.size": 12}}, "body": []})",
     "/style/overrides/body.size", "expected a string, got 12", ""},
    {"PointerEscaping",
     R"({"metadata": {"title": "T"}, "style": {"overrides": {"a/b~c": true}}, "body": []})",
     "/style/overrides/a~1b~0c", "expected a string, got true", ""},
    {"StyleUnknownKey", R"({"metadata": {"title": "T"}, "style": {"nmae": "report"}, "body": []})",
     "/style/nmae", "unknown key \"nmae\" in the style", "did you mean \"name\"?"},
    {"ShowTitleString", R"({"metadata": {"title": "T"}, "show_title": "false", "body": []})",
     "/show_title", "expected true or false, got a string \"false\"", "write false without quotes"},
    {"BodyNotArray", R"({"metadata": {"title": "T"}, "body": {}})", "/body",
     "expected an array of blocks, got an object", ""},

    // Blocks.
    {"BlockNotObject", doc(R"("text")"), "/body/0", "expected a block object with a \"type\"", ""},
    {"BlockWithoutType", doc(R"({"text": "a"})"), "/body/0", "missing required key \"type\"", ""},
    {"BlockTypeTypo", doc(R"({"tpye": "heading", "level": 1, "text": "a"})"), "/body/0",
     "missing required key \"type\"", "did you mean \"type\" instead of \"tpye\"?"},
    {"UnknownBlockType", doc(R"({"type": "tabel"})"), "/body/0/type",
     "expected one of heading, paragraph, table, page_break, signature, spacer, got \"tabel\"",
     "did you mean \"table\"?"},
    {"BlockTypeCase", doc(R"({"type": "Paragraph", "text": "a"})"), "/body/0/type",
     "got \"Paragraph\"", "did you mean \"paragraph\"?"},
    {"HeadingLevelTooHigh", doc(R"({"type": "heading", "level": 5, "text": "a"})"), "/body/0/level",
     "expected an integer from 1 to 4, got 5", ""},
    {"HeadingLevelString", doc(R"({"type": "heading", "level": "1", "text": "a"})"),
     "/body/0/level", "expected an integer from 1 to 4, got a string \"1\"",
     "write 1 without quotes"},
    {"HeadingLevelFloat", doc(R"({"type": "heading", "level": 1.5, "text": "a"})"), "/body/0/level",
     "expected an integer from 1 to 4, got 1.5", ""},
    {"HeadingWithoutLevel", doc(R"({"type": "heading", "text": "a"})"), "/body/0",
     "missing required key \"level\"", ""},
    {"HeadingWithoutText", doc(R"({"type": "heading", "level": 1})"), "/body/0",
     "missing required key \"text\" (or \"runs\")", ""},
    {"TextAndRuns", doc(R"({"type": "heading", "level": 1, "text": "a", "runs": []})"), "/body/0",
     "give either \"text\" or \"runs\", not both", ""},
    {"NumberAndNumbering", doc(R"J({"type": "heading", "level": 2, "text": "a", "number": "(一)",
              "numbering": "none"})J"),
     "/body/0/numbering", "\"numbering\" cannot be combined with \"number\"", ""},
    {"NumberingExplicit",
     doc(R"({"type": "heading", "level": 2, "text": "a", "numbering": "explicit"})"),
     "/body/0/numbering", "expected one of auto, none, got \"explicit\"", ""},
    {"NumberNotString", doc(R"({"type": "heading", "level": 2, "text": "a", "number": 1})"),
     "/body/0/number", "expected a string, got 1", ""},
    {"RunInNumber", doc(R"({"type": "heading", "level": 2, "text": "a", "run_in": 3})"),
     "/body/0/run_in", "expected a string or an array of runs, got 3", ""},
    {"HeadingUnknownKey", doc(R"({"type": "heading", "levle": 1, "level": 1, "text": "a"})"),
     "/body/0/levle", "unknown key \"levle\" in a heading", "did you mean \"level\"?"},
    {"ParagraphWithoutText", doc(R"({"type": "paragraph"})"), "/body/0",
     "missing required key \"text\" (or \"runs\")", ""},
    {"ParagraphAlignBritish", doc(R"({"type": "paragraph", "text": "a", "align": "centre"})"),
     "/body/0/align", "expected one of left, center, right, justify, got \"centre\"",
     "did you mean \"center\"?"},
    {"ParagraphIndentNumber", doc(R"({"type": "paragraph", "text": "a", "indent": 2})"),
     "/body/0/indent", "expected true or false, got 2", ""},
    {"ParagraphLevel", doc(R"({"type": "paragraph", "text": "a", "level": 1})"), "/body/0/level",
     "unknown key \"level\" in a paragraph", ""},
    {"RunsNotArray", doc(R"({"type": "paragraph", "runs": {"text": "a"}})"), "/body/0/runs",
     "expected an array of runs", ""},
    {"RunAsString", doc(R"({"type": "paragraph", "runs": ["a"]})"), "/body/0/runs/0",
     "expected a run object {\"text\": …}, got a string \"a\"", "write {\"text\": \"a\"}"},
    {"RunWithoutText", doc(R"({"type": "paragraph", "runs": [{"bold": true}]})"), "/body/0/runs/0",
     "missing required key \"text\"", ""},
    {"RunFontTypo", doc(R"({"type": "paragraph", "runs": [{"text": "a", "font": "hie"}]})"),
     "/body/0/runs/0/font", "expected one of song, fang, hei, kai, title, got \"hie\"",
     "did you mean \"hei\"?"},
    {"RunFontFamilyName", doc(R"({"type": "paragraph", "runs": [{"text": "a", "font": "仿宋"}]})"),
     "/body/0/runs/0/font", "expected one of song, fang, hei, kai, title, got \"仿宋\"", ""},
    {"RunSizeWithoutUnit", doc(R"({"type": "paragraph", "runs": [{"text": "a", "size": "12"}]})"),
     "/body/0/runs/0/size", "expected a font size", "add a unit, e.g. \"12pt\""},
    {"RunSizeNumber", doc(R"({"type": "paragraph", "runs": [{"text": "a", "size": 12}]})"),
     "/body/0/runs/0/size", "expected a font size",
     "lengths are strings with a unit, e.g. \"12pt\""},
    {"RunSizeBadName", doc(R"({"type": "paragraph", "runs": [{"text": "a", "size": "小4"}]})"),
     "/body/0/runs/0/size", "got a string \"小4\"", ""},
    {"RunSizePercent", doc(R"({"type": "paragraph", "runs": [{"text": "a", "size": "50%"}]})"),
     "/body/0/runs/0/size", "expected a font size", ""},
    {"RunBoldTypo", doc(R"({"type": "paragraph", "runs": [{"text": "a", "blod": true}]})"),
     "/body/0/runs/0/blod", "unknown key \"blod\" in a run", "did you mean \"bold\"?"},
    {"RunUnknownKeyFar", doc(R"({"type": "paragraph", "runs": [{"text": "a", "colour": "red"}]})"),
     "/body/0/runs/0/colour", "unknown key \"colour\" in a run",
     "allowed keys: text, bold, italic, underline, font, size"},
    {"PageBreakWithText", doc(R"({"type": "page_break", "text": "a"})"), "/body/0/text",
     "unknown key \"text\" in a page break", ""},
    {"SignatureNotString", doc(R"({"type": "signature", "organisation": ["a"]})"),
     "/body/0/organisation", "expected a string, got an array", ""},
    {"SpacerHeightPlural", doc(R"({"type": "spacer", "height": "2lines"})"), "/body/0/height",
     "expected a height such as \"1line\", \"12pt\" or \"5mm\", got a string \"2lines\"", ""},
    {"SpacerHeightZero", doc(R"({"type": "spacer", "height": "0pt"})"), "/body/0/height",
     "expected a height", ""},
    {"DuplicateKey", doc(R"({"type": "paragraph", "text": "a", "text": "b"})"), "/body/0/text",
     "duplicate key", ""},

    // Tables, apart from their geometry.
    {"TableWithoutColumns", doc(R"({"type": "table", "rows": [{"cells": ["a"]}]})"), "/body/0",
     "missing required key \"columns\"", ""},
    {"TableWithoutRows", doc(R"({"type": "table", "columns": 1})"), "/body/0",
     "missing required key \"rows\"", ""},
    {"ColumnsZero", doc(table("0", R"({"cells": []})")), "/body/0/columns",
     "expected an integer >= 1, got 0", ""},
    {"ColumnsOverLimit", doc(table("1000", R"({"cells": ["a"]})")), "/body/0/columns",
     "expected an integer <= 200 (the limit), got 1000", ""},
    {"ColumnsEmpty", doc(table("[]", R"({"cells": ["a"]})")), "/body/0/columns",
     "expected at least 1 column, got none", ""},
    {"ColumnsString", doc(table("\"3\"", R"({"cells": ["a"]})")), "/body/0/columns",
     "expected the number of columns or an array of column specs, got a string \"3\"", ""},
    {"ColumnWidthWithoutUnit", doc(table(R"([{"width": "20"}])", R"({"cells": ["a"]})")),
     "/body/0/columns/0/width", "expected a column width", "add a unit, e.g. \"20pt\""},
    {"ColumnKeyTypo", doc(table(R"([{"widht": "20mm"}])", R"({"cells": ["a"]})")),
     "/body/0/columns/0/widht", "unknown key \"widht\" in a column spec",
     "did you mean \"width\"?"},
    {"ColumnAsString", doc(table(R"(["20mm"])", R"({"cells": ["a"]})")), "/body/0/columns/0",
     "expected a column spec {\"width\": …, \"align\": …}, got a string \"20mm\"", ""},
    {"RowsEmpty", doc(R"({"type": "table", "columns": 1, "rows": []})"), "/body/0/rows",
     "expected at least 1 row, got none", ""},
    {"RowAsArray", doc(table("2", R"(["a", "b"])")), "/body/0/rows/0",
     "expected a row object {\"cells\": […]}, got an array", "wrap the cells: {\"cells\": […]}"},
    {"RowCellsTypo",  // no "missing cells" error: the typo's hint already says it
     doc(table("1", R"({"cels": ["a"]})")), "/body/0/rows/0/cels",
     "unknown key \"cels\" in a table row", "did you mean \"cells\"?"},
    {"RowWithoutCells", doc(table("1", R"({})")), "/body/0/rows/0",
     "missing required key \"cells\"", ""},
    {"HeadingTextTypo", doc(R"({"type": "heading", "level": 1, "txet": "a"})"), "/body/0/txet",
     "unknown key \"txet\" in a heading", "did you mean \"text\"?"},
    {"CellNumber", doc(table("2", R"({"cells": ["a", 0]})")), "/body/0/rows/0/cells/1",
     "expected a cell: a string or an object {\"text\": …}, got 0", "write it in quotes: \"0\""},
    {"CellNegativeRowspan", doc(table("2", R"({"cells": [{"text": "a", "rowspan": -1}, "b"]})")),
     "/body/0/rows/0/cells/0/rowspan", "expected an integer >= 1, got -1", ""},
    {"CellRowspanOnShortRow",  // the span is unknown, so no geometry error follows from it
     doc(table("2", R"({"cells": [{"text": "a", "rowspan": "2"}, "b"]}, {"cells": ["c"]})")),
     "/body/0/rows/0/cells/0/rowspan", "expected an integer >= 1, got a string \"2\"",
     "write 2 without quotes"},
    {"CellColspanFloat", doc(table("2", R"({"cells": [{"text": "a", "colspan": 2.0}]})")),
     "/body/0/rows/0/cells/0/colspan", "expected an integer >= 1, got 2.0", ""},
    {"CellKeyTypo",  // the span is unknown, so the row is not reported short
     doc(table("2", R"({"cells": [{"text": "a", "colspna": 2}]})")),
     "/body/0/rows/0/cells/0/colspna", "unknown key \"colspna\" in a table cell",
     "did you mean \"colspan\"?"},
    {"CellTextAndParagraphs", doc(table("1", R"({"cells": [{"text": "a", "paragraphs": ["b"]}]})")),
     "/body/0/rows/0/cells/0", "give either \"text\" or \"paragraphs\", not both", ""},
    {"CellValign", doc(table("1", R"({"cells": [{"text": "a", "valign": "centre"}]})")),
     "/body/0/rows/0/cells/0/valign", "expected one of top, middle, bottom, got \"centre\"", ""},
    {"CellParagraphType",
     doc(table("1", R"({"cells": [{"paragraphs": [{"type": "heading", "text": "a"}]}]})")),
     "/body/0/rows/0/cells/0/paragraphs/0/type",
     "expected \"paragraph\" (or no \"type\"), got a string \"heading\"", ""},
    {"CellParagraphAlign",
     doc(table("1", R"({"cells": [{"paragraphs": [{"text": "a", "align": "middle"}]}]})")),
     "/body/0/rows/0/cells/0/paragraphs/0/align", "expected one of left, center, right, justify",
     ""},
    {"HeaderRowsPastRows",
     doc(table("1", R"({"cells": ["a"]}, {"cells": ["b"]})", R"(, "header_rows": 3)")),
     "/body/0/header_rows", "header_rows is 3 but the table has only 2 rows", ""},
    {"HeaderColumnsPastColumns",
     doc(table("2", R"({"cells": ["a", "b"]})", R"(, "header_columns": 3)")),
     "/body/0/header_columns", "header_columns is 3 but the table has only 2 columns", ""},
    {"HeaderRowsNegative", doc(table("1", R"({"cells": ["a"]})", R"(, "header_rows": -1)")),
     "/body/0/header_rows", "expected an integer >= 0, got -1", ""},
    {"TableCaptionNumber", doc(table("1", R"({"cells": ["a"]})", R"(, "caption": 1)")),
     "/body/0/caption", "expected a string, got 1", ""},
};

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, testing::ValuesIn(kBadCases),
                         [](const testing::TestParamInfo<BadCase>& info) {
                           return std::string(info.param.name);
                         });

// --- Table geometry: each error names the cell by pointer and grid position (0-based). ---

struct GeometryCase {
  const char* name;
  std::string columns;
  std::string rows;
  std::string pointer;
  std::string message;  // the whole message
};

void PrintTo(const GeometryCase& c, std::ostream* os) { *os << c.name; }

class Geometry : public testing::TestWithParam<GeometryCase> {};

TEST_P(Geometry, ReportsTheCell) {
  const GeometryCase& c = GetParam();
  const ReadResult result = read_report(doc(table(c.columns, c.rows)), "");
  EXPECT_FALSE(result.report.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u) << all_messages(result);
  EXPECT_EQ(result.diagnostics[0].pointer, c.pointer);
  EXPECT_EQ(result.diagnostics[0].message, c.message);
}

const GeometryCase kGeometryCases[] = {
    {"Overlap", "3",
     R"({"cells": ["a", {"text": "b", "rowspan": 2}, "c"]},
        {"cells": [{"text": "d", "colspan": 2}, "e"]})",
     "/body/0/rows/1/cells/0",
     "cell at row 1, column 0 overlaps the rowspan of /body/0/rows/0/cells/1 at row 1, column 1"},
    {"OverlapWithRowspanFromRowAbove", "3",
     R"({"cells": ["a", "b", {"text": "c", "rowspan": 3}]},
        {"cells": [{"text": "d", "colspan": 3}]},
        {"cells": ["e", "f"]})",
     "/body/0/rows/1/cells/0",
     "cell at row 1, column 0 overlaps the rowspan of /body/0/rows/0/cells/2 at row 1, column 2"},
    {"ColspanPastGrid", "3", R"({"cells": ["a", {"text": "b", "colspan": 3}]})",
     "/body/0/rows/0/cells/1/colspan",
     "colspan 3 runs past the grid: the cell at row 0, column 1 would cover columns 1 to 3, "
     "but the table has 3 columns"},
    {"RowspanPastEnd", "2", R"({"cells": [{"text": "a", "rowspan": 3}, "b"]}, {"cells": ["c"]})",
     "/body/0/rows/0/cells/0/rowspan",
     "rowspan 3 runs past the last row: the cell at row 0, column 0 would cover rows 0 to 2, "
     "but the table has 2 rows"},
    {"ShortRow", "3", R"({"cells": ["a", "b", "c"]}, {"cells": ["d"]})", "/body/0/rows/1",
     "row 1 is short: columns 1 to 2 are not filled (the table has 3 columns)"},
    {"ShortRowOneColumn", "3", R"({"cells": ["a", "b", "c"]}, {"cells": ["d", "e"]})",
     "/body/0/rows/1", "row 1 is short: column 2 is not filled (the table has 3 columns)"},
    {"EmptyRow", "2", R"({"cells": ["a", "b"]}, {"cells": []})", "/body/0/rows/1",
     "row 1 is short: columns 0 to 1 are not filled (the table has 2 columns)"},
    {"LongRow", "2", R"({"cells": ["a", "b", "c"]})", "/body/0/rows/0/cells/2",
     "row 0 has too many cells: the cell at row 0, column 2 would start past the last column "
     "(the table has 2 columns)"},
    {"LongRowBecauseOfRowspan", "2",
     R"({"cells": [{"text": "a", "rowspan": 2}, "b"]}, {"cells": ["c", "d"]})",
     "/body/0/rows/1/cells/1",
     "row 1 has too many cells: the cell at row 1, column 2 would start past the last column "
     "(the table has 2 columns)"},
    {"LongRowWithColumnSpecs", R"([{"width": "1fr"}, {"width": "2fr"}])",
     R"({"cells": [{"text": "a", "colspan": 2}, "b"]})", "/body/0/rows/0/cells/1",
     "row 0 has too many cells: the cell at row 0, column 2 would start past the last column "
     "(the table has 2 columns)"},
};

INSTANTIATE_TEST_SUITE_P(Tables, Geometry, testing::ValuesIn(kGeometryCases),
                         [](const testing::TestParamInfo<GeometryCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(Geometry, RowspansAreSkippedWhenPlacingCells) {
  // "a" holds column 0 of rows 0–2, so "d" and "f" start in column 1, and "f" fills the row.
  const ReadResult result =
      read_report(doc(table("3", R"({"cells": [{"text": "a", "rowspan": 3}, "b", "c"]},
        {"cells": ["d", "e"]},
        {"cells": [{"text": "f", "colspan": 2}]},
        {"cells": ["g", "h", "i"]})")),
                  "");
  EXPECT_TRUE(result.report.has_value()) << all_messages(result);
}

TEST(Geometry, ManyRowErrorsAreAllReported) {
  // Two short rows and a long one in one table, and a second table with an overlap.
  const ReadResult result =
      read_report(doc(table("2", R"({"cells": ["a"]}, {"cells": ["b", "c"]}, {"cells": ["d"]},
                        {"cells": ["e", "f", "g"]})") +
                      ", " + table("3", R"({"cells": ["a", {"text": "b", "rowspan": 2}, "c"]},
                               {"cells": [{"text": "d", "colspan": 2}, "e"]})")),
                  "");
  ASSERT_EQ(result.diagnostics.size(), 4u) << all_messages(result);
  EXPECT_EQ(result.diagnostics[0].pointer, "/body/0/rows/0");
  EXPECT_EQ(result.diagnostics[1].pointer, "/body/0/rows/2");
  EXPECT_EQ(result.diagnostics[2].pointer, "/body/0/rows/3/cells/2");
  EXPECT_EQ(result.diagnostics[3].pointer, "/body/1/rows/1/cells/0");
  EXPECT_NE(result.diagnostics[3].message.find("overlaps the rowspan of /body/1/rows/0/cells/1"),
            std::string::npos);
}

TEST(Geometry, MarksHeaderCells) {
  // 3 columns; the first row is a header row, the first column holds row labels. "x" spans
  // rows 1–2 in column 0; "z" starts in column 1 of row 2 and is no header cell.
  const ReadResult result =
      read_report(doc(table("3",
                            R"({"cells": ["h0", {"text": "h1", "colspan": 2}]},
                               {"cells": [{"text": "x", "rowspan": 2}, "y1", "y2"]},
                               {"cells": ["z", "w"]})",
                            R"(, "header_rows": 1, "header_columns": 1)")),
                  "");
  ASSERT_TRUE(result.report.has_value()) << all_messages(result);
  const auto& t = std::get<Table>(result.report->body.at(0));
  EXPECT_TRUE(t.rows[0].cells[0].header);
  EXPECT_TRUE(t.rows[0].cells[1].header);
  EXPECT_TRUE(t.rows[1].cells[0].header);
  EXPECT_FALSE(t.rows[1].cells[1].header);
  EXPECT_FALSE(t.rows[1].cells[2].header);
  EXPECT_FALSE(t.rows[2].cells[0].header);
  EXPECT_FALSE(t.rows[2].cells[1].header);
}

TEST(Geometry, ReadsTheAnnualReportForm) {
  // The layout of table 3 of the annual-report template (gov-annual-2021/table-3), shortened:
  // a 3×3 corner, a 4-row rowspan holding a smaller rowspan, and colspans of 2 and 3.
  std::string rows = R"(
    {"cells": [{"text": "corner", "rowspan": 3, "colspan": 3},
               {"text": "申请人情况", "colspan": 4}]},
    {"cells": [{"text": "自然人", "rowspan": 2}, {"text": "法人", "colspan": 2},
               {"text": "总计", "rowspan": 2}]},
    {"cells": ["商业企业", "其他"]},
    {"cells": [{"text": "三、本年度办理结果", "rowspan": 4},
               {"text": "(一) 予以公开", "colspan": 2}, "0", "0", "0", "0"]},
    {"cells": [{"text": "(三) 不予公开", "rowspan": 2}, "1. 属于国家秘密", "0", "0", "0", "0"]},
    {"cells": ["2. 其他", "0", "0", "0", "0"]},
    {"cells": [{"text": "(七) 总计", "colspan": 2}, "0", "0", "0", "0"]},
    {"cells": [{"text": "四、结转下年度继续办理", "colspan": 3}, "0", "0", "0", "0"]})";
  const ReadResult result =
      read_report(doc(table("7", rows, R"(, "header_rows": 3, "header_columns": 3)")), "");
  ASSERT_TRUE(result.report.has_value()) << all_messages(result);
  const auto& t = std::get<Table>(result.report->body.at(0));
  EXPECT_TRUE(t.rows[4].cells[0].header);   // (三) starts in column 1
  EXPECT_TRUE(t.rows[5].cells[0].header);   // "2. 其他" starts in column 2
  EXPECT_FALSE(t.rows[5].cells[1].header);  // its first number is in column 3
}

// --- Syntax, UTF-8, positions ---

TEST(Syntax, TrailingCommaGivesLineAndColumn) {
  const std::string text =
      "{\"metadata\": {\"title\": \"T\"},\n"
      "  \"body\": [\n"
      "    {\"type\": \"paragraph\", \"text\": \"a\",}\n"
      "  ]\n"
      "}\n";
  const ReadResult result = read_report(text, "r.json");
  ASSERT_EQ(result.diagnostics.size(), 1u) << all_messages(result);
  const Diagnostic& d = result.diagnostics[0];
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.column, 39);  // the '}' after the comma
  EXPECT_EQ(d.pointer, "");
  EXPECT_NE(d.message.find("syntax error while parsing object key"), std::string::npos)
      << d.message;
  EXPECT_EQ(d.message.find("json.exception"), std::string::npos) << d.message;
  EXPECT_EQ(format_diagnostic(d).rfind("r.json:3:39: error: syntax error", 0), 0u)
      << format_diagnostic(d);
}

TEST(Syntax, ColumnCountsCharactersNotBytes) {
  // Two Han characters (6 bytes) before the error; the missing comma is found at the '"' that
  // starts the next key, read as part of the string token "body".
  const std::string text = "{\"metadata\": {\"title\": \"报告\"} \"body\": []}";
  const ReadResult result = read_report(text, "");
  ASSERT_EQ(result.diagnostics.size(), 1u) << all_messages(result);
  EXPECT_EQ(result.diagnostics[0].line, 1);
  // {"metadata": {"title": "报告"} "body" — the token ends at character 35.
  EXPECT_EQ(result.diagnostics[0].column, 35);
}

TEST(Syntax, UnexpectedEnd) {
  const ReadResult result = read_report("{\"metadata\": ", "");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 1);
  EXPECT_EQ(result.diagnostics[0].column, 14);  // just past the last character
  EXPECT_NE(result.diagnostics[0].message.find("unexpected end of input"), std::string::npos)
      << result.diagnostics[0].message;
}

TEST(Syntax, EmptyInput) {
  const ReadResult result = read_report("", "");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 1);
  EXPECT_EQ(result.diagnostics[0].column, 1);
}

TEST(Syntax, CommentsAreNotJson) {
  const ReadResult result = read_report("// report\n{}", "");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 1);
}

TEST(Syntax, NestingIsBounded) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const ReadResult result = read_report(deep, "");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message, "arrays and objects nested deeper than " +
                                               std::to_string(limits::kMaxJsonDepth) + " levels");
  EXPECT_EQ(result.diagnostics[0].column, limits::kMaxJsonDepth + 1);
}

TEST(Syntax, NestingInsideStringsDoesNotCount) {
  const std::string brackets(1000, '[');
  const ReadResult result =
      read_report(R"({"metadata": {"title": ")" + brackets + R"("}, "body": []})", "");
  EXPECT_TRUE(result.report.has_value()) << all_messages(result);
  EXPECT_EQ(result.report->metadata.title, brackets);
}

struct Utf8Case {
  const char* name;
  std::string bytes;  // placed inside the title string, which starts at byte offset 24
  std::string reason;
};

void PrintTo(const Utf8Case& c, std::ostream* os) { *os << c.name; }

class InvalidUtf8 : public testing::TestWithParam<Utf8Case> {};

TEST_P(InvalidUtf8, GivesByteOffset) {
  const Utf8Case& c = GetParam();
  // "报" is 3 bytes: the bad sequence starts at offset 24 + 3 = 27, character column 28.
  const std::string text = "{\"metadata\": {\"title\": \"报" + c.bytes + "\"}, \"body\": []}";
  const ReadResult result = read_report(text, "u.json");
  ASSERT_EQ(result.diagnostics.size(), 1u) << all_messages(result);
  EXPECT_EQ(result.diagnostics[0].message, "invalid UTF-8 at byte offset 27: " + c.reason);
  EXPECT_EQ(result.diagnostics[0].line, 1);
  EXPECT_EQ(result.diagnostics[0].column, 26);
  EXPECT_FALSE(result.report.has_value());
}

const Utf8Case kUtf8Cases[] = {
    {"OverlongTwoBytes", "\xC0\xAF", "overlong encoding"},
    {"OverlongSlash", "\xC1\xBF", "overlong encoding"},
    {"OverlongThreeBytes", "\xE0\x80\xAF", "overlong encoding"},
    {"OverlongFourBytes", "\xF0\x80\x80\xAF", "overlong encoding"},
    {"HighSurrogate", "\xED\xA0\x80", "encoded UTF-16 surrogate (U+D800..U+DFFF)"},
    {"LowSurrogate", "\xED\xBF\xBF", "encoded UTF-16 surrogate (U+D800..U+DFFF)"},
    {"AboveMax", "\xF4\x90\x80\x80", "code point above U+10FFFF"},
    {"LeadF5", "\xF5\x80\x80\x80", "code point above U+10FFFF"},
    {"LoneContinuation", "\x80", "unexpected continuation byte"},
    {"Truncated", "\xE4\xB8", "truncated sequence"},
    {"TruncatedFourBytes", "\xF0\x9F\x98", "truncated sequence"},
    {"Latin1", "\xE9t\xE9", "truncated sequence"},
};

INSTANTIATE_TEST_SUITE_P(Bytes, InvalidUtf8, testing::ValuesIn(kUtf8Cases),
                         [](const testing::TestParamInfo<Utf8Case>& info) {
                           return std::string(info.param.name);
                         });

TEST(Utf8, AcceptsEveryPlane) {
  // U+007F, U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF.
  const std::string title =
      "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF0\x90\x80\x80"
      "\xF4\x8F\xBF\xBF";
  const ReadResult result =
      read_report("{\"metadata\": {\"title\": \"" + title + "\"}, \"body\": []}", "");
  ASSERT_TRUE(result.report.has_value()) << all_messages(result);
  EXPECT_EQ(result.report->metadata.title, title);
}

TEST(Utf8, AcceptsByteOrderMark) {
  const ReadResult result =
      read_report("\xEF\xBB\xBF{\"metadata\": {\"title\": \"T\"}, \"body\": 1}", "");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].pointer, "/body");
  EXPECT_EQ(result.diagnostics[0].column, 30);  // the key "body"; the BOM is not counted
}

TEST(Positions, PointerErrorsHaveLineAndColumn) {
  const std::string text =
      "{\n"
      "  \"metadata\": {\"title\": \"报告\"},\n"
      "  \"body\": [\n"
      "    {\"type\": \"heading\", \"text\": \"一\", \"level\": 7},\n"
      "    {\"type\": \"paragraph\"}\n"
      "  ]\n"
      "}\n";
  const ReadResult result = read_report(text, "p.json");
  ASSERT_EQ(result.diagnostics.size(), 2u) << all_messages(result);
  // The member is located at its key.
  EXPECT_EQ(result.diagnostics[0].pointer, "/body/0/level");
  EXPECT_EQ(result.diagnostics[0].line, 4);
  EXPECT_EQ(result.diagnostics[0].column, 38);
  // A missing key is located at its object.
  EXPECT_EQ(result.diagnostics[1].pointer, "/body/1");
  EXPECT_EQ(result.diagnostics[1].line, 5);
  EXPECT_EQ(result.diagnostics[1].column, 5);
  EXPECT_EQ(format_diagnostic(result.diagnostics[0]),
            "p.json:4:38: error: /body/0/level: expected an integer from 1 to 4, got 7");
}

TEST(Positions, DuplicateKeyIsLocatedAtTheSecondKey) {
  const ReadResult result =
      read_report("{\"metadata\": {\"title\": \"T\", \"title\": \"U\"}, \"body\": []}", "");
  ASSERT_EQ(result.diagnostics.size(), 1u) << all_messages(result);
  EXPECT_EQ(result.diagnostics[0].pointer, "/metadata/title");
  EXPECT_EQ(result.diagnostics[0].column, 29);
}

// --- Keep going: every error of a file ---

TEST(MultipleErrors, AllAreReportedInDocumentOrder) {
  const ReadResult result = read_report(
      R"({"metadata": {"title": "T", "date": "2024-1-2"},
          "show_title": 1,
          "body": [
            {"type": "heading", "level": 0, "text": "a"},
            {"type": "paragraph", "text": "ok"},
            {"type": "paragraph", "runs": [{"text": "b", "font": "hie", "bold": "yes"}]},
            {"type": "tabel"},
            )" +
          table("2", R"({"cells": ["a"]})") + R"(
          ]})",
      "m.json");
  EXPECT_FALSE(result.report.has_value());
  std::vector<std::string> pointers;
  for (const Diagnostic& d : result.diagnostics) pointers.push_back(d.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/metadata/date", "/show_title", "/body/0/level",
                                                "/body/2/runs/0/font", "/body/2/runs/0/bold",
                                                "/body/3/type", "/body/4/rows/0"}))
      << all_messages(result);
}

TEST(MultipleErrors, StopAfterTheLimit) {
  std::string body;
  for (int i = 0; i < 300; ++i) body += std::string(i ? ", " : "") + R"({"type": "x"})";
  const ReadResult result = read_report(doc(body), "");
  ASSERT_EQ(result.diagnostics.size(), limits::kMaxDiagnostics + 1);
  EXPECT_EQ(result.diagnostics.back().message,
            "too many errors; stopped reporting after " + std::to_string(limits::kMaxDiagnostics));
}

TEST(Limits, LongTextIsAnError) {
  const std::string long_text(limits::kMaxTextBytes + 1, 'a');
  const ReadResult result =
      read_report(doc(R"({"type": "paragraph", "text": ")" + long_text + R"("})"), "");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].pointer, "/body/0/text");
  EXPECT_NE(result.diagnostics[0].message.find("text too long"), std::string::npos);
}

TEST(Limits, HugeGridIsRejectedBeforeItIsBuilt) {
  // 200 columns × 30000 rows is over the grid-cell limit; the rows are empty, so reading them
  // is cheap, and no per-row "short" error is produced.
  std::string rows;
  for (int i = 0; i < 30000; ++i) rows += std::string(i ? ", " : "") + R"({"cells": []})";
  const ReadResult result = read_report(doc(table("200", rows)), "");
  ASSERT_EQ(result.diagnostics.size(), 1u) << all_messages(result);
  EXPECT_EQ(result.diagnostics[0].pointer, "/body/0");
  EXPECT_NE(result.diagnostics[0].message.find("table too large"), std::string::npos);
}

// --- What a valid document reads into ---

TEST(Read, BlocksAndDefaults) {
  const ReadResult result = read_report(R"J({
    "metadata": {"title": "红旗区\n年度报告", "date": "2024-02-29", "keywords": ["a", "b"]},
    "style": {"name": "report", "overrides": {"body.size": "小四"}},
    "show_title": false,
    "body": [
      {"type": "heading", "level": 2, "text": "存在的主要问题", "number": "(一)"},
      {"type": "heading", "level": 3, "text": "无号", "numbering": "none"},
      {"type": "heading", "level": 1, "text": "总体情况", "run_in": "正文"},
      {"type": "paragraph", "runs": [{"text": "粗", "bold": true, "font": "hei", "size": "三号"},
                                     {"text": "细", "bold": false}],
       "align": "center", "indent": false},
      {"type": "table", "columns": [{"width": "20mm", "align": "right"}, {}],
       "rows": [{"cells": [{"paragraphs": ["甲", {"text": "乙", "align": "left"}]},
                           {"text": "", "valign": "bottom"}]}]},
      {"type": "page_break"},
      {"type": "signature", "organisation": "红旗区城乡建设局", "date": "2024年1月20日"},
      {"type": "spacer"},
      {"type": "spacer", "height": "2.5line"}
    ]})J",
                                        "");
  ASSERT_TRUE(result.report.has_value()) << all_messages(result);
  EXPECT_TRUE(result.diagnostics.empty());
  const Report& r = *result.report;
  EXPECT_EQ(r.metadata.title, "红旗区\n年度报告");
  EXPECT_EQ(r.metadata.language, "zh-CN");
  EXPECT_EQ(r.style.name, "report");
  EXPECT_EQ(r.style.overrides.at("body.size"), "小四");
  EXPECT_FALSE(r.show_title);
  ASSERT_EQ(r.body.size(), 9u);

  const auto& h0 = std::get<Heading>(r.body[0]);
  EXPECT_EQ(h0.numbering, Numbering::kExplicit);
  EXPECT_EQ(h0.number, "(一)");
  EXPECT_EQ(std::get<Heading>(r.body[1]).numbering, Numbering::kNone);
  const auto& h2 = std::get<Heading>(r.body[2]);
  EXPECT_EQ(h2.numbering, Numbering::kAuto);
  ASSERT_TRUE(h2.run_in_body.has_value());
  EXPECT_EQ(plain_text(h2.run_in_body->runs), "正文");

  const auto& p = std::get<Paragraph>(r.body[3]);
  ASSERT_EQ(p.runs.size(), 2u);
  EXPECT_EQ(p.runs[0].bold, true);
  EXPECT_EQ(p.runs[0].font, FontRole::kHei);
  EXPECT_EQ(p.runs[0].size, "三号");
  EXPECT_EQ(p.runs[1].bold, false);
  EXPECT_FALSE(p.runs[1].italic.has_value());
  EXPECT_EQ(p.align, HAlign::kCenter);
  EXPECT_EQ(p.first_line_indent, false);

  const auto& t = std::get<Table>(r.body[4]);
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_EQ(t.columns[0].width, "20mm");
  EXPECT_EQ(t.columns[0].align, HAlign::kRight);
  EXPECT_EQ(t.columns[1].width, "");
  const TableCell& c0 = t.rows[0].cells[0];
  ASSERT_EQ(c0.paragraphs.size(), 2u);
  EXPECT_EQ(c0.paragraphs[1].align, HAlign::kLeft);
  const TableCell& c1 = t.rows[0].cells[1];
  ASSERT_EQ(c1.paragraphs.size(), 1u);
  ASSERT_EQ(c1.paragraphs[0].runs.size(), 1u);
  EXPECT_EQ(c1.valign, VAlign::kBottom);

  EXPECT_TRUE(std::holds_alternative<PageBreak>(r.body[5]));
  EXPECT_EQ(std::get<Signature>(r.body[6]).date, "2024年1月20日");
  EXPECT_EQ(std::get<Spacer>(r.body[7]).height, "1line");
  EXPECT_EQ(std::get<Spacer>(r.body[8]).height, "2.5line");
}

TEST(Read, ColumnsAsCountAndEmptyCell) {
  const ReadResult result =
      read_report(doc(table("2", R"({"cells": [{"colspan": 2}]}, {"cells": ["", "b"]})")), "");
  ASSERT_TRUE(result.report.has_value()) << all_messages(result);
  const auto& t = std::get<Table>(result.report->body[0]);
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_TRUE(t.rows[0].cells[0].paragraphs.empty());   // an object with no text: empty cell
  EXPECT_EQ(t.rows[1].cells[0].paragraphs.size(), 1u);  // "": one paragraph, one empty run
}

TEST(Read, StyleAsString) {
  const ReadResult result =
      read_report(R"({"metadata": {"title": "T"}, "style": "report", "body": []})", "");
  ASSERT_TRUE(result.report.has_value());
  EXPECT_EQ(result.report->style.name, "report");
  EXPECT_TRUE(result.report->style.overrides.empty());
}

}  // namespace
}  // namespace paiban::json
