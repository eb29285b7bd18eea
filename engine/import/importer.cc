#include "importer.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "file_io.h"
#include "gongwen_fields.h"
#include "paiban_limits.h"
#include "table_import.h"
#include "text_util.h"

namespace paiban::import {

namespace {

// A title is one to three short lines in the first block.
constexpr size_t kMaxTitleLines = 3;
constexpr size_t kMaxTitleLength = 60;  // code points per line
// "（一）主动公开情况。主要通过……": a numbered line whose first sentence ends within this many code
// points is a run-in heading; a longer numbered line without an early 。 is a paragraph that
// happens to start with a number, unless it is short enough to be a heading on its own.
constexpr size_t kRunInMax = 40;
constexpr size_t kHeadingMax = 50;
constexpr size_t kMaxOrganisationLength = 30;

constexpr std::string_view kSourcePrefix = "# source:";
// The corpus marks an authority's name taken from the signature or title, not from a masthead.
constexpr std::string_view kInferred = "[inferred]";

// The section titles of the national format (国办公开办函〔2021〕30号), used to split a level-1
// heading from text that the PDF's text layer ran into it.
constexpr std::array<std::u32string_view, 6> kSectionTitles = {
    U"总体情况",
    U"主动公开政府信息情况",
    U"收到和处理政府信息公开申请情况",
    U"政府信息公开行政复议、行政诉讼情况",
    U"存在的主要问题及改进情况",
    U"其他需要报告的事项",
};

struct HeadingMatch {
  int level = 1;
  std::u32string number;  // as published, e.g. "（一）", "(一)", "1、"
  int value = 0;
  bool standard = false;  // the form the layout prints for automatic numbers
  std::u32string rest;    // the text after the number
};

bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_wide_digit(char32_t c) { return c >= 0xFF10 && c <= 0xFF19; }
bool is_numeral_char(char32_t c) {
  return std::u32string_view(U"一二三四五六七八九十").find(c) != std::u32string_view::npos;
}

// Heading numbers: 一、 (level 1), （一） (level 2), 1. (level 3), （1） (level 4), in full- or
// half-width forms; "standard" is the form of automatic numbering (一、 （一） 1. （1））.
std::optional<HeadingMatch> match_heading(const std::u32string& s) {
  HeadingMatch m;
  size_t i = 0;
  if (!s.empty() && is_numeral_char(s[0])) {
    while (i < s.size() && i < 3 && is_numeral_char(s[i])) ++i;
    if (i >= s.size() || (s[i] != U'、' && s[i] != U'．')) return std::nullopt;
    const std::optional<int> value = chinese_numeral(s.substr(0, i));
    if (!value) return std::nullopt;
    m.level = 1;
    m.value = *value;
    m.standard = s[i] == U'、';
    ++i;
  } else if (!s.empty() && (s[0] == U'（' || s[0] == U'(')) {
    i = 1;
    const size_t start = i;
    bool digits = false;
    if (i < s.size() && (is_ascii_digit(s[i]) || is_wide_digit(s[i]))) {
      digits = true;
      while (i < s.size() && i - start < 2 && (is_ascii_digit(s[i]) || is_wide_digit(s[i]))) ++i;
    } else {
      while (i < s.size() && i - start < 3 && is_numeral_char(s[i])) ++i;
    }
    if (i == start || i >= s.size() || (s[i] != U'）' && s[i] != U')')) return std::nullopt;
    if (digits) {
      int value = 0;
      for (size_t k = start; k < i; ++k) {
        value = value * 10 + static_cast<int>(is_wide_digit(s[k]) ? s[k] - 0xFF10 : s[k] - '0');
      }
      m.level = 4;
      m.value = value;
      m.standard = s[0] == U'（' && s[i] == U'）' && is_ascii_digit(s[start]);
    } else {
      const std::optional<int> value = chinese_numeral(s.substr(start, i - start));
      if (!value) return std::nullopt;
      m.level = 2;
      m.value = *value;
      m.standard = s[0] == U'（' && s[i] == U'）';
    }
    ++i;
  } else if (!s.empty() && (is_ascii_digit(s[0]) || is_wide_digit(s[0]))) {
    int value = 0;
    bool ascii = true;
    while (i < s.size() && i < 2 && (is_ascii_digit(s[i]) || is_wide_digit(s[i]))) {
      ascii = ascii && is_ascii_digit(s[i]);
      value = value * 10 + static_cast<int>(is_wide_digit(s[i]) ? s[i] - 0xFF10 : s[i] - '0');
      ++i;
    }
    if (i >= s.size() || (s[i] != '.' && s[i] != U'．' && s[i] != U'、')) return std::nullopt;
    // "5949.08万元" is a number, not a heading.
    if (i + 1 < s.size() && (is_ascii_digit(s[i + 1]) || is_wide_digit(s[i + 1]))) {
      return std::nullopt;
    }
    m.level = 3;
    m.value = value;
    m.standard = ascii && s[i] == '.';
    ++i;
  } else {
    return std::nullopt;
  }
  if (m.value <= 0) return std::nullopt;
  m.number = s.substr(0, i);
  m.rest = s.substr(i);
  if (m.rest.empty()) return std::nullopt;
  return m;
}

std::optional<std::string> iso_date(const std::u32string& s) {
  // 2024年1月20日 or 二〇二四年一月二十日
  const size_t y = s.find(U'年');
  const size_t mo = s.find(U'月');
  const size_t d = s.find(U'日');
  if (y == std::u32string::npos || mo == std::u32string::npos || d == std::u32string::npos ||
      !(y < mo && mo < d) || d + 1 != s.size()) {
    return std::nullopt;
  }
  auto number = [](std::u32string_view part, bool year) -> std::optional<int> {
    if (part.empty()) return std::nullopt;
    if (std::all_of(part.begin(), part.end(), is_ascii_digit)) {
      if (part.size() > 4) return std::nullopt;
      int v = 0;
      for (char32_t c : part) v = v * 10 + static_cast<int>(c - '0');
      return v;
    }
    if (year) {  // digit by digit: 二〇二四
      if (part.size() != 4) return std::nullopt;
      int v = 0;
      for (char32_t c : part) {
        const std::optional<int> digit = c == U'〇' || c == U'零'
                                             ? std::optional<int>(0)
                                             : chinese_numeral(std::u32string(1, c));
        if (!digit || *digit > 9) return std::nullopt;
        v = v * 10 + *digit;
      }
      return v;
    }
    return chinese_numeral(part);
  };
  const std::u32string_view sv(s);
  const std::optional<int> year = number(sv.substr(0, y), true);
  const std::optional<int> month = number(sv.substr(y + 1, mo - y - 1), false);
  const std::optional<int> day = number(sv.substr(mo + 1, d - mo - 1), false);
  if (!year || !month || !day || *year < 1000 || *month < 1 || *month > 12 || *day < 1 ||
      *day > 31) {
    return std::nullopt;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", *year, *month, *day);
  return std::string(buf);
}

// The organisation from the title: the first of two lines when it names no report, else what
// precedes the year ("红旗区城乡建设局2023年政府信息公开工作年度报告" → 红旗区城乡建设局).
std::string guess_organisation(const std::vector<std::u32string>& title) {
  if (title.empty()) return {};
  // A year: four Arabic digits or four of 〇一二…九, then 年.
  auto year_at = [](const std::u32string& s) -> size_t {
    auto year_digit = [](char32_t c) {
      return c == U'〇' || c == U'零' || (is_numeral_char(c) && c != U'十');
    };
    for (size_t i = 0; i + 4 < s.size(); ++i) {
      bool arabic = true;
      bool chinese = true;
      for (size_t k = 0; k < 4; ++k) {
        arabic = arabic && is_ascii_digit(s[i + k]);
        chinese = chinese && year_digit(s[i + k]);
      }
      if ((arabic || chinese) && s[i + 4] == U'年') return i;
    }
    return std::u32string::npos;
  };
  const std::u32string& first = title.front();
  if (title.size() >= 2 && first.find(U"报告") == std::u32string::npos &&
      year_at(first) == std::u32string::npos) {
    return encode_utf8(first);
  }
  size_t cut = year_at(first);
  if (cut == std::u32string::npos) cut = first.find(U"政府信息公开");
  if (cut == std::u32string::npos || cut == 0) return {};
  return encode_utf8(first.substr(0, cut));
}

bool is_org_line(const std::u32string& s) {
  if (s.empty() || s.size() > kMaxOrganisationLength || match_heading(s)) return false;
  if (is_ascii_digit(s[0])) return false;
  return s.find_first_of(U"。，；：！？,;:!?") == std::u32string::npos;
}

struct TextLine {
  int number = 0;
  std::string raw;      // without line break and control characters
  std::u32string text;  // tidied
  bool has_tab = false;
};

// Reads the text one line at a time and keeps only what a decision still needs: the block being
// read and the last two complete blocks (the signature may span them). Every older block is
// turned into report blocks as soon as a newer one is complete, so the lines of the whole text
// (each held as raw bytes and as decoded code points) are never in memory together.
class Importer {
 public:
  explicit Importer(std::string_view source) : source_(source) {}

  void add_line(std::string_view raw) {
    ++number_;
    if (number_ == 1 && raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);  // byte order mark
    const std::size_t offset = offset_;  // of this line, counted after the byte order mark
    offset_ += raw.size() + 1;
    if (failed_) return;
    // '\n' never occurs inside a UTF-8 sequence, so checking line by line finds the same first
    // bad byte as checking the whole text.
    size_t bad = 0;
    if (!decode_utf8(raw, &bad)) {
      diagnostics_.clear();  // as before streaming: invalid text gets this one error only
      error(number_, "the text is not valid UTF-8 (byte " + std::to_string(offset + bad) + ")");
      failed_ = true;
      return;
    }
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    TextLine line;
    line.number = number_;
    bool removed = false;
    for (char c : raw) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7F) {
        removed = true;
        continue;
      }
      line.raw.push_back(c);
    }
    if (removed) warn(number_, "control characters removed from the line");
    line.has_tab = line.raw.find('\t') != std::string::npos;
    line.text = *decode_utf8(tidy(line.raw));
    if (number_ == 1 && line.raw.substr(0, kSourcePrefix.size()) == kSourcePrefix) {
      // Provenance of an archived copy: kept as a keyword, not printed.
      report_.metadata.keywords.push_back("source: " +
                                          tidy(line.raw.substr(kSourcePrefix.size())));
      return;
    }
    if (mode_ == Mode::kUndecided) {
      decide(std::move(line));
    } else {
      route(std::move(line));
    }
  }

  ReadResult finish() {
    ReadResult result;
    if (mode_ == Mode::kUndecided) replay_as_report();
    if (mode_ == Mode::kPlainGongwen && !failed_) {
      emit_held();
      if (plain_ == Plain::kHead) plain_title();
    }
    if ((mode_ == Mode::kGongwen || mode_ == Mode::kPlainGongwen) && !failed_) finish_gongwen();
    end_block();
    if (failed_ || !any_block_) {
      if (!failed_) error(0, "the text has no content");
      result.diagnostics = std::move(diagnostics_);
      return result;
    }
    std::optional<Signature> signature = take_signature();
    for (const std::vector<TextLine>& block : blocks_) add_block(block);
    blocks_.clear();
    flush_paragraph();
    if (signature) report_.body.push_back(*signature);
    result.report = std::move(report_);
    result.diagnostics = std::move(diagnostics_);
    return result;
  }

 private:
  void warn(int line, std::string message, std::string pointer = {}) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.source = std::string(source_);
    d.line = line;
    d.pointer = std::move(pointer);
    d.message = std::move(message);
    diagnostics_.push_back(std::move(d));
  }

  void error(int line, std::string message) {
    Diagnostic d;
    d.severity = Severity::kError;
    d.source = std::string(source_);
    d.line = line;
    d.message = std::move(message);
    diagnostics_.push_back(std::move(d));
  }

  std::string next_pointer() const { return out_pointer_ + std::to_string(out_->size()); }

  // A blank line ends the block being read. The first block may be the title; a block is added to
  // the report once two newer ones exist, since only the last two can hold the signature.
  void end_block() {
    if (block_.empty()) return;
    std::vector<TextLine> block = std::move(block_);
    block_.clear();
    if (!any_block_) {
      any_block_ = true;
      if (take_title(block)) return;
    }
    blocks_.push_back(std::move(block));
    while (blocks_.size() > 2) {
      add_block(blocks_.front());
      blocks_.pop_front();
    }
  }

  // Returns true when `first` (the first block) is the title and was taken as such.
  bool take_title(const std::vector<TextLine>& first) {
    bool title = first.size() <= kMaxTitleLines;
    for (const TextLine& line : first) {
      if (line.has_tab || line.text.size() > kMaxTitleLength || match_heading(line.text) ||
          line.text.back() == U'。') {
        title = false;
      }
    }
    if (!title) {
      report_.metadata.title = title_from_file_name();
      report_.show_title = false;
      warn(first.front().number, "no title found at the start; the report is named \"" +
                                     report_.metadata.title + "\" and prints no title");
      return false;
    }
    std::vector<std::u32string> lines;
    std::string text;
    for (const TextLine& line : first) {
      if (!text.empty()) text += '\n';
      text += encode_utf8(line.text);
      lines.push_back(line.text);
    }
    report_.metadata.title = text;
    report_.metadata.organisation = guess_organisation(lines);
    return true;
  }

  // 落款 at the end: an organisation line and a date line, in one block or two.
  std::optional<Signature> take_signature() {
    if (blocks_.empty()) return std::nullopt;
    std::vector<TextLine>& last = blocks_.back();
    const TextLine& date_line = last.back();
    if (date_line.has_tab) return std::nullopt;
    const std::optional<std::string> iso = iso_date(date_line.text);
    if (!iso) return std::nullopt;
    Signature signature;
    signature.date = encode_utf8(date_line.text);
    report_.metadata.date = *iso;
    last.pop_back();
    if (last.empty()) {
      blocks_.pop_back();
      if (!blocks_.empty() && blocks_.back().size() == 1 && !blocks_.back().back().has_tab &&
          is_org_line(blocks_.back().back().text)) {
        signature.organisation = encode_utf8(blocks_.back().back().text);
        blocks_.pop_back();
      }
    } else if (!last.back().has_tab && is_org_line(last.back().text)) {
      signature.organisation = encode_utf8(last.back().text);
      last.pop_back();
      if (last.empty()) blocks_.pop_back();
    }
    return signature;
  }

  void add_block(const std::vector<TextLine>& block) {
    size_t first_tab = block.size();
    size_t last_tab = 0;
    for (size_t i = 0; i < block.size(); ++i) {
      if (!block[i].has_tab) continue;
      first_tab = std::min(first_tab, i);
      last_tab = i;
    }
    if (first_tab == block.size()) {
      for (const TextLine& line : block) add_text_line(line);
      flush_paragraph();
      return;
    }
    for (size_t i = 0; i < first_tab; ++i) add_text_line(block[i]);
    flush_paragraph();
    // Lines without a tab between two table lines are rows whose trailing tabs were lost.
    std::vector<SourceLine> rows;
    for (size_t i = first_tab; i <= last_tab; ++i) rows.push_back({block[i].number, block[i].raw});
    out_->push_back(import_table(rows, source_, next_pointer(), diagnostics_));
    for (size_t i = last_tab + 1; i < block.size(); ++i) add_text_line(block[i]);
    flush_paragraph();
  }

  void add_text_line(const TextLine& line) {
    if (std::optional<HeadingMatch> m = match_heading(line.text)) {
      if (add_heading(line, *m)) return;
    }
    // Hard-wrapped lines join without a space, except between two Latin words or numbers.
    if (!paragraph_.empty() && !is_cjk(paragraph_.back()) && !is_cjk(line.text.front())) {
      paragraph_.push_back(' ');
    }
    paragraph_ += line.text;
    // A 公文 has one paragraph a line, as published (and as a web page's text is pasted).
    if (mode_ != Mode::kReport) flush_paragraph();
  }

  void flush_paragraph() {
    if (paragraph_.empty()) return;
    Paragraph p;
    p.runs.push_back(make_run(encode_utf8(paragraph_)));
    out_->push_back(std::move(p));
    paragraph_.clear();
  }

  // Returns false when the numbered line is a paragraph after all.
  bool add_heading(const TextLine& line, const HeadingMatch& m) {
    const std::u32string& rest = m.rest;
    std::u32string text = rest;
    std::u32string run_in;
    std::u32string after;  // text that the PDF's text layer ran into a section title
    const size_t stop = rest.find(U'。');
    if (stop != std::u32string::npos && stop < kRunInMax && stop + 1 < rest.size()) {
      text = rest.substr(0, stop + 1);
      run_in = rest.substr(stop + 1);
    } else if (rest.size() > kHeadingMax) {
      if (m.level != 1) return false;
      size_t title_length = 0;
      for (std::u32string_view title : kSectionTitles) {
        const std::string title_utf8 = encode_utf8(title);
        if (rest.size() > title.size() &&
            fold(encode_utf8(rest.substr(0, title.size()))) == fold(title_utf8)) {
          title_length = title.size();
        }
      }
      if (title_length == 0) return false;
      text = rest.substr(0, title_length);
      after = rest.substr(title_length);
    }
    flush_paragraph();
    ++counters_[m.level];
    for (int l = m.level + 1; l <= 4; ++l) counters_[l] = 0;
    Heading h;
    h.level = m.level;
    h.runs.push_back(make_run(encode_utf8(text)));
    if (m.standard && m.value == counters_[m.level]) {
      h.numbering = Numbering::kAuto;
    } else {
      h.numbering = Numbering::kExplicit;
      h.number = encode_utf8(m.number);
    }
    if (!run_in.empty()) {
      Paragraph p;
      p.runs.push_back(make_run(encode_utf8(run_in)));
      h.run_in_body = std::move(p);
    }
    out_->push_back(std::move(h));
    if (!after.empty()) {
      warn(line.number,
           "the text after the heading \"" + encode_utf8(text) +
               "\" is on the heading's line; it is made a paragraph of its own",
           next_pointer());
      paragraph_ = after;
      flush_paragraph();
    }
    return true;
  }

  // ---- Which form the text has ----

  // The first line of text decides: a field of the 公文 form ("发文机关: …", "标题: …") makes the
  // text a 公文 in the field form; a masthead line ending in 文件 followed by a 发文字号 line makes
  // it a 公文 pasted as plain text; anything else is the annual report's plain text, as before.
  // Until then the lines are held (at most the masthead and the blanks after it).
  void decide(TextLine line) {
    const bool blank = line.text.empty() && !line.has_tab;
    if (undecided_.empty()) {
      if (blank) return;  // leading blank lines mean nothing in any form
      if (parse_field(line.raw)) {
        mode_ = Mode::kGongwen;
        report_.gongwen.emplace();
        any_block_ = true;
        route(std::move(line));
        return;
      }
      if (!line.has_tab && is_masthead(line.text)) {
        undecided_.push_back(std::move(line));
        return;
      }
      mode_ = Mode::kReport;
      route(std::move(line));
      return;
    }
    if (blank) {
      undecided_.push_back(std::move(line));
      return;
    }
    if (!line.has_tab && is_doc_number(line.text)) {
      mode_ = Mode::kPlainGongwen;
      report_.gongwen.emplace();
      any_block_ = true;
      Gongwen& g = *report_.gongwen;
      const std::u32string& mark = undecided_.front().text;
      g.authorities.push_back(encode_utf8(mark.substr(0, mark.size() - 2)));  // without 文件
      g.doc_number = encode_utf8(line.text);
      undecided_.clear();
      return;
    }
    undecided_.push_back(std::move(line));
    replay_as_report();
  }

  void replay_as_report() {
    mode_ = Mode::kReport;
    std::vector<TextLine> lines = std::move(undecided_);
    undecided_.clear();
    for (TextLine& l : lines) route(std::move(l));
  }

  void route(TextLine line) {
    if (mode_ == Mode::kGongwen) return gongwen_line(std::move(line));
    if (mode_ == Mode::kPlainGongwen) return plain_gongwen_line(std::move(line));
    if (line.text.empty() && !line.has_tab) {
      end_block();
    } else {
      block_.push_back(std::move(line));
    }
  }

  // "平潭综合实验区管理委员会文件": the 发文机关标志 of the general format (GB/T 9704 §7.2.4).
  static bool is_masthead(const std::u32string& s) {
    constexpr std::u32string_view kFile = U"文件";
    return s.size() > kFile.size() && s.size() <= kMaxOrganisationLength + kFile.size() &&
           s.substr(s.size() - kFile.size()) == kFile &&
           s.find_first_of(U"。，；：！？,;:!?") == std::u32string::npos;
  }

  // "岚综管〔2023〕5号": 机关代字, the year in 〔〕, the number, 号 (§7.2.5).
  static bool is_doc_number(const std::u32string& s) {
    const size_t open = s.find(U'〔');
    if (open == std::u32string::npos || open == 0 || s.size() > 40 || s.back() != U'号') {
      return false;
    }
    size_t i = open + 1;
    for (int k = 0; k < 4; ++k, ++i) {
      if (i >= s.size() || !is_ascii_digit(s[i])) return false;
    }
    if (i >= s.size() || s[i] != U'〕') return false;
    ++i;
    const size_t digits = i;
    while (i < s.size() && is_ascii_digit(s[i])) ++i;
    return i > digits && i + 1 == s.size();
  }

  // ---- A 公文 pasted as plain text ----

  // After the masthead and the 发文字号: the title's lines up to the 主送 line (ending in ：), the
  // body, "附件：1.…" lines, the 署名 lines and the 成文日期, then 附注, 抄送 and the 印发 line.
  // The lines that could be 署名 (short names without punctuation) are held until the next line
  // shows whether a date follows.
  enum class Plain { kHead, kBody, kNote, kTail };

  void plain_gongwen_line(TextLine line) {
    Gongwen& g = *report_.gongwen;
    const bool blank = line.text.empty() && !line.has_tab;
    const std::u32string& t = line.text;
    switch (plain_) {
      case Plain::kHead:
        if (blank) return;
        if (line.has_tab || t.empty()) {
          plain_title();
          return plain_gongwen_line(std::move(line));
        }
        if (t.back() == U'：' || t.back() == U':') {
          plain_title();
          g.addressees = encode_utf8(t);
          return;
        }
        if (!line.has_tab && t.back() != U'。' && t.size() <= kMaxTitleLength &&
            title_lines_.size() < kMaxTitleLines) {
          title_lines_.push_back(std::move(line));
          return;
        }
        plain_title();  // no 主送: the body starts here
        return plain_gongwen_line(std::move(line));
      case Plain::kBody:
      case Plain::kNote:
        if (blank) {
          flush_section_block();
          return;
        }
        if (!line.has_tab && iso_date(t)) {
          // §7.3.5: the 署名 lines, then the 成文日期.
          for (TextLine& held : held_) {
            g.signatures.push_back(GongwenSignature{encode_utf8(held.text), {}});
          }
          held_.clear();
          end_section();
          g.date = encode_utf8(t);
          date_line_ = line.number;
          plain_ = Plain::kTail;
          return;
        }
        if (!line.has_tab && (t.starts_with(U"附件：") || t.starts_with(U"附件:"))) {
          emit_held();
          end_section();
          attachment_note_.push_back({line.number, encode_utf8(t.substr(3))});
          plain_ = Plain::kNote;
          return;
        }
        if (plain_ == Plain::kNote && held_.empty() && !line.has_tab) {
          // "2.××" under the first name, or a wrapped name's next line (§7.3.4).
          const bool numbered = !t.empty() && is_ascii_digit(t[0]) && !iso_date(t);
          if (numbered && !is_org_line(t)) {
            attachment_note_.push_back({line.number, encode_utf8(t)});
            return;
          }
          if (!is_org_line(t)) {
            attachment_note_.back().second += encode_utf8(t);
            return;
          }
        }
        if (!line.has_tab && is_org_line(t) && !t.starts_with(U"特此")) {
          held_.push_back(std::move(line));
          return;
        }
        emit_held();
        if (plain_ == Plain::kNote) {
          warn(line.number,
               "text after the 附件说明 that is no 署名 or 成文日期; it is added to the "
               "body: \"" +
                   line.raw + "\"");
          plain_ = Plain::kBody;
        }
        block_.push_back(std::move(line));
        return;
      case Plain::kTail:
        if (t.empty()) {
          if (line.has_tab) warn(line.number, "a line of tabs after the 成文日期, not imported");
          return;
        }
        if (t.starts_with(U"抄送：") || t.starts_with(U"抄送:")) {
          record().copies_to = encode_utf8(t.substr(3));
        } else if (t.size() > 2 && t.substr(t.size() - 2) == U"印发") {
          GongwenRecord& r = record();
          if (std::optional<Printed> p = split_printed(line.raw)) {
            r.printer = tidy(p->printer);
            r.print_date = tidy(p->date);
          } else {
            r.printer = encode_utf8(t.substr(0, t.size() - 2));
            warn(line.number,
                 "the 印发 line has no blank between 印发机关 and 日期; the whole "
                 "line is taken as the 印发机关");
          }
        } else if ((t.front() == U'（' && t.back() == U'）') ||
                   (t.front() == '(' && t.back() == ')')) {
          if (g.note.empty()) {
            g.note = encode_utf8(t);
          } else {
            warn(line.number, "a second 附注, not imported: \"" + line.raw + "\"");
          }
        } else {
          warn(line.number,
               "text after the 成文日期 that is no 附注, 抄送 or 印发 line, not "
               "imported: \"" +
                   line.raw + "\"");
        }
        return;
    }
  }

  void plain_title() {
    std::u32string title;
    for (const TextLine& l : title_lines_) title += l.text;
    if (!title_lines_.empty()) title_line_ = title_lines_.front().number;
    report_.metadata.title = encode_utf8(title);
    title_lines_.clear();
    start_section(Section::kBody, &report_.body, "/body/");
    plain_ = Plain::kBody;
  }

  // Held 署名 candidates that no date followed are body text after all.
  void emit_held() {
    if (held_.empty()) return;
    if (plain_ == Plain::kNote) {
      for (const TextLine& l : held_) {
        warn(l.number,
             "text after the 附件说明 that is no 署名 or 成文日期; it is added to the "
             "body: \"" +
                 l.raw + "\"");
      }
      plain_ = Plain::kBody;
    }
    section_ = Section::kBody;
    for (TextLine& l : held_) block_.push_back(std::move(l));
    held_.clear();
  }

  // ---- The 公文 field form (gongwen_fields.h) ----

  enum class Section { kNone, kBody, kAttachment };

  // One line of a 公文: a field, a line of the section being read (正文 or 附件正文), or a blank.
  // Only the section's current block (up to a blank line or the next field) is held: tables need
  // all their rows; everything else is added at once.
  void gongwen_line(TextLine line) {
    if (std::optional<FieldLine> f = parse_field(line.raw)) {
      end_section();
      gongwen_field(line.number, *f);
      return;
    }
    if (line.text.empty() && !line.has_tab) {
      flush_section_block();
      return;
    }
    if (section_ != Section::kNone) {
      block_.push_back(std::move(line));
      return;
    }
    // Outside 正文 and 附件正文 every line is a field; the model has no place for anything else.
    if (looks_like_field(line.raw)) {
      warn(line.number, "unknown field \"" + line.raw.substr(0, line.raw.find(':')) +
                            "\" of a 公文; the model has no place for it, not imported: \"" +
                            line.raw + "\"");
    } else {
      warn(line.number,
           "text outside the fields of a 公文 (not under \"正文:\" or \"附件正文:\"), "
           "not imported: \"" +
               line.raw + "\"");
    }
  }

  void flush_section_block() {
    if (block_.empty()) return;
    add_block(block_);
    block_.clear();
  }

  void end_section() {
    flush_section_block();
    flush_paragraph();
    section_ = Section::kNone;
  }

  // Heading numbers count per text: the body and each attachment start at 一.
  void start_section(Section section, std::vector<Block>* out, std::string pointer) {
    section_ = section;
    out_ = out;
    out_pointer_ = std::move(pointer);
    std::fill(std::begin(counters_), std::end(counters_), 0);
  }

  // A field the model holds once: a second one is warned about with its text, not dropped
  // silently.
  void set_once(int line, const FieldLine& f, std::string& target, std::string value) {
    if (!target.empty()) {
      warn(line, "a second \"" + f.label + "\"; a 公文 has one (\"" + target +
                     "\" is kept), not imported: \"" + value + "\"");
      return;
    }
    target = std::move(value);
  }

  GongwenRecord& record() {
    Gongwen& g = *report_.gongwen;
    if (!g.record) g.record.emplace();
    return *g.record;
  }

  void gongwen_field(int line, const FieldLine& f) {
    Gongwen& g = *report_.gongwen;
    std::string value = tidy(f.value);
    switch (f.field) {
      case GongwenField::kAuthority: {
        std::string_view raw = f.value;
        const bool inferred = raw.ends_with(kInferred);
        if (inferred) raw.remove_suffix(kInferred.size());
        value = tidy(raw);
        if (value.empty()) {
          warn(line, "\"发文机关\" without a name");
          return;
        }
        // Provenance, like the source line: the name is not the masthead's.
        if (inferred) report_.metadata.keywords.push_back("inferred: 发文机关 " + value);
        g.authorities.push_back(std::move(value));
        return;
      }
      case GongwenField::kMark:
        return set_once(line, f, g.mark, std::move(value));
      case GongwenField::kCopyNumber:
        return set_once(line, f, g.copy_number, std::move(value));
      case GongwenField::kClassification: {
        auto [level, period] = split_classification(value);
        set_once(line, f, g.classification, std::move(level));
        if (!period.empty()) set_once(line, f, g.secrecy_period, std::move(period));
        return;
      }
      case GongwenField::kSecrecyPeriod:
        return set_once(line, f, g.secrecy_period, std::move(value));
      case GongwenField::kUrgency:
        return set_once(line, f, g.urgency, std::move(value));
      case GongwenField::kDocNumber:
        return set_once(line, f, g.doc_number, std::move(value));
      case GongwenField::kSigner:
        if (!value.empty()) g.signers.push_back(std::move(value));
        return;
      case GongwenField::kTitle:
        title_line_ = line;
        return set_once(line, f, report_.metadata.title, std::move(value));
      case GongwenField::kAddressees:
        return set_once(line, f, g.addressees, std::move(value));
      case GongwenField::kBody:
        if (body_seen_) warn(line, "a second \"正文:\"; its text continues the body");
        body_seen_ = true;
        start_section(Section::kBody, &report_.body, "/body/");
        if (!value.empty()) gongwen_line(TextLine{line, f.value, *decode_utf8(value), false});
        return;
      case GongwenField::kAttachmentNote:
        if (!value.empty()) attachment_note_.push_back({line, std::move(value)});
        return;
      case GongwenField::kSignature:
        if (!value.empty()) g.signatures.push_back(GongwenSignature{std::move(value), {}});
        return;
      case GongwenField::kDate:
        date_line_ = line;
        return set_once(line, f, g.date, std::move(value));
      case GongwenField::kNote:
        return set_once(line, f, g.note, std::move(value));
      case GongwenField::kCopiesTo:
        return set_once(line, f, record().copies_to, std::move(value));
      case GongwenField::kPrinted: {
        GongwenRecord& r = record();
        if (std::optional<Printed> p = split_printed(f.value)) {
          set_once(line, f, r.printer, tidy(p->printer));
          set_once(line, f, r.print_date, tidy(p->date));
        } else {
          warn(line,
               "\"印发\" is not \"印发机关  日期印发\" (two blanks between); the whole line is "
               "taken as the 印发机关");
          set_once(line, f, r.printer, std::move(value));
        }
        return;
      }
      case GongwenField::kAttachmentBody: {
        Attachment& a = g.attachments.emplace_back();
        a.title = std::move(value);  // "附件正文: 标题"; else the matching 附件 line's name
        attachment_lines_.push_back(line);
        start_section(
            Section::kAttachment, &a.body,
            "/gongwen/attachments/" + std::to_string(g.attachments.size() - 1) + "/body/");
        return;
      }
      case GongwenField::kPresent:
        return set_once(line, f, g.present, std::move(value));
      case GongwenField::kAbsent:
        return set_once(line, f, g.absent, std::move(value));
      case GongwenField::kAttending:
        return set_once(line, f, g.attending, std::move(value));
    }
  }

  // A report without a title is named after its file: the name without folder and extension
  // ("report" when there is none).
  std::string title_from_file_name() const {
    std::string name(source_);
    const size_t slash = name.find_last_of('/');
    if (slash != std::string::npos) name = name.substr(slash + 1);
    const size_t dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0) name = name.substr(0, dot);
    return name.empty() ? "report" : name;
  }

  // What the fields decide together: the kind from the title, the attachment numbers, the
  // attachments' titles, the metadata both writers print.
  void finish_gongwen() {
    end_section();
    out_ = &report_.body;
    out_pointer_ = "/body/";
    Gongwen& g = *report_.gongwen;
    if (report_.metadata.title.empty()) {
      report_.metadata.title = title_from_file_name();
      warn(0, "the 公文 has no \"标题:\"; it is named \"" + report_.metadata.title + "\"",
           "/metadata/title");
    }
    if (std::optional<GongwenKind> kind = kind_from_title(report_.metadata.title)) {
      g.kind = *kind;
    } else {
      warn(title_line_,
           "the title ends in no kind of 公文 (通知, 函, 请示, 报告, 纪要, 令, …); "
           "it is set in the general format of a 通知",
           "/gongwen/kind");
    }
    // §7.3.4: several attachments are numbered "1." "2." by the layout, so a published number
    // that is the one the layout prints is stripped; a single attachment carries none.
    const bool numbered = attachment_note_.size() > 1;
    for (size_t i = 0; i < attachment_note_.size(); ++i) {
      auto& [line, text] = attachment_note_[i];
      std::string name = text;
      if (numbered) {
        const AttachmentName a = strip_attachment_number(text, static_cast<int>(i) + 1);
        if (a.stripped) {
          name = a.name;
          if (!a.separator_ok) {
            warn(line,
                 "the attachment number of \"" + text + "\" is printed \"" + std::to_string(i + 1) +
                     ".\" (GB/T 9704 §7.3.4)",
                 "/gongwen/attachment_note/" + std::to_string(i));
          }
        } else {
          warn(line,
               "\"" + text + "\" has not the number " + std::to_string(i + 1) +
                   "; the layout prints \"" + std::to_string(i + 1) + ".\" before it",
               "/gongwen/attachment_note/" + std::to_string(i));
        }
      }
      g.attachment_note.push_back(std::move(name));
    }
    for (size_t i = 0; i < g.attachments.size(); ++i) {
      Attachment& a = g.attachments[i];
      if (!a.title.empty()) continue;
      if (i < g.attachment_note.size()) {
        a.title = g.attachment_note[i];
      } else {
        warn(attachment_lines_[i],
             "\"附件正文:\" number " + std::to_string(i + 1) +
                 " has no title and no \"附件:\" line to name it",
             "/gongwen/attachments/" + std::to_string(i) + "/title");
      }
    }
    if (g.attachments.size() > g.attachment_note.size() && !g.attachment_note.empty()) {
      warn(attachment_lines_[g.attachment_note.size()],
           "more \"附件正文:\" than \"附件:\" lines; the 附件说明 lists only the named ones");
    }
    if (g.authorities.empty()) {
      warn(0, "the 公文 has no \"发文机关:\"", "/gongwen/authorities");
    } else {
      report_.metadata.organisation = g.authorities.front();
    }
    if (!g.date.empty()) {
      if (std::optional<std::string> iso = iso_date(*decode_utf8(g.date))) {
        report_.metadata.date = *iso;
      } else {
        warn(date_line_, "\"成文日期\" is not a date like 2023年5月6日: \"" + g.date + "\"",
             "/gongwen/date");
      }
    }
  }

  enum class Mode { kUndecided, kReport, kGongwen, kPlainGongwen };
  Mode mode_ = Mode::kUndecided;
  std::vector<TextLine> undecided_;  // the masthead line and blanks, until the next line decides
  Plain plain_ = Plain::kHead;
  std::vector<TextLine> title_lines_;
  std::vector<TextLine> held_;  // possible 署名 lines
  Section section_ = Section::kNone;
  bool body_seen_ = false;
  int title_line_ = 0;
  int date_line_ = 0;
  std::vector<std::pair<int, std::string>> attachment_note_;  // line, name as published
  std::vector<int> attachment_lines_;                         // of each "附件正文:"

  std::string_view source_;
  std::vector<Diagnostic> diagnostics_;
  Report report_;
  std::vector<Block>* out_ = &report_.body;  // where blocks go: the body or an attachment's
  std::string out_pointer_ = "/body/";
  int number_ = 0;           // lines read
  std::size_t offset_ = 0;   // bytes read, line breaks included
  bool failed_ = false;      // invalid UTF-8 seen: the rest is not read
  bool any_block_ = false;   // a block with text was seen
  std::vector<TextLine> block_;               // the block being read
  std::deque<std::vector<TextLine>> blocks_;  // complete blocks not yet added (at most two)
  std::u32string paragraph_;
  int counters_[5] = {0, 0, 0, 0, 0};
};

}  // namespace

ReadResult import_text(std::string_view text, std::string_view source_name) {
  // The JSON an archive becomes is about twice its size; past this limit paiban could not read
  // its own output (issue #15), so the archive is refused before any work, at the line where the
  // limit falls.
  if (text.size() > limits::kMaxImportBytes) {
    ReadResult result;
    Diagnostic d;
    d.source = std::string(source_name);
    d.line = 1 + static_cast<int>(std::count(text.begin(),
                                             text.begin() + limits::kMaxImportBytes, '\n'));
    d.message = "text too large: " + std::to_string(text.size()) + " bytes, the limit is " +
                std::to_string(limits::kMaxImportBytes);
    result.diagnostics.push_back(std::move(d));
    return result;
  }
  Importer importer(source_name);
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      importer.add_line(text.substr(start));
      break;
    }
    importer.add_line(text.substr(start, end - start));
    start = end + 1;
  }
  return importer.finish();
}

ReadResult import_file(const std::string& path, std::string_view source_name,
                       std::string& io_error) {
  Importer importer(source_name);
  const io::ReadOutcome read = io::read_lines_bounded(
      path, limits::kMaxImportBytes, [&](std::string_view line) { importer.add_line(line); });
  if (!read.ok()) {
    io_error = read.message;
    return {};
  }
  return importer.finish();
}

}  // namespace paiban::import
