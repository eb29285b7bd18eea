// Reads a tiny report through the installed public API and renders it with an Engine of its own
// (fonts loaded once, reused by both renders); checks the results.
#include <iostream>

#include "paiban/paiban.h"

int main() {
  const char* json = R"({"metadata": {"title": "测试"}, "body": [{"type": "paragraph", "text": "正文"}]})";
  paiban::ReadResult r = paiban::read_report_json(json, "inline");
  if (!r.report || r.report->body.size() != 1) {
    for (const auto& d : r.diagnostics) std::cerr << paiban::format_diagnostic(d) << '\n';
    return 1;
  }
  const paiban::Engine engine;
  paiban::RenderOptions options;
  options.formats = {paiban::OutputFormat::kPdf, paiban::OutputFormat::kDocx};
  const paiban::RenderResult first = engine.render(*r.report, options);
  const paiban::RenderResult again = engine.render(*r.report, options);
  for (const auto& d : first.diagnostics) std::cerr << paiban::format_diagnostic(d) << '\n';
  if (!first.ok() || first.pdf.rfind("%PDF-", 0) != 0 || first.docx.rfind("PK", 0) != 0 ||
      first.pdf != again.pdf || first.docx != again.docx) {
    std::cerr << "rendering through paiban::Engine failed\n";
    return 1;
  }
  std::cout << "paiban " << paiban::version() << " ok\n";
  return 0;
}
