// The page model's own code: PNG and JPEG decoding (every PNG layout reduced to 8 bits, corrupt
// and oversized data refused with a message), image de-duplication, path helpers, structure.
#include "page/page_model.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <variant>
#include <vector>

#include "paiban_limits.h"
#include "support/image_encode.h"

namespace paiban::page {
namespace {

using test_support::encode_jpeg;
using test_support::encode_png;

ImageResource image_of(const std::variant<ImageResource, std::string>& r) {
  if (const auto* message = std::get_if<std::string>(&r)) {
    ADD_FAILURE() << "decoding failed: " << *message;
    return {};
  }
  return std::get<ImageResource>(r);
}

std::string error_of(const std::variant<ImageResource, std::string>& r) {
  if (const auto* message = std::get_if<std::string>(&r)) return *message;
  ADD_FAILURE() << "decoding succeeded, an error was expected";
  return "";
}

// Rewrites a chunk's CRC after its data was patched (PNG chunk: length, type, data, CRC).
void fix_crc(std::string& png, size_t chunk_start) {
  const auto* p = reinterpret_cast<const unsigned char*>(png.data()) + chunk_start;
  const uint32_t length =
      (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
  const uLong crc = crc32(0, p + 4, 4 + length);
  const size_t at = chunk_start + 8 + length;
  for (int i = 0; i < 4; ++i)
    png[at + static_cast<size_t>(i)] = static_cast<char>(crc >> (24 - 8 * i));
}

std::vector<uint8_t> rgba_square(int n) {
  std::vector<uint8_t> px;
  for (int i = 0; i < n * n; ++i) px.insert(px.end(), {200, 10, 20, static_cast<uint8_t>(i % 256)});
  return px;
}

TEST(DecodePng, RgbaKeepsItsAlphaApart) {
  const std::vector<uint8_t> px = rgba_square(4);
  const std::string png = encode_png(4, 4, PNG_FORMAT_RGBA, px.data());
  const auto r = decode_image(png);
  const ImageResource img = image_of(r);
  EXPECT_EQ(img.format, ImageResource::Format::kPng);
  EXPECT_EQ(img.width, 4);
  EXPECT_EQ(img.height, 4);
  EXPECT_EQ(img.color_space, ImageResource::ColorSpace::kRgb);
  ASSERT_EQ(img.pixels.size(), 48u);
  ASSERT_EQ(img.alpha.size(), 16u);
  EXPECT_EQ(img.pixels[0], 200);
  EXPECT_EQ(img.pixels[1], 10);
  EXPECT_EQ(img.pixels[2], 20);
  EXPECT_EQ(img.alpha[0], 0);
  EXPECT_EQ(img.alpha[15], 15);
  EXPECT_EQ(img.source, png);
}

TEST(DecodePng, GrayWithoutAlphaHasNoMask) {
  const std::vector<uint8_t> px = {0, 64, 128, 255};
  const auto r = decode_png(encode_png(2, 2, PNG_FORMAT_GRAY, px.data()));
  const ImageResource img = image_of(r);
  EXPECT_EQ(img.color_space, ImageResource::ColorSpace::kGray);
  EXPECT_EQ(img.pixels, px);
  EXPECT_TRUE(img.alpha.empty());
}

TEST(DecodePng, SixteenBitGrayBecomesEightBit) {
  const std::vector<uint16_t> px = {0, 65535, 0, 65535};
  const std::string png = encode_png(2, 2, PNG_FORMAT_LINEAR_Y, px.data());
  ASSERT_EQ(static_cast<unsigned char>(png[24]), 16) << "IHDR bit depth of the fixture";
  const ImageResource img = image_of(decode_png(png));
  EXPECT_EQ(img.color_space, ImageResource::ColorSpace::kGray);
  EXPECT_EQ(img.pixels, (std::vector<uint8_t>{0, 255, 0, 255}));
}

TEST(DecodePng, PaletteBecomesRgb) {
  const uint8_t colormap[] = {255, 0, 0, 0, 0, 255};  // red, blue
  const uint8_t index[] = {0, 1, 1, 0};
  const std::string png = encode_png(2, 2, PNG_FORMAT_RGB_COLORMAP, index, colormap, 2);
  ASSERT_EQ(static_cast<unsigned char>(png[25]), 3) << "IHDR colour type of the fixture";
  const ImageResource img = image_of(decode_png(png));
  EXPECT_EQ(img.color_space, ImageResource::ColorSpace::kRgb);
  EXPECT_EQ(img.pixels, (std::vector<uint8_t>{255, 0, 0, 0, 0, 255, 0, 0, 255, 255, 0, 0}));
}

TEST(DecodePng, CorruptDataIsAnErrorNotACrash) {
  const std::vector<uint8_t> px = rgba_square(16);
  const std::string png = encode_png(16, 16, PNG_FORMAT_RGBA, px.data());
  // Cut inside the image data.
  EXPECT_EQ(error_of(decode_image(png.substr(0, png.size() / 2))).rfind("PNG: ", 0), 0u);
  // A flipped byte in the compressed data: the chunk's CRC no longer matches.
  std::string flipped = png;
  flipped[flipped.find("IDAT") + 10] ^= 0x55;
  EXPECT_EQ(error_of(decode_image(flipped)).rfind("PNG: ", 0), 0u);
  // Only the signature.
  EXPECT_FALSE(error_of(decode_image(png.substr(0, 8))).empty());
}

TEST(DecodePng, TooManyPixelsAreRefusedBeforeDecoding) {
  const std::vector<uint8_t> px = {0};
  std::string png = encode_png(1, 1, PNG_FORMAT_GRAY, px.data());
  // IHDR (at 8): width and height 9000 × 9000 = 81 M pixels, over the limit.
  static_assert(int64_t{9000} * 9000 > limits::kMaxImagePixels);
  for (size_t at : {16u, 20u}) {
    png[at] = 0;
    png[at + 1] = 0;
    png[at + 2] = static_cast<char>(9000 >> 8);
    png[at + 3] = static_cast<char>(9000 & 0xFF);
  }
  fix_crc(png, 8);
  const std::string message = error_of(decode_image(png));
  EXPECT_NE(message.find("more than the limit"), std::string::npos) << message;
}

// Sets the width and height in a PNG's IHDR (the first chunk, at 8) and fixes its CRC.
void set_png_size(std::string& png, uint32_t width, uint32_t height) {
  for (const auto& [at, value] : {std::pair<size_t, uint32_t>{16, width}, {20, height}}) {
    for (int i = 0; i < 4; ++i) png[at + static_cast<size_t>(i)] = static_cast<char>(value >> (24 - 8 * i));
  }
  fix_crc(png, 8);
}

TEST(DecodePng, AnImageOfExactlyThePixelLimitIsDecoded) {
  // 8192 × 8192 is exactly kMaxImagePixels: a real gray image of that size, decoded in full
  // (64 MiB of pixels; a flat image compresses to a few hundred kilobytes).
  static_assert(int64_t{8192} * 8192 == limits::kMaxImagePixels);
  const std::vector<uint8_t> px(size_t{8192} * 8192, 77);
  const std::string png = encode_png(8192, 8192, PNG_FORMAT_GRAY, px.data());
  ASSERT_FALSE(png.empty());
  const ImageResource img = image_of(decode_image(png));
  EXPECT_EQ(img.width, 8192);
  EXPECT_EQ(img.height, 8192);
  ASSERT_EQ(img.pixels.size(), px.size());
  EXPECT_EQ(img.pixels.back(), 77);
  // One row more is refused from the header, before any pixel is decoded.
  std::string past = encode_png(1, 1, PNG_FORMAT_GRAY, px.data());
  set_png_size(past, 8192, 8193);
  const std::string message = error_of(decode_image(past));
  EXPECT_NE(message.find("8192 × 8193 pixels, more than the limit"), std::string::npos) << message;
}

// Sets the height and width in a baseline JPEG's SOF0 segment.
void set_jpeg_size(std::string& jpeg, uint16_t width, uint16_t height) {
  const size_t sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  jpeg[sof + 5] = static_cast<char>(height >> 8);
  jpeg[sof + 6] = static_cast<char>(height & 0xFF);
  jpeg[sof + 7] = static_cast<char>(width >> 8);
  jpeg[sof + 8] = static_cast<char>(width & 0xFF);
}

TEST(DecodeJpeg, ThePixelLimitIsCheckedFromTheHeader) {
  // JPEG's largest side is 65500, so 65500 × 1024 is the largest JPEG within kMaxImagePixels and
  // 65500 × 1025 the smallest past it. Only the header path is tested at the limit (the header
  // says so, the data is a small image's): the limit check lets it through, and whatever the
  // decoder then says about the data, it is not the limit; one row more is refused by the limit.
  static_assert(int64_t{65500} * 1024 <= limits::kMaxImagePixels);
  static_assert(int64_t{65500} * 1025 > limits::kMaxImagePixels);
  const std::string jpeg = encode_jpeg(8, 8, 1, std::vector<uint8_t>(64, 128));
  std::string at = jpeg;
  set_jpeg_size(at, 65500, 1024);
  const auto decoded = decode_image(at);
  if (const auto* message = std::get_if<std::string>(&decoded)) {
    EXPECT_EQ(message->find("more than the limit"), std::string::npos) << *message;
  }
  std::string past = jpeg;
  set_jpeg_size(past, 65500, 1025);
  const std::string message = error_of(decode_image(past));
  EXPECT_NE(message.find("65500 × 1025 pixels, more than the limit"), std::string::npos) << message;
}

std::vector<uint8_t> rgb_block(int w, int h, uint8_t r, uint8_t g, uint8_t b) {
  std::vector<uint8_t> px;
  for (int i = 0; i < w * h; ++i) px.insert(px.end(), {r, g, b});
  return px;
}

TEST(DecodeJpeg, RgbAndGrayKeepTheirBytes) {
  const std::string jpeg = encode_jpeg(16, 8, 3, rgb_block(16, 8, 0, 0, 255));
  const ImageResource img = image_of(decode_image(jpeg));
  EXPECT_EQ(img.format, ImageResource::Format::kJpeg);
  EXPECT_EQ(img.width, 16);
  EXPECT_EQ(img.height, 8);
  EXPECT_EQ(img.color_space, ImageResource::ColorSpace::kRgb);
  EXPECT_EQ(img.source, jpeg);  // embedded as is (DCTDecode)
  ASSERT_EQ(img.pixels.size(), 16u * 8 * 3);
  EXPECT_LT(img.pixels[0], 30);  // blue, within JPEG's loss
  EXPECT_GT(img.pixels[2], 220);
  const std::string gray = encode_jpeg(4, 4, 1, std::vector<uint8_t>(16, 128));
  const ImageResource g = image_of(decode_jpeg(gray));
  EXPECT_EQ(g.color_space, ImageResource::ColorSpace::kGray);
  EXPECT_NEAR(g.pixels[5], 128, 3);
}

TEST(DecodeJpeg, CorruptDataIsAnErrorNotACrash) {
  const std::string jpeg = encode_jpeg(64, 64, 3, rgb_block(64, 64, 10, 200, 30));
  EXPECT_EQ(error_of(decode_image(jpeg.substr(0, jpeg.size() / 2))).rfind("JPEG: ", 0), 0u);
  EXPECT_EQ(error_of(decode_image(jpeg.substr(0, 20))).rfind("JPEG: ", 0), 0u);
  std::string garbled = jpeg;
  const size_t sos = garbled.find("\xFF\xDA");
  ASSERT_NE(sos, std::string::npos);
  for (size_t i = sos + 20; i < garbled.size() - 2; i += 7) garbled[i] = '\xFF';
  EXPECT_EQ(error_of(decode_image(garbled)).rfind("JPEG: ", 0), 0u);
}

TEST(DecodeJpeg, TooManyPixelsAreRefused) {
  std::string jpeg = encode_jpeg(8, 8, 3, rgb_block(8, 8, 1, 2, 3));
  const size_t sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  // SOF0: marker, length (2), precision (1), height (2), width (2).
  for (size_t at : {sof + 5, sof + 7}) {
    jpeg[at] = static_cast<char>(9000 >> 8);
    jpeg[at + 1] = static_cast<char>(9000 & 0xFF);
  }
  const std::string message = error_of(decode_image(jpeg));
  EXPECT_NE(message.find("more than the limit"), std::string::npos) << message;
}

TEST(DecodeImage, UnknownDataIsNamed) {
  EXPECT_NE(error_of(decode_image("GIF89a...")).find("not a PNG or JPEG"), std::string::npos);
  EXPECT_FALSE(error_of(decode_image("")).empty());
}

TEST(PageModel, SameBytesGiveTheSameImage) {
  PageModel model;
  const std::vector<uint8_t> px = rgba_square(3);
  const std::string a = encode_png(3, 3, PNG_FORMAT_RGBA, px.data());
  const std::string b = encode_jpeg(4, 4, 3, rgb_block(4, 4, 9, 9, 9));
  std::string error;
  EXPECT_EQ(model.add_image(a, &error), 0);
  EXPECT_EQ(model.add_image(b, &error), 1);
  EXPECT_EQ(model.add_image(a, &error), 0);
  EXPECT_EQ(model.images.size(), 2u);
  EXPECT_TRUE(error.empty());
  EXPECT_EQ(model.add_image(a.substr(0, 30), &error), -1);
  EXPECT_EQ(error.rfind("PNG: ", 0), 0u);
  EXPECT_EQ(model.images.size(), 2u);
}

TEST(PageModel, StructureTreeGrowsUnderItsRoot) {
  PageModel model;
  const int heading = model.add_structure(StructRole::kHeading);
  const int table = model.add_structure(StructRole::kTable);
  const int row = model.add_structure(StructRole::kTableRow, table);
  ASSERT_EQ(model.structure.size(), 4u);
  EXPECT_EQ(model.structure[0].role, StructRole::kDocument);
  EXPECT_EQ(model.structure[0].children, (std::vector<int>{heading, table}));
  EXPECT_EQ(model.structure[static_cast<size_t>(row)].parent, table);
  EXPECT_EQ(model.structure[static_cast<size_t>(table)].children, (std::vector<int>{row}));
}

TEST(PageModel, RunColoursAreAPaletteStartingWithBlack) {
  PageModel model;
  ASSERT_EQ(model.colors.size(), 1u);
  EXPECT_EQ(model.colors[0], Color::black());
  EXPECT_EQ(GlyphRun{}.color, 0);  // a run that names no colour is black
  EXPECT_EQ(model.add_color(Color::black()), 0);
  EXPECT_EQ(model.add_color(Color::rgb(1, 0, 0)), 1);
  EXPECT_EQ(model.add_color(Color::spot("PANTONE 485 C", 1, {0, 0.95, 1, 0})), 2);
  EXPECT_EQ(model.add_color(Color::rgb(1, 0, 0)), 1);
  EXPECT_EQ(model.colors.size(), 3u);
}

TEST(PageModel, GlyphTextIsARangeOfItsRunsText) {
  GlyphRun run;
  Glyph g;
  g.gid = 7;
  run.add_glyph(g, "fi");
  run.add_glyph(g, "");  // a later glyph of the cluster
  run.add_glyph(g, "一");
  EXPECT_EQ(run.text, "fi一");
  EXPECT_EQ(run.text_of(run.glyphs[0]), "fi");
  EXPECT_EQ(run.text_of(run.glyphs[1]), "");
  EXPECT_EQ(run.text_of(run.glyphs[2]), "一");
  // A range outside the run's text reads as empty, never past the end.
  g.text_begin = 3;
  g.text_length = 4;
  EXPECT_EQ(run.text_of(g), "");
  EXPECT_LE(sizeof(Glyph), 28u);  // a small value without heap storage of its own
}

TEST(Paths, DoubleRuleIsTwoParallelStrokesGapApart) {
  const Color red = Color::rgb(1, 0, 0);
  const auto h = double_rule(100, 500, 900, 500, 64, 128, red);
  // Centre lines 192 apart (gap + one width), around y = 500.
  EXPECT_EQ(h[0].segments[0].y, 500 - 96);
  EXPECT_EQ(h[1].segments[0].y, 500 + 96);
  EXPECT_EQ(h[0].segments[1].x, 900);
  EXPECT_TRUE(h[0].stroke && h[1].stroke);
  EXPECT_EQ(h[1].stroke_color, red);
  EXPECT_EQ(h[1].stroke_width, 64);
  const auto v = double_rule(100, 0, 100, 300, 64, 129, red);
  EXPECT_EQ(v[1].segments[0].x - v[0].segments[0].x, 193);
  EXPECT_EQ(v[0].segments[0].y, 0);
  const Path r = rect_path(10, 20, 30, 40);
  ASSERT_EQ(r.segments.size(), 5u);
  EXPECT_EQ(r.segments[2].x, 40);
  EXPECT_EQ(r.segments[2].y, 60);
  EXPECT_EQ(r.segments[4].op, PathSegment::Op::kClose);
}

}  // namespace
}  // namespace paiban::page
