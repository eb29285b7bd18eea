// Phase 1: itemize (spans → runs of one face, with per-character fallback) and shape (HarfBuzz),
// grouping glyphs into clusters — the units that line breaking works on.
#include <algorithm>
#include <cstdio>

#include "fonts/shaping.h"
#include "layout/paragraph.h"
#include "paiban_assert.h"
#include "utf8.h"

namespace paiban::layout {

LU scale_font_units(int32_t units, LU size, int upem) {
  int64_t v = static_cast<int64_t>(units) * size;
  int64_t half = upem / 2;
  return static_cast<LU>(v >= 0 ? (v + half) / upem : (v - half) / upem);
}

namespace {

std::string describe_char(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

ShapedParagraph itemize_and_shape(const ParagraphSpec& spec, FontContext& fonts,
                                  std::vector<Diagnostic>& diagnostics, bool units) {
  ShapedParagraph out;
  std::vector<size_t> span_begin;
  for (const StyledSpan& span : spec.spans) {
    span_begin.push_back(out.text.size());
    out.text += span.text;
  }
  const std::string& text = out.text;

  for (size_t s = 0; s < spec.spans.size(); ++s) {
    const StyledSpan& span = spec.spans[s];
    const size_t sb = span_begin[s];
    const size_t se = sb + span.text.size();
    if (sb == se) continue;
    const ResolvedChain& resolved = fonts.chain(span.role, span.bold);
    if (resolved.chain.faces.empty()) {
      Diagnostic d;
      d.pointer = spec.where;
      d.message = "no font is installed for this text (install fonts-noto-cjk)";
      diagnostics.push_back(d);
      continue;
    }
    const std::string_view span_text = std::string_view(text).substr(sb, se - sb);
    std::vector<fonts::MissingChar> missing;
    std::vector<fonts::FaceRun> runs =
        fonts::split_by_face(resolved.chain, span_text, &missing, &resolved.latin);
    // Characters the role's chain lacks are looked for in every installed font (DejaVu has
    // Hebrew and Arabic); the chain grows by the faces found, and the span is split again.
    bool grown = false;
    for (const fonts::MissingChar& m : missing) {
      grown = fonts.add_fallback(span.role, span.bold, m.code_point) != nullptr || grown;
    }
    if (grown) {
      missing.clear();
      runs = fonts::split_by_face(resolved.chain, span_text, &missing, &resolved.latin);
    }
    for (fonts::MissingChar& m : missing) m.offset += sb;
    for (fonts::FaceRun& run : runs) {
      run.begin += sb;
      run.end += sb;
    }
    // What no installed font has is left out, and said once per character and document (where
    // it first occurs), never silently.
    for (const fonts::MissingChar& m : missing) {
      if (!fonts.first_report_of_missing(m.code_point)) continue;
      const size_t len = decode_utf8_at(text, m.offset).length;
      Diagnostic d;
      d.severity = Severity::kWarning;
      d.pointer = spec.where;
      d.message = "no installed font has the character " + text.substr(m.offset, len) + " (" +
                  describe_char(m.code_point) + "); it is left out wherever it occurs";
      diagnostics.push_back(d);
    }
    for (const fonts::FaceRun& run : runs) {
      const size_t rb = std::max(run.begin, sb);
      const size_t re = std::min(run.end, se);
      if (rb >= re) continue;
      const int font = fonts.resource_index(run.face);
      std::vector<fonts::ShapedGlyph> glyphs = fonts::shape(*run.face, text, rb, re);
      for (size_t g = 0; g < glyphs.size(); ++g) {
        const fonts::ShapedGlyph& sg = glyphs[g];
        // A new cluster starts where HarfBuzz's cluster value changes (monotone characters).
        if (out.clusters.empty() || out.clusters.back().begin != sg.cluster ||
            out.clusters.back().font != font) {
          Cluster c;
          c.begin = sg.cluster;
          c.span = static_cast<int>(s);
          c.font = font;
          c.face = run.face;
          c.size = span.size;
          c.em = span.size;
          c.synthetic_bold = resolved.is_synthetic_bold(run.face);
          c.cp = decode_utf8_at(text, sg.cluster).code_point;
          c.cls = classify(c.cp);
          out.clusters.push_back(std::move(c));
        }
        Cluster& c = out.clusters.back();
        if (sg.gid == 0) continue;  // .notdef never reaches the page (reported above)
        Glyph glyph;
        glyph.gid = sg.gid;
        glyph.natural_advance = scale_font_units(sg.x_advance, span.size, run.face->upem());
        glyph.advance = glyph.natural_advance;
        glyph.x_offset = scale_font_units(sg.x_offset, span.size, run.face->upem());
        glyph.y_offset = scale_font_units(sg.y_offset, span.size, run.face->upem());
        c.width += glyph.advance;
        c.glyphs.push_back(std::move(glyph));
        if (units) out.units.push_back({sg.x_advance, sg.x_offset, sg.y_offset});
      }
    }
  }
  // Cluster ends (the cluster's source text goes to its first glyph when lines are built).
  for (size_t i = 0; i < out.clusters.size(); ++i) {
    Cluster& c = out.clusters[i];
    c.end = i + 1 < out.clusters.size() ? out.clusters[i + 1].begin
                                        : static_cast<uint32_t>(text.size());
    if (c.end < c.begin) c.end = c.begin;
  }
  // Drop clusters that lost all their glyphs (characters no font has).
  std::erase_if(out.clusters, [](const Cluster& c) { return c.glyphs.empty(); });
  return out;
}

ShapedParagraph rescale(const ShapedParagraph& shaped, const ParagraphSpec& spec) {
  ShapedParagraph out = shaped;
  size_t u = 0;
  for (Cluster& c : out.clusters) {
    PAIBAN_ASSERT(static_cast<size_t>(c.span) < spec.spans.size(),
                  "a paragraph is rescaled to the spans it was shaped from");
    const LU size = spec.spans[static_cast<size_t>(c.span)].size;
    const int upem = c.face->upem();
    c.size = size;
    c.em = size;
    c.width = 0;
    for (Glyph& glyph : c.glyphs) {
      PAIBAN_ASSERT(u < shaped.units.size(), "every glyph has its font units");
      const ShapedParagraph::Units& units = shaped.units[u++];
      glyph.natural_advance = scale_font_units(units.advance, size, upem);
      glyph.advance = glyph.natural_advance;
      glyph.x_offset = scale_font_units(units.x_offset, size, upem);
      glyph.y_offset = scale_font_units(units.y_offset, size, upem);
      c.width += glyph.advance;
    }
  }
  PAIBAN_ASSERT(u == shaped.units.size(), "every glyph has its font units");
  return out;
}

}  // namespace paiban::layout
