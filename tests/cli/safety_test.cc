// End-to-end tests of issue #15 (reliability): outputs never clobber a device, an input or a
// half-written set; a report cannot make paiban read files outside its folder or hang; inputs are
// bounded; messages name their place and escape control characters; SOURCE_DATE_EPOCH is strict.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;
using paiban::test_support::CommandResult;
using paiban::test_support::run_command;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

const char* kReport =
    "{\"metadata\": {\"title\": \"测试\"}, \"body\": [{\"type\": \"paragraph\", \"text\": "
    "\"本年度共受理申请 12 件。\"}]}";

class SafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("paiban-safety-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    report_ = dir_ / "r.json";
    write_file(report_, kReport);
  }
  void TearDown() override {
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir_);
  }
  CommandResult paiban(const std::string& args) {
    return run_command("timeout 60 " + std::string(PAIBAN_CLI) + " " + args);
  }
  // Files in the folder, temp files included: a failed run must leave none behind.
  size_t file_count() const {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_)) n += e.path().filename() != "" ? 1 : 0;
    return n;
  }
  fs::path dir_;
  fs::path report_;
};

TEST_F(SafetyTest, FifoSocketAndFolderOutputsAreRefused) {
  const fs::path fifo = dir_ / "fifo.pdf";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  CommandResult r = paiban("render " + q(report_) + " -o " + q(fifo));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("not allowed"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_fifo(fifo));

  const fs::path sock = dir_ / "s.docx";
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock.c_str());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  r = paiban("render " + q(report_) + " -o " + q(sock));
  close(fd);
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(fs::is_socket(sock));

  fs::create_directory(dir_ / "folder.pdf");
  r = paiban("render " + q(report_) + " -o " + q(dir_ / "folder.pdf"));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(fs::is_directory(dir_ / "folder.pdf"));

  // import has no extension rule: /dev/null itself is refused, and stays a device.
  write_file(dir_ / "a.txt", "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n");
  r = paiban("import " + q(dir_ / "a.txt") + " -o /dev/null");
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST_F(SafetyTest, AnOutputThatIsAnInputIsRefused) {
  const std::string before = read_file(report_);
  fs::create_symlink(report_, dir_ / "link.pdf");
  CommandResult r = paiban("render " + q(report_) + " -o " + q(dir_ / "link.pdf"));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("input"), std::string::npos) << r.output;
  fs::create_hard_link(report_, dir_ / "hard.docx");
  r = paiban("render " + q(report_) + " -o " + q(dir_ / "hard.docx"));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_EQ(read_file(report_), before);

  write_file(dir_ / "a.txt", "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n");
  const std::string text = read_file(dir_ / "a.txt");
  r = paiban("import " + q(dir_ / "a.txt") + " -o " + q(dir_ / "a.txt"));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_EQ(read_file(dir_ / "a.txt"), text);
}

TEST_F(SafetyTest, ALinkToARegularFileHasItsTargetReplaced) {
  write_file(dir_ / "real.pdf", "old");
  fs::create_symlink("real.pdf", dir_ / "out.pdf");
  CommandResult r = paiban("render " + q(report_) + " -o " + q(dir_ / "out.pdf"));
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(fs::is_symlink(dir_ / "out.pdf"));
  EXPECT_EQ(read_file(dir_ / "real.pdf").substr(0, 5), "%PDF-");
}

TEST_F(SafetyTest, OutputsAreAllOrNothing) {
  write_file(dir_ / "good.pdf", "precious");
  const size_t before = file_count();
  CommandResult r = paiban("render " + q(report_) + " -o " + q(dir_ / "good.pdf") + " -o " +
                           q(dir_ / "missing" / "x.docx"));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("does not exist"), std::string::npos) << r.output;
  EXPECT_EQ(read_file(dir_ / "good.pdf"), "precious");
  EXPECT_EQ(file_count(), before);
}

TEST_F(SafetyTest, AFullDiskLeavesOutputsUntouched) {
  // A file size limit makes write() fail (EFBIG) like a full disk; SIGXFSZ is ignored so that the
  // failure reaches paiban as an error, as ENOSPC would.
  write_file(dir_ / "a.pdf", "precious");
  write_file(dir_ / "b.docx", "precious too");
  const size_t before = file_count();
  CommandResult r = run_command("trap '' XFSZ; ulimit -f 8; " + std::string(PAIBAN_CLI) +
                                " render " + q(report_) + " -o " + q(dir_ / "a.pdf") + " -o " +
                                q(dir_ / "b.docx"));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("cannot write"), std::string::npos) << r.output;
  EXPECT_EQ(read_file(dir_ / "a.pdf"), "precious");
  EXPECT_EQ(read_file(dir_ / "b.docx"), "precious too");
  EXPECT_EQ(file_count(), before);
}

TEST_F(SafetyTest, AReadOnlyFolderIsAnIoError) {
  if (geteuid() == 0) {
    GTEST_SKIP() << "root writes into read-only folders; the full-disk test covers the path";
  }
  fs::create_directory(dir_ / "ro");
  fs::permissions(dir_ / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  CommandResult r = paiban("render " + q(report_) + " -o " + q(dir_ / "ro" / "x.pdf"));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "ro" / "x.pdf"));
}

TEST_F(SafetyTest, InputsMustBeBoundedRegularFiles) {
  CommandResult r = paiban("check " + q(dir_));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("folder"), std::string::npos) << r.output;
  r = paiban("check /dev/zero");
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("not allowed"), std::string::npos) << r.output;
  ASSERT_EQ(mkfifo((dir_ / "in.json").c_str(), 0644), 0);
  r = paiban("check " + q(dir_ / "in.json"));  // no writer: must not wait
  EXPECT_EQ(r.code, 3) << r.output;
  // Standard input stops at the limit instead of reading everything.
  r = run_command("head -c 100000000 /dev/zero | " + std::string(PAIBAN_CLI) + " check -");
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("too large"), std::string::npos) << r.output;
}

TEST_F(SafetyTest, AReportOverTheLimitIsExitThreeFromAFileAndFromStandardInput) {
  // README exit-code table: too large is an I/O error (3), whichever way the report comes in.
  // A sparse file: its size is past kMaxInputBytes (64 MiB) without writing 64 MiB.
  const fs::path big = dir_ / "big.json";
  write_file(big, "{");
  fs::resize_file(big, (std::uintmax_t{64} << 20) + 1);
  CommandResult file = paiban("check " + q(big));
  EXPECT_EQ(file.code, 3) << file.output;
  EXPECT_NE(file.output.find("big.json: too large"), std::string::npos) << file.output;
  CommandResult in = run_command(std::string(PAIBAN_CLI) + " check - < " + q(big));
  EXPECT_EQ(in.code, 3) << in.output;
  EXPECT_NE(in.output.find("<stdin>: too large"), std::string::npos) << in.output;
}

// Lines of 1023 letters and a line break: 16384 of them are exactly kMaxImportBytes (16 MiB).
// A blank line between every two makes them paragraphs of their own, cheap to import.
std::string import_text_of(std::size_t bytes) {
  std::string text = "某局2023年政府信息公开工作年度报告\n\n";
  const std::string line = std::string(1023, 'a') + "\n";
  while (text.size() + 2 * line.size() <= bytes) text += line + "\n";
  text += std::string(bytes - text.size(), 'b');
  return text;
}

TEST_F(SafetyTest, AnImportStopsAtTheLimitNamingTheLine) {
  constexpr std::size_t kLimit = std::size_t{16} << 20;  // limits::kMaxImportBytes
  // At the limit: imported (the JSON it becomes is read back by check).
  write_file(dir_ / "at.txt", import_text_of(kLimit));
  ASSERT_EQ(fs::file_size(dir_ / "at.txt"), kLimit);
  CommandResult at = paiban("import " + q(dir_ / "at.txt") + " -o " + q(dir_ / "at.json"));
  EXPECT_EQ(at.code, 0) << at.output.substr(0, 400);
  CommandResult check = paiban("check " + q(dir_ / "at.json"));
  EXPECT_EQ(check.code, 0) << check.output.substr(0, 400);

  // One byte more, a line break: the byte past the limit starts the next line. The line is
  // counted from the file (title, blank line, then two lines per 1024 bytes).
  std::string past = import_text_of(kLimit);
  past.back() = '\n';
  past += "c";
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(past.begin(), past.begin() + kLimit, '\n'));
  write_file(dir_ / "past.txt", past);
  CommandResult file = paiban("import " + q(dir_ / "past.txt") + " -o " + q(dir_ / "past.json"));
  EXPECT_EQ(file.code, 3) << file.output;
  EXPECT_NE(file.output.find("past.txt:" + std::to_string(line) + ": too large"),
            std::string::npos)
      << file.output << " (line " << line << ")";
  EXPECT_FALSE(fs::exists(dir_ / "past.json"));
  // The same exit code and line from standard input, where the size is not known in advance.
  CommandResult in = run_command("(" + std::string(PAIBAN_CLI) + " import - < " +
                                 q(dir_ / "past.txt") + " > /dev/null)");
  EXPECT_EQ(in.code, 3) << in.output;
  EXPECT_NE(in.output.find("<stdin>:" + std::to_string(line) + ": too large"), std::string::npos)
      << in.output;
}

TEST_F(SafetyTest, StyleFilesAreReadOnlyBesideTheReport) {
  const auto with_style = [&](const std::string& style_json) {
    write_file(dir_ / "s.json", "{\"metadata\": {\"title\": \"t\"}, \"style\": " + style_json +
                                    ", \"body\": []}");
    return paiban("render " + q(dir_ / "s.json") + " -o " + q(dir_ / "s.pdf"));
  };
  CommandResult passwd = with_style("\"/etc/passwd\"");
  EXPECT_EQ(passwd.code, 1) << passwd.output;
  EXPECT_NE(passwd.output.find("not allowed"), std::string::npos) << passwd.output;
  EXPECT_EQ(passwd.output.find("root:"), std::string::npos) << passwd.output;
  // The same words whether or not the file exists: the answer tells nothing about the system.
  CommandResult missing = with_style("\"/etc/no-such-file-here.json\"");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.output.find("outside the folders"), std::string::npos) << missing.output;
  EXPECT_NE(passwd.output.find("outside the folders"), std::string::npos) << passwd.output;
  CommandResult nul = with_style("\"/etc/passwd\\u0000.json\"");
  EXPECT_EQ(nul.code, 1) << nul.output;
  EXPECT_NE(nul.output.find("control character"), std::string::npos) << nul.output;
  CommandResult up = with_style("\"../x.json\"");
  EXPECT_EQ(up.code, 1) << up.output;
  EXPECT_NE(up.output.find("not allowed"), std::string::npos) << up.output;

  // A FIFO beside the report is refused without blocking.
  ASSERT_EQ(mkfifo((dir_ / "fifo.json").c_str(), 0644), 0);
  CommandResult fifo = with_style("\"fifo.json\"");
  EXPECT_EQ(fifo.code, 1) << fifo.output;
  EXPECT_NE(fifo.output.find("not a regular file"), std::string::npos) << fifo.output;

  // A sheet beside the report resolves relative to the report's folder, whatever the current one.
  fs::create_directory(dir_ / "styles");
  write_file(dir_ / "styles" / "house.json", "{\"extends\": \"gbt9704\"}");
  write_file(dir_ / "s.json",
             "{\"metadata\": {\"title\": \"t\"}, \"style\": \"styles/house.json\", \"body\": []}");
  CommandResult ok = run_command("cd / && " + std::string(PAIBAN_CLI) + " render " +
                                 q(dir_ / "s.json") + " -o " + q(dir_ / "s.pdf"));
  EXPECT_EQ(ok.code, 0) << ok.output;

  // Another folder is allowed with --root.
  const fs::path other = dir_.string() + "-other";
  fs::create_directories(other);
  write_file(other / "shared.json", "{\"extends\": \"report\"}");
  write_file(dir_ / "s.json", "{\"metadata\": {\"title\": \"t\"}, \"style\": \"" +
                                  (other / "shared.json").string() + "\", \"body\": []}");
  CommandResult refused = paiban("render " + q(dir_ / "s.json") + " -o " + q(dir_ / "s.pdf"));
  EXPECT_EQ(refused.code, 1) << refused.output;
  CommandResult rooted = paiban("render " + q(dir_ / "s.json") + " -o " + q(dir_ / "s.pdf") +
                                " --root " + q(other));
  EXPECT_EQ(rooted.code, 0) << rooted.output;
  fs::remove_all(other);
}

TEST_F(SafetyTest, MessagesNameTheirPlaceAndEscapeControlCharacters) {
  write_file(dir_ / "n.json", "{\"metadata\": {\"title\": \"t\"},\n \"body\": [], \"x\": " +
                                  std::string(100000, '9') + "e400}");
  CommandResult r = paiban("check " + q(dir_ / "n.json"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("n.json:2:"), std::string::npos) << r.output.substr(0, 300);
  EXPECT_LT(r.output.size(), 400u) << "the number is echoed whole";

  write_file(dir_ / "k.json",
             "{\"metadata\": {\"title\": \"t\"}, \"body\": [], \"\\u001b[2J\\u009b\\u202e\": 1}");
  r = paiban("check " + q(dir_ / "k.json"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("\\u001b[2J\\u009b\\u202e"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.output.find("\xc2\x9b"), std::string::npos);
  EXPECT_EQ(r.output.find("\xe2\x80\xae"), std::string::npos);
}

TEST_F(SafetyTest, FontsReportsABadStyleOnStandardErrorWithExitOne) {
  CommandResult out =
      run_command("(" + std::string(PAIBAN_CLI) + " fonts --style /dev/zero 2>/dev/null)");
  EXPECT_EQ(out.code, 1);
  EXPECT_EQ(out.output, "");
  // The message names the file: the option's value, or the sheet with the problem.
  CommandResult zero = paiban("fonts --style /dev/zero");
  EXPECT_EQ(zero.code, 1);
  EXPECT_NE(zero.output.find("--style /dev/zero: error: style file \"/dev/zero\" not allowed"),
            std::string::npos)
      << zero.output;
  write_file(dir_ / "bad.json", "{\"extends\": \"gbt9704\",\n \"page\": }");
  CommandResult bad = paiban("fonts --style " + q(dir_ / "bad.json"));
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.output.find("bad.json:2:"), std::string::npos) << bad.output;
}

TEST_F(SafetyTest, SourceDateEpochIsStrictAndSharedByPdfAndDocx) {
  const std::string render = std::string(PAIBAN_CLI) + " render " + q(report_) + " -o " +
                             q(dir_ / "a.pdf") + " -o " + q(dir_ / "a.docx");
  for (const char* bad : {"abc", "-1", "12x", "", "99999999999999"}) {
    CommandResult r = run_command("SOURCE_DATE_EPOCH='" + std::string(bad) + "' " + render);
    EXPECT_EQ(r.code, 2) << bad << ": " << r.output;
    EXPECT_NE(r.output.find("SOURCE_DATE_EPOCH"), std::string::npos) << r.output;
  }
  CommandResult r = run_command("SOURCE_DATE_EPOCH=1700000000 " + render);
  ASSERT_EQ(r.code, 0) << r.output;
  // 1700000000 = 2023-11-14T22:13:20Z, in both documents.
  CommandResult info = run_command("pdfinfo -isodates " + q(dir_ / "a.pdf"));
  EXPECT_NE(info.output.find("2023-11-14T22:13:20"), std::string::npos) << info.output;
  CommandResult core = run_command("unzip -p " + q(dir_ / "a.docx") + " docProps/core.xml");
  EXPECT_NE(core.output.find("2023-11-14T22:13:20Z"), std::string::npos) << core.output;
}

}  // namespace
