#include "pdf/metadata.h"

#include <algorithm>
#include <chrono>

#include "document_date.h"
#include "pdf/pdf_syntax.h"

namespace paiban::pdf {

namespace {

std::string two_digits(unsigned v) {
  return std::string(1, static_cast<char>('0' + v / 10 % 10)) + static_cast<char>('0' + v % 10);
}

std::string four_digits(int v) {
  return two_digits(static_cast<unsigned>(v / 100)) + two_digits(static_cast<unsigned>(v % 100));
}

// XML 1.0 character data: escaped markup characters, no control characters it forbids.
std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : sanitize_utf8(text)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

DocumentDates resolve_dates(const std::string& date, long long source_date_epoch,
                            std::vector<Diagnostic>& diagnostics) {
  // One date routine serves the PDF and the DOCX, so both outputs carry the same date.
  const DocumentTime t = document_time(date, source_date_epoch);
  const std::string y = four_digits(t.year);
  const std::string mo = two_digits(static_cast<unsigned>(t.month));
  const std::string d = two_digits(static_cast<unsigned>(t.day));
  if (t.from_report) return {"D:" + y + mo + d, y + '-' + mo + '-' + d};
  if (t.report_invalid) {
    Diagnostic diag;
    diag.severity = Severity::kWarning;
    diag.message = "the document date \"" + date +
                   "\" is not a valid YYYY-MM-DD date; the PDF uses the source date epoch";
    diag.hint = "write the date as e.g. 2023-03-15";
    diagnostics.push_back(diag);
  }
  const std::string h = two_digits(static_cast<unsigned>(t.hour));
  const std::string mi = two_digits(static_cast<unsigned>(t.minute));
  const std::string sec = two_digits(static_cast<unsigned>(t.second));
  return {"D:" + y + mo + d + h + mi + sec + 'Z', iso_date_time(t)};
}

std::string build_xmp(const page::DocumentInfo& info, const DocumentDates& dates) {
  // The packet header's id is the fixed value XMP prescribes; begin="\uFEFF" marks UTF-8.
  std::string x =
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      "<rdf:Description rdf:about=\"\"\n"
      " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
      " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
      " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
      "<dc:format>application/pdf</dc:format>\n";
  if (!info.title.empty()) {
    x += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.title) +
         "</rdf:li></rdf:Alt></dc:title>\n";
  }
  if (!info.author.empty()) {
    x += "<dc:creator><rdf:Seq><rdf:li>" + xml_escape(info.author) +
         "</rdf:li></rdf:Seq></dc:creator>\n";
  }
  if (!info.subject.empty()) {
    x += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(info.subject) +
         "</rdf:li></rdf:Alt></dc:description>\n";
  }
  if (!info.language.empty()) {
    x += "<dc:language><rdf:Bag><rdf:li>" + xml_escape(info.language) +
         "</rdf:li></rdf:Bag></dc:language>\n";
  }
  if (!info.keywords.empty()) {
    x += "<pdf:Keywords>" + xml_escape(info.keywords) + "</pdf:Keywords>\n";
  }
  x += std::string("<pdf:Producer>") + kCreator + "</pdf:Producer>\n";
  x += std::string("<xmp:CreatorTool>") + kCreator + "</xmp:CreatorTool>\n";
  x += "<xmp:CreateDate>" + dates.xmp + "</xmp:CreateDate>\n";
  x += "<xmp:ModifyDate>" + dates.xmp + "</xmp:ModifyDate>\n";
  x += "<xmp:MetadataDate>" + dates.xmp + "</xmp:MetadataDate>\n";
  x += "</rdf:Description>\n"
       "</rdf:RDF>\n"
       "</x:xmpmeta>\n"
       "<?xpacket end=\"r\"?>\n";
  return x;
}

}  // namespace paiban::pdf
