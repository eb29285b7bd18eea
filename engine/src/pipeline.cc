#include "pipeline.h"

namespace paiban::detail {

RenderResult render(const Report& report, const RenderOptions& options) {
  (void)report;
  RenderResult result;
  for (OutputFormat format : options.formats) {
    Diagnostic d;
    d.message = std::string("the ") + (format == OutputFormat::kPdf ? "PDF" : "DOCX") +
                " writer is not part of this build yet";
    result.diagnostics.push_back(d);
  }
  return result;
}

}  // namespace paiban::detail
