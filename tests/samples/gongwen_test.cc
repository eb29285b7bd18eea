// The 公文 samples (samples/gongwen-*) rendered by the CLI and measured on their output, against
// GB/T 9704-2012 (../shared/docs/gbt9704-gongwen.md), within 0.5 mm unless said:
//  - the mark is red, its upper edge 35 mm below the type area (letter: 30 mm from the paper);
//    the red rule is 156 mm long, 4 mm under the 发文字号 (letter: 170 mm double rules);
//  - 签发人 and 文号 share a line in the request;
//  - the seal (35–50 mm, with a soft mask) lies over the 成文日期, the date four characters in
//    from the right; two seals side by side, not touching, in the joint document;
//  - the 版记: 印发 in the last two lines of the last page, its last rule on the type area's foot,
//    the page even and without a page number; no blank page numbered; the letter's first page
//    without a number;
//  - the real documents of ../shared/corpus/gongwen: every word read back from the PDF;
//  - the DOCX: schema-valid, red text and rules, a seal anchored as a drawing, and LibreOffice's
//    page count equal to the PDF's; in LibreOffice, the mark at its place, the 版记 at the foot of
//    the even last page, neither it nor a blank page numbered;
//  - the test reports of tests/samples/gongwen_pages (the 版记 page alone after an odd page,
//    after a blank page, or beginning inside a paragraph), in the PDF and in LibreOffice.
// Positions come from pdftotext -bbox-layout (text) and from pdftoppm rasters at 300 dpi (ink:
// the red mark and rules, the seal, black rules and text edges).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "docx/zip_package.h"
#include "support/run_command.h"
#include "support/scratch_dir.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using docx::read_zip;
using docx::ZipEntry;
using test_support::run_command;

constexpr int kDpi = 300;
constexpr double kTopMm = 37;         // type area: 37 mm from the top
constexpr double kFootMm = 297 - 35;  // its foot
constexpr double kLeftMm = 28, kRightMm = 210 - 26;
constexpr double kCharMm = 156.0 / 28;  // one character on the grid
constexpr double kLineMm = 225.0 / 22;  // one line of the grid
constexpr char kSchemaDir[] = PAIBAN_SHARED_DIR "/schemas/ooxml";
constexpr char kCorpusDir[] = PAIBAN_SHARED_DIR "/corpus/gongwen";

double px_to_mm(double px) { return px * 25.4 / kDpi; }

bool have(const std::string& tool) { return run_command("command -v " + tool).code == 0; }

std::string quote(const std::string& s) { return "'" + s + "'"; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Removes white space (ASCII and U+3000).
std::string squash(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') continue;
    if (text.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

// One rendered sample: its PDF and DOCX in a scratch folder, made once per process.
struct Rendered {
  fs::path dir, pdf, docx;
  int pages = 0;
};

// The test reports of tests/samples/gongwen_pages, by name ("pages-odd-end" is odd-end.json): the
// request sample cut or lengthened so that its 版记 page begins elsewhere.
constexpr char kPagesPrefix[] = "pages-";

const Rendered& rendered(const std::string& sample) {
  static std::map<std::string, Rendered> cache;
  auto it = cache.find(sample);
  if (it != cache.end()) return it->second;
  Rendered r;
  r.dir = paiban::test_support::scratch_dir("gongwen-out") / sample;
  fs::create_directories(r.dir);
  r.pdf = r.dir / (sample + ".pdf");
  r.docx = r.dir / (sample + ".docx");
  std::string report = std::string(PAIBAN_SOURCE_DIR) + "/samples/" + sample + "/report.json";
  if (sample.starts_with(kPagesPrefix)) {
    // Beside the request's seal, which the report names.
    const fs::path source = fs::path(PAIBAN_SOURCE_DIR) / "tests/samples/gongwen_pages" /
                            (sample.substr(std::strlen(kPagesPrefix)) + ".json");
    fs::copy_file(source, r.dir / "report.json", fs::copy_options::overwrite_existing);
    fs::copy_file(fs::path(PAIBAN_SOURCE_DIR) / "samples/gongwen-request/seal.png",
                  r.dir / "seal.png", fs::copy_options::overwrite_existing);
    report = (r.dir / "report.json").string();
  }
  const auto out = run_command(std::string(PAIBAN_CLI) + " render " + quote(report) + " -o " +
                               quote(r.pdf.string()) + " -o " + quote(r.docx.string()));
  EXPECT_EQ(out.code, 0) << out.output;
  const auto info = run_command("pdfinfo " + quote(r.pdf.string()));
  std::smatch m;
  if (std::regex_search(info.output, m, std::regex("Pages:\\s+([0-9]+)"))) {
    r.pages = std::stoi(m[1]);
  }
  return cache.emplace(sample, std::move(r)).first->second;
}

// A page rasterised at kDpi (RGB).
struct Raster {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const {
    return &rgb[(static_cast<size_t>(y) * width + x) * 3];
  }
  bool red(int x, int y) const {
    const unsigned char* p = at(x, y);
    return p[0] > 170 && p[1] < 110 && p[2] < 110;
  }
  bool dark(int x, int y) const {
    const unsigned char* p = at(x, y);
    return p[0] < 100 && p[1] < 100 && p[2] < 100;
  }
};

Raster raster(const Rendered& r, int page) {
  Raster out;
  const fs::path base = r.dir / ("page" + std::to_string(page));
  const auto res = run_command(
      "pdftoppm -r " + std::to_string(kDpi) + " -f " + std::to_string(page) + " -l " +
      std::to_string(page) + " -singlefile " + quote(r.pdf.string()) + " " + quote(base.string()));
  EXPECT_EQ(res.code, 0) << res.output;
  const std::string data = read_file(base.string() + ".ppm");
  std::error_code ignored;
  fs::remove(base.string() + ".ppm", ignored);  // 25 MB at 300 dpi; the bytes are in `data`
  std::istringstream in(data);
  std::string magic;
  int maxval = 0;
  in >> magic >> out.width >> out.height >> maxval;
  in.get();
  if (magic != "P6" || out.width <= 0) {
    ADD_FAILURE() << "not a PPM raster of page " << page;
    return Raster{};
  }
  out.rgb.assign(data.begin() + static_cast<long>(in.tellg()), data.end());
  EXPECT_EQ(out.rgb.size(), static_cast<size_t>(out.width) * out.height * 3);
  return out;
}

// The longest run of pixels satisfying `pred` in row y: {start, length}.
template <typename Pred>
std::pair<int, int> longest_run(const Raster& r, int y, Pred pred) {
  int best = 0, best_start = 0, run = 0;
  for (int x = 0; x < r.width; ++x) {
    run = pred(x, y) ? run + 1 : 0;
    if (run > best) {
      best = run;
      best_start = x - run + 1;
    }
  }
  return {best_start, best};
}

// Rows holding a red (or dark) horizontal rule of at least `min_mm`, grouped into rules: each
// {top row, bottom row, length in mm}.
struct Rule {
  int top = 0, bottom = 0;
  double length_mm = 0, left_mm = 0;
  double centre_mm() const { return px_to_mm((top + bottom + 1) / 2.0); }
};

std::vector<Rule> rules(const Raster& r, bool red, double min_mm) {
  std::vector<Rule> out;
  for (int y = 0; y < r.height; ++y) {
    const auto [start, len] =
        longest_run(r, y, [&](int x, int yy) { return red ? r.red(x, yy) : r.dark(x, yy); });
    if (px_to_mm(len) < min_mm) continue;
    if (!out.empty() && out.back().bottom == y - 1) {
      out.back().bottom = y;
      out.back().length_mm = std::max(out.back().length_mm, px_to_mm(len));
    } else {
      out.push_back(Rule{y, y, px_to_mm(len), px_to_mm(start)});
    }
  }
  return out;
}

// The mark's red ink on page 1: its top and bottom rows (mm), above the first red rule of
// `min_rule_mm` or more; {-1, -1} when there is none.
std::pair<double, double> mark_extent(const Raster& page, double min_rule_mm) {
  const std::vector<Rule> red_rules = rules(page, true, min_rule_mm);
  const int limit = red_rules.empty() ? page.height : red_rules.front().top;
  int top = -1, bottom = -1;
  for (int y = 0; y < limit; ++y) {
    for (int x = 0; x < page.width; ++x) {
      if (page.red(x, y)) {
        if (top < 0) top = y;
        bottom = y;
        break;
      }
    }
  }
  if (top < 0) return {-1, -1};
  return {px_to_mm(top), px_to_mm(bottom + 1)};
}

// The text lines of a page (pdftotext -bbox-layout): squashed text and box in mm.
struct TextLine {
  std::string text;
  double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
};

std::vector<TextLine> text_lines(const Rendered& r, int page) {
  const fs::path html = r.dir / ("bbox" + std::to_string(page) + ".html");
  const auto res =
      run_command("pdftotext -bbox-layout -f " + std::to_string(page) + " -l " +
                  std::to_string(page) + " " + quote(r.pdf.string()) + " " + quote(html.string()));
  EXPECT_EQ(res.code, 0) << res.output;
  const std::string text = read_file(html);
  std::vector<TextLine> out;
  const std::regex line_re(
      "<line xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">");
  const std::regex word_re("<word [^>]*>([^<]*)</word>");
  const double pt = 25.4 / 72;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), line_re);
       it != std::sregex_iterator(); ++it) {
    TextLine l;
    l.x_min = std::stod((*it)[1]) * pt;
    l.y_min = std::stod((*it)[2]) * pt;
    l.x_max = std::stod((*it)[3]) * pt;
    l.y_max = std::stod((*it)[4]) * pt;
    const size_t start = static_cast<size_t>(it->position() + it->length());
    const size_t end = text.find("</line>", start);
    const std::string words = text.substr(start, end - start);
    for (auto w = std::sregex_iterator(words.begin(), words.end(), word_re);
         w != std::sregex_iterator(); ++w) {
      l.text += (*w)[1];
    }
    l.text = squash(l.text);
    out.push_back(std::move(l));
  }
  return out;
}

std::optional<TextLine> line_with(const std::vector<TextLine>& lines, const std::string& text) {
  for (const TextLine& l : lines) {
    if (l.text.find(text) != std::string::npos) return l;
  }
  return std::nullopt;
}

std::string page_text(const Rendered& r, int page) {
  return run_command("pdftotext -f " + std::to_string(page) + " -l " + std::to_string(page) + " " +
                     quote(r.pdf.string()) + " -")
      .output;
}

bool has_page_number(const std::string& text) {
  return std::regex_search(text, std::regex("—\\s*[0-9]+\\s*—"));
}

struct Sample {
  const char* name;
  bool letter = false;
  bool sealed = true;
  int seals = 1;
  const char* date = "";
  bool record = true;
};

const Sample kSamples[] = {
    {"gongwen-notice", false, true, 1, "2021年4月21日", true},
    {"gongwen-request", false, true, 1, "2024年3月15日", true},
    {"gongwen-joint", false, true, 2, "2024年2月26日", true},
    {"gongwen-letter", true, true, 1, "2020年12月18日", true},
    {"gongwen-minutes", false, false, 0, "", true},
};

class GongwenSample : public ::testing::TestWithParam<Sample> {
 protected:
  void SetUp() override {
    for (const char* tool : {"pdftoppm", "pdftotext", "pdfinfo", "pdfimages"}) {
      if (!have(tool)) GTEST_SKIP() << tool << " is not installed (poppler-utils)";
    }
  }
};

TEST_P(GongwenSample, MastheadIsRedAtItsPlaceWithItsRule) {
  const Sample& s = GetParam();
  const Rendered& r = rendered(s.name);
  ASSERT_GT(r.pages, 0);
  const Raster page = raster(r, 1);
  ASSERT_GT(page.width, 0);
  const std::vector<Rule> red_rules = rules(page, true, 150);
  ASSERT_FALSE(red_rules.empty()) << "no red rule on page 1";
  // The mark: the topmost red ink, above the first rule.
  int mark_top = -1;
  for (int y = 0; y < red_rules.front().top && mark_top < 0; ++y) {
    for (int x = 0; x < page.width; ++x) {
      if (page.red(x, y)) {
        mark_top = y;
        break;
      }
    }
  }
  ASSERT_GE(mark_top, 0) << "no red mark above the rule";
  if (s.letter) {
    // §10.1: 30 mm from the paper's top; double rules 170 mm, under the mark and 20 mm above
    // the paper's foot.
    EXPECT_NEAR(px_to_mm(mark_top), 30, 0.5);
    ASSERT_EQ(red_rules.size(), 4u) << "two double rules";
    for (const Rule& rule : red_rules) EXPECT_NEAR(rule.length_mm, 170, 0.5);
    EXPECT_NEAR(px_to_mm(red_rules[3].bottom + 1), 297 - 20, 0.5);
    EXPECT_GT(red_rules[1].top - red_rules[0].bottom, 1) << "the upper pair is two rules";
  } else {
    EXPECT_NEAR(px_to_mm(mark_top), kTopMm + 35, 0.5);
    ASSERT_EQ(red_rules.size(), 1u);
    EXPECT_NEAR(red_rules[0].length_mm, 156, 0.5);
    EXPECT_NEAR(red_rules[0].left_mm, kLeftMm, 0.5);
    // §7.2.7: the rule 4 mm under the 发文字号: the lowest black ink above the rule.
    int number_bottom = -1;
    for (int y = red_rules[0].top - 1; y > mark_top && number_bottom < 0; --y) {
      for (int x = 0; x < page.width; ++x) {
        if (page.dark(x, y)) {
          number_bottom = y;
          break;
        }
      }
    }
    ASSERT_GT(number_bottom, 0);
    EXPECT_NEAR(red_rules[0].centre_mm() - px_to_mm(number_bottom + 1), 4, 0.5);
  }
}

// The red ink between rows y0 and y1 of a page: its top and bottom rows, and the runs of
// columns that hold red (one per seal when the seals do not touch), in pixels.
struct RedBand {
  int top = 0, bottom = -1;
  std::vector<std::pair<int, int>> clusters;
};

RedBand red_band(const Raster& page, int y0, int y1) {
  RedBand band;
  band.top = page.height;
  std::vector<bool> column(static_cast<size_t>(page.width), false);
  for (int y = y0; y < y1; ++y) {
    for (int x = 0; x < page.width; ++x) {
      if (!page.red(x, y)) continue;
      column[static_cast<size_t>(x)] = true;
      band.top = std::min(band.top, y);
      band.bottom = std::max(band.bottom, y);
    }
  }
  for (int x = 0; x < page.width; ++x) {
    if (!column[static_cast<size_t>(x)]) continue;
    if (!band.clusters.empty() && band.clusters.back().second >= x - 1) {
      band.clusters.back().second = x;
    } else {
      band.clusters.emplace_back(x, x);
    }
  }
  return band;
}

TEST_P(GongwenSample, SealLiesOverTheDate) {
  const Sample& s = GetParam();
  if (!s.sealed) GTEST_SKIP() << s.name << " has no seal";
  const Rendered& r = rendered(s.name);
  // pdfimages -list: page num type width height color comp bpc enc interp object ID x-ppi …
  const auto list = run_command("pdfimages -list " + quote(r.pdf.string()));
  ASSERT_EQ(list.code, 0) << list.output;
  std::istringstream in(list.output);
  std::string line;
  int images = 0, masks = 0, seal_page = 0;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string page, num, type, width, height, color, comp, bpc, enc, interp, object, id, xppi;
    if (!(f >> page >> num >> type >> width >> height >> color >> comp >> bpc >> enc >> interp >>
          object >> id >> xppi)) {
      continue;
    }
    if (type == "smask") ++masks;
    if (type != "image") continue;
    ++images;
    seal_page = std::stoi(page);
    const double diameter = std::stod(width) / std::stod(xppi) * 25.4;
    EXPECT_GE(diameter, 35) << line;
    EXPECT_LE(diameter, 50) << line;
  }
  EXPECT_EQ(images, s.seals);
  EXPECT_EQ(masks, s.seals) << "each seal keeps its alpha as a soft mask";
  ASSERT_GT(seal_page, 0);

  const std::vector<TextLine> lines = text_lines(r, seal_page);
  const std::optional<TextLine> date = line_with(lines, squash(s.date));
  ASSERT_TRUE(date) << "no line with the date " << s.date;
  // §7.3.5.1: the date four characters in from the right.
  EXPECT_NEAR(date->x_max, kRightMm - 4 * kCharMm, 0.5);

  // The seals' red ink in the band around the date; columns with red, in clusters.
  const Raster page = raster(r, seal_page);
  const int y0 = std::max(0, static_cast<int>((date->y_min - 50) / 25.4 * kDpi));
  // Above the letter's lower double rule (20 mm above the paper's foot).
  const double band_end = std::min(date->y_max + 30, 297.0 - 25);
  const int y1 = std::min(page.height, static_cast<int>(band_end / 25.4 * kDpi));
  const RedBand band = red_band(page, y0, y1);
  const auto& clusters = band.clusters;
  const int top = band.top, bottom = band.bottom;
  ASSERT_EQ(clusters.size(), static_cast<size_t>(s.seals))
      << "the seals side by side, not touching";
  for (const auto& [a, b] : clusters) {
    EXPECT_GE(px_to_mm(a), kLeftMm - 0.5) << "inside the type area";
    EXPECT_LE(px_to_mm(b + 1), kRightMm + 0.5) << "inside the type area";
  }
  // The last seal centred over the date, which lies on the seal; the seal's top within one
  // line of the text above.
  const double seal_centre = px_to_mm((clusters.back().first + clusters.back().second + 1) / 2.0);
  EXPECT_NEAR(seal_centre, (date->x_min + date->x_max) / 2, 1.0);
  EXPECT_LT(px_to_mm(top), date->y_min);
  EXPECT_GT(px_to_mm(bottom), date->y_min);
  double above = 0;
  for (const TextLine& l : lines) {
    if (l.y_max < px_to_mm(top)) above = std::max(above, l.y_max);
  }
  EXPECT_LE(px_to_mm(top) - above, kLineMm + 0.5) << "the seal's top within one line";
}

TEST_P(GongwenSample, RecordOnTheFootOfAnEvenLastPageWithoutNumber) {
  const Sample& s = GetParam();
  const Rendered& r = rendered(s.name);
  ASSERT_GT(r.pages, 0);
  const std::string last = page_text(r, r.pages);
  EXPECT_FALSE(has_page_number(last)) << "the 版记 page carries no number:\n" << last;
  for (int p = 1; p <= r.pages; ++p) {
    const std::string text = page_text(r, p);
    const std::string flat = squash(std::regex_replace(text, std::regex("—\\s*[0-9]+\\s*—"), ""));
    EXPECT_FALSE(flat.empty() && has_page_number(text)) << "blank page " << p << " is numbered";
    if (s.letter && p == 1) {
      EXPECT_FALSE(has_page_number(text)) << "the letter's page 1";
    }
  }
  const std::vector<TextLine> lines = text_lines(r, r.pages);
  const std::optional<TextLine> copies = line_with(lines, "抄送：");
  ASSERT_TRUE(copies) << "no 抄送 on the last page";
  const std::optional<TextLine> printed = line_with(lines, "印发");
  ASSERT_TRUE(printed) << "no 印发 on the last page";
  EXPECT_LE(printed->y_max, kFootMm + 0.5);
  EXPECT_GE(printed->y_min, kFootMm - 2 * kLineMm) << "印发 in the last two lines";
  if (s.letter) return;  // §10.1: the letter's 版记 has no rules and need not be even
  EXPECT_EQ(r.pages % 2, 0) << "the 版记 page is even";
  const Raster page = raster(r, r.pages);
  const std::vector<Rule> black = rules(page, false, 150);
  ASSERT_FALSE(black.empty());
  EXPECT_NEAR(black.back().centre_mm(), kFootMm, 0.5) << "the last rule on the type area's foot";
  EXPECT_NEAR(black.back().length_mm, 156, 0.5);
}

INSTANTIATE_TEST_SUITE_P(Samples, GongwenSample, ::testing::ValuesIn(kSamples),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(GongwenRequest, SignerAndNumberShareALine) {
  if (!have("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  const Rendered& r = rendered("gongwen-request");
  const std::vector<TextLine> lines = text_lines(r, 1);
  const std::optional<TextLine> signer = line_with(lines, "签发人");
  const std::optional<TextLine> number = line_with(lines, "岚教〔2024〕15号");
  ASSERT_TRUE(signer && number);
  EXPECT_NEAR(signer->y_max, number->y_max, 0.5);
  EXPECT_NEAR(number->x_min, kLeftMm + kCharMm, 0.5) << "文号 one character in from the left";
  EXPECT_LT(signer->x_min, kRightMm) << "签发人 on the right";
  EXPECT_GT(signer->x_min, number->x_max);
}

TEST(GongwenMinutes, ListsFollowTheBody) {
  if (!have("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  const Rendered& r = rendered("gongwen-minutes");
  std::string all;
  for (int p = 1; p <= r.pages; ++p) all += page_text(r, p);
  const std::string flat = squash(all);
  const size_t present = flat.find("出席：");
  const size_t absent = flat.find("请假：");
  const size_t attending = flat.find("列席：");
  ASSERT_NE(present, std::string::npos);
  ASSERT_NE(absent, std::string::npos);
  ASSERT_NE(attending, std::string::npos);
  EXPECT_LT(present, absent);
  EXPECT_LT(absent, attending);
  EXPECT_GT(present, flat.find("各相关单位要按照职责分工密切配合")) << "after the body";
}

// The real documents: every value of the corpus file is found in the PDF's text.
void expect_corpus_text(const std::string& corpus_file, const std::string& sample) {
  const fs::path path = fs::path(kCorpusDir) / corpus_file;
  if (!fs::exists(path)) GTEST_SKIP() << "the corpus is not at " << path;
  const Rendered& r = rendered(sample);
  std::string all;
  for (int p = 1; p <= r.pages; ++p) all += page_text(r, p);
  // Page numbers fall between the lines of a paragraph split by a page break.
  const std::string flat = squash(std::regex_replace(all, std::regex("—\\s*[0-9]+\\s*—"), ""));
  std::istringstream in(read_file(path));
  std::string line;
  int checked = 0;
  bool body = false;
  while (std::getline(in, line)) {
    if (line.starts_with("# source:") || line.empty()) continue;
    std::string value = line;
    const size_t colon = line.find(": ");
    if (line == "正文:") {
      body = true;
      continue;
    }
    if (colon != std::string::npos && colon < 20) {
      body = false;
      value = line.substr(colon + 2);
    } else if (!body) {
      continue;
    }
    value = std::regex_replace(value, std::regex(" \\[inferred\\]$"), "");
    if (line.starts_with("附件: ")) value = std::regex_replace(value, std::regex("^[0-9]+\\."), "");
    if (line.starts_with("印发: ")) {
      // "印发机关  日期印发": the two parts stand at the line's two ends.
      const std::string v = squash(value);
      const size_t at = v.find("20");
      EXPECT_NE(flat.find(v.substr(0, at)), std::string::npos) << v;
      EXPECT_NE(flat.find(v.substr(at)), std::string::npos) << v;
      ++checked;
      continue;
    }
    EXPECT_NE(flat.find(squash(value)), std::string::npos) << "not in the PDF: " << value;
    ++checked;
  }
  EXPECT_GT(checked, 8);
}

// A 公文 report made from a corpus file the way users do it, with `paiban import`, and what web
// copies lack added: the authority's seal (the specimen of ../shared/assets) on each signature.
std::string corpus_report(const fs::path& corpus, const fs::path& dir) {
  const fs::path json = dir / "imported.json";
  const auto out = run_command(std::string(PAIBAN_CLI) + " import " + quote(corpus.string()) +
                               " -o " + quote(json.string()));
  EXPECT_EQ(out.code, 0) << out.output;
  const std::string report = read_file(json);
  EXPECT_NE(report.find("\"gongwen\""), std::string::npos) << corpus << ": not imported as a 公文";
  // The writer prints a signature without a seal as {"name": "…"}.
  return std::regex_replace(
      report, std::regex("\\{\"name\": (\"[^\"]*\")\\}"),
      "{\"name\": $1, \"seal\": {\"image\": \"seal.png\", \"diameter\": \"42mm\"}}");
}

// The real documents render as 公文: the red mark at its place (35 mm below the type area; the
// letter's 30 mm from the paper), the seal the test added, as an image with its soft mask, over
// the date, and every value and body line read back from the PDF.
TEST(GongwenCorpus, RealDocumentsRenderAsGongwenWithTheirWords) {
  for (const char* tool : {"pdftoppm", "pdftotext", "pdfinfo", "pdfimages"}) {
    if (!have(tool)) GTEST_SKIP() << tool << " is not installed (poppler-utils)";
  }
  const fs::path seal = fs::path(PAIBAN_SHARED_DIR) / "assets/seal-specimen.png";
  if (!fs::exists(kCorpusDir) || !fs::exists(seal)) {
    GTEST_SKIP() << "the corpus (" << kCorpusDir << ") or the specimen seal is missing";
  }
  int documents = 0;
  for (const auto& entry : fs::directory_iterator(kCorpusDir)) {
    if (entry.path().extension() != ".txt") continue;
    ++documents;
    const std::string name = entry.path().stem().string();
    Rendered r;
    r.dir = paiban::test_support::scratch_dir("gongwen-corpus") / name;
    fs::create_directories(r.dir);
    std::ofstream(r.dir / "report.json", std::ios::binary) << corpus_report(entry.path(), r.dir);
    fs::copy_file(seal, r.dir / "seal.png", fs::copy_options::overwrite_existing);
    r.pdf = r.dir / "out.pdf";
    const auto out = run_command(std::string(PAIBAN_CLI) + " render " +
                                 quote((r.dir / "report.json").string()) + " -o " +
                                 quote(r.pdf.string()));
    ASSERT_EQ(out.code, 0) << name << ": " << out.output;
    std::smatch m;
    const std::string info = run_command("pdfinfo " + quote(r.pdf.string())).output;
    ASSERT_TRUE(std::regex_search(info, m, std::regex("Pages:\\s+([0-9]+)"))) << name;
    r.pages = std::stoi(m[1]);
    const bool letter = read_file(entry.path()).find("的函\n") != std::string::npos;
    const Raster page = raster(r, 1);
    ASSERT_GT(page.width, 0) << name;
    const auto [top, bottom] = mark_extent(page, 150);
    ASSERT_GT(top, 0) << name << ": no red mark";
    EXPECT_NEAR(top, letter ? 30 : kTopMm + 35, 0.5) << name << ": the mark's upper edge";
    EXPECT_FALSE(rules(page, true, 150).empty()) << name << ": the red rule";
    const std::string images = run_command("pdfimages -list " + quote(r.pdf.string())).output;
    EXPECT_NE(images.find(" image "), std::string::npos) << name << ": the seal\n" << images;
    EXPECT_NE(images.find(" smask "), std::string::npos) << name << ": the seal's alpha";
    std::string all;
    for (int p = 1; p <= r.pages; ++p) all += page_text(r, p);
    const std::string flat = squash(std::regex_replace(all, std::regex("—\\s*[0-9]+\\s*—"), ""));
    std::istringstream in(read_file(entry.path()));
    std::string line;
    int checked = 0;
    bool body = false;
    while (std::getline(in, line)) {
      if (line.starts_with("#") || line.empty()) continue;
      if (line.starts_with("附件正文:")) break;
      if (line == "正文:") {
        body = true;
        continue;
      }
      const size_t colon = line.find(": ");
      std::string value = line;
      if (colon != std::string::npos && colon < 20) {
        body = false;
        value = line.substr(colon + 2);
      } else if (!body) {
        continue;
      }
      value = std::regex_replace(value, std::regex(" \\[inferred\\]$"), "");
      if (line.starts_with("附件: ")) value = std::regex_replace(value, std::regex("^[0-9]+\\."), "");
      value = squash(value);
      if (line.starts_with("印发: ")) value = value.substr(0, value.find("20"));
      EXPECT_NE(flat.find(value), std::string::npos) << name << ": not in the PDF: " << value;
      ++checked;
    }
    EXPECT_GT(checked, 8) << name;
  }
  EXPECT_GE(documents, 2);
}

TEST(GongwenCorpus, RealNoticeReadsBackWordForWord) {
  if (!have("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  expect_corpus_text("pingtan-guanweihuibangongshi-tongzhi-2021.txt", "gongwen-notice");
}

TEST(GongwenCorpus, RealLetterReadsBackWordForWord) {
  if (!have("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  expect_corpus_text("pingtan-haitanpianqu-han-2020.txt", "gongwen-letter");
}

std::map<std::string, std::string> unzip(const fs::path& docx) {
  std::string error;
  std::map<std::string, std::string> parts;
  for (ZipEntry& e : read_zip(read_file(docx), error)) parts[e.name] = std::move(e.data);
  EXPECT_TRUE(error.empty()) << error;
  return parts;
}

TEST(GongwenDocx, SchemaValidRedMastheadAndAnchoredSeals) {
  if (!fs::exists(kSchemaDir) || !have("xmllint")) {
    GTEST_SKIP() << "the OOXML schemas (" << kSchemaDir << ") or xmllint are missing";
  }
  const std::string wml = std::string(kSchemaDir) + "/ISO-IEC29500-4_2016/wml.xsd";
  const std::string opc = std::string(kSchemaDir) + "/opc/";
  for (const Sample& s : kSamples) {
    const Rendered& r = rendered(s.name);
    const std::map<std::string, std::string> parts = unzip(r.docx);
    const fs::path dir = r.dir / "docx";
    for (const auto& [name, data] : parts) {
      if (name.starts_with("docProps/") || name.starts_with("word/media/")) continue;
      const fs::path file = dir / name;
      fs::create_directories(file.parent_path());
      std::ofstream(file, std::ios::binary) << data;
      std::string schema = wml;
      if (name == "[Content_Types].xml") schema = opc + "opc-contentTypes.xsd";
      if (name.ends_with(".rels")) schema = opc + "opc-relationships.xsd";
      const auto res = run_command("xmllint --nonet --noout --schema " + quote(schema) + " " +
                                   quote(file.string()));
      EXPECT_EQ(res.code, 0) << s.name << ": " << name << ":\n" << res.output;
    }
    const std::string& document = parts.at("word/document.xml");
    EXPECT_NE(document.find("<w:color w:val=\"FF0000\"/>"), std::string::npos)
        << s.name << ": red masthead text";
    if (!s.letter) {
      EXPECT_NE(document.find("w:color=\"FF0000\""), std::string::npos) << s.name << ": red rule";
    }
    size_t anchors = 0;
    for (size_t at = document.find("<wp:anchor "); at != std::string::npos;
         at = document.find("<wp:anchor ", at + 1)) {
      ++anchors;
    }
    EXPECT_EQ(anchors, static_cast<size_t>(s.seals)) << s.name << ": seals as anchored drawings";
    if (s.seals > 0) {
      EXPECT_TRUE(parts.count("word/media/image1.png")) << s.name;
    }
  }
}

// Every sample's DOCX converted to PDF by LibreOffice, once per process (one soffice run for
// all of them); pages = 0 when the conversion failed.
const Rendered& office(const std::string& sample) {
  static std::map<std::string, Rendered> cache;
  if (cache.empty()) {
    const fs::path dir = paiban::test_support::scratch_dir("gongwen-office");
    std::vector<std::string> names{"gongwen-order", "pages-odd-end", "pages-blank-page",
                                   "pages-in-paragraph"};
    for (const Sample& s : kSamples) names.push_back(s.name);
    std::string files;
    for (const std::string& name : names) files += " " + quote(rendered(name).docx.string());
    // A private profile: parallel runs of soffice would otherwise fight over the user's profile.
    const auto res = run_command("timeout 300 soffice -env:UserInstallation=file://" +
                                 (dir / "profile").string() + " --headless --convert-to pdf " +
                                 "--outdir " + quote(dir.string()) + files);
    EXPECT_EQ(res.code, 0) << res.output;
    std::error_code ignored;
    fs::remove_all(dir / "profile", ignored);  // about 25 MB, of no use once converted
    for (const std::string& name : names) {
      Rendered r;
      r.dir = dir / name;
      fs::create_directories(r.dir);
      r.pdf = dir / (name + ".pdf");
      const auto info = run_command("pdfinfo " + quote(r.pdf.string()));
      std::smatch m;
      if (std::regex_search(info.output, m, std::regex("Pages:\\s+([0-9]+)"))) {
        r.pages = std::stoi(m[1]);
      }
      cache.emplace(name, std::move(r));
    }
  }
  return cache.at(sample);
}

bool have_office() {
  for (const char* tool : {"soffice", "pdfinfo", "pdftoppm", "pdftotext"}) {
    if (!have(tool)) return false;
  }
  return true;
}

TEST(GongwenDocx, LibreOfficeGivesThePdfPageCount) {
  if (!have_office()) GTEST_SKIP() << "LibreOffice (soffice) or poppler-utils is not installed";
  for (const Sample& s : kSamples) {
    EXPECT_EQ(office(s.name).pages, rendered(s.name).pages) << s.name;
  }
}

// §7.5 on a rendering: the last page (the 版记's) and blank pages carry no number, every other
// page one (the letter's page 1 none, §10.1).
void expect_numbers(const Rendered& r, const std::string& what, bool letter) {
  for (int p = 1; p <= r.pages; ++p) {
    const std::string text = page_text(r, p);
    const std::string flat = squash(std::regex_replace(text, std::regex("—\\s*[0-9]+\\s*—"), ""));
    const bool numbered = p < r.pages && !flat.empty() && !(letter && p == 1);
    EXPECT_EQ(has_page_number(text), numbered)
        << what << ": page " << p << (flat.empty() ? " (blank)" : "") << "\n" << text;
  }
}

// §7.4 in the DOCX, as LibreOffice lays it out: the 版记 at the foot of the last page, its last
// rule on the type area's foot (within 1 mm), 印发 in the last two lines; the page even; no
// number on it (the DOCX sets it in a section of its own where the PDF's page begins), every
// page before numbered. The letter's 版记 (no rules) ends on the type area's foot.
TEST(GongwenDocx, RecordAtTheFootOfTheLastPageInLibreOffice) {
  if (!have_office()) GTEST_SKIP() << "LibreOffice (soffice) or poppler-utils is not installed";
  for (const Sample& s : kSamples) {
    if (!s.record) continue;
    const Rendered& r = office(s.name);
    ASSERT_GT(r.pages, 0) << s.name;
    expect_numbers(r, s.name, s.letter);
    EXPECT_EQ(r.pages % 2, 0) << s.name << ": the 版记 page is even";
    const std::vector<TextLine> lines = text_lines(r, r.pages);
    ASSERT_FALSE(lines.empty()) << s.name;
    double lowest = 0;
    for (const TextLine& l : lines) {
      if (l.y_max < kFootMm + 5) lowest = std::max(lowest, l.y_max);  // not the page number
    }
    if (s.letter) {
      // §10.1: no rules; the 版记's last line on the type area's foot (its em box within a line).
      const auto copies = line_with(lines, "抄送：");
      ASSERT_TRUE(copies) << s.name << ": 抄送 on the last page";
      EXPECT_NEAR(lowest, kFootMm, kLineMm / 2) << s.name;
      continue;
    }
    const auto printed = line_with(lines, "印发");
    ASSERT_TRUE(printed) << s.name << ": 印发 on the last page";
    EXPECT_GT(printed->y_min, kFootMm - 2 * kLineMm) << s.name << ": 印发 in the last two lines";
    EXPECT_LT(printed->y_max, kFootMm + 0.5) << s.name;
    const Raster page = raster(r, r.pages);
    ASSERT_GT(page.width, 0);
    const std::vector<Rule> black = rules(page, false, 150);
    ASSERT_GE(black.size(), 2u) << s.name << ": the 版记's rules";
    EXPECT_NEAR(black.back().centre_mm(), kFootMm, 1.0) << s.name << ": the last rule";
    EXPECT_NEAR(black.back().length_mm, 156, 1.0) << s.name;
    EXPECT_LT(black[black.size() - 2].centre_mm(), printed->y_min) << s.name << ": a rule above";
  }
}

// §10.1 in the DOCX, as LibreOffice lays it out: the letter's page 1 without a number, with the
// lower red double rule (170 mm, its foot 20 mm above the paper's, within 1 mm); its page 2, the
// 版记's, without a number either.
TEST(GongwenDocx, LetterFirstPageInLibreOffice) {
  if (!have_office()) GTEST_SKIP() << "LibreOffice (soffice) or poppler-utils is not installed";
  const Rendered& r = office("gongwen-letter");
  ASSERT_GE(r.pages, 2);
  EXPECT_FALSE(has_page_number(page_text(r, 1))) << "page 1 of a letter carries no number";
  const Raster page = raster(r, 1);
  ASSERT_GT(page.width, 0);
  const std::vector<Rule> red = rules(page, true, 150);
  ASSERT_EQ(red.size(), 4u) << "two double rules on page 1";
  for (const Rule& rule : red) EXPECT_NEAR(rule.length_mm, 170, 1.0);
  EXPECT_NEAR(red[2].left_mm, (210 - 170) / 2.0, 1.0) << "centred on the paper";
  EXPECT_NEAR(px_to_mm(red[3].bottom + 1), 297 - 20, 1.0) << "the lower double rule's foot";
  EXPECT_GT(red[3].bottom - red[3].top, red[2].bottom - red[2].top) << "thin above, thick below";
  // The upper double rule where the PDF has it, 4 mm under the mark.
  const std::vector<Rule> pdf_red = rules(raster(rendered("gongwen-letter"), 1), true, 150);
  ASSERT_EQ(pdf_red.size(), 4u);
  EXPECT_NEAR(red[0].top, pdf_red[0].top, 1.0 / 25.4 * kDpi) << "the upper double rule";
  // Page 2 is the 版记's, without a number as in the PDF (§7.5).
  EXPECT_FALSE(has_page_number(page_text(r, 2))) << "the 版记 page carries no number";
}

// The red ink's bounding box (mm) below `from_mm` on a page: the order's signature seal.
struct InkBox {
  double left = 0, top = 0, right = 0, bottom = 0;
  bool found = false;
};

InkBox red_ink_below(const Raster& page, double from_mm) {
  InkBox box;
  int l = page.width, t = page.height, rr = -1, b = -1;
  for (int y = static_cast<int>(from_mm / 25.4 * kDpi); y < page.height; ++y) {
    for (int x = 0; x < page.width; ++x) {
      if (!page.red(x, y)) continue;
      l = std::min(l, x);
      rr = std::max(rr, x);
      t = std::min(t, y);
      b = std::max(b, y);
    }
  }
  if (rr < 0) return box;
  box = InkBox{px_to_mm(l), px_to_mm(t), px_to_mm(rr + 1), px_to_mm(b + 1), true};
  return box;
}

// §10.2 and §7.3.5.3 on an order's page: the mark red, its upper edge 20 mm below the type area
// (within 0.5 mm); the 令号 centred below it; the signature seal's right edge four characters in
// from the right, the signer's title two characters to its left and centred on it, the date on
// the line below, four characters in from the right; the seal two empty lines below the body.
// `tolerance` is 0.5 mm for the PDF and 1 mm for LibreOffice's rendering of the DOCX;
// `office`: the page is LibreOffice's.
void expect_order_page(const Rendered& r, double tolerance, bool office) {
  ASSERT_EQ(r.pages, 1);
  const Raster page = raster(r, 1);
  ASSERT_GT(page.width, 0);
  int mark_top = -1;
  for (int y = 0; y < page.height && mark_top < 0; ++y) {
    for (int x = 0; x < page.width; ++x) {
      if (page.red(x, y)) {
        mark_top = y;
        break;
      }
    }
  }
  ASSERT_GE(mark_top, 0) << "no red mark";
  EXPECT_NEAR(px_to_mm(mark_top), kTopMm + 20, tolerance) << "the mark 20 mm below the type area";
  const std::vector<TextLine> lines = text_lines(r, 1);
  const auto number = line_with(lines, "第3号");
  ASSERT_TRUE(number) << "the 令号";
  EXPECT_NEAR((number->x_min + number->x_max) / 2, (kLeftMm + kRightMm) / 2, tolerance);
  EXPECT_TRUE(rules(page, true, 150).empty()) << "the order format has no red rule";
  const auto body_end = line_with(lines, "起施行。");
  std::optional<TextLine> title;  // the line holding only the title (the body has 主任 too)
  for (const TextLine& l : lines) {
    if (l.text == "主任") title = l;
  }
  const auto date = line_with(lines, "2024年6月18日");
  ASSERT_TRUE(body_end && title && date);
  const InkBox seal = red_ink_below(page, body_end->y_max + 1);
  ASSERT_TRUE(seal.found) << "no signature seal below the body";
  EXPECT_NEAR(seal.right - seal.left, 20, tolerance) << "printed 20 mm wide";
  EXPECT_NEAR(seal.right, kRightMm - 4 * kCharMm, tolerance) << "four characters in";
  EXPECT_NEAR(seal.left - title->x_max, 2 * kCharMm, tolerance) << "the title two characters left";
  // LibreOffice sets text lower in an exact line than layout does (1.4 mm measured here).
  EXPECT_NEAR((title->y_min + title->y_max) / 2, (seal.top + seal.bottom) / 2,
              office ? 1.5 : tolerance)
      << "the title centred on the seal";
  EXPECT_NEAR(date->x_max, kRightMm - 4 * kCharMm, tolerance) << "the date four characters in";
  EXPECT_GT(date->y_min, seal.bottom - tolerance) << "the date below the seal";
  EXPECT_LT(date->y_min, seal.bottom + kLineMm) << "on the line below the seal";
  // Two empty lines between the body's last line and the seal.
  EXPECT_GT(seal.top - body_end->y_max, 1.5 * kLineMm);
  EXPECT_LT(seal.top - body_end->y_max, 3 * kLineMm);
}

TEST(GongwenOrder, MarkNumberTitleSealAndDate) {
  for (const char* tool : {"pdftoppm", "pdftotext", "pdfinfo", "pdfimages"}) {
    if (!have(tool)) GTEST_SKIP() << tool << " is not installed (poppler-utils)";
  }
  const Rendered& r = rendered("gongwen-order");
  expect_order_page(r, 0.5, false);
  // The signature seal is an image with its alpha, once.
  const auto list = run_command("pdfimages -list " + quote(r.pdf.string()));
  EXPECT_NE(list.output.find("smask"), std::string::npos) << list.output;
}

TEST(GongwenOrder, DocxInLibreOffice) {
  if (!have_office()) GTEST_SKIP() << "LibreOffice (soffice) or poppler-utils is not installed";
  const Rendered& r = office("gongwen-order");
  EXPECT_EQ(r.pages, rendered("gongwen-order").pages);
  expect_order_page(r, 1.0, true);
}

// §7.2.4 and §7.2.7 in the DOCX, as LibreOffice lays it out (within 1 mm): the mark's upper edge
// 35 mm below the type area (the order's 20 mm, GongwenOrder.DocxInLibreOffice), its lower edge
// where the PDF's is (a joint mark whose name wrapped would end a line lower), and the red rule
// 156 mm long; the letter's mark 30 mm from the paper's top (a frame above the type area), its
// double rules checked by LetterFirstPageInLibreOffice.
TEST(GongwenDocx, MastheadInLibreOffice) {
  if (!have_office()) GTEST_SKIP() << "LibreOffice (soffice) or poppler-utils is not installed";
  for (const Sample& s : kSamples) {
    const Raster office_page = raster(office(s.name), 1);
    const Raster pdf_page = raster(rendered(s.name), 1);
    ASSERT_GT(office_page.width, 0) << s.name;
    ASSERT_GT(pdf_page.width, 0) << s.name;
    const auto [top, bottom] = mark_extent(office_page, 150);
    const auto [pdf_top, pdf_bottom] = mark_extent(pdf_page, 150);
    ASSERT_GT(top, 0) << s.name << ": no red mark";
    EXPECT_NEAR(top, s.letter ? 30 : kTopMm + 35, 1.0) << s.name << ": the mark's upper edge";
    EXPECT_NEAR(bottom, pdf_bottom, 1.0) << s.name << ": the mark's lower edge (one line a name)";
    if (s.letter) continue;
    const std::vector<Rule> red = rules(office_page, true, 150);
    ASSERT_EQ(red.size(), 1u) << s.name;
    EXPECT_NEAR(red[0].length_mm, 156, 1.0) << s.name;
  }
}

// §7.3.1 in the DOCX: the title two lines under the red rule, on the body's grid, where the PDF
// has it, and the body under it (LibreOffice, within 1 mm; the title's own glyphs 1.5 mm: in an
// exact line LibreOffice sets a 2号 glyph about 1 mm higher than the PDF centres it, the line
// itself in its place). The order has no title: its first paragraph. A fixed blank line between
// the rule and the title put the title 7.6 mm (the letter's 18 mm, the order's first paragraph
// 5.4 mm) higher than the PDF, and the 文号's two lines counted from the mark's line instead of
// its ink put the body 0.8 mm lower, enough to push a full page's last line over.
TEST(GongwenDocx, TitleAndTheLineUnderItWhereThePdfHasThemInLibreOffice) {
  if (!have_office()) GTEST_SKIP() << "LibreOffice (soffice) or poppler-utils is not installed";
  struct Case {
    const char* name;
    const char* title;  // text of the title's (the order: the first paragraph's) first line
    const char* next;   // the line under the title
  };
  const Case cases[] = {
      {"gongwen-notice", "管委会办公室关于做好", "各片区管理局"},
      {"gongwen-request", "教育局关于申请", "平潭综合实验区管委会："},
      {"gongwen-joint", "财政金融局关于", "各片区管理局"},
      {"gongwen-letter", "夜间施工的函", "平潭立新地产有限公司"},
      {"gongwen-minutes", "专题会议", "（本件为排版样例"},
      {"gongwen-order", "海岸带保护与利用", "2024年6月12日"},
  };
  for (const Case& c : cases) {
    const std::vector<TextLine> pdf = text_lines(rendered(c.name), 1);
    const std::vector<TextLine> lo = text_lines(office(c.name), 1);
    for (const char* text : {c.title, c.next}) {
      const auto a = line_with(pdf, text);
      const auto b = line_with(lo, text);
      ASSERT_TRUE(a && b) << c.name << ": no line with 「" << text << "」 on page 1";
      const bool title = text == c.title && std::string(c.name) != "gongwen-order";
      EXPECT_NEAR(b->y_min, a->y_min, title ? 1.5 : 1.0) << c.name << ": 「" << text << "」";
    }
  }
}

// The DOCX's seals as LibreOffice places them (§7.3.5.1): on the page of the date, one red
// cluster a seal, side by side, the last centred over the date (within 1.5 mm) and over it.
TEST(GongwenDocx, SealsOnTheDatesPageInLibreOffice) {
  if (!have_office()) GTEST_SKIP() << "LibreOffice (soffice) or poppler-utils is not installed";
  for (const Sample& s : kSamples) {
    if (!s.sealed) continue;
    const Rendered& r = office(s.name);
    int date_page = 0;
    std::optional<TextLine> date;
    for (int p = 1; p <= r.pages && !date; ++p) {
      date = line_with(text_lines(r, p), squash(s.date));
      if (date) date_page = p;
    }
    ASSERT_TRUE(date) << s.name << ": no line with the date " << s.date;
    const Raster page = raster(r, date_page);
    ASSERT_GT(page.width, 0);
    const int y0 = std::max(0, static_cast<int>((date->y_min - 50) / 25.4 * kDpi));
    const int y1 = std::min(page.height, static_cast<int>((date->y_max + 5) / 25.4 * kDpi));
    const RedBand band = red_band(page, y0, y1);
    const auto& clusters = band.clusters;
    const int top = band.top, bottom = band.bottom;
    ASSERT_EQ(clusters.size(), static_cast<size_t>(s.seals)) << s.name << ": the seals";
    const double centre = px_to_mm((clusters.back().first + clusters.back().second + 1) / 2.0);
    EXPECT_NEAR(centre, (date->x_min + date->x_max) / 2, 1.5) << s.name;
    EXPECT_LT(px_to_mm(top), date->y_min) << s.name << ": the seal over the date";
    EXPECT_GT(px_to_mm(bottom), date->y_min) << s.name << ": the seal over the date";
  }
}

// The 版记 page wherever the text ends (§7.4, §7.5), in the PDF (0.5 mm) and in LibreOffice's
// rendering of the DOCX (1 mm): the test reports of tests/samples/gongwen_pages.
struct PagesCase {
  const char* name;
  int pages;             // the PDF's page count
  int blank;             // the blank page's number, 0 = none
  const char* continues;  // the text page 2 begins with, when it begins inside a paragraph
};

const PagesCase kPagesCases[] = {
    // The text ends on page 1 (odd): the 版记 stands alone on page 2.
    {"pages-odd-end", 2, 0, nullptr},
    // The text fills page 2: page 3 stays blank, the 版记 is on page 4.
    {"pages-blank-page", 4, 3, nullptr},
    // The signature takes the last two lines of a paragraph to page 2 (§7.3.5.5), which begins
    // inside it.
    {"pages-in-paragraph", 2, 0, "学校12所"},
};

class GongwenPages : public ::testing::TestWithParam<PagesCase> {};

void expect_record_page(const Rendered& r, const PagesCase& c, double tolerance,
                        const std::string& what) {
  ASSERT_EQ(r.pages, c.pages) << what;
  expect_numbers(r, what, false);
  if (c.blank > 0) {
    EXPECT_TRUE(squash(page_text(r, c.blank)).empty()) << what << ": page " << c.blank << " blank";
  }
  EXPECT_EQ(r.pages % 2, 0) << what << ": the 版记 page is even";
  const std::vector<TextLine> lines = text_lines(r, r.pages);
  const auto printed = line_with(lines, "印发");
  ASSERT_TRUE(printed) << what << ": 印发 on the last page";
  EXPECT_GT(printed->y_min, kFootMm - 2 * kLineMm) << what << ": 印发 in the last two lines";
  EXPECT_LT(printed->y_max, kFootMm + tolerance) << what;
  ASSERT_TRUE(line_with(lines, "抄送：")) << what;
  if (c.continues == nullptr) {
    // The 版记 alone on its page: no text above its two lines.
    for (const TextLine& l : lines) {
      EXPECT_GT(l.y_min, kFootMm - 2 * kLineMm - tolerance) << what << ": " << l.text
                                                              << " above the 版记";
    }
  } else {
    ASSERT_FALSE(lines.empty());
    EXPECT_TRUE(lines.front().text.starts_with(c.continues))
        << what << ": page " << r.pages << " begins with " << lines.front().text;
  }
  const Raster page = raster(r, r.pages);
  ASSERT_GT(page.width, 0);
  const std::vector<Rule> black = rules(page, false, 150);
  ASSERT_GE(black.size(), 2u) << what << ": the 版记's rules";
  EXPECT_NEAR(black.back().centre_mm(), kFootMm, tolerance) << what << ": the last rule";
  EXPECT_NEAR(black.back().length_mm, 156, tolerance) << what;
}

TEST_P(GongwenPages, RecordPageInThePdf) {
  for (const char* tool : {"pdftoppm", "pdftotext", "pdfinfo"}) {
    if (!have(tool)) GTEST_SKIP() << tool << " is not installed (poppler-utils)";
  }
  const PagesCase& c = GetParam();
  expect_record_page(rendered(c.name), c, 0.5, std::string(c.name) + " (PDF)");
}

TEST_P(GongwenPages, RecordPageInLibreOffice) {
  if (!have_office()) GTEST_SKIP() << "LibreOffice (soffice) or poppler-utils is not installed";
  const PagesCase& c = GetParam();
  const Rendered& r = office(c.name);
  EXPECT_EQ(r.pages, rendered(c.name).pages) << c.name << ": LibreOffice's page count";
  expect_record_page(r, c, 1.0, std::string(c.name) + " (LibreOffice)");
  if (c.continues != nullptr) {
    // The paragraph split where the PDF's page ends: page 1 ends with the same line.
    const std::vector<TextLine> pdf_lines = text_lines(rendered(c.name), 1);
    const std::vector<TextLine> office_lines = text_lines(r, 1);
    auto last_body = [](const std::vector<TextLine>& lines) {
      std::string last;
      for (const TextLine& l : lines) {
        if (!has_page_number(l.text)) last = l.text;
      }
      return last;
    };
    EXPECT_EQ(last_body(office_lines), last_body(pdf_lines)) << c.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Reports, GongwenPages, ::testing::ValuesIn(kPagesCases),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace paiban
