// The pipeline: model → styles → layout → page model → PDF; model + styles (+ the table column
// widths that layout computed) → DOCX.
#include "pipeline.h"

#include <filesystem>

#include "docx/docx_writer.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "pdf/pdf_writer.h"
#include "styles/style.h"

namespace paiban::detail {

namespace {

// Layout units (1/64 pt) → twips (1/20 pt), rounded so that the sum of a table's columns stays
// the table's width in twips.
std::vector<int> to_twips(const std::vector<layout::LU>& widths) {
  std::vector<int> out;
  int64_t acc_lu = 0;
  int acc_tw = 0;
  for (layout::LU w : widths) {
    acc_lu += w;
    const int edge = static_cast<int>((acc_lu * 20 + 32) / 64);
    out.push_back(edge - acc_tw);
    acc_tw = edge;
  }
  return out;
}

// Issue #15: a report names style files only inside its own folder or an allowed root; a style
// given by the caller (`options.style`) may lie anywhere, its bases beside it or in a root.
styles::StyleFileAccess style_file_access(const RenderOptions& options) {
  styles::StyleFileAccess access;
  for (const std::string& root : options.roots) access.roots.emplace_back(root);
  if (options.style.empty()) {
    access.base_dir = options.report_dir;
    access.roots.emplace_back(options.report_dir.empty() ? "." : options.report_dir);
  } else if (!access.roots.empty()) {
    const std::filesystem::path style(options.style);
    access.roots.push_back(style.has_parent_path() ? style.parent_path() : ".");
  }
  return access;
}

}  // namespace

RenderResult render(const Report& report, const RenderOptions& options) {
  RenderResult result;
  const std::string style_name = options.style.empty() ? report.style.name : options.style;
  styles::Style style = styles::resolve_style(style_name, report.style.overrides,
                                              result.diagnostics, style_file_access(options));
  if (!result.ok()) return result;

  layout::PageModel model =
      layout::layout_document(report, style, fonts::FontRegistry::instance(), result.diagnostics);
  if (!result.ok()) return result;

  for (OutputFormat format : options.formats) {
    if (format == OutputFormat::kPdf && result.pdf.empty()) {
      pdf::PdfOptions pdf_options;
      pdf_options.source_date_epoch = options.source_date_epoch;
      result.pdf = pdf::write_pdf(model, pdf_options, result.diagnostics);
    } else if (format == OutputFormat::kDocx && result.docx.empty()) {
      docx::DocxOptions docx_options;
      docx_options.source_date_epoch = options.source_date_epoch;
      for (const layout::TableGeometry& t : model.tables) {
        docx_options.table_column_widths_twips.push_back(to_twips(t.column_widths));
        docx_options.table_font_scales.push_back(t.font_scale);
        docx_options.table_row_keep_next.push_back(t.keep_with_next);
      }
      result.docx = docx::write_docx(report, style, docx_options, result.diagnostics);
    }
  }
  if (!result.ok()) {
    result.pdf.clear();
    result.docx.clear();
  }
  return result;
}

std::string describe_fonts(const std::string& style_name, std::vector<Diagnostic>& diagnostics) {
  styles::Style style = styles::resolve_style(style_name.empty() ? "gbt9704" : style_name, {},
                                              diagnostics);
  std::string out;
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
