// Every limit of paiban_limits.h that the reader enforces: a report at the limit is read, one
// past it is refused with the place (JSON Pointer, line and column) of the value that went over.
#include <gtest/gtest.h>

#include <string>

#include "json_io.h"
#include "paiban_limits.h"

namespace paiban::json {
namespace {

std::string doc(const std::string& body) {
  return R"({"metadata": {"title": "T"}, "body": [)" + body + "]}";
}

std::string repeat(const std::string& item, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + item;
  return out;
}

std::string messages(const ReadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) out += format_diagnostic(d) + "\n";
  return out;
}

// The first error of `r` (the earliest in the text) must name `pointer` and a position.
void expect_refused_at(const ReadResult& r, const std::string& pointer) {
  EXPECT_FALSE(r.report.has_value());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].pointer, pointer) << messages(r);
  EXPECT_GT(r.diagnostics[0].line, 0);
  EXPECT_GT(r.diagnostics[0].column, 0);
}

TEST(LimitsAtAndPast, JsonDepth) {
  // The document itself is 1 level; a key inside the metadata adds the rest. Unknown keys are
  // errors, so look only for the depth error.
  const auto nested = [](int levels) {
    return R"({"metadata": {"title": "T"}, "body": [], "x": )" + std::string(levels - 1, '[') +
           std::string(levels - 1, ']') + "}";
  };
  const ReadResult at = read_report(nested(limits::kMaxJsonDepth), "r.json");
  EXPECT_EQ(messages(at).find("nested deeper"), std::string::npos) << messages(at);
  const ReadResult past = read_report(nested(limits::kMaxJsonDepth + 1), "r.json");
  ASSERT_EQ(past.diagnostics.size(), 1u);
  EXPECT_NE(past.diagnostics[0].message.find("nested deeper"), std::string::npos);
  EXPECT_EQ(past.diagnostics[0].line, 1);
  EXPECT_GT(past.diagnostics[0].column, limits::kMaxJsonDepth);
}

TEST(LimitsAtAndPast, StringLength) {
  const auto para = [](std::size_t n) {
    return doc(R"({"type": "paragraph", "text": ")" + std::string(n, 'a') + R"("})");
  };
  EXPECT_TRUE(read_report(para(limits::kMaxTextBytes), "").report.has_value());
  expect_refused_at(read_report(para(limits::kMaxTextBytes + 1), ""), "/body/0/text");
}

TEST(LimitsAtAndPast, ParagraphRuns) {
  const auto para = [](std::size_t n) {
    return doc(R"({"type": "paragraph", "runs": [)" + repeat(R"({"text": "字"})", n) + "]}");
  };
  EXPECT_TRUE(read_report(para(limits::kMaxRuns), "").report.has_value());
  expect_refused_at(read_report(para(limits::kMaxRuns + 1), ""), "/body/0/runs");
}

TEST(LimitsAtAndPast, Blocks) {
  const auto body = [](std::size_t n) { return doc(repeat(R"({"type": "page_break"})", n)); };
  EXPECT_TRUE(read_report(body(limits::kMaxBlocks), "").report.has_value());
  expect_refused_at(read_report(body(limits::kMaxBlocks + 1), ""), "/body");
}

TEST(LimitsAtAndPast, ColumnsAndCellsInARow) {
  const auto wide = [](int columns) {
    const std::string n = std::to_string(columns);
    return doc(R"({"type": "table", "columns": )" + n + R"(, "rows": [{"cells": [)" +
               repeat(R"("1")", static_cast<std::size_t>(columns)) + "]}]}");
  };
  EXPECT_TRUE(read_report(wide(limits::kMaxTableColumns), "").report.has_value());
  expect_refused_at(read_report(wide(limits::kMaxTableColumns + 1), ""), "/body/0/columns");
}

TEST(LimitsAtAndPast, Spans) {
  const int max = limits::kMaxTableColumns;
  // A colspan as wide as the widest table is read; a rowspan past kMaxSpan is refused where it
  // is written, before any grid is built.
  const std::string at = doc(R"({"type": "table", "columns": )" + std::to_string(max) +
                             R"(, "rows": [{"cells": [{"text": "a", "colspan": )" +
                             std::to_string(max) + "}]}]}");
  EXPECT_TRUE(read_report(at, "").report.has_value()) << messages(read_report(at, ""));
  const std::string past = doc(std::string(R"({"type": "table", "columns": 1, "rows": [{"cells": [)") +
                               R"({"text": "a", "rowspan": )" +
                               std::to_string(static_cast<long long>(limits::kMaxSpan) + 1) +
                               "}]}]}");
  const ReadResult r = read_report(past, "");
  EXPECT_FALSE(r.report.has_value());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].pointer, "/body/0/rows/0/cells/0/rowspan") << messages(r);
  EXPECT_GT(r.diagnostics[0].line, 0);
}

TEST(LimitsAtAndPast, ParagraphLength) {
  // Runs of kMaxTextBytes each (the most one string may hold) up to exactly kMaxParagraphBytes are
  // read; one byte more in a further run is refused at that run's text.
  static_assert(limits::kMaxParagraphBytes % limits::kMaxTextBytes == 0);
  const std::size_t full_runs = limits::kMaxParagraphBytes / limits::kMaxTextBytes;
  const std::string run = R"({"text": ")" + std::string(limits::kMaxTextBytes, 'a') + R"("})";
  const auto para = [&](const std::string& extra) {
    return doc(R"({"type": "paragraph", "runs": [)" + repeat(run, full_runs) + extra + "]}");
  };
  const ReadResult at = read_report(para(""), "");
  ASSERT_TRUE(at.report.has_value()) << messages(at);
  expect_refused_at(read_report(para(R"(, {"text": "b"})"), ""),
                    "/body/0/runs/" + std::to_string(full_runs) + "/text");
}

TEST(LimitsAtAndPast, TableRows) {
  const auto table = [&](std::size_t rows) {
    return doc(R"({"type": "table", "columns": 1, "rows": [)" + repeat(R"({"cells": ["a"]})", rows) +
               "]}");
  };
  EXPECT_TRUE(read_report(table(limits::kMaxTableRows), "").report.has_value());
  expect_refused_at(read_report(table(limits::kMaxTableRows + 1), ""), "/body/0/rows");
}

TEST(LimitsAtAndPast, TableGridCells) {
  // The widest table, with as many rows as the grid-cell limit allows: each row one cell spanning
  // every column. One row more is refused at the table, before its occupancy grid is built.
  const int columns = limits::kMaxTableColumns;
  const std::size_t rows = static_cast<std::size_t>(limits::kMaxTableGridCells / columns);
  const auto table = [&](std::size_t n) {
    return doc(R"({"type": "table", "columns": )" + std::to_string(columns) + R"(, "rows": [)" +
               repeat(R"({"cells": [{"text": "", "colspan": )" + std::to_string(columns) + "}]}", n) +
               "]}");
  };
  const ReadResult at = read_report(table(rows), "");
  EXPECT_TRUE(at.report.has_value()) << messages(at).substr(0, 500);
  const ReadResult past = read_report(table(rows + 1), "");
  expect_refused_at(past, "/body/0");
  EXPECT_NE(past.diagnostics[0].message.find("grid cells"), std::string::npos) << messages(past);
}

TEST(LimitsAtAndPast, RowspanAtTheLimit) {
  // A rowspan of kMaxSpan (= kMaxTableRows) covering a whole table of that many rows is read.
  const std::size_t rows = static_cast<std::size_t>(limits::kMaxSpan);
  const std::string table =
      doc(R"({"type": "table", "columns": 2, "rows": [{"cells": [{"text": "a", "rowspan": )" +
          std::to_string(limits::kMaxSpan) + R"(}, "b"]}, )" +
          repeat(R"({"cells": ["c"]})", rows - 1) + "]}");
  const ReadResult r = read_report(table, "");
  EXPECT_TRUE(r.report.has_value()) << messages(r).substr(0, 500);
}

TEST(LimitsAtAndPast, InputSize) {
  // Padding with spaces: at the limit the reader parses, past it refuses before parsing.
  std::string text = doc("");
  text += std::string(limits::kMaxInputBytes - text.size(), ' ');
  EXPECT_TRUE(read_report(text, "").report.has_value());
  text += ' ';
  const ReadResult r = read_report(text, "big.json");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].source, "big.json");
  EXPECT_NE(r.diagnostics[0].message.find("too large"), std::string::npos);
}

TEST(Messages, NumberOverflowHasAPlaceAndAShortQuote) {
  const std::string digits(100000, '9');
  const ReadResult r =
      read_report("{\"metadata\": {\"title\": \"T\"},\n  \"body\": [" + digits + "e9]}", "r.json");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 2);
  EXPECT_EQ(r.diagnostics[0].column, 12);
  EXPECT_LT(r.diagnostics[0].message.size(), 120u) << r.diagnostics[0].message.substr(0, 200);
  EXPECT_NE(r.diagnostics[0].message.find("out of range"), std::string::npos);
  const ReadResult small = read_report(R"({"a": 1e400})", "");
  ASSERT_EQ(small.diagnostics.size(), 1u);
  EXPECT_EQ(small.diagnostics[0].column, 7);
  EXPECT_NE(small.diagnostics[0].message.find("'1e400'"), std::string::npos);
}

TEST(Messages, ControlAndBidiCharactersAreEscaped) {
  Diagnostic d;
  d.source = "a\x1b[31m.json";
  d.pointer = "/x\xc2\x9b" "2J";
  d.message = std::string("nul \0 rlo \xe2\x80\xae bad \xff", 19);
  const std::string line = format_diagnostic(d);
  EXPECT_EQ(line, "a\\u001b[31m.json: error: /x\\u009b2J: nul \\u0000 rlo \\u202e bad \\xff");
}

}  // namespace
}  // namespace paiban::json
