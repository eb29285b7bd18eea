// The 公文 phase (layout/gongwen.cc) on the test fonts, measured on the page model:
//  - GB/T 9704 §7.3.5.5: however much body text there is, the seal, names and date never stand
//    alone on a page: they share it with the body's last line (closer lines first, then the
//    last two lines carried over);
//  - §7.3.5.1: the seal's top within one line of the text above, the seal centred on the date;
//  - §7.4 / §7.5: the 版记 page is even and carries no page number; the flow facts say where it
//    begins (for the DOCX);
//  - §7.2.4: a mark wider than the type area is compressed to it;
//  - §7.3.5.3 (命令): the signature seal four characters in from the right, the signer's title
//    two characters to its left and centred on it, the date on the line below; never alone on a
//    page.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "layout/gongwen.h"
#include "layout_test_util.h"
#include "support/image_encode.h"

namespace paiban::layout {
namespace {

using testing::gbt9704;

// A red 16 × 16 RGBA square: the seal image.
std::string seal_png() {
  std::vector<unsigned char> px(16 * 16 * 4);
  for (size_t i = 0; i < px.size(); i += 4) {
    px[i] = 230;
    px[i + 3] = 200;
  }
  return test_support::encode_png(16, 16, PNG_FORMAT_RGBA, px.data());
}

Report notice(int paragraphs) {
  Report r;
  r.metadata.title = "关于做好年度工作的通知";
  Gongwen g;
  g.kind = GongwenKind::kNotice;
  g.authorities = {"某某市人民政府办公室"};
  g.doc_number = "某政办〔2023〕1号";
  g.date = "2023年5月6日";
  GongwenSignature signature;
  signature.name = "某某市人民政府办公室";
  signature.seal = Seal{"seal.png", "42mm"};
  g.signatures.push_back(signature);
  GongwenRecord record;
  record.copies_to = "某某局";
  record.printer = "某某市人民政府办公室";
  record.print_date = "2023年5月6日";
  g.record = record;
  r.gongwen = g;
  for (int i = 0; i < paragraphs; ++i) {
    Paragraph p;
    Run run;
    // Characters of the test fonts' subsets only.
    run.text = i + 1 == paragraphs ? "工作情况。" : "正文段。";
    p.runs.push_back(run);
    r.body.push_back(p);
  }
  return r;
}

struct Laid {
  PageModel model;
  std::vector<Diagnostic> diagnostics;
  resolve::ResolvedDocument doc;
  resolve::FlowFacts flow;
};

Laid lay_out(const Report& report) {
  Laid out;
  const styles::Style& style = gbt9704();
  FontContext fonts(test_support::test_fonts(), style);
  ShapedMeasure measure(fonts, style);
  const std::map<std::string, std::string> files = {{"seal.png", seal_png()}};
  out.doc = resolve::resolve_document(report, style, out.diagnostics, &measure, &files);
  const SizedTables tables = size_tables(out.doc, fonts, out.diagnostics);
  out.model = layout_document(out.doc, tables, fonts, out.diagnostics, &out.flow);
  return out;
}

// The page and the first run of the line (runs on one baseline, by x) holding `text`.
std::pair<int, const GlyphRun*> find_run(const PageModel& m, const std::string& text) {
  for (size_t p = 0; p < m.pages.size(); ++p) {
    std::map<LU, std::map<LU, const GlyphRun*>> lines;
    for (const GlyphRun& run : m.pages[p].runs) lines[run.y][run.x] = &run;
    for (const auto& [y, runs] : lines) {
      std::string t;
      for (const auto& [x, run] : runs) {
        for (const Glyph& g : run->glyphs) t += run->text_of(g);
      }
      if (t.find(text) != std::string::npos) return {static_cast<int>(p), runs.begin()->second};
    }
  }
  return {-1, nullptr};
}

TEST(GongwenLayout, SignatureNeverStandsAloneOnAPage) {
  const LU pitch = pt_to_lu(
      (gbt9704().page.height_pt - gbt9704().page.margin_top_pt - gbt9704().page.margin_bottom_pt) /
      gbt9704().page.grid_lines);
  int tightened = 0, carried = 0;
  for (int n = 1; n <= 40; ++n) {
    const Laid laid = lay_out(notice(n));
    const auto [date_page, date] = find_run(laid.model, "5月6日");
    const auto [last_page, last] = find_run(laid.model, "工作情况");
    ASSERT_TRUE(date && last) << n;
    // The date line is the signature's last; it shares its page with the body's last line.
    EXPECT_EQ(date_page, last_page) << n << " paragraphs: the signature stands alone";
    ASSERT_EQ(laid.model.pages[static_cast<size_t>(date_page)].images.size(), 1u) << n;
    const PlacedImage& seal = laid.model.pages[static_cast<size_t>(date_page)].images[0];
    // §7.3.5.1: the seal's top within one line of the body's last line.
    EXPECT_LE(seal.y - last->y, 2 * pitch) << n;
    EXPECT_GT(seal.y + seal.h, date->y) << n << ": the seal presses on the date";
    // Lines drawn closer than the grid pitch, or the last line at the top of a page.
    const Page& page = laid.model.pages[static_cast<size_t>(last_page)];
    LU previous = 0;
    for (const GlyphRun& run : page.runs) {
      if (run.y < last->y && run.y > previous) previous = run.y;
    }
    if (previous > 0 && last->y - previous < pitch - 1) ++tightened;
    if (last->y - pt_to_lu(gbt9704().page.margin_top_pt) < 2 * pitch && last_page > 0) ++carried;
  }
  EXPECT_GT(tightened, 0) << "no case exercised the closer lines";
  EXPECT_GT(carried, 0) << "no case exercised the carried lines";
}

Report order(int paragraphs) {
  Report r = notice(paragraphs);
  r.show_title = false;
  Gongwen& g = *r.gongwen;
  g.kind = GongwenKind::kOrder;
  g.doc_number = "第3号";
  g.record.reset();
  g.signatures[0].name = "主任";
  g.signatures[0].seal = Seal{"seal.png", "20mm"};
  return r;
}

TEST(GongwenLayout, OrderSignatureSealBesideTheTitle) {
  const styles::Style& style = gbt9704();
  const LU left = pt_to_lu(style.page.margin_left_pt);
  const LU width = pt_to_lu(style.page.width_pt - style.page.margin_left_pt -
                            style.page.margin_right_pt);
  const LU em = width / style.page.grid_chars;
  const LU pitch = pt_to_lu(
      (style.page.height_pt - style.page.margin_top_pt - style.page.margin_bottom_pt) /
      style.page.grid_lines);
  for (int n = 1; n <= 40; ++n) {
    const Laid laid = lay_out(order(n));
    const auto [date_page, date] = find_run(laid.model, "5月6日");
    const auto [title_page, title] = find_run(laid.model, "主任");
    const auto [last_page, last] = find_run(laid.model, "工作情况");
    ASSERT_TRUE(date && title && last) << n;
    EXPECT_EQ(date_page, last_page) << n << " paragraphs: the signature stands alone";
    EXPECT_EQ(title_page, date_page) << n;
    const Page& page = laid.model.pages[static_cast<size_t>(date_page)];
    ASSERT_EQ(page.images.size(), 1u) << n;
    const PlacedImage& seal = page.images[0];
    EXPECT_NEAR(seal.w, pt_to_lu(20 * 72 / 25.4), 2) << n;
    // Four characters in from the right; the title two characters to its left.
    EXPECT_NEAR(seal.x + seal.w, left + width - 4 * em, 2) << n;
    LU title_right = title->x;
    for (const Glyph& g : title->glyphs) title_right += g.advance;
    EXPECT_NEAR(seal.x - title_right, 2 * em, 2) << n;
    // The title's line centred on the seal (its baseline within half a line of the seal's
    // middle), the date on the line below the seal.
    EXPECT_NEAR(title->y, seal.y + seal.h / 2, pitch / 2) << n;
    EXPECT_GE(date->y, seal.y + seal.h) << n;
    EXPECT_LE(date->y, seal.y + seal.h + pitch) << n;
    // Two empty lines between the body's last line and the seal.
    EXPECT_GT(seal.y - last->y, 2 * pitch) << n;
    EXPECT_LT(seal.y - last->y, 3 * pitch) << n;
  }
}

TEST(GongwenLayout, RecordPageIsEvenAndUnnumbered) {
  for (int n : {1, 12, 25}) {
    const Laid laid = lay_out(notice(n));
    const auto [page, run] = find_run(laid.model, "某某局");  // 抄送
    ASSERT_TRUE(run) << n;
    EXPECT_EQ(static_cast<size_t>(page) + 1, laid.model.pages.size()) << "on the last page";
    EXPECT_EQ(laid.model.pages.size() % 2, 0u) << n << ": the 版记 page is even";
    // Page numbers are "— N —" runs; none on the last page, one on every page with text.
    for (size_t p = 0; p < laid.model.pages.size(); ++p) {
      bool numbered = false, text = false;
      for (const GlyphRun& r : laid.model.pages[p].runs) {
        std::string t;
        for (const Glyph& g : r.glyphs) t += r.text_of(g);
        if (t.find("—") != std::string::npos) {
          numbered = true;
        } else {
          text = true;
        }
      }
      if (p + 1 == laid.model.pages.size() || !text) {
        EXPECT_FALSE(numbered) << n << ": page " << p + 1;
      } else {
        EXPECT_TRUE(numbered) << n << ": page " << p + 1;
      }
    }
  }
}

// §7.4 / §7.5 for the DOCX: the flow facts say where the 版记 page begins, as the page model
// shows it: the 版记 alone (after how many blank pages), a block's first line, or a line inside a
// paragraph at `byte` of its text. Paragraphs of one to four lines, 1–40 of them, give all three.
TEST(GongwenLayout, FlowFactsTellWhereTheRecordPageBegins) {
  using Start = resolve::GongwenPages::Start;
  std::set<Start> seen;
  const LU bottom = pt_to_lu(gbt9704().page.height_pt - gbt9704().page.margin_bottom_pt);
  const LU pitch = pt_to_lu(gbt9704().body.line_pitch_pt);
  for (int n = 1; n <= 40; ++n) {
    Report r = notice(n);
    for (size_t i = 0; i + 1 < r.body.size(); ++i) {
      std::string text;
      for (size_t k = 0; k < (i % 4) * 7 + 1; ++k) text += "正文段。";
      std::get<Paragraph>(r.body[i]).runs.front().text = text;
    }
    const Laid laid = lay_out(r);
    const resolve::GongwenPages& f = laid.flow.gongwen;
    const size_t last = laid.model.pages.size() - 1;
    ASSERT_TRUE(laid.flow.laid_out);
    EXPECT_EQ(f.record_page, last) << n;
    // The last page's lines, top to bottom, without the 版记's two (at the foot).
    std::map<LU, std::map<LU, std::string>> rows;
    for (const GlyphRun& run : laid.model.pages[last].runs) {
      if (run.y > bottom - 2 * pitch) continue;
      for (const Glyph& g : run.glyphs) rows[run.y][run.x] += run.text_of(g);
    }
    std::string first_line;
    if (!rows.empty()) {
      for (const auto& [x, t] : rows.begin()->second) first_line += t;
    }
    size_t blank = 0;
    for (size_t p = 0; p < last; ++p) blank += laid.model.pages[p].runs.empty() ? 1 : 0;
    EXPECT_EQ(f.blank_pages, blank) << n;
    seen.insert(f.start);
    if (f.start == Start::kRecord) {
      EXPECT_TRUE(rows.empty()) << n << ": the 版记 alone, yet " << first_line << " above it";
      continue;
    }
    ASSERT_FALSE(rows.empty()) << n;
    ASSERT_LT(f.block, laid.doc.blocks.size()) << n;
    const auto* para = std::get_if<resolve::ResolvedParagraph>(&laid.doc.blocks[f.block]);
    if (para == nullptr) {
      EXPECT_EQ(f.start, Start::kBlock) << n;  // the sealed signature
      continue;
    }
    std::string text;
    for (const resolve::ResolvedRun& run : para->runs) text += run.text;
    if (f.start == Start::kBlock) {
      EXPECT_TRUE(text.starts_with(first_line)) << n << ": " << first_line << " / " << text;
    } else {
      ASSERT_EQ(f.start, Start::kInParagraph) << n;
      ASSERT_GT(f.byte, 0u) << n;
      ASSERT_LT(f.byte, text.size()) << n;
      EXPECT_TRUE(text.substr(f.byte).starts_with(first_line))
          << n << ": " << first_line << " / " << text.substr(f.byte);
    }
  }
  EXPECT_TRUE(seen.count(Start::kRecord)) << "a 版记 alone on its page";
  EXPECT_TRUE(seen.count(Start::kBlock)) << "a page beginning with a block";
  EXPECT_TRUE(seen.count(Start::kInParagraph)) << "a page beginning inside a paragraph";
}

TEST(GongwenLayout, LongMarkIsCompressedToTheTypeArea) {
  Report r = notice(1);
  r.gongwen->authorities = {"某某省某某市某某区人民政府办公室某某某某工作领导小组"};
  const Laid laid = lay_out(r);
  const LU width = testing::text_width(gbt9704());
  bool found = false;
  for (const GlyphRun& run : laid.model.pages[0].runs) {
    if (laid.model.colors.at(static_cast<size_t>(run.color)) == page::Color::black()) continue;
    found = true;
    EXPECT_LT(run.horizontal_scale, 1000);
    LU w = 0;
    for (const Glyph& g : run.glyphs) w += g.advance;
    EXPECT_LE(run.x + w, pt_to_lu(gbt9704().page.margin_left_pt) + width + 64);
    EXPECT_GE(run.x, pt_to_lu(gbt9704().page.margin_left_pt) - 64);
  }
  EXPECT_TRUE(found) << "a red mark";
  // The control: a short mark is not compressed.
  Report short_mark = notice(1);
  short_mark.gongwen->authorities = {"某局"};
  const Laid plain = lay_out(short_mark);
  for (const GlyphRun& run : plain.model.pages[0].runs) {
    if (plain.model.colors.at(static_cast<size_t>(run.color)) != page::Color::black()) {
      EXPECT_EQ(run.horizontal_scale, 1000);
    }
  }
}

}  // namespace
}  // namespace paiban::layout
