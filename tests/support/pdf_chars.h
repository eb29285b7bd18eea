// The characters of a PDF as a reader's tool sees them: `mutool draw -F stext` (mupdf-tools)
// gives every character with the font the PDF names for it, its size, its pen position and its
// box. For the end-to-end tests that measure typography on the PDF rather than on the page model.
#pragma once

#include <unicode/utf8.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/read_file.h"
#include "support/run_command.h"

namespace paiban::test_support {

// One character as drawn. Coordinates in pt, origin at the page's top left, y down.
struct PdfChar {
  char32_t c = 0;
  std::string text;  // the character in UTF-8
  std::string font;  // the font's name as the PDF gives it, without a subset tag (ABCDEF+)
  double size = 0;   // the font size
  double x = 0;      // the pen position (origin) on the baseline
  double y = 0;      // the baseline
  double x_max = 0;  // the right edge of the character's box
};

struct PdfPage {
  double width = 0, height = 0;
  std::vector<PdfChar> chars;  // in mutool's reading order
};

// A line: characters on one baseline, left to right (white space mutool inserts left out).
struct PdfLine {
  int page = 0;  // 1-based
  double y = 0;  // the baseline
  std::vector<PdfChar> chars;
  std::string text() const {
    std::string s;
    for (const PdfChar& c : chars) s += c.text;
    return s;
  }
};

inline char32_t decode_one(const std::string& s) {
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

// Reads the numbers of `text` (separated by spaces) without the C library's locale, as the
// project reads numbers everywhere (CONTRIBUTING.md, "No locale").
inline std::vector<double> numbers(std::string_view text) {
  std::vector<double> out;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    while (p < end && *p == ' ') ++p;
    double v = 0;
    const auto [next, ec] = std::from_chars(p, end, v);
    if (ec != std::errc() || next == p) break;
    out.push_back(v);
    p = next;
  }
  return out;
}
inline double number(const pugi::xml_node& node, const char* attribute) {
  const std::vector<double> v = numbers(node.attribute(attribute).value());
  return v.empty() ? 0 : v.front();
}

// Parses the output of `mutool draw -F stext`. An unreadable file gives no pages.
inline std::vector<PdfPage> parse_stext(const std::filesystem::path& stext) {
  std::vector<PdfPage> pages;
  pugi::xml_document doc;
  if (!doc.load_file(stext.c_str())) return pages;
  for (pugi::xml_node page : doc.child("document").children("page")) {
    PdfPage p;
    p.width = number(page, "width");
    p.height = number(page, "height");
    for (pugi::xpath_node f : page.select_nodes(".//font")) {
      const pugi::xml_node font = f.node();
      std::string name = font.attribute("name").value();
      if (name.size() > 7 && name[6] == '+') name = name.substr(7);
      const double size = number(font, "size");
      for (pugi::xml_node ch : font.children("char")) {
        PdfChar c;
        c.text = ch.attribute("c").value();
        if (c.text.empty()) continue;
        c.c = decode_one(c.text);
        c.font = name;
        c.size = size;
        c.x = number(ch, "x");
        c.y = number(ch, "y");
        // quad: the upper left, upper right, lower left and lower right corners.
        const std::vector<double> q = numbers(ch.attribute("quad").value());
        c.x_max = q.size() == 8 ? std::max(q[2], q[6]) : c.x + size;
        p.chars.push_back(std::move(c));
      }
    }
    pages.push_back(std::move(p));
  }
  return pages;
}

// Renders `pdf` to stext beside it and reads it; `error` is set when mutool fails.
inline std::vector<PdfPage> read_pdf_chars(const std::filesystem::path& pdf, std::string* error) {
  std::filesystem::path stext = pdf;
  stext.replace_extension(".stext");
  const CommandResult r = run_command("mutool draw -q -F stext -o " + quote(stext.string()) + " " +
                                      quote(pdf.string()));
  if (r.code != 0) {
    if (error != nullptr) *error = "mutool draw failed on " + pdf.string() + ": " + r.output;
    return {};
  }
  return parse_stext(stext);
}

// Groups a page's characters that `keep` accepts into lines: the same baseline (within 0.2 of
// their size), sorted top to bottom, each left to right. White space is left out: mutool
// inserts spaces where it sees gaps, which are not characters the layout set.
template <typename Keep>
std::vector<PdfLine> group_lines(const PdfPage& page, int page_number, Keep keep) {
  std::vector<PdfChar> chars;
  for (const PdfChar& c : page.chars) {
    if (c.c == U' ' || c.c == U'\u00A0' || c.c == U'\u3000' || c.c == U'\t') continue;
    if (keep(c)) chars.push_back(c);
  }
  std::stable_sort(chars.begin(), chars.end(),
                   [](const PdfChar& a, const PdfChar& b) { return a.y < b.y; });
  std::vector<PdfLine> lines;
  for (const PdfChar& c : chars) {
    if (lines.empty() || std::abs(c.y - lines.back().y) > 0.2 * c.size) {
      lines.push_back(PdfLine{page_number, c.y, {}});
    }
    lines.back().chars.push_back(c);
  }
  for (PdfLine& l : lines) {
    std::stable_sort(l.chars.begin(), l.chars.end(),
                     [](const PdfChar& a, const PdfChar& b) { return a.x < b.x; });
  }
  return lines;
}

}  // namespace paiban::test_support
