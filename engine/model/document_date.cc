#include "document_date.h"

#include <chrono>

namespace paiban {

namespace {

std::string digits(int value, int width) {
  std::string s = std::to_string(value);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<size_t>(width) - s.size(), '0');
  return s;
}

}  // namespace

DocumentTime document_time(std::string_view s, long long source_date_epoch) {
  using namespace std::chrono;
  DocumentTime t;
  if (!s.empty()) {
    bool ok = s.size() == 10 && s[4] == '-' && s[7] == '-';
    for (size_t i = 0; ok && i < s.size(); ++i) {
      if (i != 4 && i != 7) ok = s[i] >= '0' && s[i] <= '9';
    }
    if (ok) {
      const auto num = [&](size_t at, size_t n) {
        int v = 0;
        for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
        return v;
      };
      const year_month_day ymd{year{num(0, 4)}, month{static_cast<unsigned>(num(5, 2))},
                               day{static_cast<unsigned>(num(8, 2))}};
      if (num(0, 4) >= 1 && ymd.ok()) {
        t.year = num(0, 4);
        t.month = num(5, 2);
        t.day = num(8, 2);
        t.from_report = true;
        return t;
      }
    }
    t.report_invalid = true;
  }
  long long epoch = source_date_epoch <= 0 ? kDefaultSourceDateEpoch : source_date_epoch;
  if (epoch > kMaxSourceDateEpoch) epoch = kMaxSourceDateEpoch;
  const sys_seconds tp{seconds{epoch}};
  const sys_days d = floor<days>(tp);
  const year_month_day ymd{d};
  const hh_mm_ss<seconds> time{tp - d};
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  t.hour = static_cast<int>(time.hours().count());
  t.minute = static_cast<int>(time.minutes().count());
  t.second = static_cast<int>(time.seconds().count());
  return t;
}

std::optional<long long> parse_source_date_epoch(std::string_view text, std::string& error) {
  long long value = 0;
  bool ok = !text.empty() && text.size() <= 12;
  for (char c : text) {
    if (c < '0' || c > '9') {
      ok = false;
      break;
    }
    value = value * 10 + (c - '0');
  }
  if (!ok || value > kMaxSourceDateEpoch) {
    error = "SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to " +
            std::to_string(kMaxSourceDateEpoch) + " (9999-12-31T23:59:59Z)";
    return std::nullopt;
  }
  return value;
}

std::string iso_date_time(const DocumentTime& t) {
  return digits(t.year, 4) + '-' + digits(t.month, 2) + '-' + digits(t.day, 2) + 'T' +
         digits(t.hour, 2) + ':' + digits(t.minute, 2) + ':' + digits(t.second, 2) + 'Z';
}

}  // namespace paiban
