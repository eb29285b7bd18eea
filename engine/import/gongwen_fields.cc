#include "gongwen_fields.h"

#include <array>
#include <utility>

#include "text_util.h"

namespace paiban::import {

namespace {

struct Label {
  std::string_view text;
  GongwenField field;
};

constexpr std::array<Label, 21> kLabels = {{
    {"发文机关", GongwenField::kAuthority},
    {"发文机关标志", GongwenField::kMark},
    {"份号", GongwenField::kCopyNumber},
    {"密级", GongwenField::kClassification},
    {"保密期限", GongwenField::kSecrecyPeriod},
    {"紧急程度", GongwenField::kUrgency},
    {"发文字号", GongwenField::kDocNumber},
    {"签发人", GongwenField::kSigner},
    {"标题", GongwenField::kTitle},
    {"主送", GongwenField::kAddressees},
    {"正文", GongwenField::kBody},
    {"附件", GongwenField::kAttachmentNote},
    {"署名", GongwenField::kSignature},
    {"成文日期", GongwenField::kDate},
    {"附注", GongwenField::kNote},
    {"抄送", GongwenField::kCopiesTo},
    {"印发", GongwenField::kPrinted},
    {"附件正文", GongwenField::kAttachmentBody},
    {"出席", GongwenField::kPresent},
    {"请假", GongwenField::kAbsent},
    {"列席", GongwenField::kAttending},
}};

// A form's label is at most this many code points ("发文机关标志").
constexpr size_t kMaxLabel = 8;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool ends_with(std::u32string_view s, std::u32string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

std::optional<FieldLine> parse_field(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view label = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  // "标签: 值": a blank after the colon, or nothing ("正文:").
  if (!value.empty() && value.front() != ' ' && value.front() != '\t') return std::nullopt;
  for (const Label& l : kLabels) {
    if (l.text == label) return FieldLine{l.field, std::string(label), std::string(trim(value))};
  }
  return std::nullopt;
}

bool looks_like_field(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view rest = line.substr(colon + 1);
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return false;
  const std::optional<std::u32string> label = decode_utf8(line.substr(0, colon));
  if (!label || label->size() > kMaxLabel) return false;
  for (char32_t c : *label) {
    if (!is_cjk(c) || c == U'，' || c == U'。' || c == U'：') return false;
  }
  return true;
}

std::optional<GongwenKind> kind_from_title(std::string_view title) {
  const std::u32string t = decode_utf8_lossy(title);
  // Order matters only where one ending contains another: "命令" before "令".
  struct Ending {
    std::u32string_view words;
    GongwenKind kind;
  };
  static constexpr std::array<Ending, 16> kEndings = {{
      {U"函", GongwenKind::kLetter},
      {U"请示", GongwenKind::kRequest},
      {U"报告", GongwenKind::kReport},
      {U"纪要", GongwenKind::kMinutes},
      {U"命令", GongwenKind::kOrder},
      {U"令", GongwenKind::kOrder},
      {U"通知", GongwenKind::kNotice},
      {U"通报", GongwenKind::kNotice},
      {U"意见", GongwenKind::kNotice},
      {U"决定", GongwenKind::kNotice},
      {U"批复", GongwenKind::kNotice},
      {U"公告", GongwenKind::kNotice},
      {U"通告", GongwenKind::kNotice},
      {U"决议", GongwenKind::kNotice},
      {U"公报", GongwenKind::kNotice},
      {U"议案", GongwenKind::kNotice},
  }};
  for (const Ending& e : kEndings) {
    if (ends_with(t, e.words)) return e.kind;
  }
  return std::nullopt;
}

std::optional<Printed> split_printed(std::string_view value) {
  // §7.4.3: the office at the left, the date at the right followed by "印发"; in text the two are
  // separated by blanks.
  const std::string_view v = trim(value);
  constexpr std::string_view kPrinted = "印发";
  if (v.size() <= kPrinted.size() || v.substr(v.size() - kPrinted.size()) != kPrinted) {
    return std::nullopt;
  }
  const size_t blank = v.find_last_of(" \t");
  if (blank == std::string_view::npos) return std::nullopt;
  Printed p;
  p.printer = std::string(trim(v.substr(0, blank)));
  p.date = std::string(v.substr(blank + 1, v.size() - blank - 1 - kPrinted.size()));
  if (p.printer.empty() || p.date.empty()) return std::nullopt;
  return p;
}

AttachmentName strip_attachment_number(std::string_view value, int expected) {
  AttachmentName out;
  out.name = std::string(value);
  const std::u32string s = decode_utf8_lossy(value);
  size_t i = 0;
  int number = 0;
  while (i < s.size() && i < 3 && s[i] >= U'0' && s[i] <= U'9') {
    number = number * 10 + static_cast<int>(s[i] - U'0');
    ++i;
  }
  if (i == 0 || i >= s.size() || number != expected) return out;
  if (s[i] != U'.' && s[i] != U'．' && s[i] != U'、') return out;
  // "1.5万元补助" is a name, not a numbered one.
  if (i + 1 < s.size() && s[i + 1] >= U'0' && s[i + 1] <= U'9') return out;
  if (i + 1 >= s.size()) return out;
  out.separator_ok = s[i] == U'.';
  out.name = encode_utf8(std::u32string_view(s).substr(i + 1));
  out.stripped = true;
  return out;
}

std::pair<std::string, std::string> split_classification(std::string_view value) {
  constexpr std::string_view kStar = "★";
  const size_t star = value.find(kStar);
  if (star == std::string_view::npos) return {std::string(value), {}};
  return {std::string(value.substr(0, star)), std::string(value.substr(star + kStar.size()))};
}

}  // namespace paiban::import
