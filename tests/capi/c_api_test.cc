// The C API (paiban/paiban_c.h) and the C++ Engine: the seed rendered in memory is byte-identical
// to the CLI's files; bad input comes back as diagnostics with a JSON Pointer and a line; every
// misuse is a status plus a message, never a crash; check and import do what the CLI does.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "paiban/paiban.h"
#include "paiban/paiban_c.h"
#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;
using paiban::test_support::run_command;

const fs::path kSource = PAIBAN_SOURCE_DIR;
const fs::path kSeed = kSource / "samples/hongqi-2023/report.json";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The bytes an accessor returns (the size is read after the call that sets it).
template <typename Accessor>
std::string bytes(Accessor accessor, const paiban_result* result) {
  size_t size = 0;
  const unsigned char* data = accessor(result, &size);
  return data == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

// Owns an engine and a result for the length of a test.
struct Engine {
  explicit Engine(const paiban_engine_options* options = nullptr) {
    status = paiban_engine_new(options, &engine);
  }
  ~Engine() { paiban_engine_free(engine); }
  paiban_engine* engine = nullptr;
  paiban_status status;
};
struct Result {
  ~Result() { paiban_result_free(result); }
  paiban_result* result = nullptr;
  nlohmann::json diagnostics() const {
    return nlohmann::json::parse(paiban_result_diagnostics_json(result));
  }
};

class CApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { engine_ = new Engine; }
  static void TearDownTestSuite() { delete engine_; }
  static Engine* engine_;
};
Engine* CApiTest::engine_ = nullptr;

TEST_F(CApiTest, VersionIsTheLibrarys) {
  EXPECT_STREQ(paiban_version(), paiban::version());
  EXPECT_TRUE(std::string(paiban_version()).find('.') != std::string::npos);
}

// The acceptance test of issue 14: the same bytes as `paiban render` writes.
TEST_F(CApiTest, SeedRendersToTheClisBytes) {
  ASSERT_EQ(engine_->status, PAIBAN_OK) << paiban_last_error();
  const fs::path dir = fs::temp_directory_path() / ("paiban-capi-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const auto cli = run_command("env -u SOURCE_DATE_EPOCH " + std::string(PAIBAN_CLI) + " render " +
                               kSeed.string() + " -o " + (dir / "a.pdf").string() + " -o " +
                               (dir / "a.docx").string());
  ASSERT_EQ(cli.code, 0) << cli.output;

  const std::string json = read_file(kSeed);
  const std::string report_dir = kSeed.parent_path().string();
  paiban_render_options options;
  paiban_render_options_init(&options);
  options.formats = PAIBAN_FORMAT_PDF | PAIBAN_FORMAT_DOCX;
  options.source_name = "report.json";
  options.report_dir = report_dir.c_str();
  Result r;
  ASSERT_EQ(paiban_render(engine_->engine, json.data(), json.size(), &options, &r.result),
            PAIBAN_OK)
      << paiban_result_message(r.result);
  EXPECT_EQ(paiban_result_status(r.result), PAIBAN_OK);
  EXPECT_STREQ(paiban_result_message(r.result), "");
  const std::string pdf = bytes(paiban_result_pdf, r.result);
  const std::string docx = bytes(paiban_result_docx, r.result);
  EXPECT_EQ(pdf.compare(0, 5, "%PDF-"), 0);
  EXPECT_EQ(docx.compare(0, 2, "PK"), 0);
  EXPECT_TRUE(pdf == read_file(dir / "a.pdf")) << "the PDF differs from the CLI's";
  EXPECT_TRUE(docx == read_file(dir / "a.docx")) << "the DOCX differs from the CLI's";
  EXPECT_EQ(paiban_result_json(r.result, nullptr), nullptr);

  // PDF only: no DOCX in the result.
  options.formats = PAIBAN_FORMAT_PDF;
  Result pdf_only;
  ASSERT_EQ(paiban_render(engine_->engine, json.data(), json.size(), &options, &pdf_only.result),
            PAIBAN_OK);
  EXPECT_TRUE(bytes(paiban_result_pdf, pdf_only.result) == pdf);
  size_t docx_size = 1;
  EXPECT_EQ(paiban_result_docx(pdf_only.result, &docx_size), nullptr);
  EXPECT_EQ(docx_size, 0u);
  fs::remove_all(dir);
}

TEST_F(CApiTest, BadValueGivesADiagnosticWithPointerAndLine) {
  const std::string json =
      "{\"metadata\": {\"title\": \"t\"},\n  \"body\": [\n    {\"type\": \"paragraph\", \"text\": "
      "5}\n  ]\n}\n";
  paiban_render_options options;
  paiban_render_options_init(&options);
  options.source_name = "bad.json";
  Result r;
  EXPECT_EQ(paiban_render(engine_->engine, json.data(), json.size(), &options, &r.result),
            PAIBAN_INVALID_INPUT);
  EXPECT_EQ(paiban_result_status(r.result), PAIBAN_INVALID_INPUT);
  const nlohmann::json d = r.diagnostics();
  ASSERT_TRUE(d.is_array());
  ASSERT_GE(d.size(), 1u);
  EXPECT_EQ(paiban_result_diagnostic_count(r.result), d.size());
  EXPECT_EQ(d[0]["severity"], "error");
  EXPECT_EQ(d[0]["file"], "bad.json");
  EXPECT_EQ(d[0]["pointer"], "/body/0/text");
  EXPECT_EQ(d[0]["line"], 3);
  EXPECT_GT(d[0]["column"].get<int>(), 0);
  EXPECT_FALSE(d[0]["message"].get<std::string>().empty());
  EXPECT_TRUE(d[0].contains("hint"));
  // The message is the first error, formatted as the CLI prints it, and also the thread's last.
  const std::string message = paiban_result_message(r.result);
  EXPECT_NE(message.find("bad.json:3:"), std::string::npos) << message;
  EXPECT_NE(message.find("/body/0/text"), std::string::npos) << message;
  EXPECT_EQ(message, paiban_last_error());
  size_t size = 1;
  EXPECT_EQ(paiban_result_pdf(r.result, &size), nullptr);
  EXPECT_EQ(size, 0u);
}

TEST_F(CApiTest, SyntaxErrorNamesLineAndColumn) {
  const std::string json = "{\"body\": [\n  {\"type\": \"paragraph\",, }\n]}";
  Result r;
  EXPECT_EQ(paiban_render(engine_->engine, json.data(), json.size(), nullptr, &r.result),
            PAIBAN_INVALID_INPUT);
  const nlohmann::json d = r.diagnostics();
  ASSERT_GE(d.size(), 1u);
  EXPECT_EQ(d[0]["line"], 2);
  EXPECT_GT(d[0]["column"].get<int>(), 1);
}

TEST_F(CApiTest, UnknownStyleIsAnErrorOfTheStyle) {
  const std::string json = R"({"metadata": {"title": "t"}, "style": "no-such-style", "body": []})";
  Result r;
  EXPECT_EQ(paiban_render(engine_->engine, json.data(), json.size(), nullptr, &r.result),
            PAIBAN_INVALID_INPUT);
  EXPECT_NE(std::string(paiban_result_message(r.result)).find("no-such-style"), std::string::npos)
      << paiban_result_message(r.result);
}

TEST_F(CApiTest, MisuseIsAStatusAndAMessage) {
  const std::string json = read_file(kSeed);
  Result no_engine;
  EXPECT_EQ(paiban_render(nullptr, json.data(), json.size(), nullptr, &no_engine.result),
            PAIBAN_INVALID_ARGUMENT);
  ASSERT_NE(no_engine.result, nullptr);
  EXPECT_EQ(paiban_result_status(no_engine.result), PAIBAN_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paiban_result_message(no_engine.result)).find("NULL"), std::string::npos);
  EXPECT_STREQ(paiban_last_error(), paiban_result_message(no_engine.result));

  paiban_render_options options;
  paiban_render_options_init(&options);
  options.formats = 4;
  Result bad_format;
  EXPECT_EQ(paiban_render(engine_->engine, json.data(), json.size(), &options, &bad_format.result),
            PAIBAN_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paiban_last_error()).find("formats"), std::string::npos);

  paiban_render_options unset{};  // struct_size 0: not initialised
  Result bad_struct;
  EXPECT_EQ(paiban_render(engine_->engine, json.data(), json.size(), &unset, &bad_struct.result),
            PAIBAN_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paiban_last_error()).find("paiban_render_options_init"), std::string::npos);

  // No result pointer: the status alone, still no crash.
  EXPECT_EQ(paiban_render(engine_->engine, nullptr, 3, nullptr, nullptr), PAIBAN_INVALID_ARGUMENT);
  EXPECT_EQ(paiban_engine_new(nullptr, nullptr), PAIBAN_INVALID_ARGUMENT);
  // The accessors accept NULL.
  EXPECT_EQ(paiban_result_status(nullptr), PAIBAN_INVALID_ARGUMENT);
  EXPECT_STREQ(paiban_result_message(nullptr), "");
  EXPECT_STREQ(paiban_result_diagnostics_json(nullptr), "[]");
  EXPECT_EQ(paiban_result_diagnostic_count(nullptr), 0u);
  paiban_result_free(nullptr);
  paiban_engine_free(nullptr);
}

TEST_F(CApiTest, UnreadableFontFolderFailsTheEngine) {
  const char* dirs[] = {"/nonexistent-paiban-fonts"};
  paiban_engine_options options;
  paiban_engine_options_init(&options);
  options.font_dirs = dirs;
  options.font_dir_count = 1;
  Engine e(&options);
  EXPECT_EQ(e.status, PAIBAN_IO_ERROR);
  EXPECT_EQ(e.engine, nullptr);
  EXPECT_NE(std::string(paiban_last_error()).find("nonexistent-paiban-fonts"), std::string::npos)
      << paiban_last_error();

  paiban_engine_options negative;
  paiban_engine_options_init(&negative);
  negative.source_date_epoch = -1;
  Engine n(&negative);
  EXPECT_EQ(n.status, PAIBAN_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paiban_last_error()).find("source_date_epoch"), std::string::npos);
}

// The engine's defaults reach every render: a source date changes the documents' date, a
// default style that does not exist is reported.
TEST_F(CApiTest, EngineDefaultsApply) {
  const std::string json =
      R"({"metadata": {"title": "t"}, "body": [{"type": "paragraph", "text": "正文"}]})";
  paiban_engine_options options;
  paiban_engine_options_init(&options);
  options.default_style = "no-such-default";
  Engine styled(&options);
  ASSERT_EQ(styled.status, PAIBAN_OK);
  Result r;
  EXPECT_EQ(paiban_render(styled.engine, json.data(), json.size(), nullptr, &r.result),
            PAIBAN_INVALID_INPUT);
  EXPECT_NE(std::string(paiban_result_message(r.result)).find("no-such-default"),
            std::string::npos);

  paiban_engine_options dated;
  paiban_engine_options_init(&dated);
  dated.source_date_epoch = 1700000000;  // 2023-11-14
  Engine later(&dated);
  ASSERT_EQ(later.status, PAIBAN_OK);
  Result a, b;
  ASSERT_EQ(paiban_render(engine_->engine, json.data(), json.size(), nullptr, &a.result),
            PAIBAN_OK);
  ASSERT_EQ(paiban_render(later.engine, json.data(), json.size(), nullptr, &b.result), PAIBAN_OK);
  const std::string pdf_a = bytes(paiban_result_pdf, a.result);
  const std::string pdf_b = bytes(paiban_result_pdf, b.result);
  EXPECT_NE(pdf_a.find("D:2000"), std::string::npos);
  EXPECT_NE(pdf_b.find("D:2023"), std::string::npos);
}

TEST_F(CApiTest, CheckRunsWhatTheCliChecks) {
  const std::string seed = read_file(kSeed);
  Result ok;
  EXPECT_EQ(paiban_check(engine_->engine, seed.data(), seed.size(), nullptr, &ok.result), PAIBAN_OK)
      << paiban_result_message(ok.result);

  // A rowspan past the table's last row: resolve rejects it, check finds it without rendering.
  const std::string bad =
      R"({"metadata": {"title": "t"}, "body": [{"type": "table", "columns": 2, "rows": [
      {"cells": [{"text": "a", "rowspan": 3}, {"text": "b"}]}, {"cells": [{"text": "c"}]}]}]})";
  paiban_check_options options;
  paiban_check_options_init(&options);
  options.source_name = "t.json";
  Result r;
  EXPECT_EQ(paiban_check(engine_->engine, bad.data(), bad.size(), &options, &r.result),
            PAIBAN_INVALID_INPUT);
  const nlohmann::json d = r.diagnostics();
  ASSERT_GE(d.size(), 1u);
  EXPECT_EQ(d[0]["file"], "t.json");
  EXPECT_EQ(d[0]["pointer"].get<std::string>().rfind("/body/0", 0), 0u) << d.dump();

  // The previous year must be a report.
  options.previous_year_json = "{";
  options.previous_year_json_size = 1;
  Result prev;
  EXPECT_EQ(paiban_check(engine_->engine, seed.data(), seed.size(), &options, &prev.result),
            PAIBAN_INVALID_INPUT);
  EXPECT_EQ(prev.diagnostics()[0]["file"], "previous-year");
}

TEST_F(CApiTest, ImportTextGivesAReport) {
  const std::string text = read_file(kSource / "tests/import/data/hongqi-2023-seed.txt");
  ASSERT_FALSE(text.empty());
  Result r;
  ASSERT_EQ(paiban_import_text(text.data(), text.size(), "seed.txt", &r.result), PAIBAN_OK)
      << paiban_result_message(r.result);
  size_t size = 0;
  const char* json = paiban_result_json(r.result, &size);
  ASSERT_NE(json, nullptr);
  EXPECT_EQ(std::string(json).size(), size);
  const nlohmann::json report = nlohmann::json::parse(std::string(json, size));
  EXPECT_EQ(report["metadata"]["title"], "红旗区城乡建设局2023年政府信息公开工作年度报告");
  int tables = 0;
  for (const auto& block : report["body"]) tables += block["type"] == "table";
  EXPECT_EQ(tables, 3);
  // The imported JSON renders.
  Result rendered;
  EXPECT_EQ(paiban_render(engine_->engine, json, size, nullptr, &rendered.result), PAIBAN_OK)
      << paiban_result_message(rendered.result);
}

// C++: an Engine owns its fonts; the free functions use the process's; both give the same bytes.
TEST(EngineTest, EngineRendersWhatTheFreeFunctionRenders) {
  paiban::ReadResult read = paiban::read_report_json(read_file(kSeed), "report.json");
  ASSERT_TRUE(read.report);
  paiban::RenderOptions options;
  options.formats = {paiban::OutputFormat::kPdf, paiban::OutputFormat::kDocx};
  const paiban::Engine engine;
  EXPECT_TRUE(engine.ok());
  const paiban::RenderResult a = engine.render(*read.report, options);
  const paiban::RenderResult b = engine.render(*read.report, options);  // fonts reused
  const paiban::RenderResult c = paiban::render(*read.report, options);
  ASSERT_TRUE(a.ok());
  EXPECT_GT(a.pdf.size(), 1000u);
  EXPECT_TRUE(a.pdf == b.pdf && a.pdf == c.pdf);
  EXPECT_TRUE(a.docx == b.docx && a.docx == c.docx);
  EXPECT_FALSE(paiban::has_errors(engine.check_report(*read.report, options)));
  std::vector<paiban::Diagnostic> diagnostics;
  EXPECT_NE(engine.describe_fonts("gbt9704", diagnostics).find("fang (仿宋)"), std::string::npos);
  EXPECT_TRUE(diagnostics.empty());

  paiban::Engine moved = paiban::Engine(paiban::EngineOptions{});
  EXPECT_TRUE(moved.ok());
}

TEST(EngineTest, UnreadableFontFolderMakesAnUnusableEngine) {
  const paiban::Engine engine(paiban::EngineOptions{{"/nonexistent-paiban-fonts"}, true});
  EXPECT_FALSE(engine.ok());
  ASSERT_EQ(engine.diagnostics().size(), 1u);
  EXPECT_NE(engine.diagnostics()[0].message.find("nonexistent-paiban-fonts"), std::string::npos);
  paiban::Report report;
  const paiban::RenderResult r = engine.render(report, paiban::RenderOptions{});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.pdf.empty());
  EXPECT_FALSE(engine.dump_stage(report, paiban::RenderOptions{}, "pages").ok());
}

}  // namespace
