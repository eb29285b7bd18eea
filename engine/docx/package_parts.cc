// OPC package parts: [Content_Types].xml, the relationships, docProps/core.xml and app.xml
// (ECMA-376 Part 2 and Part 1 §15.2.12.3 / §22.2).
#include <algorithm>

#include "docx/ooxml.h"
#include "docx/parts.h"

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

bool is_leap(long long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(long long y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

std::string two(long long v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// Days since 1970-01-01 → civil date (H. Hinnant's days_from_civil inverse).
void civil_from_days(long long z, long long& y, int& m, int& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  if (m <= 2) ++y;
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

std::string package_date_time(const Metadata& metadata, long long source_date_epoch,
                              std::vector<Diagnostic>& diagnostics) {
  const std::string& s = metadata.date;
  if (!s.empty()) {
    bool ok = s.size() == 10 && s[4] == '-' && s[7] == '-';
    for (size_t i = 0; ok && i < s.size(); ++i) {
      if (i != 4 && i != 7) ok = s[i] >= '0' && s[i] <= '9';
    }
    if (ok) {
      const long long y = std::stoll(s.substr(0, 4));
      const int m = std::stoi(s.substr(5, 2));
      const int d = std::stoi(s.substr(8, 2));
      ok = y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
    }
    if (ok) return s + "T00:00:00Z";
    Diagnostic diag;
    diag.severity = Severity::kWarning;
    diag.pointer = "/metadata/date";
    diag.message = "expected an ISO date YYYY-MM-DD, got \"" + s +
                   "\"; the DOCX properties use the source date instead";
    diagnostics.push_back(diag);
  }
  // 0 stands for "no date given": 2000-01-01, as RenderOptions documents. Years stay 4 digits.
  long long t = source_date_epoch > 0 ? source_date_epoch : 946684800;
  t = std::min(t, 253402300799LL);  // 9999-12-31T23:59:59Z
  long long y = 0;
  int m = 0, d = 0;
  civil_from_days(t / 86400, y, m, d);
  const long long sec = t % 86400;
  std::string year = std::to_string(y);
  year.insert(0, 4 - std::min<size_t>(year.size(), 4), '0');
  return year + "-" + two(m) + "-" + two(d) + "T" + two(sec / 3600) + ":" + two(sec / 60 % 60) +
         ":" + two(sec % 60) + "Z";
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
  const std::string w = kWordMl;
  add_override(types, "/word/document.xml", w + "document.main+xml");
  add_override(types, "/word/styles.xml", w + "styles+xml");
  add_override(types, "/word/settings.xml", w + "settings+xml");
  add_override(types, "/word/fontTable.xml", w + "fontTable+xml");
  if (plan.footers) add_override(types, "/word/footer1.xml", w + "footer+xml");
  if (plan.even_odd) add_override(types, "/word/footer2.xml", w + "footer+xml");
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
