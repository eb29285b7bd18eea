// Reads a tiny report through the installed public API and checks the result.
#include <iostream>

#include "paiban/paiban.h"

int main() {
  const char* json = R"({"metadata": {"title": "测试"}, "body": [{"type": "paragraph", "text": "正文"}]})";
  paiban::ReadResult r = paiban::read_report_json(json, "inline");
  if (!r.report || r.report->body.size() != 1) {
    for (const auto& d : r.diagnostics) std::cerr << paiban::format_diagnostic(d) << '\n';
    return 1;
  }
  std::cout << "paiban " << paiban::version() << " ok\n";
  return 0;
}
