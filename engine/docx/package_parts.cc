// OPC package parts: [Content_Types].xml, the relationships, docProps/core.xml and app.xml
// (ECMA-376 Part 2 and Part 1 §15.2.12.3 / §22.2).
#include <algorithm>
#include <variant>

#include "document_date.h"
#include "docx/ooxml.h"
#include "docx/parts.h"
#include "page/image.h"
#include "resolve/resolved.h"

namespace paiban::docx::detail {

namespace {

constexpr char kWordMl[] = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
constexpr char kRelBase[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

void add_override(pugi::xml_node types, const char* part, const std::string& type) {
  pugi::xml_node o = types.append_child("Override");
  o.append_attribute("PartName") = part;
  o.append_attribute("ContentType") = type.c_str();
}

void add_relationship(pugi::xml_node rels, const char* id, const std::string& type,
                      const char* target) {
  pugi::xml_node r = rels.append_child("Relationship");
  r.append_attribute("Id") = id;
  r.append_attribute("Type") = type.c_str();
  r.append_attribute("Target") = target;
}

// Metadata text on one line: the title's forced line breaks are dropped (a Chinese title reads
// on without a space).
std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != '\n' && c != '\r') out += c;
  }
  return xml_text(out);
}

}  // namespace

void plan_images(const resolve::ResolvedDocument& doc, PackagePlan& plan,
                 const std::vector<page::ImageResource>* decoded) {
  for (const resolve::ResolvedBlock& block : doc.blocks) {
    const auto* s = std::get_if<resolve::ResolvedSealedSignature>(&block);
    if (s == nullptr) continue;
    for (const resolve::ResolvedSeal& seal : s->seals) {
      if (seal.image.empty() || plan.image_index(seal.image) >= 0) continue;
      // The pixel size gives the picture's aspect ratio; the page model's decoder reads it, once:
      // an image the page model holds already is not decoded again.
      const page::ImageResource* image = nullptr;
      for (size_t i = 0; decoded != nullptr && i < decoded->size() && image == nullptr; ++i) {
        if ((*decoded)[i].source == seal.image) image = &(*decoded)[i];
      }
      std::variant<page::ImageResource, std::string> decoded_here;
      if (image == nullptr) {
        decoded_here = page::decode_image(seal.image);
        image = std::get_if<page::ImageResource>(&decoded_here);
      }
      if (image == nullptr) continue;
      PackagePlan::Image out;
      out.bytes = seal.image;
      out.extension = image->format == page::ImageResource::Format::kPng ? "png" : "jpeg";
      out.width = std::max(image->width, 1);
      out.height = std::max(image->height, 1);
      plan.images.push_back(std::move(out));
    }
  }
}

std::string package_date_time(const Metadata& metadata, long long source_date_epoch,
                              std::vector<Diagnostic>& diagnostics) {
  // One date routine serves the PDF and the DOCX, so both outputs carry the same date.
  const DocumentTime t = document_time(metadata.date, source_date_epoch);
  if (t.report_invalid) {
    Diagnostic diag;
    diag.severity = Severity::kWarning;
    diag.pointer = "/metadata/date";
    diag.message = "expected an ISO date YYYY-MM-DD, got \"" + metadata.date +
                   "\"; the DOCX properties use the source date instead";
    diagnostics.push_back(diag);
  }
  return iso_date_time(t);
}

std::string content_types_part(const PackagePlan& plan) {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node types = doc.append_child("Types");
  types.append_attribute("xmlns") = kContentTypesNs;
  pugi::xml_node rels = types.append_child("Default");
  rels.append_attribute("Extension") = "rels";
  rels.append_attribute("ContentType") = "application/vnd.openxmlformats-package.relationships+xml";
  pugi::xml_node xml = types.append_child("Default");
  xml.append_attribute("Extension") = "xml";
  xml.append_attribute("ContentType") = "application/xml";
  bool png = false, jpeg = false;
  for (const PackagePlan::Image& image : plan.images) {
    png = png || image.extension == "png";
    jpeg = jpeg || image.extension == "jpeg";
  }
  if (png) {
    pugi::xml_node d = types.append_child("Default");
    d.append_attribute("Extension") = "png";
    d.append_attribute("ContentType") = "image/png";
  }
  if (jpeg) {
    pugi::xml_node d = types.append_child("Default");
    d.append_attribute("Extension") = "jpeg";
    d.append_attribute("ContentType") = "image/jpeg";
  }
  const std::string w = kWordMl;
  add_override(types, "/word/document.xml", w + "document.main+xml");
  add_override(types, "/word/styles.xml", w + "styles+xml");
  add_override(types, "/word/settings.xml", w + "settings+xml");
  add_override(types, "/word/fontTable.xml", w + "fontTable+xml");
  if (plan.footers) add_override(types, "/word/footer1.xml", w + "footer+xml");
  if (plan.even_odd) add_override(types, "/word/footer2.xml", w + "footer+xml");
  if (plan.letter_first_footer) add_override(types, "/word/footer3.xml", w + "footer+xml");
  add_override(types, "/docProps/core.xml",
               "application/vnd.openxmlformats-package.core-properties+xml");
  add_override(types, "/docProps/app.xml",
               "application/vnd.openxmlformats-officedocument.extended-properties+xml");
  return part_bytes(doc);
}

std::string package_rels_part() {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node rels = doc.append_child("Relationships");
  rels.append_attribute("xmlns") = kPackageRelNs;
  add_relationship(rels, "rId1", std::string(kRelBase) + "officeDocument", "word/document.xml");
  add_relationship(rels, "rId2",
                   "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                   "core-properties",
                   "docProps/core.xml");
  add_relationship(rels, "rId3", std::string(kRelBase) + "extended-properties", "docProps/app.xml");
  return part_bytes(doc);
}

std::string document_rels_part(const PackagePlan& plan) {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node rels = doc.append_child("Relationships");
  rels.append_attribute("xmlns") = kPackageRelNs;
  const std::string base = kRelBase;
  add_relationship(rels, "rId1", base + "styles", "styles.xml");
  add_relationship(rels, "rId2", base + "settings", "settings.xml");
  add_relationship(rels, "rId3", base + "fontTable", "fontTable.xml");
  if (plan.footers) add_relationship(rels, kFooterDefaultRelId, base + "footer", "footer1.xml");
  if (plan.even_odd) add_relationship(rels, kFooterEvenRelId, base + "footer", "footer2.xml");
  if (plan.letter_first_footer) {
    add_relationship(rels, kFooterFirstRelId, base + "footer", "footer3.xml");
  }
  for (size_t i = 0; i < plan.images.size(); ++i) {
    const std::string id = "rIdImg" + std::to_string(i + 1);
    const std::string target =
        "media/image" + std::to_string(i + 1) + "." + plan.images[i].extension;
    add_relationship(rels, id.c_str(), base + "image", target.c_str());
  }
  return part_bytes(doc);
}

std::string core_properties_part(const Metadata& metadata, const std::string& date_time) {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node core = doc.append_child("cp:coreProperties");
  core.append_attribute("xmlns:cp") =
      "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
  core.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  core.append_attribute("xmlns:dcterms") = "http://purl.org/dc/terms/";
  core.append_attribute("xmlns:dcmitype") = "http://purl.org/dc/dcmitype/";
  core.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
  auto text = [&](const char* name, const std::string& value) {
    if (!value.empty()) core.append_child(name).text().set(value.c_str());
  };
  text("dc:title", one_line(metadata.title));
  text("dc:subject", one_line(metadata.subtitle));
  text("dc:creator", one_line(metadata.organisation));
  std::string keywords;
  for (const std::string& k : metadata.keywords) {
    if (!keywords.empty()) keywords += ", ";
    keywords += one_line(k);
  }
  text("cp:keywords", keywords);
  text("dc:identifier", one_line(metadata.doc_number));
  text("dc:language", one_line(metadata.language));
  for (const char* name : {"dcterms:created", "dcterms:modified"}) {
    pugi::xml_node n = core.append_child(name);
    n.append_attribute("xsi:type") = "dcterms:W3CDTF";
    n.text().set(date_time.c_str());
  }
  return part_bytes(doc);
}

std::string app_properties_part(const Metadata& metadata) {
  pugi::xml_document doc;
  start_part(doc);
  pugi::xml_node props = doc.append_child("Properties");
  props.append_attribute("xmlns") =
      "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
  props.append_attribute("xmlns:vt") =
      "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";
  props.append_child("Application").text().set("paiban");
  props.append_child("DocSecurity").text().set("0");
  const std::string company = one_line(metadata.organisation);
  if (!company.empty()) props.append_child("Company").text().set(company.c_str());
  return part_bytes(doc);
}

}  // namespace paiban::docx::detail
