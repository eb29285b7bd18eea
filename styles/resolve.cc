// Style resolution: a built-in name or a style file, its "extends" chain (base first), then the
// report's overrides, then finish_style() turns what depends on the whole style into points.

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "builtin_styles.h"
#include "file_io.h"
#include "paiban_limits.h"
#include "sheet.h"
#include "style.h"

namespace paiban::styles {
namespace {

namespace fs = std::filesystem;
using detail::Json;

// The style used when the one asked for cannot be read: GB/T 9704, the format the reports follow.
constexpr std::string_view kFallbackStyle = "gbt9704";
using limits::kMaxExtendsDepth;
using limits::kMaxStyleFileBytes;

// RFC 6901 §3: "~" is written "~0" and "/" is written "~1" inside a reference token.
std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> split_path(const std::string& dotted) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = dotted.find('.', start);
    parts.push_back(dotted.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

const detail::BuiltinStyleFile* find_builtin(std::string_view name) {
  for (const detail::BuiltinStyleFile& file : detail::builtin_style_files()) {
    if (file.name == name) return &file;
  }
  return nullptr;
}

std::string builtin_list() {
  std::string out;
  for (const detail::BuiltinStyleFile& file : detail::builtin_style_files()) {
    if (!out.empty()) out += ", ";
    out += file.name;
  }
  return out;
}

bool looks_like_path(std::string_view ref) {
  return ref.find('/') != std::string_view::npos || ref.find('\\') != std::string_view::npos ||
         (ref.size() > 5 && ref.substr(ref.size() - 5) == ".json") ||
         (!ref.empty() && ref.front() == '.');
}

// nlohmann's message is "[json.exception.parse_error.101] parse error at line 3, column 5:
// syntax error …"; the position goes into the diagnostic's line and column instead.
std::string parse_error_message(const std::string& what) {
  const size_t at = what.find(": ");
  if (what.find("parse error") != std::string::npos && at != std::string::npos) {
    return what.substr(at + 2);
  }
  return what;
}

// Where a reference to a sheet was written, for messages about the reference itself: the report
// ("/style/name") or the "extends" of a sheet.
struct Origin {
  std::string source;
  std::string pointer;
};

class Resolver {
 public:
  Resolver(std::vector<Diagnostic>& diagnostics, std::vector<fs::path> roots)
      : diagnostics_(diagnostics) {
    for (const fs::path& root : roots) {
      std::error_code ec;
      const fs::path canonical = fs::weakly_canonical(fs::absolute(root, ec), ec);
      roots_.push_back(ec ? root.lexically_normal() : canonical);
    }
  }

  // Loads the sheet `ref` (a built-in name, or a path relative to `base_dir`), bases first.
  // Returns false, after reporting an error and without touching the state, when the sheet cannot
  // be used at all (missing, unreadable, not JSON, a cycle). `chain` holds the sheets that extend
  // this one, to find cycles.
  bool load(const std::string& ref, const fs::path& base_dir, const Origin& origin,
            std::vector<std::string>& chain) {
    if (chain.size() >= kMaxExtendsDepth) {
      error(origin.source, origin.pointer,
            "\"extends\" chains more than " + std::to_string(kMaxExtendsDepth) + " sheets");
      return false;
    }
    std::string id;
    std::string source;
    std::string text;
    std::string default_name;
    fs::path dir;
    if (const detail::BuiltinStyleFile* builtin = find_builtin(ref)) {
      id = "builtin " + ref;
      source = "builtin/" + ref + ".json";
      text = std::string(builtin->text);
      default_name = ref;
    } else {
      fs::path path(ref);
      if (path.is_relative() && !base_dir.empty()) path = base_dir / path;
      const std::string shown = io::escape_for_terminal(ref);
      const std::string fallback = "; " + std::string(kFallbackStyle) + " is used in its place";
      std::error_code ec;
      const fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
      if (roots_.empty() && chain.empty() && !ec) roots_.push_back(canonical.parent_path());
      if (ref.empty() || io::has_unsafe_path_characters(ref)) {
        error(origin.source, origin.pointer,
              "style file \"" + shown + "\" not allowed: the name holds a control character" +
                  fallback);
        return false;
      }
      // The check comes before any access, so that the answer does not tell whether a file
      // outside the allowed folders exists.
      if (ec || !inside_roots(canonical)) {
        if (!looks_like_path(ref)) {
          unknown_style(ref, origin, fallback);
        } else {
          error(origin.source, origin.pointer,
                "style file \"" + shown + "\" not allowed: it lies outside the folders style " +
                    "files are read from" + fallback,
                "keep style files beside the report, or allow their folder with --root");
        }
        return false;
      }
      id = canonical.string();
      source = path.string();
      default_name = path.stem().string();
      dir = path.parent_path();
      const io::ReadOutcome read = io::read_bounded(canonical.string(), kMaxStyleFileBytes, text);
      if (read.status == io::ReadStatus::kNotFound || read.status == io::ReadStatus::kFolder) {
        if (looks_like_path(ref)) {
          error(origin.source, origin.pointer,
                "style file \"" + shown + "\" not found" + fallback,
                "the built-in styles are " + builtin_list());
        } else {
          unknown_style(ref, origin, fallback);
        }
        return false;
      }
      if (read.status == io::ReadStatus::kNotRegular) {
        error(origin.source, origin.pointer,
              "style file \"" + shown + "\" not allowed: not a regular file" + fallback);
        return false;
      }
      if (!read.ok()) {
        error(origin.source, origin.pointer,
              "cannot read the style file \"" + shown + "\": " +
                  (read.status == io::ReadStatus::kTooLarge
                       ? "larger than " + std::to_string(kMaxStyleFileBytes) + " bytes"
                       : std::string("not readable")) +
                  fallback);
        return false;
      }
    }

    if (std::find(chain.begin(), chain.end(), id) != chain.end()) {
      std::string cycle;
      for (const std::string& link : chain) cycle += link + " → ";
      error(origin.source, origin.pointer,
            "\"extends\" makes a cycle: " + cycle + id + "; " + std::string(kFallbackStyle) +
                " is used in its place");
      return false;
    }

    Json sheet;
    try {
      // Comments are allowed so that sheets can name the rules they follow.
      sheet = Json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    } catch (const Json::parse_error& e) {
      int line = 1;
      int column = 1;
      const size_t end = std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
      for (size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
          ++line;
          column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
          ++column;  // count characters, not UTF-8 continuation bytes
        }
      }
      error(source, "", "not valid JSON: " + parse_error_message(e.what()), "", line, column);
      return false;
    } catch (const Json::exception&) {
      // A number out of range (1e400): the parser names no place, and its message would quote
      // the whole number. Find the first number that does not fit a double and quote its start.
      int line = 1, column = 1;
      std::string number;
      for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool starts = (c == '-' || (c >= '0' && c <= '9')) &&
                            (i == 0 || std::string_view(" \t\r\n:,[").find(text[i - 1]) !=
                                           std::string_view::npos);
        if (starts) {
          size_t end = i;
          while (end < text.size() &&
                 std::string_view("0123456789+-.eE").find(text[end]) != std::string_view::npos) {
            ++end;
          }
          double value = 0;
          const auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + end, value);
          if (ec == std::errc::result_out_of_range) {
            number = text.substr(i, std::min<size_t>(end - i, 24));
            if (end - i > 24) number += "…";
            break;
          }
          i = end - 1;
          continue;
        }
        if (c == '\n') {
          ++line;
          column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
          ++column;
        }
      }
      error(source, "",
            "not valid JSON: the number " + (number.empty() ? std::string("?") : number) +
                " does not fit a double-precision number",
            "", line, column);
      return false;
    }
    if (!sheet.is_object()) {
      error(source, "", "expected a style sheet (a JSON object), got " + type_name(sheet));
      return false;
    }

    chain.push_back(id);
    if (auto it = sheet.find("extends"); it != sheet.end()) {
      bool based = false;
      if (it->is_string() && !it->get_ref<const std::string&>().empty()) {
        based = load(it->get<std::string>(), dir, Origin{source, "/extends"}, chain);
      } else {
        error(
            source, "/extends",
            "expected the name of a built-in style or the path of a style file, got " + it->dump());
      }
      if (!based) {
        std::vector<std::string> fresh;
        load(std::string(kFallbackStyle), {}, Origin{source, "/extends"}, fresh);
      }
    }
    chain.pop_back();

    apply_sheet(sheet, source, default_name);
    return true;
  }

  bool inside_roots(const fs::path& canonical) const {
    for (const fs::path& root : roots_) {
      const auto [r, c] = std::mismatch(root.begin(), root.end(), canonical.begin(),
                                        canonical.end());
      if (r == root.end()) return true;
    }
    return false;
  }

  void unknown_style(const std::string& ref, const Origin& origin, const std::string& fallback) {
    std::vector<std::string_view> names;
    for (const detail::BuiltinStyleFile& f : detail::builtin_style_files()) {
      names.push_back(f.name);
    }
    std::string hint = detail::did_you_mean(ref, names);
    error(origin.source, origin.pointer,
          "unknown style \"" + io::escape_for_terminal(ref) +
              "\"; expected a built-in style (" + builtin_list() +
              ") or the path of a style file" + fallback,
          hint);
  }

  void apply_overrides(const std::map<std::string, std::string>& overrides) {
    for (const auto& [key, text] : overrides) {
      const std::optional<detail::Problem> problem = detail::apply_property(
          state_, split_path(key), detail::Value(std::string_view(text)), true);
      if (problem) {
        error("", "/style/overrides/" + escape_pointer_token(key), problem->message, problem->hint);
      }
    }
  }

  Style finish() {
    std::map<FontRole, FontChain> fallback_fonts;
    const bool complete =
        std::all_of(std::begin(kAllRoles), std::end(kAllRoles), [&](FontRole role) {
          auto it = state_.style.fonts.find(role);
          return it != state_.style.fonts.end() && !it->second.families.empty();
        });
    if (!complete) {
      // Roles a sheet leaves out take the chains of the fallback style.
      std::vector<Diagnostic> ignored;
      Resolver builtin(ignored, {});
      std::vector<std::string> chain;
      builtin.load(std::string(kFallbackStyle), {}, Origin{}, chain);
      fallback_fonts = builtin.state_.style.fonts;
    }
    return detail::finish_style(std::move(state_), fallback_fonts, diagnostics_);
  }

 private:
  static constexpr FontRole kAllRoles[] = {FontRole::kSong, FontRole::kFang, FontRole::kHei,
                                           FontRole::kKai, FontRole::kTitle};

  static std::string type_name(const Json& j) {
    return std::string(j.is_array() ? "an array" : j.is_null() ? "null" : j.type_name());
  }

  void error(const std::string& source, std::string pointer, std::string message,
             std::string hint = "", int line = 0, int column = 0) {
    Diagnostic d;
    d.severity = Severity::kError;
    d.source = source;
    d.pointer = std::move(pointer);
    d.line = line;
    d.column = column;
    d.message = std::move(message);
    d.hint = std::move(hint);
    diagnostics_.push_back(std::move(d));
  }

  void report(const std::string& source, const std::string& pointer,
              const std::optional<detail::Problem>& problem) {
    if (problem) error(source, pointer, problem->message, problem->hint);
  }

  // Applies the sections of one sheet (its base already applied) in the order written.
  void apply_sheet(const Json& sheet, const std::string& source, const std::string& default_name) {
    state_.style.name = default_name;
    for (const auto& [key, value] : sheet.items()) {
      // Built by append: GCC 12 at -O3 warns falsely on "/" + std::string&& (GCC bug 105651).
      std::string pointer = "/";
      pointer += escape_pointer_token(key);
      if (key == "extends") continue;
      if (key == "name" || key == "description") {
        if (!value.is_string()) {
          error(source, pointer, "expected a string, got " + value.dump());
        } else if (key == "name" && !value.get_ref<const std::string&>().empty()) {
          state_.style.name = value.get<std::string>();
        }
        continue;
      }
      if (detail::is_top_level_property(key)) {
        report(source, pointer, detail::apply_property(state_, {key}, detail::Value(value), false));
        continue;
      }
      if (!detail::is_section(key)) {
        error(source, pointer, "unknown style section \"" + key + "\"",
              detail::did_you_mean(key, detail::top_level_names()));
        continue;
      }
      if (!value.is_object()) {
        error(source, pointer, "expected an object of properties, got " + type_name(value));
        continue;
      }
      for (const auto& [name, item] : value.items()) {
        const std::string item_pointer = pointer + "/" + escape_pointer_token(name);
        if (key != "fonts") {
          report(source, item_pointer,
                 detail::apply_property(state_, {key, name}, detail::Value(item), false));
          continue;
        }
        // "fonts": role → {families, latin, heavy, docx_east_asia, docx_ascii}
        if (!detail::is_font_role(name)) {
          report(
              source, item_pointer,
              detail::apply_property(state_, {key, name, "families"}, detail::Value(item), false));
          continue;
        }
        if (!item.is_object()) {
          error(source, item_pointer,
                "expected an object with families, latin, heavy, docx_east_asia and "
                "docx_ascii, got " + type_name(item));
          continue;
        }
        for (const auto& [field, field_value] : item.items()) {
          report(source, item_pointer + "/" + escape_pointer_token(field),
                 detail::apply_property(state_, {key, name, field}, detail::Value(field_value),
                                        false));
        }
      }
    }
  }

  detail::SheetState state_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<fs::path> roots_;  // canonical folders style files may be read from
};

}  // namespace

std::vector<std::string> builtin_style_names() {
  std::vector<std::string> names;
  for (const detail::BuiltinStyleFile& file : detail::builtin_style_files()) {
    names.emplace_back(file.name);
  }
  return names;
}

Style resolve_style(const std::string& name_or_path,
                    const std::map<std::string, std::string>& overrides,
                    std::vector<Diagnostic>& diagnostics, const StyleFileAccess& access) {
  Resolver resolver(diagnostics, access.roots);
  std::vector<std::string> chain;
  if (!resolver.load(name_or_path, access.base_dir, Origin{"", "/style/name"}, chain)) {
    resolver.load(std::string(kFallbackStyle), {}, Origin{"", "/style/name"}, chain);
  }
  resolver.apply_overrides(overrides);
  return resolver.finish();
}

HAlign cell_alignment(const Table& table, const GridCell& gc, const Style& style) {
  if (gc.cell != nullptr && gc.cell->align != HAlign::kInherit) return gc.cell->align;
  if (gc.kind == CellKind::kHeader) return HAlign::kCenter;
  const auto col = static_cast<size_t>(gc.col);
  if (col < table.columns.size() && table.columns[col].align != HAlign::kInherit) {
    return table.columns[col].align;
  }
  if (gc.kind == CellKind::kLabel) return style.table.label_align;
  if (gc.cell != nullptr && cell_is_number(*gc.cell)) return style.table.number_align;
  const HAlign text = style.table_cell.align;
  return text == HAlign::kInherit ? HAlign::kJustify : text;
}

double line_pitch_pt(const TextStyle& ts) {
  return ts.line_pitch_pt > 0 ? ts.line_pitch_pt
                             : ts.size_pt * (ts.line_spacing > 0 ? ts.line_spacing : 1.0);
}

const TextStyle& heading_style(const Style& style, int level) {
  return style.heading[std::clamp(level, 1, 4) - 1];
}

std::string dump_style(const Style& style) {
  return detail::style_to_json(style).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace paiban::styles
