#include "json_positions.h"

#include <unordered_set>

#include "utf8.h"

namespace paiban::json {
namespace {

// A recursive walk over valid JSON; the nesting was bounded by find_excess_nesting before the
// text was parsed, so the recursion is too.
class Scanner {
 public:
  Scanner(std::string_view text, const std::set<std::string>* wanted)
      : text_(text), wanted_(wanted) {}

  void run() {
    std::size_t pos = 0;
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
    pos = skip_space(pos);
    std::string pointer;
    scan_value(pos, pointer, pos);
  }

  std::vector<DuplicateKey> duplicates;
  std::map<std::string, std::size_t> offsets;

 private:
  std::size_t skip_space(std::size_t pos) const {
    while (pos < text_.size() &&
           (text_[pos] == ' ' || text_[pos] == '\t' || text_[pos] == '\n' || text_[pos] == '\r')) {
      ++pos;
    }
    return pos;
  }

  unsigned hex4(std::size_t pos) const {
    unsigned value = 0;
    for (std::size_t i = pos; i < pos + 4 && i < text_.size(); ++i) {
      const char c = text_[i];
      value <<= 4;
      if (c >= '0' && c <= '9') value |= static_cast<unsigned>(c - '0');
      if (c >= 'a' && c <= 'f') value |= static_cast<unsigned>(c - 'a' + 10);
      if (c >= 'A' && c <= 'F') value |= static_cast<unsigned>(c - 'A' + 10);
    }
    return value;
  }

  // Scans the string starting at the quote at `pos`; decodes it into `out` when given. Returns
  // the position after the closing quote.
  std::size_t scan_string(std::size_t pos, std::string* out) const {
    ++pos;
    while (pos < text_.size() && text_[pos] != '"') {
      if (text_[pos] != '\\') {
        if (out) *out += text_[pos];
        ++pos;
        continue;
      }
      const char escape = pos + 1 < text_.size() ? text_[pos + 1] : '\0';
      pos += 2;
      if (!out) {
        if (escape == 'u') pos += 4;
        continue;
      }
      switch (escape) {
        case 'b':
          *out += '\b';
          break;
        case 'f':
          *out += '\f';
          break;
        case 'n':
          *out += '\n';
          break;
        case 'r':
          *out += '\r';
          break;
        case 't':
          *out += '\t';
          break;
        case 'u': {
          char32_t cp = hex4(pos);
          pos += 4;
          // nlohmann-json accepted the text, so a high surrogate is followed by "\uDC00".."\uDFFF".
          if (cp >= 0xD800 && cp <= 0xDBFF && pos + 6 <= text_.size() && text_[pos] == '\\') {
            const char32_t low = hex4(pos + 2);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            pos += 6;
          }
          append_utf8(*out, cp);
          break;
        }
        default:
          *out += escape;
          break;  // '"', '\\', '/'
      }
    }
    return pos + 1;
  }

  void record(const std::string& pointer, std::size_t offset) {
    if (wanted_ && wanted_->count(pointer)) offsets.emplace(pointer, offset);
  }

  // `at` is where the value is reported: its member key, or the value itself.
  std::size_t scan_value(std::size_t pos, std::string& pointer, std::size_t at) {
    record(pointer, at);
    if (pos >= text_.size()) return pos;
    const char c = text_[pos];
    if (c == '"') return scan_string(pos, nullptr);
    if (c == '{') return scan_object(pos, pointer);
    if (c == '[') return scan_array(pos, pointer);
    while (pos < text_.size() && text_[pos] != ',' && text_[pos] != '}' && text_[pos] != ']' &&
           text_[pos] != ' ' && text_[pos] != '\t' && text_[pos] != '\n' && text_[pos] != '\r') {
      ++pos;
    }
    return pos;
  }

  std::size_t scan_object(std::size_t pos, std::string& pointer) {
    pos = skip_space(pos + 1);
    if (pos < text_.size() && text_[pos] == '}') return pos + 1;
    std::unordered_set<std::string> keys;
    const std::size_t base = pointer.size();
    while (pos < text_.size()) {
      const std::size_t key_at = pos;
      std::string key;
      pos = skip_space(scan_string(pos, &key));
      pos = skip_space(pos + 1);  // ':'
      append_pointer_token(pointer, key);
      if (!keys.insert(key).second) duplicates.push_back({pointer, key_at});
      pos = skip_space(scan_value(pos, pointer, key_at));
      pointer.resize(base);
      if (pos >= text_.size() || text_[pos] == '}') return pos + 1;
      pos = skip_space(pos + 1);  // ','
    }
    return pos;
  }

  std::size_t scan_array(std::size_t pos, std::string& pointer) {
    pos = skip_space(pos + 1);
    if (pos < text_.size() && text_[pos] == ']') return pos + 1;
    const std::size_t base = pointer.size();
    for (std::size_t index = 0; pos < text_.size(); ++index) {
      pointer += '/';
      pointer += std::to_string(index);
      pos = skip_space(scan_value(pos, pointer, pos));
      pointer.resize(base);
      if (pos >= text_.size() || text_[pos] == ']') return pos + 1;
      pos = skip_space(pos + 1);  // ','
    }
    return pos;
  }

  std::string_view text_;
  const std::set<std::string>* wanted_;
};

}  // namespace

std::optional<std::size_t> find_excess_nesting(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

std::vector<DuplicateKey> find_duplicate_keys(std::string_view text) {
  Scanner scanner(text, nullptr);
  scanner.run();
  return std::move(scanner.duplicates);
}

std::map<std::string, std::size_t> locate_pointers(std::string_view text,
                                                   const std::set<std::string>& pointers) {
  Scanner scanner(text, &pointers);
  scanner.run();
  return std::move(scanner.offsets);
}

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

}  // namespace paiban::json
