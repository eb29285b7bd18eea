// schemas/report.schema.json against the reader: every sample and every valid test report
// satisfies both; every invalid one is rejected by both. Validation runs in Python's jsonschema
// (Debian python3-jsonschema), the validator editors and CI scripts use too.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "json_io.h"

namespace paiban::json {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = PAIBAN_SOURCE_DIR;

// Prints "OK <file>" or "INVALID <file>: <pointer>: <message>" per file; exit status 3 when the
// jsonschema module is missing.
constexpr const char* kValidator = R"PY(
import json, sys
try:
    import jsonschema
except ImportError:
    sys.exit(3)
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
for name in sys.argv[2:]:
    errors = list(validator.iter_errors(json.load(open(name, encoding="utf-8"))))
    if not errors:
        print("OK", name)
    for e in errors:
        print("INVALID", name + ":", "/" + "/".join(map(str, e.absolute_path)) + ":", e.message)
)PY";

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Validation {
  int status = -1;
  std::string output;
};

Validation validate(const std::vector<fs::path>& files) {
  std::string command = "/usr/bin/python3 -c " + shell_quote(kValidator) + " " +
                        shell_quote((kSource / "schemas" / "report.schema.json").string());
  for (const fs::path& f : files) command += " " + shell_quote(f.string());
  command += " 2>&1";
  Validation v;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return v;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) v.output.append(buffer, n);
  const int status = pclose(pipe);
  v.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return v;
}

bool python_ready(std::string& why) {
  if (!fs::exists("/usr/bin/python3")) {
    why = "/usr/bin/python3 is missing";
    return false;
  }
  if (validate({}).status == 3) {
    why = "the Python module jsonschema is missing (Debian package python3-jsonschema)";
    return false;
  }
  return true;
}

std::vector<fs::path> json_files(const fs::path& dir, bool recursive) {
  std::vector<fs::path> files;
  if (!fs::exists(dir)) return files;
  auto add = [&](const fs::directory_entry& e) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  };
  if (recursive) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) add(e);
  } else {
    for (const auto& e : fs::directory_iterator(dir)) add(e);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ReportSchema, SamplesAndValidReportsSatisfySchemaAndReader) {
  std::string why;
  if (!python_ready(why)) GTEST_SKIP() << why;
  std::vector<fs::path> files = json_files(kSource / "samples", true);
  const std::vector<fs::path> valid =
      json_files(kSource / "tests" / "model" / "data" / "valid", false);
  files.insert(files.end(), valid.begin(), valid.end());
  ASSERT_FALSE(valid.empty()) << "tests/model/data/valid/*.json is missing";

  const Validation v = validate(files);
  EXPECT_EQ(v.status, 0) << v.output;
  int ok = 0;
  for (const fs::path& f : files) {
    const bool passed = v.output.find("OK " + f.string() + "\n") != std::string::npos;
    EXPECT_TRUE(passed) << f << " fails the schema:\n" << v.output;
    ok += passed;
    const ReadResult result = read_report(read_file(f), f.string());
    EXPECT_TRUE(result.report.has_value()) << f << " fails the reader";
    for (const Diagnostic& d : result.diagnostics) ADD_FAILURE() << format_diagnostic(d);
  }
  EXPECT_GT(ok, 0) << "no file was validated";
}

// The schema is as strict as the reader: each invalid report breaks one rule the schema can
// express, and both reject it.
TEST(ReportSchema, InvalidReportsFailSchemaAndReader) {
  std::string why;
  if (!python_ready(why)) GTEST_SKIP() << why;
  const std::vector<fs::path> invalid =
      json_files(kSource / "tests" / "model" / "data" / "invalid", false);
  ASSERT_GE(invalid.size(), 10u);
  const Validation v = validate(invalid);
  for (const fs::path& f : invalid) {
    EXPECT_NE(v.output.find("INVALID " + f.string() + ":"), std::string::npos)
        << f << " passes the schema:\n"
        << v.output;
    EXPECT_FALSE(read_report(read_file(f), f.string()).report.has_value())
        << f << " passes the reader";
  }
}

}  // namespace
}  // namespace paiban::json
