// The labelled field form of a 公文 (official document, GB/T 9704-2012): one "标签: 值" line per
// field, "正文:" and "附件正文:" followed by their text (see engine/import/README.md). These
// helpers are the pure parts — labels, the kind from the title, the 印发 line, the attachment
// numbers — that the importer (importer.cc) applies line by line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paiban/model.h"

namespace paiban::import {

enum class GongwenField {
  kAuthority,       // 发文机关 (repeated for a joint document)
  kMark,            // 发文机关标志
  kCopyNumber,      // 份号
  kClassification,  // 密级 ("机密" or "机密★1年")
  kSecrecyPeriod,   // 保密期限
  kUrgency,         // 紧急程度
  kDocNumber,       // 发文字号
  kSigner,          // 签发人 (repeated)
  kTitle,           // 标题
  kAddressees,      // 主送
  kBody,            // 正文: (the text follows on its own lines)
  kAttachmentNote,  // 附件 (one line per attachment)
  kSignature,       // 署名 (repeated)
  kDate,            // 成文日期
  kNote,            // 附注
  kCopiesTo,        // 抄送
  kPrinted,         // 印发 ("印发机关  日期印发")
  kAttachmentBody,  // 附件正文: (one attachment's text follows)
  kPresent,         // 出席 (纪要)
  kAbsent,          // 请假 (纪要)
  kAttending,       // 列席 (纪要)
};

struct FieldLine {
  GongwenField field;
  std::string label;  // as written
  std::string value;  // after "标签:" and its blanks, otherwise as written
};

// "标签: 值" with a label of the 公文 form and an ASCII colon (the form's separator; a full-width
// "：" is the document's own punctuation, as in "联系人：张三"). nullopt for any other line.
std::optional<FieldLine> parse_field(std::string_view line);

// "标签: 值" with a label the form does not know: a short run of CJK characters, an ASCII colon,
// then a blank or the end of the line. Outside the text sections such a line is warned about.
bool looks_like_field(std::string_view line);

// The kind from the title's last words (GB/T 9704 §10 and the 15 kinds of the 党政机关公文处理工作
// 条例): 函 → letter, 请示 → request, 报告 → report, 纪要 → minutes, 令/命令 → order; 通知, 通报,
// 意见, 决定, 批复, 公告, 通告, 决议, 公报, 议案 → notice, the general 文件格式 (§7) they share.
// nullopt when the title ends in none of these (the caller warns and uses the general format).
std::optional<GongwenKind> kind_from_title(std::string_view title);

// "海坛片区党政办公室  2020年12月18日印发" → printer and print date (without "印发").
struct Printed {
  std::string printer;
  std::string date;
};
std::optional<Printed> split_printed(std::string_view value);

// "1.××" → "××" when the number is `expected` (the layout numbers several attachments "1." "2."
// itself, GB/T 9704 §7.3.4). `separator_ok` says whether the published separator was the "."
// the layout prints (else it was "、" or "．" and the printed form differs).
struct AttachmentName {
  std::string name;
  bool stripped = false;
  bool separator_ok = true;
};
AttachmentName strip_attachment_number(std::string_view value, int expected);

// "机密★1年" → classification "机密", period "1年".
std::pair<std::string, std::string> split_classification(std::string_view value);

}  // namespace paiban::import
