// The documents' date, one routine for the PDF (Info, XMP) and the DOCX (core properties), so the
// two outputs of one render always carry the same date (issue #15).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace paiban {

// 2000-01-01T00:00:00Z: what an epoch of 0 ("none given") stands for (see RenderOptions).
inline constexpr long long kDefaultSourceDateEpoch = 946684800;
// 9999-12-31T23:59:59Z: the last instant with a four-digit year, which both formats require.
inline constexpr long long kMaxSourceDateEpoch = 253402300799;

struct DocumentTime {
  int year = 2000;  // 1..9999
  int month = 1;    // 1..12
  int day = 1;      // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  bool from_report = false;     // the report's own YYYY-MM-DD date (the time is then 00:00:00)
  bool report_invalid = false;  // the report gave a date that is not a valid YYYY-MM-DD
};

// The report's date when it is a valid YYYY-MM-DD; else the source date epoch (0 or less = the
// default, 2000-01-01; beyond 9999 = the last second of 9999).
DocumentTime document_time(std::string_view report_date, long long source_date_epoch);

// Strict SOURCE_DATE_EPOCH (reproducible-builds.org): decimal digits only, at most
// kMaxSourceDateEpoch. Returns nullopt, with `error` set, for anything else (empty, a sign,
// letters, a negative or too large value).
std::optional<long long> parse_source_date_epoch(std::string_view text, std::string& error);

// "2023-03-15T08:00:00Z"
std::string iso_date_time(const DocumentTime& t);

}  // namespace paiban
