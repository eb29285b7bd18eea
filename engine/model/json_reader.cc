// JSON → report model. The format is docs/report-format.md; schemas/report.schema.json states the
// same rules for editors, except the table geometry, which only this reader checks.
//
// Order of work, each step only when the previous one passed, so a message is never caused by an
// earlier one: size limit → UTF-8 → nesting depth → syntax (nlohmann-json) → duplicate keys and
// the model walk (every error of the file, keep going) → line and column for every pointer.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "did_you_mean.h"
#include "enum_names.h"
#include "json_io.h"
#include "json_positions.h"
#include "paiban_limits.h"
#include "utf8.h"
#include "value_syntax.h"

namespace paiban::json {
namespace {

using Json = nlohmann::json;
using Keys = std::span<const std::string_view>;

enum class BlockKind { kHeading, kParagraph, kTable, kPageBreak, kSignature, kSpacer };
constexpr std::array<EnumName<BlockKind>, 6> kBlockKinds = {{{"heading", BlockKind::kHeading},
                                                             {"paragraph", BlockKind::kParagraph},
                                                             {"table", BlockKind::kTable},
                                                             {"page_break", BlockKind::kPageBreak},
                                                             {"signature", BlockKind::kSignature},
                                                             {"spacer", BlockKind::kSpacer}}};

enum class NumberingWord { kAuto, kNone };
constexpr std::array<EnumName<NumberingWord>, 2> kNumberings = {
    {{"auto", NumberingWord::kAuto}, {"none", NumberingWord::kNone}}};

// The keys each object may have. Kept in the writer's order (docs/report-format.md).
constexpr std::array<std::string_view, 5> kReportKeys = {"metadata", "style", "show_title", "body",
                                                         "gongwen"};
constexpr std::array<std::string_view, 7> kMetadataKeys = {
    "title", "subtitle", "organisation", "date", "doc_number", "keywords", "language"};
constexpr std::array<std::string_view, 2> kStyleKeys = {"name", "overrides"};
constexpr std::array<std::string_view, 7> kHeadingKeys = {"type",   "level",     "text",  "runs",
                                                          "number", "numbering", "run_in"};
constexpr std::array<std::string_view, 5> kParagraphKeys = {"type", "text", "runs", "align",
                                                            "indent"};
constexpr std::array<std::string_view, 8> kTableKeys = {
    "type", "form", "caption", "header_rows", "header_columns", "columns", "rows", "note"};
constexpr std::array<std::string_view, 1> kPageBreakKeys = {"type"};
constexpr std::array<std::string_view, 3> kSignatureKeys = {"type", "organisation", "date"};
constexpr std::array<std::string_view, 2> kSpacerKeys = {"type", "height"};
constexpr std::array<std::string_view, 6> kRunKeys = {"text",      "bold", "italic",
                                                      "underline", "font", "size"};
constexpr std::array<std::string_view, 2> kColumnKeys = {"width", "align"};
constexpr std::array<std::string_view, 1> kRowKeys = {"cells"};
constexpr std::array<std::string_view, 17> kGongwenKeys = {
    "kind", "copy_number", "classification", "secrecy_period", "urgency",         "authorities",
    "mark", "doc_number",  "signers",        "addressees",     "attachment_note", "signatures",
    "date", "note",        "attachments",    "minutes",        "record"};
constexpr std::array<std::string_view, 2> kGongwenSignatureKeys = {"name", "seal"};
constexpr std::array<std::string_view, 2> kSealKeys = {"image", "diameter"};
constexpr std::array<std::string_view, 2> kAttachmentKeys = {"title", "body"};
constexpr std::array<std::string_view, 3> kRecordKeys = {"copies_to", "printer", "print_date"};
constexpr std::array<std::string_view, 3> kMinutesKeys = {"present", "absent", "attending"};
constexpr std::array<std::string_view, 6> kCellKeys = {"text",    "paragraphs", "rowspan",
                                                       "colspan", "align",      "valign"};

Run text_run(std::string text) {
  Run run;
  run.text = std::move(text);
  return run;
}

Paragraph text_paragraph(std::string text) {
  Paragraph paragraph;
  paragraph.runs.push_back(text_run(std::move(text)));
  return paragraph;
}

std::string child(const std::string& pointer, std::string_view key) {
  std::string out = pointer;
  append_pointer_token(out, key);
  return out;
}

std::string child(const std::string& pointer, std::size_t index) {
  return pointer + '/' + std::to_string(index);
}

std::string quote_text(std::string_view text) {
  return Json(truncate_text(text, 40)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// What a value is, for "expected …, got …".
std::string describe(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return j.dump();
    case Json::value_t::string:
      return "a string " + quote_text(j.get_ref<const std::string&>());
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "a value";
  }
}

template <typename T>
std::string enum_list(std::span<const EnumName<T>> names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + std::string(n.name);
  return out;
}

template <typename T>
std::vector<std::string_view> enum_words(std::span<const EnumName<T>> names) {
  std::vector<std::string_view> words;
  for (const auto& n : names) words.push_back(n.name);
  return words;
}

// "1, 3 to 5": 0-based grid indices as ranges.
std::string index_ranges(const std::vector<int>& indices) {
  std::string out;
  for (std::size_t i = 0; i < indices.size();) {
    std::size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(indices[i]);
    if (j > i) out += " to " + std::to_string(indices[j]);
    i = j + 1;
  }
  return out;
}

// Walks the parsed document into the model, reporting every problem and going on after each:
// a value that cannot be read keeps its default, and the walk continues with its siblings.
class Reader {
 public:
  explicit Reader(std::vector<Diagnostic>& diagnostics) : diagnostics_(diagnostics) {}

  Report read(const Json& root) {
    Report report;
    if (!root.is_object()) {
      error("", "expected a report object {\"metadata\": …, \"body\": […]}, got " + describe(root));
      return report;
    }
    check_keys(root, "", kReportKeys, "a report");
    if (const Json* metadata = member(root, "metadata")) {
      report.metadata = read_metadata(*metadata, "/metadata");
    } else {
      missing(root, "", "metadata", kReportKeys,
              "missing required key \"metadata\" (an object with at least a \"title\")");
    }
    if (const Json* style = member(root, "style")) report.style = read_style(*style, "/style");
    if (const Json* show = member(root, "show_title")) {
      if (auto v = read_bool(*show, "/show_title")) report.show_title = *v;
    }
    if (const Json* body = member(root, "body")) {
      if (check_array(*body, "/body", "an array of blocks", limits::kMaxBlocks, "blocks")) {
        report.body.reserve(body->size());
        for (std::size_t i = 0; i < body->size(); ++i) {
          if (auto block = read_block((*body)[i], child("/body", i))) {
            report.body.push_back(std::move(*block));
          }
        }
      }
    } else {
      missing(root, "", "body", kReportKeys, "missing required key \"body\" (an array of blocks)");
    }
    if (const Json* gongwen = member(root, "gongwen")) {
      report.gongwen = read_gongwen(*gongwen, "/gongwen");
    }
    return report;
  }

 private:
  void error(const std::string& pointer, std::string message, std::string hint = {}) {
    if (diagnostics_.size() > limits::kMaxDiagnostics) return;
    Diagnostic d;
    d.severity = Severity::kError;
    if (diagnostics_.size() == limits::kMaxDiagnostics) {
      d.message =
          "too many errors; stopped reporting after " + std::to_string(limits::kMaxDiagnostics);
    } else {
      d.pointer = pointer;
      d.message = std::move(message);
      d.hint = std::move(hint);
    }
    diagnostics_.push_back(std::move(d));
  }

  static const Json* member(const Json& object, std::string_view key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  // Every key not in `allowed` is an error, with a hint when it looks like a typo of one.
  void check_keys(const Json& object, const std::string& pointer, Keys allowed,
                  std::string_view what) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string list;
      for (const std::string_view k : allowed) list += (list.empty() ? "" : ", ") + std::string(k);
      std::string hint = did_you_mean(key, allowed);
      if (hint.empty()) hint = "allowed keys: " + list;
      error(child(pointer, key), "unknown key " + quote_text(key) + " in " + std::string(what),
            std::move(hint));
    }
  }

  // True when `object` has an unknown key that looks like a typo of `key`: its unknown-key error
  // already says "did you mean", so a "missing key" error would only repeat it.
  static bool has_typo_of(const Json& object, std::string_view key, Keys allowed) {
    for (const auto& [k, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
      if (closest_match(k, allowed) == key) return true;
    }
    return false;
  }

  void missing(const Json& object, const std::string& pointer, std::string_view key, Keys allowed,
               std::string message) {
    if (!has_typo_of(object, key, allowed)) error(pointer, std::move(message));
  }

  bool expect_object(const Json& j, const std::string& pointer, std::string_view expected) {
    if (j.is_object()) return true;
    error(pointer, "expected " + std::string(expected) + ", got " + describe(j));
    return false;
  }

  bool check_array(const Json& j, const std::string& pointer, std::string_view expected,
                   std::size_t max_size, std::string_view items, std::size_t min_size = 0) {
    if (!j.is_array()) {
      error(pointer, "expected " + std::string(expected) + ", got " + describe(j));
      return false;
    }
    if (j.size() > max_size) {
      error(pointer, "too many " + std::string(items) + ": " + std::to_string(j.size()) +
                         ", the limit is " + std::to_string(max_size));
      return false;
    }
    if (j.size() < min_size) {
      error(pointer, "expected at least " + std::to_string(min_size) + " " +
                         std::string(min_size == 1 ? items.substr(0, items.size() - 1) : items) +
                         ", got none");
      return false;
    }
    return true;
  }

  std::optional<std::string> read_string(const Json& j, const std::string& pointer,
                                         bool non_empty = false) {
    if (!j.is_string()) {
      std::string hint;
      if (j.is_number()) hint = "write it in quotes: \"" + j.dump() + "\"";
      error(pointer,
            std::string("expected ") + (non_empty ? "a non-empty string" : "a string") + ", got " +
                describe(j),
            std::move(hint));
      return std::nullopt;
    }
    const auto& s = j.get_ref<const std::string&>();
    if (s.size() > limits::kMaxTextBytes) {
      error(pointer, "text too long: " + std::to_string(s.size()) + " bytes, the limit is " +
                         std::to_string(limits::kMaxTextBytes));
      return std::nullopt;
    }
    if (non_empty && s.empty()) {
      error(pointer, "expected a non-empty string, got \"\"");
      return std::nullopt;
    }
    return s;
  }

  std::optional<bool> read_bool(const Json& j, const std::string& pointer) {
    if (j.is_boolean()) return j.get<bool>();
    std::string hint;
    if (j.is_string() && (j == "true" || j == "false")) {
      hint = "write " + j.get<std::string>() + " without quotes";
    }
    error(pointer, "expected true or false, got " + describe(j), std::move(hint));
    return std::nullopt;
  }

  // An integer in [min, max]. `bounded` ranges are stated in full ("from 1 to 4"); for the others
  // the upper end is a resource limit and only stated when exceeded.
  std::optional<int> read_int(const Json& j, const std::string& pointer, std::int64_t min,
                              std::int64_t max, bool bounded) {
    const std::string expected =
        bounded ? "expected an integer from " + std::to_string(min) + " to " + std::to_string(max)
                : "expected an integer >= " + std::to_string(min);
    if (!j.is_number_integer()) {
      std::string hint;
      if (j.is_string()) {
        const auto& s = j.get_ref<const std::string&>();
        if (!s.empty() && s.size() < 10 &&
            std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          hint = "write " + s + " without quotes";
        }
      }
      error(pointer, expected + ", got " + describe(j), std::move(hint));
      return std::nullopt;
    }
    const bool too_large = j.is_number_unsigned()
                               ? j.get<std::uint64_t>() > static_cast<std::uint64_t>(max)
                               : j.get<std::int64_t>() > max;
    if (too_large) {
      error(pointer, bounded ? expected + ", got " + j.dump()
                             : "expected an integer <= " + std::to_string(max) +
                                   " (the limit), got " + j.dump());
      return std::nullopt;
    }
    const std::int64_t value = j.get<std::int64_t>();
    if (value < min) {
      error(pointer, expected + ", got " + j.dump());
      return std::nullopt;
    }
    return static_cast<int>(value);
  }

  template <typename T>
  std::optional<T> read_enum(const Json& j, const std::string& pointer,
                             std::span<const EnumName<T>> all) {
    if (j.is_string()) {
      const auto& s = j.get_ref<const std::string&>();
      for (const auto& n : all) {
        if (n.name == s) return n.value;
      }
      const std::vector<std::string_view> words = enum_words(all);
      error(pointer, "expected one of " + enum_list(all) + ", got " + quote_text(s),
            did_you_mean(s, words));
      return std::nullopt;
    }
    error(pointer, "expected one of " + enum_list(all) + ", got " + describe(j));
    return std::nullopt;
  }

  std::optional<std::string> read_length(const Json& j, const std::string& pointer,
                                         LengthKind kind) {
    if (j.is_string() && is_length(j.get_ref<const std::string&>(), kind)) {
      return j.get<std::string>();
    }
    std::string hint;
    if (j.is_number()) {
      hint = "lengths are strings with a unit, e.g. \"" + j.dump() + "pt\"";
    } else if (j.is_string()) {
      const auto& s = j.get_ref<const std::string&>();
      if (!s.empty() && std::all_of(s.begin(), s.end(),
                                    [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
        hint = "add a unit, e.g. \"" + s + "pt\"";
      }
    }
    error(pointer, "expected " + std::string(describe_length(kind)) + ", got " + describe(j),
          std::move(hint));
    return std::nullopt;
  }

  Metadata read_metadata(const Json& j, const std::string& pointer) {
    Metadata m;
    if (!expect_object(j, pointer, "an object with at least a \"title\"")) return m;
    check_keys(j, pointer, kMetadataKeys, "the metadata");
    if (const Json* title = member(j, "title")) {
      if (auto s = read_string(*title, child(pointer, "title"), true)) m.title = *s;
    } else {
      missing(j, pointer, "title", kMetadataKeys, "missing required key \"title\"");
    }
    auto optional_string = [&](std::string_view key, std::string& out) {
      if (const Json* v = member(j, key)) {
        if (auto s = read_string(*v, child(pointer, key))) out = *s;
      }
    };
    optional_string("subtitle", m.subtitle);
    optional_string("organisation", m.organisation);
    optional_string("doc_number", m.doc_number);
    if (const Json* date = member(j, "date")) {
      const std::string p = child(pointer, "date");
      if (auto s = read_string(*date, p)) {
        if (s->empty() || is_iso_date(*s)) {
          m.date = *s;
        } else {
          error(p, "expected an ISO date YYYY-MM-DD that exists, got " + quote_text(*s));
        }
      }
    }
    if (const Json* keywords = member(j, "keywords")) {
      const std::string p = child(pointer, "keywords");
      if (check_array(*keywords, p, "an array of strings", limits::kMaxKeywords, "keywords")) {
        for (std::size_t i = 0; i < keywords->size(); ++i) {
          if (auto s = read_string((*keywords)[i], child(p, i))) m.keywords.push_back(*s);
        }
      }
    }
    if (const Json* language = member(j, "language")) {
      const std::string p = child(pointer, "language");
      if (auto s = read_string(*language, p)) {
        if (is_language_tag(*s)) {
          m.language = *s;
        } else {
          error(p, "expected a language tag such as \"zh-CN\", got " + quote_text(*s));
        }
      }
    }
    return m;
  }

  StyleRef read_style(const Json& j, const std::string& pointer) {
    StyleRef style;
    if (j.is_string()) {
      if (auto s = read_string(j, pointer, true)) style.name = *s;
      return style;
    }
    if (!j.is_object()) {
      error(pointer,
            "expected a style name such as \"gbt9704\" or an object {\"name\": …, \"overrides\": "
            "{…}}, got " +
                describe(j));
      return style;
    }
    check_keys(j, pointer, kStyleKeys, "the style");
    if (const Json* name = member(j, "name")) {
      if (auto s = read_string(*name, child(pointer, "name"), true)) style.name = *s;
    }
    if (const Json* overrides = member(j, "overrides")) {
      const std::string p = child(pointer, "overrides");
      if (!expect_object(
              *overrides, p,
              "an object of property paths and values, e.g. {\"body.size\": \"小四\"}")) {
        return style;
      }
      if (overrides->size() > limits::kMaxStyleOverrides) {
        error(p, "too many overrides: " + std::to_string(overrides->size()) + ", the limit is " +
                     std::to_string(limits::kMaxStyleOverrides));
        return style;
      }
      for (const auto& [key, value] : overrides->items()) {
        const std::string vp = child(p, key);
        if (key.empty()) {
          error(vp, "expected a property path such as \"body.size\", got \"\"");
          continue;
        }
        if (auto s = read_string(value, vp)) style.overrides[key] = *s;
      }
    }
    return style;
  }

  std::optional<Block> read_block(const Json& j, const std::string& pointer) {
    if (!expect_object(j, pointer, "a block object with a \"type\"")) return std::nullopt;
    const Json* type = member(j, "type");
    if (!type) {
      // The keys cannot be checked without a type, so a misspelt "type" gets its hint here.
      std::string hint;
      constexpr std::array<std::string_view, 1> kType = {"type"};
      for (const auto& [key, value] : j.items()) {
        if (!closest_match(key, kType).empty()) {
          hint = "did you mean \"type\" instead of " + quote_text(key) + "?";
        }
      }
      error(pointer,
            "missing required key \"type\" (one of " +
                enum_list(std::span<const EnumName<BlockKind>>(kBlockKinds)) + ")",
            std::move(hint));
      return std::nullopt;
    }
    const auto kind = read_enum<BlockKind>(*type, child(pointer, "type"), kBlockKinds);
    if (!kind) return std::nullopt;
    switch (*kind) {
      case BlockKind::kHeading:
        return read_heading(j, pointer);
      case BlockKind::kParagraph:
        check_keys(j, pointer, kParagraphKeys, "a paragraph");
        return read_paragraph_body(j, pointer);
      case BlockKind::kTable:
        return read_table(j, pointer);
      case BlockKind::kPageBreak:
        check_keys(j, pointer, kPageBreakKeys, "a page break");
        return PageBreak{};
      case BlockKind::kSignature: {
        check_keys(j, pointer, kSignatureKeys, "a signature");
        Signature s;
        if (const Json* v = member(j, "organisation")) {
          if (auto t = read_string(*v, child(pointer, "organisation"))) s.organisation = *t;
        }
        if (const Json* v = member(j, "date")) {
          if (auto t = read_string(*v, child(pointer, "date"))) s.date = *t;
        }
        return s;
      }
      case BlockKind::kSpacer: {
        check_keys(j, pointer, kSpacerKeys, "a spacer");
        Spacer s;
        if (const Json* v = member(j, "height")) {
          if (auto h = read_length(*v, child(pointer, "height"), LengthKind::kHeight)) {
            s.height = *h;
          }
        }
        return s;
      }
    }
    return std::nullopt;
  }

  // An array of strings (each a name), at most kMaxGongwenNames of them.
  std::vector<std::string> read_names(const Json& j, const std::string& pointer) {
    std::vector<std::string> out;
    if (!check_array(j, pointer, "an array of strings", limits::kMaxGongwenNames, "names")) {
      return out;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (auto s = read_string(j[i], child(pointer, i), true)) out.push_back(*s);
    }
    return out;
  }

  std::vector<Block> read_blocks(const Json& j, const std::string& pointer) {
    std::vector<Block> out;
    if (!check_array(j, pointer, "an array of blocks", limits::kMaxBlocks, "blocks")) return out;
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (auto block = read_block(j[i], child(pointer, i))) out.push_back(std::move(*block));
    }
    return out;
  }

  // The 公文 object (docs/report-format.md "公文"): content only, never geometry.
  Gongwen read_gongwen(const Json& j, const std::string& pointer) {
    Gongwen g;
    if (!expect_object(j, pointer, "a 公文 object with a \"kind\"")) return g;
    check_keys(j, pointer, kGongwenKeys, "the 公文 object");
    if (const Json* kind = member(j, "kind")) {
      if (auto k = read_enum<GongwenKind>(*kind, child(pointer, "kind"), gongwen_kind_names())) {
        g.kind = *k;
      }
    } else {
      missing(j, pointer, "kind", kGongwenKeys,
              "missing required key \"kind\" (one of " + enum_list(gongwen_kind_names()) + ")");
    }
    auto text = [&](const Json& object, const std::string& at, std::string_view key,
                    std::string& out) {
      if (const Json* v = member(object, key)) {
        if (auto s = read_string(*v, child(at, key))) out = *s;
      }
    };
    text(j, pointer, "copy_number", g.copy_number);
    text(j, pointer, "classification", g.classification);
    text(j, pointer, "secrecy_period", g.secrecy_period);
    text(j, pointer, "urgency", g.urgency);
    text(j, pointer, "mark", g.mark);
    text(j, pointer, "doc_number", g.doc_number);
    text(j, pointer, "addressees", g.addressees);
    text(j, pointer, "date", g.date);
    text(j, pointer, "note", g.note);
    if (!g.copy_number.empty() &&
        (g.copy_number.size() != 6 || !std::all_of(g.copy_number.begin(), g.copy_number.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; }))) {
      error(child(pointer, "copy_number"),
            "expected six Arabic digits (GB/T 9704 §7.2.1), got " + quote_text(g.copy_number),
            "write the copy number with leading zeros, e.g. \"000001\"");
    }
    if (!g.secrecy_period.empty() && g.classification.empty()) {
      error(child(pointer, "secrecy_period"),
            "a 保密期限 needs its 密级: \"classification\" is missing");
    }
    if (const Json* v = member(j, "authorities")) {
      g.authorities = read_names(*v, child(pointer, "authorities"));
    }
    if (const Json* v = member(j, "signers")) g.signers = read_names(*v, child(pointer, "signers"));
    if (const Json* v = member(j, "attachment_note")) {
      g.attachment_note = read_names(*v, child(pointer, "attachment_note"));
    }
    if (const Json* v = member(j, "signatures")) {
      const std::string p = child(pointer, "signatures");
      if (check_array(*v, p, "an array of signatures {\"name\": …, \"seal\": …}",
                      limits::kMaxGongwenNames, "signatures")) {
        for (std::size_t i = 0; i < v->size(); ++i) {
          const std::string sp = child(p, i);
          const Json& sj = (*v)[i];
          if (!expect_object(sj, sp, "a signature {\"name\": …, \"seal\": …}")) continue;
          check_keys(sj, sp, kGongwenSignatureKeys, "a signature");
          GongwenSignature sig;
          if (const Json* name = member(sj, "name")) {
            if (auto s = read_string(*name, child(sp, "name"), true)) sig.name = *s;
          } else {
            missing(sj, sp, "name", kGongwenSignatureKeys,
                    "missing required key \"name\" (the authority as signed)");
          }
          if (const Json* seal = member(sj, "seal")) sig.seal = read_seal(*seal, child(sp, "seal"));
          g.signatures.push_back(std::move(sig));
        }
      }
    }
    if (const Json* v = member(j, "attachments")) {
      const std::string p = child(pointer, "attachments");
      if (check_array(*v, p, "an array of attachments {\"title\": …, \"body\": […]}",
                      limits::kMaxGongwenNames, "attachments")) {
        for (std::size_t i = 0; i < v->size(); ++i) {
          const std::string ap = child(p, i);
          const Json& aj = (*v)[i];
          if (!expect_object(aj, ap, "an attachment {\"title\": …, \"body\": […]}")) continue;
          check_keys(aj, ap, kAttachmentKeys, "an attachment");
          Attachment a;
          if (const Json* t = member(aj, "title")) {
            if (auto s = read_string(*t, child(ap, "title"), true)) a.title = *s;
          } else {
            missing(aj, ap, "title", kAttachmentKeys, "missing required key \"title\"");
          }
          if (const Json* b = member(aj, "body")) a.body = read_blocks(*b, child(ap, "body"));
          g.attachments.push_back(std::move(a));
        }
      }
    }
    if (const Json* v = member(j, "minutes")) {
      const std::string p = child(pointer, "minutes");
      if (expect_object(*v, p, "an object {\"present\": …, \"absent\": …, \"attending\": …}")) {
        check_keys(*v, p, kMinutesKeys, "the minutes' lists");
        text(*v, p, "present", g.present);
        text(*v, p, "absent", g.absent);
        text(*v, p, "attending", g.attending);
      }
    }
    if (const Json* v = member(j, "record")) {
      const std::string p = child(pointer, "record");
      if (expect_object(*v, p,
                        "a 版记 object {\"copies_to\": …, \"printer\": …, \"print_date\": …}")) {
        check_keys(*v, p, kRecordKeys, "the 版记");
        GongwenRecord r;
        text(*v, p, "copies_to", r.copies_to);
        text(*v, p, "printer", r.printer);
        text(*v, p, "print_date", r.print_date);
        g.record = std::move(r);
      }
    }
    return g;
  }

  Seal read_seal(const Json& j, const std::string& pointer) {
    Seal seal;
    if (!expect_object(j, pointer, "a seal {\"image\": \"seal.png\", \"diameter\": \"42mm\"}")) {
      return seal;
    }
    check_keys(j, pointer, kSealKeys, "a seal");
    if (const Json* image = member(j, "image")) {
      if (auto s = read_string(*image, child(pointer, "image"), true)) seal.image = *s;
    } else {
      missing(j, pointer, "image", kSealKeys,
              "missing required key \"image\" (a PNG or JPEG file beside the report)");
    }
    if (const Json* d = member(j, "diameter")) {
      if (auto len = read_length(*d, child(pointer, "diameter"), LengthKind::kHeight)) {
        seal.diameter = *len;
      }
    }
    return seal;
  }

  Run read_run(const Json& j, const std::string& pointer) {
    Run run;
    if (!j.is_object()) {
      std::string hint;
      if (j.is_string())
        hint = "write {\"text\": " + quote_text(j.get_ref<const std::string&>()) + "}";
      error(pointer, "expected a run object {\"text\": …}, got " + describe(j), std::move(hint));
      return run;
    }
    check_keys(j, pointer, kRunKeys, "a run");
    if (const Json* text = member(j, "text")) {
      if (auto s = read_string(*text, child(pointer, "text"))) run.text = *s;
    } else {
      missing(j, pointer, "text", kRunKeys, "missing required key \"text\"");
    }
    auto flag = [&](std::string_view key, std::optional<bool>& out) {
      if (const Json* v = member(j, key)) out = read_bool(*v, child(pointer, key));
    };
    flag("bold", run.bold);
    flag("italic", run.italic);
    flag("underline", run.underline);
    if (const Json* font = member(j, "font")) {
      if (auto role = read_enum(*font, child(pointer, "font"), font_role_names())) run.font = *role;
    }
    if (const Json* size = member(j, "size")) {
      if (auto s = read_length(*size, child(pointer, "size"), LengthKind::kFontSize)) {
        run.size = *s;
      }
    }
    return run;
  }

  std::vector<Run> read_runs(const Json& j, const std::string& pointer) {
    std::vector<Run> runs;
    if (!check_array(j, pointer, "an array of runs [{\"text\": …}, …]", limits::kMaxRuns, "runs")) {
      return runs;
    }
    runs.reserve(j.size());
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < j.size(); ++i) {
      runs.push_back(read_run(j[i], child(pointer, i)));
      // paiban_limits.h kMaxParagraphBytes: each run is within kMaxTextBytes, but many runs can
      // still make one paragraph that line breaking would have to hold whole.
      bytes += runs.back().text.size();
      if (bytes > limits::kMaxParagraphBytes) {
        error(child(child(pointer, i), "text"),
              "paragraph too long: its runs hold more than " +
                  std::to_string(limits::kMaxParagraphBytes) + " bytes of text up to here, the limit is " +
                  std::to_string(limits::kMaxParagraphBytes));
        runs.clear();
        return runs;
      }
    }
    return runs;
  }

  // "text" (one plain run) or "runs" (an array of runs); exactly one of them.
  std::vector<Run> read_text_or_runs(const Json& j, const std::string& pointer, Keys allowed) {
    const Json* text = member(j, "text");
    const Json* runs = member(j, "runs");
    if (text && runs) {
      error(pointer, "give either \"text\" or \"runs\", not both");
      return {};
    }
    if (text) {
      if (auto s = read_string(*text, child(pointer, "text"))) return {text_run(*s)};
      return {};
    }
    if (runs) return read_runs(*runs, child(pointer, "runs"));
    if (!has_typo_of(j, "runs", allowed)) {
      missing(j, pointer, "text", allowed, "missing required key \"text\" (or \"runs\")");
    }
    return {};
  }

  // The keys of a paragraph other than "type", which the caller checks.
  Paragraph read_paragraph_body(const Json& j, const std::string& pointer) {
    Paragraph p;
    p.runs = read_text_or_runs(j, pointer, kParagraphKeys);
    if (const Json* align = member(j, "align")) {
      if (auto a = read_enum(*align, child(pointer, "align"), halign_names())) p.align = *a;
    }
    if (const Json* indent = member(j, "indent")) {
      p.first_line_indent = read_bool(*indent, child(pointer, "indent"));
    }
    return p;
  }

  Heading read_heading(const Json& j, const std::string& pointer) {
    check_keys(j, pointer, kHeadingKeys, "a heading");
    Heading h;
    if (const Json* level = member(j, "level")) {
      if (auto v = read_int(*level, child(pointer, "level"), 1, 4, true)) h.level = *v;
    } else {
      missing(j, pointer, "level", kHeadingKeys, "missing required key \"level\" (1 to 4)");
    }
    h.runs = read_text_or_runs(j, pointer, kHeadingKeys);
    const Json* number = member(j, "number");
    const Json* numbering = member(j, "numbering");
    if (number && numbering) {
      error(child(pointer, "numbering"),
            "\"numbering\" cannot be combined with \"number\", which is printed as given");
    } else if (number) {
      if (auto s = read_string(*number, child(pointer, "number"))) {
        h.numbering = Numbering::kExplicit;
        h.number = *s;
      }
    } else if (numbering) {
      if (auto n = read_enum<NumberingWord>(*numbering, child(pointer, "numbering"), kNumberings)) {
        h.numbering = *n == NumberingWord::kNone ? Numbering::kNone : Numbering::kAuto;
      }
    }
    if (const Json* run_in = member(j, "run_in")) {
      const std::string p = child(pointer, "run_in");
      Paragraph body;
      if (run_in->is_string()) {
        if (auto s = read_string(*run_in, p)) body.runs.push_back(text_run(*s));
      } else if (run_in->is_array()) {
        body.runs = read_runs(*run_in, p);
      } else {
        error(p, "expected a string or an array of runs, got " + describe(*run_in));
      }
      h.run_in_body = std::move(body);
    }
    return h;
  }

  // A paragraph inside a cell: a string, or a paragraph object whose "type" may be left out.
  Paragraph read_cell_paragraph(const Json& j, const std::string& pointer) {
    if (j.is_string()) {
      Paragraph p;
      if (auto s = read_string(j, pointer)) p.runs.push_back(text_run(*s));
      return p;
    }
    if (!expect_object(j, pointer, "a paragraph: a string or an object {\"text\": …}")) return {};
    check_keys(j, pointer, kParagraphKeys, "a paragraph");
    if (const Json* type = member(j, "type")) {
      if (!(type->is_string() && *type == "paragraph")) {
        error(child(pointer, "type"),
              "expected \"paragraph\" (or no \"type\"), got " + describe(*type));
      }
    }
    return read_paragraph_body(j, pointer);
  }

  // Reads a cell; sets `spans_known` to false when a span could not be read, so the geometry
  // check does not report errors that only follow from a guessed span.
  TableCell read_cell(const Json& j, const std::string& pointer, bool& spans_known) {
    TableCell cell;
    if (j.is_string()) {
      if (auto s = read_string(j, pointer)) {
        cell.paragraphs.push_back(text_paragraph(*s));
      }
      return cell;
    }
    if (!j.is_object()) {
      // Counted as a 1×1 cell: the usual case is a number written without quotes.
      std::string hint;
      if (j.is_number()) hint = "write it in quotes: \"" + j.dump() + "\"";
      error(pointer, "expected a cell: a string or an object {\"text\": …}, got " + describe(j),
            std::move(hint));
      return cell;
    }
    check_keys(j, pointer, kCellKeys, "a table cell");
    if (has_typo_of(j, "rowspan", kCellKeys) || has_typo_of(j, "colspan", kCellKeys)) {
      spans_known = false;
    }
    const Json* text = member(j, "text");
    const Json* paragraphs = member(j, "paragraphs");
    if (text && paragraphs) {
      error(pointer, "give either \"text\" or \"paragraphs\", not both");
    } else if (text) {
      if (auto s = read_string(*text, child(pointer, "text"))) {
        cell.paragraphs.push_back(text_paragraph(*s));
      }
    } else if (paragraphs) {
      const std::string p = child(pointer, "paragraphs");
      if (check_array(*paragraphs, p, "an array of paragraphs", limits::kMaxCellParagraphs,
                      "paragraphs")) {
        for (std::size_t i = 0; i < paragraphs->size(); ++i) {
          cell.paragraphs.push_back(read_cell_paragraph((*paragraphs)[i], child(p, i)));
        }
      }
    }
    auto span = [&](std::string_view key, int& out) {
      if (const Json* v = member(j, key)) {
        if (auto n = read_int(*v, child(pointer, key), 1, limits::kMaxSpan, false)) {
          out = *n;
        } else {
          spans_known = false;
        }
      }
    };
    span("rowspan", cell.rowspan);
    span("colspan", cell.colspan);
    if (const Json* align = member(j, "align")) {
      if (auto a = read_enum(*align, child(pointer, "align"), halign_names())) cell.align = *a;
    }
    if (const Json* valign = member(j, "valign")) {
      if (auto a = read_enum(*valign, child(pointer, "valign"), valign_names())) cell.valign = *a;
    }
    return cell;
  }

  ColumnSpec read_column(const Json& j, const std::string& pointer) {
    ColumnSpec column;
    if (!expect_object(j, pointer, "a column spec {\"width\": …, \"align\": …}")) return column;
    check_keys(j, pointer, kColumnKeys, "a column spec");
    if (const Json* width = member(j, "width")) {
      if (auto w = read_length(*width, child(pointer, "width"), LengthKind::kColumnWidth)) {
        column.width = *w;
      }
    }
    if (const Json* align = member(j, "align")) {
      if (auto a = read_enum(*align, child(pointer, "align"), halign_names())) column.align = *a;
    }
    return column;
  }

  Table read_table(const Json& j, const std::string& pointer) {
    check_keys(j, pointer, kTableKeys, "a table");
    Table table;
    bool geometry_known = true;

    if (const Json* columns = member(j, "columns")) {
      const std::string p = child(pointer, "columns");
      if (columns->is_number_integer()) {
        if (auto n = read_int(*columns, p, 1, limits::kMaxTableColumns, false)) {
          table.columns.resize(static_cast<std::size_t>(*n));
        } else {
          geometry_known = false;
        }
      } else if (columns->is_array()) {
        if (check_array(*columns, p, "an array of column specs",
                        static_cast<std::size_t>(limits::kMaxTableColumns), "columns", 1)) {
          for (std::size_t i = 0; i < columns->size(); ++i) {
            table.columns.push_back(read_column((*columns)[i], child(p, i)));
          }
        } else {
          geometry_known = false;
        }
      } else {
        error(p, "expected the number of columns or an array of column specs, got " +
                     describe(*columns));
        geometry_known = false;
      }
    } else {
      missing(j, pointer, "columns", kTableKeys,
              "missing required key \"columns\" (a number of columns or an array of "
              "column specs)");
      geometry_known = false;
    }

    if (const Json* rows = member(j, "rows")) {
      const std::string p = child(pointer, "rows");
      if (check_array(*rows, p, "an array of rows [{\"cells\": […]}, …]",
                      static_cast<std::size_t>(limits::kMaxTableRows), "rows", 1)) {
        table.rows.reserve(rows->size());
        for (std::size_t r = 0; r < rows->size(); ++r) {
          table.rows.push_back(read_row((*rows)[r], child(p, r), geometry_known));
        }
      } else {
        geometry_known = false;
      }
    } else {
      missing(j, pointer, "rows", kTableKeys,
              "missing required key \"rows\" (an array of rows [{\"cells\": […]}, …])");
      geometry_known = false;
    }

    // Checked against the counts only when those were read; otherwise their error stands alone.
    auto header_count = [&](std::string_view key, int& out, std::size_t count, int limit,
                            std::string_view of) {
      const Json* v = member(j, key);
      if (!v) return;
      const std::string p = child(pointer, key);
      const auto n = read_int(*v, p, 0, limit, false);
      if (!n) return;
      if (count > 0 && static_cast<std::size_t>(*n) > count) {
        error(p, std::string(key) + " is " + std::to_string(*n) + " but the table has only " +
                     std::to_string(count) + " " + std::string(of));
        return;
      }
      out = *n;
    };
    header_count("header_rows", table.header_rows, table.rows.size(), limits::kMaxTableRows,
                 "rows");
    header_count("header_columns", table.header_columns, table.columns.size(),
                 limits::kMaxTableColumns, "columns");

    auto text = [&](std::string_view key, std::string& out) {
      if (const Json* v = member(j, key)) {
        if (auto s = read_string(*v, child(pointer, key))) out = *s;
      }
    };
    text("caption", table.caption);
    text("note", table.note);
    text("form", table.form);

    if (geometry_known) check_geometry(table, pointer);
    return table;
  }

  TableRow read_row(const Json& j, const std::string& pointer, bool& geometry_known) {
    TableRow row;
    if (!j.is_object()) {
      error(pointer, "expected a row object {\"cells\": […]}, got " + describe(j),
            j.is_array() ? "wrap the cells: {\"cells\": […]}" : "");
      geometry_known = false;
      return row;
    }
    check_keys(j, pointer, kRowKeys, "a table row");
    const Json* cells = member(j, "cells");
    if (!cells) {
      missing(j, pointer, "cells", kRowKeys, "missing required key \"cells\"");
      geometry_known = false;
      return row;
    }
    const std::string p = child(pointer, "cells");
    if (!check_array(*cells, p, "an array of cells",
                     static_cast<std::size_t>(limits::kMaxTableColumns), "cells")) {
      geometry_known = false;
      return row;
    }
    row.cells.reserve(cells->size());
    for (std::size_t i = 0; i < cells->size(); ++i) {
      row.cells.push_back(read_cell((*cells)[i], child(p, i), geometry_known));
    }
    return row;
  }

  // Places every cell on the grid of `table.columns.size()` columns the way a renderer will:
  // each row lists the cells that start in it, left to right, each at the first column not taken
  // by a rowspan from above (docs/report-format.md). Reports cells past the last column, spans
  // past the grid, overlaps and rows left short; then marks the header cells.
  void check_geometry(Table& table, const std::string& pointer) {
    const auto columns = static_cast<std::int64_t>(table.columns.size());
    const auto rows = static_cast<std::int64_t>(table.rows.size());
    if (columns == 0 || rows == 0) return;
    if (rows * columns > limits::kMaxTableGridCells) {
      error(pointer, "table too large: " + std::to_string(rows) + " rows × " +
                         std::to_string(columns) + " columns, the limit is " +
                         std::to_string(limits::kMaxTableGridCells) + " grid cells");
      return;
    }
    // owner[r * columns + c]: index into `owners` of the cell covering the slot, or -1.
    std::vector<int> owner(static_cast<std::size_t>(rows * columns), -1);
    std::vector<std::string> owners;
    auto slot = [&](std::int64_t r, std::int64_t c) -> int& {
      return owner[static_cast<std::size_t>(r * columns + c)];
    };
    const std::string rows_pointer = child(pointer, "rows");
    for (std::int64_t r = 0; r < rows; ++r) {
      TableRow& row = table.rows[static_cast<std::size_t>(r)];
      const std::string row_pointer = child(rows_pointer, static_cast<std::size_t>(r));
      const std::string row_at = "row " + std::to_string(r);
      std::int64_t c = 0;
      for (std::size_t i = 0; i < row.cells.size(); ++i) {
        TableCell& cell = row.cells[i];
        const std::string cell_pointer = child(child(row_pointer, "cells"), i);
        while (c < columns && slot(r, c) != -1) ++c;
        const std::string at = "cell at row " + std::to_string(r) + ", column " + std::to_string(c);
        if (c >= columns) {
          error(cell_pointer, row_at + " has too many cells: the " + at +
                                  " would start past the last column (the table has " +
                                  std::to_string(columns) + " columns)");
          break;
        }
        cell.header = r < table.header_rows || c < table.header_columns;
        std::int64_t colspan = cell.colspan;
        std::int64_t rowspan = cell.rowspan;
        if (c + colspan > columns) {
          error(child(cell_pointer, "colspan"),
                "colspan " + std::to_string(colspan) + " runs past the grid: the " + at +
                    " would cover columns " + std::to_string(c) + " to " +
                    std::to_string(c + colspan - 1) + ", but the table has " +
                    std::to_string(columns) + " columns");
          colspan = columns - c;
        }
        if (r + rowspan > rows) {
          error(child(cell_pointer, "rowspan"),
                "rowspan " + std::to_string(rowspan) + " runs past the last row: the " + at +
                    " would cover rows " + std::to_string(r) + " to " +
                    std::to_string(r + rowspan - 1) + ", but the table has " +
                    std::to_string(rows) + " rows");
          rowspan = rows - r;
        }
        const int id = static_cast<int>(owners.size());
        owners.push_back(cell_pointer);
        bool overlap_reported = false;
        for (std::int64_t rr = r; rr < r + rowspan; ++rr) {
          for (std::int64_t cc = c; cc < c + colspan; ++cc) {
            int& o = slot(rr, cc);
            if (o == -1) {
              o = id;
            } else if (!overlap_reported) {
              // Only a rowspan from an earlier row can hold a slot the cursor has not passed.
              error(cell_pointer, at + " overlaps the rowspan of " +
                                      owners[static_cast<std::size_t>(o)] + " at row " +
                                      std::to_string(rr) + ", column " + std::to_string(cc));
              overlap_reported = true;
            }
          }
        }
        c += colspan;
      }
      std::vector<int> empty;
      for (std::int64_t cc = 0; cc < columns; ++cc) {
        if (slot(r, cc) == -1) empty.push_back(static_cast<int>(cc));
      }
      if (!empty.empty()) {
        error(row_pointer,
              row_at + " is short: " + std::string(empty.size() == 1 ? "column " : "columns ") +
                  index_ranges(empty) + (empty.size() == 1 ? " is" : " are") +
                  " not filled (the table has " + std::to_string(columns) + " columns)");
      }
    }
  }

  std::vector<Diagnostic>& diagnostics_;
};

// Strips nlohmann-json's "[json.exception.parse_error.101] parse error at line 1, column 5: "
// prefix: the reader states the position itself, counted in characters, not bytes.
std::string syntax_message(const nlohmann::json::exception& e) {
  std::string message = e.what();
  if (const auto bracket = message.find("] "); bracket != std::string::npos) {
    message.erase(0, bracket + 2);
  }
  if (message.starts_with("parse error")) {
    if (const auto colon = message.find(": "); colon != std::string::npos) {
      message.erase(0, colon + 2);
    }
  }
  return message;
}

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// At most a few dozen characters of an echoed value, so that a huge one cannot flood the output.
constexpr std::size_t kMaxEchoedChars = 40;

std::string cut(std::string s) {
  if (s.size() > kMaxEchoedChars) s = s.substr(0, kMaxEchoedChars) + "…";
  return s;
}

std::string quote_cut(const std::string& s) { return "'" + cut(s) + "'"; }

// The offset of the first number token outside strings whose value overflows a double (what
// nlohmann-json refuses with "number overflow"); the end of the text when there is none.
std::size_t find_overflowing_number(std::string_view text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t end = i;
      while (end < text.size() && is_number_char(text[end])) ++end;
      const std::string token(text.substr(i, end - i));
      errno = 0;
      const double value = std::strtod(token.c_str(), nullptr);
      if (errno == ERANGE && std::isinf(value)) return i;
      i = end - 1;
    }
  }
  return text.size();
}

Diagnostic error_at(std::string_view text, std::size_t offset, std::string message) {
  Diagnostic d;
  const TextPosition pos = position_of(text, offset);
  d.line = pos.line;
  d.column = pos.column;
  d.message = std::move(message);
  return d;
}

// Gives each diagnostic the line and column of its pointer, or of the nearest enclosing value
// that exists in the text (a missing key is reported on its object).
void locate(std::string_view text, std::span<Diagnostic> diagnostics) {
  std::set<std::string> wanted;
  for (const Diagnostic& d : diagnostics) {
    if (d.line > 0) continue;
    for (std::string p = d.pointer;; p.erase(p.rfind('/'))) {
      wanted.insert(p);
      if (p.empty()) break;
    }
  }
  if (wanted.empty()) return;
  const std::map<std::string, std::size_t> offsets = locate_pointers(text, wanted);
  for (Diagnostic& d : diagnostics) {
    if (d.line > 0) continue;
    for (std::string p = d.pointer;; p.erase(p.rfind('/'))) {
      if (const auto it = offsets.find(p); it != offsets.end()) {
        const TextPosition pos = position_of(text, it->second);
        d.line = pos.line;
        d.column = pos.column;
        break;
      }
      if (p.empty()) break;
    }
  }
}

}  // namespace

ReadResult read_report(std::string_view json_text, std::string_view source_name) {
  ReadResult result;
  std::vector<Diagnostic>& diagnostics = result.diagnostics;
  auto finish = [&]() {
    for (Diagnostic& d : diagnostics) d.source = std::string(source_name);
  };

  if (json_text.size() > limits::kMaxInputBytes) {
    Diagnostic d;
    d.message = "document too large: " + std::to_string(json_text.size()) +
                " bytes, the limit is " + std::to_string(limits::kMaxInputBytes);
    diagnostics.push_back(std::move(d));
    finish();
    return result;
  }
  if (const auto bad = find_invalid_utf8(json_text)) {
    diagnostics.push_back(error_at(
        json_text, bad->offset,
        "invalid UTF-8 at byte offset " + std::to_string(bad->offset) + ": " + bad->reason));
    finish();
    return result;
  }
  if (const auto deep = find_excess_nesting(json_text, limits::kMaxJsonDepth)) {
    diagnostics.push_back(error_at(json_text, *deep,
                                   "arrays and objects nested deeper than " +
                                       std::to_string(limits::kMaxJsonDepth) + " levels"));
    finish();
    return result;
  }

  nlohmann::json root;
  try {
    root = nlohmann::json::parse(json_text.begin(), json_text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and names the last byte read: the one that made the text invalid (or
    // size + 1 at the end of the input).
    const std::size_t offset = e.byte > 0 ? std::min<std::size_t>(e.byte - 1, json_text.size()) : 0;
    diagnostics.push_back(error_at(json_text, offset, syntax_message(e)));
    finish();
    return result;
  } catch (const nlohmann::json::exception& e) {
    // Out-of-range numbers such as 1e400: the parser gives no position, and its message quotes
    // the whole number (100 KB for a 100,000-digit one). Locate the first number that does not
    // fit a double and quote only its start.
    const std::size_t offset = find_overflowing_number(json_text);
    std::string number;
    for (std::size_t i = offset; i < json_text.size() && is_number_char(json_text[i]); ++i) {
      number += json_text[i];
    }
    Diagnostic d = error_at(json_text, offset,
                            "number out of range: " + quote_cut(number) +
                                " does not fit a double-precision number");
    if (number.empty()) d.message = cut(syntax_message(e));
    diagnostics.push_back(std::move(d));
    finish();
    return result;
  }

  for (const DuplicateKey& dup : find_duplicate_keys(json_text)) {
    diagnostics.push_back(error_at(json_text, dup.offset, "duplicate key; only one is allowed"));
    diagnostics.back().pointer = dup.pointer;
  }
  Reader reader(diagnostics);
  Report report = reader.read(root);
  // The walk visits keys in the order it needs them; users read errors top to bottom. A final
  // "too many errors" diagnostic (no pointer, no position) stays last.
  auto end = diagnostics.end();
  if (diagnostics.size() > limits::kMaxDiagnostics) --end;
  locate(json_text, std::span<Diagnostic>(diagnostics.begin(), end));
  std::stable_sort(diagnostics.begin(), end, [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  finish();
  if (!has_errors(diagnostics)) result.report = std::move(report);
  return result;
}

}  // namespace paiban::json
