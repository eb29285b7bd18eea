// A 公文 through the public API: the reader's errors at their JSON Pointers, the warnings of
// `check_report` (GB/T 9704 §7.2.5, §7.3.5.4, §7.4.3), and seal images read only under the
// input-file rules (inside the report's folder or a root, regular files only).
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "paiban/paiban.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;

const Diagnostic* find(const std::vector<Diagnostic>& diagnostics, const std::string& pointer,
                       const std::string& text) {
  for (const Diagnostic& d : diagnostics) {
    if (d.pointer == pointer && d.message.find(text) != std::string::npos) return &d;
  }
  return nullptr;
}

std::string all(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += d.pointer + ": " + d.message + "\n";
  return out;
}

Report read(const std::string& gongwen) {
  const std::string json = R"({"metadata": {"title": "关于做好年度工作的通知"}, "gongwen": )" +
                           gongwen + R"(, "body": [{"type": "paragraph", "text": "正文。"}]})";
  ReadResult r = read_report_json(json, "test.json");
  EXPECT_TRUE(r.report.has_value()) << all(r.diagnostics);
  return r.report.value_or(Report{});
}

TEST(GongwenReader, ErrorsNameTheirPointers) {
  const std::string json = R"({"metadata": {"title": "t"}, "body": [], "gongwen": {
      "kind": "memo", "copy_number": "12", "secrecy_period": "1年", "authority": ["x"],
      "signatures": [{"seal": {"image": "", "diameter": 40}}],
      "attachments": [{"body": []}]}})";
  const ReadResult r = read_report_json(json, "bad.json");
  EXPECT_FALSE(r.report.has_value());
  const std::vector<Diagnostic>& d = r.diagnostics;
  EXPECT_TRUE(find(d, "/gongwen/kind", "expected one of notice, request")) << all(d);
  EXPECT_TRUE(find(d, "/gongwen/copy_number", "six Arabic digits")) << all(d);
  EXPECT_TRUE(find(d, "/gongwen/secrecy_period", "密级")) << all(d);
  const Diagnostic* typo = find(d, "/gongwen/authority", "unknown key");
  ASSERT_TRUE(typo) << all(d);
  EXPECT_NE(typo->hint.find("authorities"), std::string::npos) << typo->hint;
  EXPECT_TRUE(find(d, "/gongwen/signatures/0", "missing required key \"name\"")) << all(d);
  EXPECT_TRUE(find(d, "/gongwen/signatures/0/seal/image", "non-empty")) << all(d);
  EXPECT_TRUE(find(d, "/gongwen/signatures/0/seal/diameter", "expected")) << all(d);
  EXPECT_TRUE(find(d, "/gongwen/attachments/0", "missing required key \"title\"")) << all(d);
  for (const Diagnostic& x : d) EXPECT_GT(x.line, 0) << x.pointer << " has a line";
}

TEST(GongwenReader, WritesBackWhatItRead) {
  const Report report = read(R"({"kind": "request", "authorities": ["甲局", "乙局"],
      "doc_number": "甲发〔2024〕3号", "signers": ["张三"], "date": "2024年3月5日",
      "signatures": [{"name": "甲局", "seal": {"image": "a.png", "diameter": "40mm"}}],
      "attachments": [{"title": "附表", "body": [{"type": "paragraph", "text": "x"}]}],
      "minutes": {"present": "甲"}, "record": {"printer": "甲局办公室"}})");
  ASSERT_TRUE(report.gongwen);
  const ReadResult again = read_report_json(write_report_json(report), "again.json");
  ASSERT_TRUE(again.report && again.report->gongwen) << all(again.diagnostics);
  const Gongwen& g = *again.report->gongwen;
  EXPECT_EQ(g.kind, GongwenKind::kRequest);
  EXPECT_EQ(g.authorities, (std::vector<std::string>{"甲局", "乙局"}));
  ASSERT_EQ(g.signatures.size(), 1u);
  ASSERT_TRUE(g.signatures[0].seal);
  EXPECT_EQ(g.signatures[0].seal->diameter, "40mm");
  ASSERT_EQ(g.attachments.size(), 1u);
  EXPECT_EQ(g.attachments[0].body.size(), 1u);
  EXPECT_EQ(g.present, "甲");
  ASSERT_TRUE(g.record);
  EXPECT_EQ(g.record->printer, "甲局办公室");
}

TEST(GongwenCheck, WarnsOnFormWithPointers) {
  const Report bad = read(R"({"kind": "notice", "authorities": ["某局"],
      "date": "2023年05月06日", "record": {"copies_to": "某办"}})");
  std::vector<Diagnostic> d = check_report(bad, RenderOptions{});
  EXPECT_TRUE(find(d, "/gongwen", "no 发文字号")) << all(d);
  EXPECT_TRUE(find(d, "/gongwen/date", "2023年5月6日")) << all(d);
  EXPECT_TRUE(find(d, "/gongwen/record", "印发机关")) << all(d);
  for (const Diagnostic& x : d) EXPECT_EQ(x.severity, Severity::kWarning) << x.message;

  for (const char* number : {"某发[2023]1号", "某发（2023）1号", "某发(2023)1号"}) {
    const Report r = read(std::string(R"({"kind": "notice", "authorities": ["某局"],
        "doc_number": ")") +
                          number + R"(", "date": "2023年5月6日"})");
    d = check_report(r, RenderOptions{});
    EXPECT_TRUE(find(d, "/gongwen/doc_number", "〔〕")) << number << "\n" << all(d);
  }

  // The control: a document in the standard's form draws none of these warnings.
  const Report good = read(R"({"kind": "notice", "authorities": ["某局"],
      "doc_number": "某发〔2023〕1号", "date": "2023年5月6日",
      "record": {"printer": "某局办公室", "print_date": "2023年5月6日"}})");
  d = check_report(good, RenderOptions{});
  for (const Diagnostic& x : d) {
    EXPECT_EQ(x.pointer.rfind("/gongwen", 0), std::string::npos) << x.pointer << ": " << x.message;
  }
}

class GongwenSealFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("paiban-seal-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "report");
    fs::copy_file(fs::path(PAIBAN_SOURCE_DIR) / "samples/gongwen-notice/seal.png",
                  dir_ / "outside.png", fs::copy_options::overwrite_existing);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<Diagnostic> check_with_seal(const std::string& image) {
    const Report r = read(R"({"kind": "notice", "authorities": ["某局"],
        "doc_number": "某发〔2023〕1号", "date": "2023年5月6日",
        "signatures": [{"name": "某局", "seal": {"image": ")" +
                          image + R"("}}]})");
    RenderOptions options;
    options.report_dir = (dir_ / "report").string();
    return check_report(r, options);
  }

  fs::path dir_;
};

TEST_F(GongwenSealFiles, OnlyInsideTheReportsFolderAndOnlyRegularFiles) {
  const char* where = "/gongwen/signatures/0/seal/image";
  std::vector<Diagnostic> d = check_with_seal("../outside.png");
  EXPECT_TRUE(find(d, where, "not allowed: it lies outside")) << all(d);
  d = check_with_seal("/dev/zero");
  EXPECT_TRUE(find(d, where, "not allowed")) << all(d);
  d = check_with_seal("missing.png");
  EXPECT_TRUE(find(d, where, "cannot read the seal image")) << all(d);
  ASSERT_EQ(::mkfifo((dir_ / "report" / "fifo.png").c_str(), 0600), 0);
  d = check_with_seal("fifo.png");  // refused without blocking on the FIFO
  EXPECT_TRUE(find(d, where, "cannot read the seal image")) << all(d);

  // The control: the same image beside the report is read, and a root allows the other one.
  fs::copy_file(dir_ / "outside.png", dir_ / "report" / "seal.png");
  d = check_with_seal("seal.png");
  EXPECT_FALSE(find(d, where, "")) << all(d);
  const Report r = read(R"({"kind": "notice", "authorities": ["某局"],
      "doc_number": "某发〔2023〕1号", "date": "2023年5月6日",
      "signatures": [{"name": "某局", "seal": {"image": "../outside.png"}}]})");
  RenderOptions options;
  options.report_dir = (dir_ / "report").string();
  options.roots.push_back(dir_.string());
  d = check_report(r, options);
  EXPECT_FALSE(find(d, where, "")) << all(d);
}

}  // namespace
}  // namespace paiban
