// Seal pictures in the DOCX package (engine/docx): stored in word/media as they are, not deflated
// again, and sized from the images the page model decoded when the writer is given them
// (DocxOptions::decoded_images), so that a render decodes a seal once. The 公文 notice sample and
// its seal are the input.
#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "docx/docx_writer.h"
#include "docx/zip_package.h"
#include "json_io.h"
#include "layout/font_context.h"
#include "layout/measure.h"
#include "layout/table_sizing.h"
#include "page/image.h"
#include "resolve/resolved.h"
#include "styles/style.h"
#include "support/test_fonts.h"

namespace paiban::docx {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(PAIBAN_SOURCE_DIR) / "samples/gongwen-notice";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The notice through resolve and table sizing, as the pipeline does, then the DOCX writer.
std::string write_notice(const DocxOptions& options) {
  ReadResult read = json::read_report(read_file(kSample / "report.json"), "report.json");
  EXPECT_TRUE(read.report.has_value());
  if (!read.report) return "";
  const Report& report = *read.report;
  std::vector<Diagnostic> diags;
  styles::StyleFileAccess access;
  access.base_dir = kSample;
  access.roots.push_back(kSample);
  const styles::Style style =
      styles::resolve_style(report.style.name, report.style.overrides, diags, access);
  layout::FontContext fonts(test_support::test_fonts(), style);
  layout::ShapedMeasure measure(fonts, style);
  const std::map<std::string, std::string> files = {{"seal.png",
                                                     read_file(kSample / "seal.png")}};
  const resolve::ResolvedDocument doc =
      resolve::resolve_document(report, style, diags, &measure, &files);
  const layout::SizedTables tables = layout::size_tables(doc, fonts, diags);
  for (const Diagnostic& d : diags) {
    EXPECT_NE(d.severity, Severity::kError) << format_diagnostic(d);
  }
  return write_docx(doc, tables.sizes, options, diags);
}

// The compression method of every entry, read from the archive's central directory.
std::map<std::string, int> compression_methods(const std::string& bytes) {
  std::map<std::string, int> methods;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source != nullptr ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (archive == nullptr) {
    ADD_FAILURE() << "not a ZIP archive";
    if (source != nullptr) zip_source_free(source);
    return methods;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t stat;
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat) == 0) {
      methods[stat.name] = stat.comp_method;
    }
  }
  zip_close(archive);  // read-only: frees the source too
  return methods;
}

// The seal's drawn size (wp:extent cx × cy, EMU) in word/document.xml.
std::pair<long long, long long> seal_extent(const std::string& docx) {
  std::string error;
  for (const ZipEntry& e : read_zip(docx, error)) {
    if (e.name != "word/document.xml") continue;
    std::smatch m;
    const std::regex extent("<wp:extent cx=\"(\\d+)\" cy=\"(\\d+)\"");
    if (std::regex_search(e.data, m, extent)) return {std::stoll(m[1]), std::stoll(m[2])};
  }
  ADD_FAILURE() << "no picture in word/document.xml " << error;
  return {0, 0};
}

TEST(DocxMedia, SealImageIsStoredAsItIsAndTheXmlPartsAreDeflated) {
  const std::string docx = write_notice({});
  ASSERT_FALSE(docx.empty());
  const std::map<std::string, int> methods = compression_methods(docx);
  ASSERT_EQ(methods.count("word/media/image1.png"), 1u);
  EXPECT_EQ(methods.at("word/media/image1.png"), ZIP_CM_STORE) << "a PNG deflated again";
  EXPECT_EQ(methods.at("word/document.xml"), ZIP_CM_DEFLATE);
  std::string error;
  for (const ZipEntry& e : read_zip(docx, error)) {
    if (e.name == "word/media/image1.png") {
      EXPECT_EQ(e.data, read_file(kSample / "seal.png")) << "the stored bytes are the file's";
    }
  }
}

TEST(DocxMedia, PictureSizeComesFromTheImagesDecodedAlready) {
  // Decoded by the writer itself: the seal is 800 × 800 pixels, a square picture.
  const auto [cx, cy] = seal_extent(write_notice({}));
  ASSERT_GT(cx, 0);
  EXPECT_EQ(cx, cy);
  // Given as decoded already, with another pixel size: the writer takes that size (it does not
  // decode the image again), so the picture is twice as wide as high.
  page::ImageResource known;
  known.source = read_file(kSample / "seal.png");
  known.width = 400;
  known.height = 200;
  const std::vector<page::ImageResource> decoded = {known};
  DocxOptions options;
  options.decoded_images = &decoded;
  const auto [given_cx, given_cy] = seal_extent(write_notice(options));
  EXPECT_EQ(given_cx, cx);
  EXPECT_EQ(given_cy, cx / 2);
}

}  // namespace
}  // namespace paiban::docx
