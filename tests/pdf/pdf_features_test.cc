// The PDF writer maps every element of the page model: text colour, filled and stroked paths, a
// double rule, a PNG with alpha (as /SMask) over text, a JPEG passed through as DCTDecode, each
// image embedded once, URI and internal links, and a landscape page. Checked on the output with
// qpdf, pdfimages, pdfinfo and rendered pixels (pdftoppm); skipped when a tool or font is missing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "fonts/face.h"
#include "fonts/font_registry.h"
#include "fonts/shaping.h"
#include "support/test_fonts.h"
#include "page/page_model.h"
#include "pdf/pdf_writer.h"
#include "support/image_encode.h"
#include "support/run_command.h"

namespace paiban::pdf {
namespace {

using page::Color;
using page::LU;
using page::pt_to_lu;
using test_support::run_command;

bool have_tool(const std::string& tool) {
  return run_command("command -v " + tool + " >/dev/null").code == 0;
}

#define REQUIRE_TOOL(tool, package)                                                  \
  if (!have_tool(tool)) {                                                            \
    GTEST_SKIP() << (tool) << " not installed (Debian package " << (package) << ")"; \
  }

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("paiban_features_" + std::to_string(getpid()) + "_" + name))
      .string();
}

// A binary PPM (P6) as pdftoppm writes it without -png.
struct Pixmap {
  int width = 0, height = 0;
  std::string data;
  struct Rgb {
    int r, g, b;
  };
  Rgb at(int x, int y) const {
    const size_t i =
        (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 3;
    return {static_cast<unsigned char>(data[i]), static_cast<unsigned char>(data[i + 1]),
            static_cast<unsigned char>(data[i + 2])};
  }
};

Pixmap read_ppm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int maxval = 0;
  Pixmap p;
  in >> magic >> p.width >> p.height >> maxval;
  in.get();
  if (magic != "P6" || maxval != 255) return {};
  p.data.resize(static_cast<size_t>(p.width) * static_cast<size_t>(p.height) * 3);
  in.read(p.data.data(), static_cast<std::streamsize>(p.data.size()));
  return p;
}

// Places `text` with one face, glyph after glyph at the font's own advances.
page::GlyphRun text_run(const fonts::Face& face, const std::string& text, double size_pt,
                        double x_pt, double y_pt) {
  page::GlyphRun run;
  run.size = pt_to_lu(size_pt);
  run.x = pt_to_lu(x_pt);
  run.y = pt_to_lu(y_pt);
  const std::vector<fonts::ShapedGlyph> shaped = fonts::shape(face, text, 0, text.size());
  for (size_t i = 0; i < shaped.size(); ++i) {
    page::Glyph g;
    g.gid = shaped[i].gid;
    g.natural_advance = static_cast<LU>(int64_t{shaped[i].x_advance} * run.size / face.upem());
    g.advance = g.natural_advance;
    const size_t end = i + 1 < shaped.size() ? shaped[i + 1].cluster : text.size();
    run.add_glyph(g, std::string_view(text).substr(shaped[i].cluster, end - shaped[i].cluster));
  }
  return run;
}

constexpr double kA4W = 595.276, kA4H = 841.89;
constexpr const char* kUri = "https://example.org/report";

class PdfFeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const fonts::FaceChain noto = test_support::test_fonts().resolve({"Noto Serif CJK SC"});
    if (noto.faces.empty()) GTEST_SKIP() << "Noto Serif CJK SC not installed (fonts-noto-cjk)";
    face_ = noto.faces.front();
    pdf_path_ = temp_path("doc.pdf");
    model_ = make_model();
    std::vector<Diagnostic> diagnostics;
    const std::string pdf = write_pdf(model_, PdfOptions{}, test_support::test_fonts(), diagnostics);
    for (const Diagnostic& d : diagnostics) ADD_FAILURE() << d.message;
    ASSERT_FALSE(pdf.empty());
    std::ofstream(pdf_path_, std::ios::binary) << pdf;
    bytes_ = pdf;
  }
  void TearDown() override {
    std::error_code ec;
    if (std::getenv("PAIBAN_KEEP_TEST_FILES") == nullptr) {
      std::filesystem::remove(pdf_path_, ec);
      std::filesystem::remove(pdf_path_ + ".ppm", ec);
      std::filesystem::remove(pdf_path_ + ".qdf", ec);
    }
  }

  // Page 1 (A4 portrait): red text with a link to kUri, a green filled rectangle, a double
  // rule, black text under a half-transparent red PNG (a seal), a JPEG below the text, a link to
  // page 2. Page 2 (A4 landscape): text and the same PNG again.
  page::PageModel make_model() {
    page::PageModel model;
    model.fonts.push_back({face_->path(), face_->index()});
    std::vector<uint8_t> seal;
    for (int i = 0; i < 32 * 32; ++i) seal.insert(seal.end(), {255, 0, 0, 128});
    const std::string png = test_support::encode_png(32, 32, PNG_FORMAT_RGBA, seal.data());
    std::vector<uint8_t> blue;
    for (int i = 0; i < 40 * 20; ++i) blue.insert(blue.end(), {0, 0, 255});
    const std::string jpeg = test_support::encode_jpeg(40, 20, 3, blue);
    std::string error;
    const int seal_index = model.add_image(png, &error);
    const int jpeg_index = model.add_image(jpeg, &error);
    EXPECT_EQ(seal_index, 0) << error;
    EXPECT_EQ(jpeg_index, 1) << error;

    // Structure: the red text is a paragraph, the JPEG a figure, page 2's text a heading; the
    // rest (the seal, rules, the rectangle) are artifacts.
    const int para = model.add_structure(page::StructRole::kParagraph);
    const int figure = model.add_structure(page::StructRole::kFigure);
    model.structure[static_cast<size_t>(figure)].alt = "蓝色方块";
    const int heading = model.add_structure(page::StructRole::kHeading);
    model.structure[static_cast<size_t>(heading)].level = 1;

    page::Page p1;
    p1.width = pt_to_lu(kA4W);
    p1.height = pt_to_lu(kA4H);
    page::GlyphRun red = text_run(*face_, "红色文字", 40, 72, 120);
    red.color = model.add_color(Color::rgb(1, 0, 0));
    red.structure = para;
    p1.runs.push_back(red);
    p1.links.push_back(page::Link{pt_to_lu(72), pt_to_lu(80), pt_to_lu(160), pt_to_lu(50), kUri});
    page::Path green = page::rect_path(pt_to_lu(300), pt_to_lu(150), pt_to_lu(100), pt_to_lu(60));
    green.fill = true;
    green.fill_color = Color::rgb(0, 1, 0);
    p1.paths.push_back(green);
    for (page::Path& rule :
         page::double_rule(pt_to_lu(72), pt_to_lu(250), pt_to_lu(523), pt_to_lu(250), pt_to_lu(1),
                           pt_to_lu(2), Color::black())) {
      p1.paths.push_back(std::move(rule));
    }
    p1.runs.push_back(text_run(*face_, "印章下文字", 40, 72, 420));
    p1.images.push_back(page::PlacedImage{seal_index, pt_to_lu(60), pt_to_lu(370), pt_to_lu(240),
                                          pt_to_lu(70), true, page::kArtifact});
    p1.images.push_back(page::PlacedImage{jpeg_index, pt_to_lu(72), pt_to_lu(500), pt_to_lu(80),
                                          pt_to_lu(40), false, figure});
    page::Link to_page2;
    to_page2.x = pt_to_lu(72);
    to_page2.y = pt_to_lu(600);
    to_page2.w = pt_to_lu(100);
    to_page2.h = pt_to_lu(20);
    to_page2.dest_page = 1;
    to_page2.dest_y = pt_to_lu(100);
    p1.links.push_back(to_page2);

    page::Page p2;
    p2.width = pt_to_lu(kA4H);
    p2.height = pt_to_lu(kA4W);
    p2.orientation = page::Orientation::kLandscape;
    p2.number = 2;
    p2.runs.push_back(text_run(*face_, "横向页", 20, 72, 100));
    p2.runs.back().structure = heading;
    p2.images.push_back(page::PlacedImage{seal_index, pt_to_lu(600), pt_to_lu(60), pt_to_lu(100),
                                          pt_to_lu(100), true, page::kArtifact});
    model.pages = {p1, p2};
    return model;
  }

  // Page 1 rendered at 144 dpi (2 px per pt).
  Pixmap render_page1() {
    const auto r = run_command("pdftoppm -r 144 -f 1 -l 1 -singlefile '" + pdf_path_ + "' '" +
                               pdf_path_ + "'");
    EXPECT_EQ(r.code, 0) << r.output;
    return read_ppm(pdf_path_ + ".ppm");
  }

  const fonts::Face* face_ = nullptr;
  page::PageModel model_;
  std::string pdf_path_;
  std::string bytes_;
};

TEST_F(PdfFeaturesTest, IsValidAndDeterministic) {
  REQUIRE_TOOL("qpdf", "qpdf");
  const auto r = run_command("qpdf --check '" + pdf_path_ + "'");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("No syntax or stream encoding errors"), std::string::npos) << r.output;
  std::vector<Diagnostic> diagnostics;
  EXPECT_EQ(write_pdf(model_, PdfOptions{}, test_support::test_fonts(), diagnostics), bytes_);
  EXPECT_NE(bytes_.find("/StructTreeRoot"), std::string::npos);
  PdfOptions untagged;
  untagged.tagged = false;
  const std::string plain = write_pdf(model_, untagged, test_support::test_fonts(), diagnostics);
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(plain.find("/StructTreeRoot"), std::string::npos);
  EXPECT_EQ(plain.find("/MarkInfo"), std::string::npos);
}

TEST_F(PdfFeaturesTest, EachPageHasItsOwnSizeAndOrientation) {
  REQUIRE_TOOL("pdfinfo", "poppler-utils");
  const auto r = run_command("pdfinfo -f 1 -l 2 '" + pdf_path_ + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  // 1/64 pt: 595.276 pt is 595.28125, printed by pdfinfo to three decimals.
  EXPECT_TRUE(
      std::regex_search(r.output, std::regex(R"(Page +1 size: +595\.28\d* x 841\.89\d* pts)")))
      << r.output;
  EXPECT_TRUE(
      std::regex_search(r.output, std::regex(R"(Page +2 size: +841\.89\d* x 595\.28\d* pts)")))
      << r.output;
}

TEST_F(PdfFeaturesTest, ImagesAreEmbeddedOnceWithSoftMaskAndJpegPassthrough) {
  REQUIRE_TOOL("pdfimages", "poppler-utils");
  const auto r = run_command("pdfimages -list '" + pdf_path_ + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  // page num type width height color comp bpc enc interp object ID ...
  struct Row {
    int page;
    std::string type;
    int width, height;
    std::string color, enc;
    int object;
  };
  std::vector<Row> rows;
  std::istringstream in(r.output);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    Row row;
    int num, comp, bpc;
    std::string interp;
    if (!(f >> row.page >> num >> row.type >> row.width >> row.height >> row.color >> comp >> bpc >>
          row.enc >> interp >> row.object)) {
      continue;
    }
    rows.push_back(row);
  }
  ASSERT_EQ(rows.size(), 5u) << r.output;  // page 1: JPEG, PNG + smask; page 2: PNG + smask
  int png_object = -1;
  int jpegs = 0, smasks = 0;
  for (const Row& row : rows) {
    if (row.enc == "jpeg") {
      ++jpegs;
      EXPECT_EQ(row.width, 40);
      EXPECT_EQ(row.height, 20);
      EXPECT_EQ(row.color, "rgb");
    } else if (row.type == "smask") {
      ++smasks;
      EXPECT_EQ(row.color, "gray");
      EXPECT_EQ(row.width, 32);
    } else {
      EXPECT_EQ(row.type, "image");
      EXPECT_EQ(row.width, 32);
      EXPECT_EQ(row.color, "rgb");
      if (png_object < 0) png_object = row.object;
      EXPECT_EQ(row.object, png_object) << "the seal is embedded once, placed twice";
    }
  }
  EXPECT_EQ(jpegs, 1);
  EXPECT_EQ(smasks, 2);
  // The JPEG's own bytes are in the file.
  EXPECT_NE(bytes_.find(model_.images[1].source), std::string::npos);
}

TEST_F(PdfFeaturesTest, ColoursAndTheSealAreWhatTheModelSays) {
  REQUIRE_TOOL("pdftoppm", "poppler-utils");
  const Pixmap p = render_page1();
  ASSERT_EQ(p.width, 1191);  // 595.276 pt at 2 px/pt
  // Red text: every inked pixel of its line is red, and there are many.
  int red = 0, other_ink = 0;
  for (int y = 2 * 80; y < 2 * 130; ++y) {
    for (int x = 2 * 72; x < 2 * 240; ++x) {
      const auto c = p.at(x, y);
      if (c.r > 200 && c.g > 200 && c.b > 200) continue;  // paper
      if (c.r > 200 && c.g < 90 && c.b < 90) {
        ++red;
      } else if (c.r < 200) {
        ++other_ink;  // darker than the red's anti-aliased edge: not red text
      }
    }
  }
  EXPECT_GT(red, 500);
  EXPECT_EQ(other_ink, 0);
  // The green rectangle.
  const auto g = p.at(2 * 350, 2 * 180);
  EXPECT_TRUE(g.r < 10 && g.g > 245 && g.b < 10) << g.r << "," << g.g << "," << g.b;
  // The double rule around y = 250 pt: two dark bands of 1 pt (centred 1.5 pt above and below),
  // 2 pt of paper between them.
  std::string column;
  for (int y = 2 * 246; y < 2 * 254; ++y) column += p.at(2 * 300, y).r < 128 ? '#' : '.';
  EXPECT_EQ(column, "....##....##....") << column;
  // Under the seal (half-transparent red): paper turns pink, the black text stays visible as
  // dark red (black × ½ + red × ½).
  int pink = 0, dark_red = 0;
  for (int y = 2 * 380; y < 2 * 430; ++y) {
    for (int x = 2 * 72; x < 2 * 280; ++x) {
      const auto c = p.at(x, y);
      if (c.r > 240 && c.g > 100 && c.g < 160 && c.b > 100 && c.b < 160) ++pink;
      if (c.r > 100 && c.r < 160 && c.g < 30 && c.b < 30) ++dark_red;
    }
  }
  EXPECT_GT(pink, 5000);
  EXPECT_GT(dark_red, 500) << "the text under the seal must show through";
  // The JPEG (blue) below the text.
  const auto b = p.at(2 * 110, 2 * 520);
  EXPECT_TRUE(b.r < 30 && b.g < 30 && b.b > 220) << b.r << "," << b.g << "," << b.b;
}

TEST_F(PdfFeaturesTest, LinksAreAnnotations) {
  REQUIRE_TOOL("qpdf", "qpdf");
  const auto r = run_command("qpdf --qdf --object-streams=disable '" + pdf_path_ + "' '" +
                             pdf_path_ + ".qdf'");
  ASSERT_EQ(r.code, 0) << r.output;
  std::ifstream in(pdf_path_ + ".qdf", std::ios::binary);
  const std::string qdf(std::istreambuf_iterator<char>(in), {});
  // Annotation dictionaries, as qpdf --qdf prints them (one key per line).
  const std::string flat = std::regex_replace(qdf, std::regex(R"(\s+)"), " ");
  int links = 0;
  for (size_t at = flat.find("/Subtype /Link"); at != std::string::npos;
       at = flat.find("/Subtype /Link", at + 1)) {
    ++links;
  }
  EXPECT_EQ(links, 2);
  EXPECT_NE(flat.find(std::string("/URI (") + kUri + ")"), std::string::npos);
  // The URI link covers the red text: x 72–232, y 80–130 from the top of an 841.89 pt page.
  EXPECT_TRUE(std::regex_search(flat, std::regex(R"(/Rect \[ 72 711\.8\d* 232 761\.8\d* \])")))
      << flat.substr(0, 3000);
  // The internal link goes to page 2, 100 pt below its top (page 2 is 595.28 pt high).
  std::smatch page2;
  ASSERT_TRUE(
      std::regex_search(qdf, page2, std::regex(R"(%% Page 2\n(?:%%[^\n]*\n)*(\d+) 0 obj)")));
  EXPECT_TRUE(std::regex_search(
      flat, std::regex("/Dest \\[ " + page2[1].str() + R"( 0 R /XYZ null 495\.28\d* null \])")))
      << flat.substr(0, 3000);
}

TEST_F(PdfFeaturesTest, StructureIsATaggedPdf) {
  REQUIRE_TOOL("pdfinfo", "poppler-utils");
  const auto info = run_command("pdfinfo '" + pdf_path_ + "'");
  EXPECT_NE(info.output.find("Tagged:          yes"), std::string::npos) << info.output;
  // poppler reads the tree back through the marked content: each element with its text.
  const auto r = run_command("pdfinfo -struct-text '" + pdf_path_ + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string flat = std::regex_replace(r.output, std::regex(R"(\s+)"), " ");
  EXPECT_NE(flat.find("Document P (block) \"红色文字\" Figure"), std::string::npos) << r.output;
  EXPECT_NE(flat.find("H1 (block) \"横向页\""), std::string::npos) << r.output;
  // Artifacts (the seal, the unlabelled text under it) are not in the tree.
  EXPECT_EQ(flat.find("印章"), std::string::npos) << r.output;
}

// The attributes and references of the tree, read back by poppler: a table's header cell that
// spans two columns, a body cell that spans three rows, a figure's alternate text, and a
// paragraph whose text runs onto a second page (its marked content named page by page).
TEST_F(PdfFeaturesTest, StructureKeepsCellSpansAltTextAndContentAcrossPages) {
  REQUIRE_TOOL("pdfinfo", "poppler-utils");
  page::PageModel model;
  model.fonts.push_back({face_->path(), face_->index()});
  const int table = model.add_structure(page::StructRole::kTable);
  const int row = model.add_structure(page::StructRole::kTableRow, table);
  const int head = model.add_structure(page::StructRole::kTableCell, row);
  model.structure[static_cast<size_t>(head)].header = true;
  model.structure[static_cast<size_t>(head)].colspan = 2;
  const int cell = model.add_structure(page::StructRole::kTableCell, row);
  model.structure[static_cast<size_t>(cell)].row = 1;
  model.structure[static_cast<size_t>(cell)].rowspan = 3;
  const int figure = model.add_structure(page::StructRole::kFigure);
  model.structure[static_cast<size_t>(figure)].alt = "示意图";
  const int para = model.add_structure(page::StructRole::kParagraph);
  std::vector<uint8_t> grey(16 * 16 * 3, 128);
  std::string error;
  const int image = model.add_image(test_support::encode_jpeg(16, 16, 3, grey), &error);
  ASSERT_EQ(image, 0) << error;

  page::Page p1;
  p1.width = pt_to_lu(kA4W);
  p1.height = pt_to_lu(kA4H);
  p1.runs.push_back(text_run(*face_, "表头", 12, 72, 100));
  p1.runs.back().structure = head;
  p1.runs.push_back(text_run(*face_, "单元格", 12, 72, 130));
  p1.runs.back().structure = cell;
  p1.images.push_back(page::PlacedImage{image, pt_to_lu(72), pt_to_lu(200), pt_to_lu(40),
                                        pt_to_lu(40), false, figure});
  p1.runs.push_back(text_run(*face_, "跨页段落前半", 12, 72, 700));
  p1.runs.back().structure = para;
  page::Page p2 = p1;
  p2.number = 2;
  p2.images.clear();
  p2.runs = {text_run(*face_, "跨页段落后半", 12, 72, 100)};
  p2.runs.back().structure = para;
  model.pages = {p1, p2};

  std::vector<Diagnostic> diagnostics;
  const std::string pdf = write_pdf(model, PdfOptions{}, test_support::test_fonts(), diagnostics);
  for (const Diagnostic& d : diagnostics) ADD_FAILURE() << d.message;
  ASSERT_FALSE(pdf.empty());
  std::ofstream(pdf_path_, std::ios::binary | std::ios::trunc) << pdf;

  // poppler prints each element's attributes under it, in the order the dictionary has them.
  const auto r = run_command("pdfinfo -struct-text '" + pdf_path_ + "'");
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string flat = std::regex_replace(r.output, std::regex(R"(\s+)"), " ");
  const std::regex cells(R"re(Table \(block\) TR TH: ((?:/\w+ /?\w+ )+)"表头" )re"
                         R"re(TD: ((?:/\w+ /?\w+ )+)"单元格" Figure)re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(flat, m, cells)) << r.output;
  const std::string head_attributes = m[1];
  EXPECT_NE(head_attributes.find("/ColSpan 2 "), std::string::npos) << head_attributes;
  EXPECT_NE(head_attributes.find("/Scope /Column "), std::string::npos) << head_attributes;
  EXPECT_EQ(head_attributes.find("/RowSpan"), std::string::npos) << head_attributes;
  EXPECT_EQ(m[2].str(), "/RowSpan 3 ");
  EXPECT_NE(flat.find("P (block) \"跨页段落前半\" \"跨页段落后半\""), std::string::npos)
      << r.output;
  // The alternate text, a UTF-16 text string with its byte-order mark.
  EXPECT_NE(pdf.find("/Alt<FEFF" + std::string("793A610F56FE") + ">"), std::string::npos);
}

}  // namespace
}  // namespace paiban::pdf
