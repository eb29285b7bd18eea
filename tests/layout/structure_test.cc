// Layout fills the page model's structure tree (ready for tagged PDF): title, headings with their
// level, paragraphs, tables with head/body rows and cells carrying their grid position; every
// glyph run refers to its element, and page numbers, table rules and text repeated on a
// continuation page are artifacts. Table rules are black stroked paths.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "layout/layout.h"
#include "layout_test_util.h"
#include "support/model_builders.h"

namespace paiban::layout {
namespace {

using test_support::cell;
using test_support::paragraph;
using testing::gbt9704;

Report sample_report(int body_rows) {
  Report r;
  r.metadata.title = "结构测试报告";
  r.show_title = true;
  Heading h;
  h.level = 2;
  h.runs.push_back(test_support::text_run("总体情况"));
  r.body.push_back(h);
  r.body.push_back(paragraph("本年度共公开信息一千条。"));
  Table t;
  t.caption = "表一";
  t.columns.resize(3);
  t.header_rows = 1;
  TableRow head{{cell("项目"), cell("数量", 1, 2)}};
  for (TableCell& c : head.cells) c.header = true;
  t.rows.push_back(head);
  for (int i = 0; i < body_rows; ++i) {
    t.rows.push_back(TableRow{{cell("第" + std::to_string(i + 1) + "行"), cell("1"), cell("2")}});
  }
  r.body.push_back(t);
  return r;
}

std::string text_of(const GlyphRun& run) {
  std::string out;
  for (const Glyph& g : run.glyphs) out += run.text_of(g);
  return out;
}

TEST(Structure, BlocksBecomeElementsInReadingOrder) {
  std::vector<Diagnostic> d;
  const PageModel m =
      testing::lay_out(sample_report(3), gbt9704(), d);
  ASSERT_FALSE(has_errors(d));
  ASSERT_FALSE(m.structure.empty());
  const StructElement& root = m.structure[0];
  EXPECT_EQ(root.role, StructRole::kDocument);
  std::vector<StructRole> roles;
  for (int c : root.children) roles.push_back(m.structure[static_cast<size_t>(c)].role);
  EXPECT_EQ(roles, (std::vector<StructRole>{StructRole::kTitle, StructRole::kHeading,
                                            StructRole::kParagraph, StructRole::kTable}));
  EXPECT_EQ(m.structure[static_cast<size_t>(root.children[1])].level, 2);

  const StructElement& table = m.structure[static_cast<size_t>(root.children[3])];
  roles.clear();
  for (int c : table.children) roles.push_back(m.structure[static_cast<size_t>(c)].role);
  EXPECT_EQ(roles, (std::vector<StructRole>{StructRole::kCaption, StructRole::kTableHead,
                                            StructRole::kTableBody}));
  const StructElement& head = m.structure[static_cast<size_t>(table.children[1])];
  const StructElement& body = m.structure[static_cast<size_t>(table.children[2])];
  ASSERT_EQ(head.children.size(), 1u);
  EXPECT_EQ(body.children.size(), 3u);
  const StructElement& head_row = m.structure[static_cast<size_t>(head.children[0])];
  ASSERT_EQ(head_row.children.size(), 2u);
  const StructElement& count = m.structure[static_cast<size_t>(head_row.children[1])];
  EXPECT_EQ(count.role, StructRole::kTableCell);
  EXPECT_TRUE(count.header);
  EXPECT_EQ(count.col, 1);
  EXPECT_EQ(count.colspan, 2);
  const StructElement& last_row = m.structure[static_cast<size_t>(body.children[2])];
  const StructElement& last = m.structure[static_cast<size_t>(last_row.children[2])];
  EXPECT_FALSE(last.header);
  EXPECT_EQ(last.row, 3);
  EXPECT_EQ(last.col, 2);

  // Every element's parent lists it as a child.
  for (size_t i = 1; i < m.structure.size(); ++i) {
    const StructElement& e = m.structure[i];
    ASSERT_GE(e.parent, 0);
    const auto& siblings = m.structure[static_cast<size_t>(e.parent)].children;
    EXPECT_NE(std::find(siblings.begin(), siblings.end(), static_cast<int>(i)), siblings.end());
  }
}

TEST(Structure, RunsReferToTheirElementAndDecorationIsAnArtifact) {
  std::vector<Diagnostic> d;
  // Enough rows for a second page: its repeated header is an artifact.
  const PageModel m =
      testing::lay_out(sample_report(60), gbt9704(), d);
  ASSERT_FALSE(has_errors(d));
  ASSERT_GE(m.pages.size(), 2u);
  const styles::Style& s = gbt9704();
  const LU bottom = pt_to_lu(s.page.height_pt - s.page.margin_bottom_pt);
  std::string heading_text;
  for (const Page& page : m.pages) {
    for (const GlyphRun& run : page.runs) {
      if (run.y > bottom) {
        EXPECT_EQ(run.structure, kArtifact) << "page number " << text_of(run);
        continue;
      }
      if (run.structure == kArtifact) {
        // Only header text drawn again on a continuation page.
        EXPECT_GT(page.number, 1) << text_of(run);
        continue;
      }
      ASSERT_LT(static_cast<size_t>(run.structure), m.structure.size());
      const StructElement& e = m.structure[static_cast<size_t>(run.structure)];
      if (e.role == StructRole::kHeading) heading_text += text_of(run);
      if (e.role != StructRole::kTableCell) continue;
      // The run lies in a cell box with the element's grid position.
      bool inside = false;
      for (const CellBox& b : page.cells) {
        if (b.row == e.row && b.col == e.col && run.x >= b.x && run.x < b.x + b.w && run.y > b.y &&
            run.y < b.y + b.h) {
          inside = true;
        }
      }
      EXPECT_TRUE(inside) << text_of(run) << " row " << e.row << " col " << e.col;
    }
    for (const Path& path : page.paths) {
      EXPECT_EQ(path.structure, kArtifact);
      EXPECT_TRUE(path.stroke);
      EXPECT_FALSE(path.fill);
      EXPECT_EQ(path.stroke_color, Color::black());
      EXPECT_GT(path.stroke_width, 0);
    }
  }
  EXPECT_EQ(heading_text, "（一）总体情况");  // the level-2 number is part of the heading
  int repeated_header_runs = 0;
  for (const GlyphRun& run : m.pages[1].runs) {
    if (run.structure == kArtifact && run.y <= bottom) ++repeated_header_runs;
  }
  EXPECT_GT(repeated_header_runs, 0);
  for (const Page& page : m.pages) {
    EXPECT_EQ(page.orientation, Orientation::kPortrait);
    EXPECT_LT(page.width, page.height);
  }
}

}  // namespace
}  // namespace paiban::layout
