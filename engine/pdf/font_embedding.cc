#include "pdf/font_embedding.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/pdf_syntax.h"

namespace paiban::pdf {

std::vector<FontGlyphs> collect_font_glyphs(const page::PageModel& model) {
  std::vector<FontGlyphs> fonts(model.fonts.size());
  // Per font and glyph, what is recorded already (kListed: in gids; kHasText: its text chosen): a
  // document draws each glyph many times, and only its first occurrences change the sets.
  constexpr uint8_t kListed = 1, kHasText = 2;
  std::vector<std::vector<uint8_t>> recorded(model.fonts.size());
  for (const page::Page& page : model.pages) {
    for (const page::GlyphRun& run : page.runs) {
      if (run.font < 0 || static_cast<size_t>(run.font) >= fonts.size()) continue;
      FontGlyphs& font = fonts[static_cast<size_t>(run.font)];
      std::vector<uint8_t>& seen = recorded[static_cast<size_t>(run.font)];
      for (const page::Glyph& g : run.glyphs) {
        if (g.gid == 0) continue;
        // OpenType glyph ids are 16-bit; a larger one (which the writer then rejects) is recorded
        // without the shortcut.
        uint8_t other = 0;
        if (g.gid <= 0xFFFF && g.gid >= seen.size()) {
          seen.resize(std::max<size_t>(g.gid + 1, 2 * seen.size()), 0);
        }
        uint8_t& state = g.gid <= 0xFFFF ? seen[g.gid] : other;
        if ((state & kListed) == 0) {
          font.gids.insert(g.gid);
          state |= kListed;
        }
        if ((state & kHasText) != 0) continue;
        // First occurrence with text wins: deterministic, and other texts get /ActualText.
        const std::string_view text = run.text_of(g);
        if (!text.empty()) {
          font.text_for_gid.try_emplace(g.gid, text);
          state |= kHasText;
        }
      }
    }
  }
  return fonts;
}

std::vector<GlyphCluster> split_clusters(const page::GlyphRun& run) {
  std::vector<GlyphCluster> clusters;
  for (size_t i = 0; i < run.glyphs.size(); ++i) {
    if (clusters.empty() || !run.text_of(run.glyphs[i]).empty()) {
      clusters.push_back(GlyphCluster{i, i + 1});
    } else {
      clusters.back().end = i + 1;
    }
  }
  return clusters;
}

bool needs_actual_text(const page::GlyphRun& run, GlyphCluster cluster,
                       const std::map<uint32_t, std::string>& text_for_gid) {
  for (size_t i = cluster.begin; i < cluster.end; ++i) {
    const page::Glyph& g = run.glyphs[i];
    const std::string_view text = run.text_of(g);
    if (g.gid == 0) {
      // .notdef is not drawn: if it carried the cluster's text, only /ActualText keeps it.
      if (!text.empty()) return true;
      continue;
    }
    auto it = text_for_gid.find(g.gid);
    const std::string_view mapped =
        it == text_for_gid.end() ? std::string_view() : std::string_view(it->second);
    const std::string_view wanted = i == cluster.begin ? text : std::string_view();
    if (mapped != wanted) return true;
  }
  return false;
}

int pdf_glyph_width(uint32_t advance, int upem) {
  if (upem <= 0) return 0;
  const uint64_t scaled = static_cast<uint64_t>(advance) * 1000;
  return static_cast<int>((scaled * 2 + static_cast<uint64_t>(upem)) /
                          (2 * static_cast<uint64_t>(upem)));
}

int to_thousandths(int font_units, int upem) {
  if (upem <= 0) return 0;
  const int64_t scaled = static_cast<int64_t>(std::abs(font_units)) * 1000;
  const auto rounded = static_cast<int>((scaled * 2 + upem) / (2 * static_cast<int64_t>(upem)));
  return font_units < 0 ? -rounded : rounded;
}

std::string subset_tag(std::string_view postscript_name, const std::set<uint32_t>& gids) {
  std::string key(postscript_name);
  for (uint32_t gid : gids) {
    key += '\0';
    key.append(std::to_string(gid));
  }
  const std::array<unsigned char, 32> digest = sha256(key);
  uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | digest[static_cast<size_t>(i)];
  std::string tag;
  for (int i = 0; i < 6; ++i) {
    tag += static_cast<char>('A' + h % 26);
    h /= 26;
  }
  return tag;
}

std::string pdf_font_name(std::string_view postscript_name) {
  std::string out;
  for (char c : postscript_name) {
    const auto u = static_cast<unsigned char>(c);
    // ISO 32000-1 §7.2.2 delimiters and whitespace, '#' (escape) and anything outside ASCII.
    const bool bad =
        u <= 0x20 || u >= 0x7F || std::string_view("()<>[]{}/%#").find(c) != std::string_view::npos;
    out += bad ? '-' : c;
  }
  return out.empty() ? "Font" : out;
}

std::vector<WidthGroup> group_widths(const std::map<uint16_t, int>& width_for_code,
                                     int default_width) {
  std::vector<WidthGroup> groups;
  int next = -1;  // the code that would extend the last group
  for (const auto& [code, width] : width_for_code) {
    if (width == default_width) continue;
    if (groups.empty() || static_cast<int>(code) != next) groups.push_back(WidthGroup{code, {}});
    groups.back().widths.push_back(width);
    next = static_cast<int>(code) + 1;
  }
  return groups;
}

std::string build_to_unicode_cmap(const std::map<uint16_t, std::string>& text_for_code) {
  std::string out =
      "/CIDInit /ProcSet findresource begin\n"
      "12 dict begin\n"
      "begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n"
      "/CMapType 2 def\n"
      "1 begincodespacerange\n"
      "<0000> <FFFF>\n"
      "endcodespacerange\n";
  std::vector<std::pair<uint16_t, const std::string*>> entries;
  for (const auto& [code, text] : text_for_code) {
    if (!text.empty()) entries.emplace_back(code, &text);
  }
  constexpr size_t kMaxBlock = 100;
  for (size_t start = 0; start < entries.size(); start += kMaxBlock) {
    const size_t n = std::min(kMaxBlock, entries.size() - start);
    out += std::to_string(n) + " beginbfchar\n";
    for (size_t i = start; i < start + n; ++i) {
      append_code_hex(out, entries[i].first);
      out += " <" + utf16be_hex(*entries[i].second) + ">\n";
    }
    out += "endbfchar\n";
  }
  out +=
      "endcmap\n"
      "CMapName currentdict /CMap defineresource pop\n"
      "end\n"
      "end\n";
  return out;
}

}  // namespace paiban::pdf
