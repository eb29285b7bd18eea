#include "pdf/metadata.h"

#include <algorithm>
#include <chrono>

#include "pdf/pdf_syntax.h"

namespace paiban::pdf {

namespace {

// 2000-01-01T00:00:00Z: the documented meaning of an epoch of 0 (see paiban::RenderOptions).
constexpr long long kDefaultEpoch = 946684800;
constexpr long long kMinEpoch = -62135596800;  // 0001-01-01T00:00:00Z
constexpr long long kMaxEpoch = 253402300799;  // 9999-12-31T23:59:59Z

std::string two_digits(unsigned v) {
  return std::string(1, static_cast<char>('0' + v / 10 % 10)) + static_cast<char>('0' + v % 10);
}

std::string four_digits(int v) {
  return two_digits(static_cast<unsigned>(v / 100)) + two_digits(static_cast<unsigned>(v % 100));
}

bool parse_date(const std::string& s, std::chrono::year_month_day& out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int y = std::stoi(s.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(s.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(s.substr(8, 2)));
  out =
      std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  return y >= 1 && out.ok();
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
  using namespace std::chrono;
  year_month_day ymd{};
  if (parse_date(date, ymd)) {
    const std::string y = four_digits(static_cast<int>(ymd.year()));
    const std::string m = two_digits(static_cast<unsigned>(ymd.month()));
    const std::string d = two_digits(static_cast<unsigned>(ymd.day()));
    return {"D:" + y + m + d, y + '-' + m + '-' + d};
  }
  if (!date.empty()) {
    Diagnostic diag;
    diag.severity = Severity::kWarning;
    diag.message = "the document date \"" + date +
                   "\" is not a valid YYYY-MM-DD date; the PDF uses the source date epoch";
    diag.hint = "write the date as e.g. 2023-03-15";
    diagnostics.push_back(diag);
  }
  long long epoch = source_date_epoch == 0 ? kDefaultEpoch : source_date_epoch;
  epoch = std::clamp(epoch, kMinEpoch, kMaxEpoch);
  const sys_seconds tp{seconds{epoch}};
  const sys_days day = floor<days>(tp);
  ymd = year_month_day{day};
  const hh_mm_ss<seconds> time{tp - day};
  const std::string y = four_digits(static_cast<int>(ymd.year()));
  const std::string mo = two_digits(static_cast<unsigned>(ymd.month()));
  const std::string d = two_digits(static_cast<unsigned>(ymd.day()));
  const std::string h = two_digits(static_cast<unsigned>(time.hours().count()));
  const std::string mi = two_digits(static_cast<unsigned>(time.minutes().count()));
  const std::string s = two_digits(static_cast<unsigned>(time.seconds().count()));
  return {"D:" + y + mo + d + h + mi + s + 'Z',
          y + '-' + mo + '-' + d + 'T' + h + ':' + mi + ':' + s + 'Z'};
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
