// The DOCX writer's entry point: builds every part, then the package, in a fixed order.
#include "docx/docx_writer.h"

#include <exception>
#include <new>

#include "docx/parts.h"
#include "docx/zip_package.h"

namespace paiban::docx {

namespace {

void report_failure(std::vector<Diagnostic>& diagnostics, const std::string& message) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.message = "cannot write the DOCX: " + message;
  diagnostics.push_back(d);
}

}  // namespace

std::string write_docx(const resolve::ResolvedDocument& doc,
                       const std::vector<resolve::TableSize>& tables, const DocxOptions& options,
                       std::vector<Diagnostic>& diagnostics) {
  const styles::Style& style = doc.style;
  const Metadata& metadata = doc.metadata;
  // Third-party failures (libzip codes, pugixml allocation failures, std::bad_alloc) end here as
  // one error diagnostic; nothing is thrown across the API.
  try {
    detail::PackagePlan plan = detail::plan_package(style);
    detail::plan_images(doc, plan, options.decoded_images);
    detail::plan_letter(doc, plan);
    detail::plan_record_pages(doc, options.flow, plan);
    const std::string date_time =
        detail::package_date_time(metadata, options.source_date_epoch, diagnostics);
    // The entry order is fixed ([Content_Types].xml first, as Word writes it), so the archive is
    // the same bytes for the same input.
    std::vector<ZipEntry> entries;
    entries.push_back({"[Content_Types].xml", detail::content_types_part(plan)});
    entries.push_back({"_rels/.rels", detail::package_rels_part()});
    entries.push_back(
        {"word/document.xml", detail::document_part(doc, tables, plan, options.flow, diagnostics)});
    entries.push_back({"word/_rels/document.xml.rels", detail::document_rels_part(plan)});
    entries.push_back({"word/styles.xml", detail::styles_part(style, metadata)});
    entries.push_back({"word/settings.xml", detail::settings_part(style, plan)});
    entries.push_back({"word/fontTable.xml", detail::font_table_part(style)});
    const int lift = plan.footer_lift_twips;
    if (plan.footers) {
      entries.push_back({"word/footer1.xml", detail::footer_part(style, false, lift)});
    }
    if (plan.even_odd) {
      entries.push_back({"word/footer2.xml", detail::footer_part(style, true, lift)});
    }
    if (plan.letter_first_footer) {
      entries.push_back({"word/footer3.xml", detail::letter_first_footer_part(style)});
    }
    if (plan.plain_footer) entries.push_back({"word/footer4.xml", detail::plain_footer_part()});
    for (size_t i = 0; i < plan.images.size(); ++i) {
      entries.push_back(
          {"word/media/image" + std::to_string(i + 1) + "." + plan.images[i].extension,
           plan.images[i].bytes, /*stored=*/true});
    }
    entries.push_back(
        {"docProps/core.xml", detail::core_properties_part(metadata, date_time)});
    entries.push_back({"docProps/app.xml", detail::app_properties_part(metadata)});
    std::string error;
    std::string bytes = build_zip(entries, error);
    if (bytes.empty()) {
      report_failure(diagnostics, error.empty() ? "the archive is empty" : error);
      return {};
    }
    return bytes;
  } catch (const std::bad_alloc&) {
    report_failure(diagnostics, "out of memory");
  } catch (const std::exception& e) {
    report_failure(diagnostics, e.what());
  } catch (...) {
    report_failure(diagnostics, "unknown failure");
  }
  return {};
}

}  // namespace paiban::docx
