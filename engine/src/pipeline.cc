// The pipeline: report + style → resolve → table sizing → layout → page model → PDF, and
// resolved document + table sizes → DOCX. Each arrow is one call below.
#include "pipeline.h"

#include "docx/docx_writer.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "layout/table_sizing.h"
#include "pdf/pdf_writer.h"
#include "resolve/resolved.h"
#include "styles/style.h"

namespace paiban::detail {

RenderResult render(const Report& report, const RenderOptions& options) {
  RenderResult result;
  // resolve: report + style sheet → the resolved document both writers read.
  const std::string style_name = options.style.empty() ? report.style.name : options.style;
  styles::Style style =
      styles::resolve_style(style_name, report.style.overrides, result.diagnostics);
  if (!result.ok()) return result;
  const resolve::ResolvedDocument doc =
      resolve::resolve_document(report, std::move(style), result.diagnostics);
  if (!result.ok()) return result;

  // table sizing: every table sized once, keyed by its block; the DOCX needs nothing more.
  layout::FontContext fonts(fonts::FontRegistry::instance(), doc.style);
  const layout::SizedTables tables = layout::size_tables(doc, fonts, result.diagnostics);
  if (!result.ok()) return result;

  for (OutputFormat format : options.formats) {
    if (format == OutputFormat::kPdf && result.pdf.empty()) {
      // layout → page model → PDF.
      const layout::PageModel model =
          layout::layout_document(doc, tables, fonts, result.diagnostics);
      if (!result.ok()) break;
      pdf::PdfOptions pdf_options;
      pdf_options.source_date_epoch = options.source_date_epoch;
      result.pdf = pdf::write_pdf(model, pdf_options, result.diagnostics);
    } else if (format == OutputFormat::kDocx && result.docx.empty()) {
      docx::DocxOptions docx_options;
      docx_options.source_date_epoch = options.source_date_epoch;
      result.docx = docx::write_docx(doc, tables.sizes, docx_options, result.diagnostics);
    }
  }
  if (!result.ok()) {
    result.pdf.clear();
    result.docx.clear();
  }
  return result;
}

std::string describe_fonts(const std::string& style_name) {
  std::vector<Diagnostic> diagnostics;
  styles::Style style = styles::resolve_style(style_name.empty() ? "gbt9704" : style_name, {},
                                              diagnostics);
  std::string out;
  for (const Diagnostic& d : diagnostics) out += format_diagnostic(d) + '\n';
  static const std::pair<FontRole, const char*> kRoles[] = {
      {FontRole::kSong, "song (宋体)"}, {FontRole::kFang, "fang (仿宋)"},
      {FontRole::kHei, "hei (黑体)"},   {FontRole::kKai, "kai (楷体)"},
      {FontRole::kTitle, "title (小标宋)"}};
  fonts::FontRegistry& registry = fonts::FontRegistry::instance();
  for (const auto& [role, label] : kRoles) {
    auto it = style.fonts.find(role);
    std::vector<std::string> families;
    if (it != style.fonts.end()) families = it->second.families;
    fonts::FaceChain chain = registry.resolve(families, false);
    out += label;
    out += ": ";
    if (chain.faces.empty()) {
      out += "no installed font of the chain";
    } else {
      const fonts::Face* f = chain.faces.front();
      out += f->family() + " — " + f->path() + " (face " + std::to_string(f->index()) + ")";
    }
    out += "\n    chain:";
    for (const std::string& fam : families) out += " " + fam + ";";
    out += '\n';
  }
  return out;
}

}  // namespace paiban::detail
