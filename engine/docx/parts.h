// The parts of the DOCX package, one function per part; each returns the part's XML bytes.
// Internal to the DOCX writer.
#pragma once

#include <string>
#include <vector>

#include "docx/docx_writer.h"
#include "paiban/diagnostics.h"
#include "paiban/model.h"
#include "resolve/resolved.h"
#include "styles/style.h"

namespace paiban::docx::detail {

// Which optional parts the package has.
struct PackagePlan {
  bool footers = false;   // page numbers: word/footer1.xml (odd pages, or every page)
  bool even_odd = false;  // kOuter: word/footer2.xml for even pages and w:evenAndOddHeaders
  // The letter format (GB/T 9704-2012 §10.1): page 1 has no number and carries the lower red
  // double rule 20 mm above the paper's foot, in a first-page footer (word/footer3.xml,
  // w:titlePg). Its section's footer distance is the rule's height above the paper's foot; the
  // page-number footers are lifted by `footer_lift_twips` so the numbers stay where they were.
  bool letter_first_footer = false;
  int footer_lift_twips = 0;
  // A 公文's 版记 page, and a blank page before it, carry no number (GB/T 9704-2012 §7.5): they
  // get a section of their own whose footers (word/footer4.xml) hold none, which begins where the
  // PDF's 版记 page begins (`record_pages`, from the layout's flow facts).
  bool plain_footer = false;
  resolve::GongwenPages record_pages;
  // Pictures (a 公文's seals), each stored once however often it is placed: word/media/imageN
  // with relationship id "rIdImgN" (N from 1, in first-use order).
  struct Image {
    std::string bytes;
    std::string extension;      // "png" or "jpeg"
    int width = 1, height = 1;  // pixels (the aspect ratio of the placed picture)
  };
  std::vector<Image> images;
  // The index in `images` of the image with these bytes; -1 when it is not there.
  int image_index(const std::string& bytes) const {
    for (size_t i = 0; i < images.size(); ++i) {
      if (images[i].bytes == bytes) return static_cast<int>(i);
    }
    return -1;
  }
};
PackagePlan plan_package(const styles::Style& style);
// Plans the letter format's first-page footer when `doc` is a 公文 in the letter format.
void plan_letter(const resolve::ResolvedDocument& doc, PackagePlan& plan);
// The footer distance (twips, paper foot to the footer's foot) of the letter's sections: the
// lower double rule's foot, 20 mm above the paper's (§10.1), or the style's distance if lower.
int letter_footer_distance(const styles::Style& style);
// Adds the seal images of a 公文 to the plan (PNG or JPEG by their signature; others are left out).
// `decoded` (may be null): images decoded already, matched by their bytes (DocxOptions).
void plan_images(const resolve::ResolvedDocument& doc, PackagePlan& plan,
                 const std::vector<page::ImageResource>* decoded = nullptr);
// Plans the unnumbered 版记 section of a 公文 from the PDF's pagination (`flow`, may be null:
// then the DOCX keeps the numbers, as Word would without the facts).
void plan_record_pages(const resolve::ResolvedDocument& doc, const resolve::FlowFacts* flow,
                       PackagePlan& plan);

// Relationship ids of word/_rels/document.xml.rels that document.xml refers to.
inline constexpr char kFooterDefaultRelId[] = "rId4";
inline constexpr char kFooterEvenRelId[] = "rId5";
inline constexpr char kFooterFirstRelId[] = "rId6";
inline constexpr char kFooterPlainRelId[] = "rId7";

// The package's creation/modification time as W3CDTF ("2024-01-20T00:00:00Z"): Metadata::date
// when it is a valid ISO date, else `source_date_epoch` (0 = 2000-01-01T00:00:00Z).
std::string package_date_time(const Metadata& metadata, long long source_date_epoch,
                              std::vector<Diagnostic>& diagnostics);

// Package parts (package_parts.cc).
std::string content_types_part(const PackagePlan& plan);
std::string package_rels_part();
std::string document_rels_part(const PackagePlan& plan);
std::string core_properties_part(const Metadata& metadata, const std::string& date_time);
std::string app_properties_part(const Metadata& metadata);

// Word parts other than the body (style_parts.cc).
std::string styles_part(const styles::Style& style, const Metadata& metadata);
std::string settings_part(const styles::Style& style, const PackagePlan& plan);
std::string font_table_part(const styles::Style& style);
std::string footer_part(const styles::Style& style, bool even_page, int lift_twips = 0);
// The letter's first-page footer: no number, the lower red double rule (thin above, thick below),
// 170 mm long and centred on the paper, its foot 20 mm above the paper's (§10.1).
std::string letter_first_footer_part(const styles::Style& style);
// A footer without a number (the 版记 section's, §7.5): one empty paragraph of the Footer style.
std::string plain_footer_part();

// word/document.xml (document_part.cc).
std::string document_part(const resolve::ResolvedDocument& doc,
                          const std::vector<resolve::TableSize>& tables, const PackagePlan& plan,
                          const resolve::FlowFacts* flow, std::vector<Diagnostic>& diagnostics);

}  // namespace paiban::docx::detail
