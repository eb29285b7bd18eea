// Raster images of the page model: decoded once into an ImageResource, placed by index.
//
// Decoding uses libpng and libjpeg(-turbo); corrupt or oversized data comes back as an error
// message, never a crash. Pixel count is bounded by limits::kMaxImagePixels.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace paiban::page {

struct ImageResource {
  enum class Format { kPng, kJpeg };
  enum class ColorSpace { kGray, kRgb, kCmyk };

  Format format = Format::kPng;
  int width = 0, height = 0;  // pixels
  ColorSpace color_space = ColorSpace::kRgb;
  // 8 bits per component, rows top to bottom, components interleaved, no padding:
  // width × height × (1, 3 or 4) bytes. Palette and 16-bit PNGs are converted to this.
  std::vector<uint8_t> pixels;
  // 8-bit alpha, width × height bytes (0 = transparent); empty when the image is opaque.
  std::vector<uint8_t> alpha;
  // kJpeg: Adobe-style CMYK JPEGs store inverted components (the PDF needs /Decode [1 0 …]).
  bool inverted_cmyk = false;
  // The bytes the image was decoded from: a JPEG is embedded as is (PDF /DCTDecode), and equal
  // bytes identify the same image when it is added twice.
  std::string source;
};

// Decodes PNG (gray, RGB, with or without alpha, palette, 1–16 bits) or JPEG (gray, RGB, CMYK)
// bytes. Returns the image, or a message saying what is wrong with the data.
std::variant<ImageResource, std::string> decode_image(std::string_view bytes);

std::variant<ImageResource, std::string> decode_png(std::string_view bytes);
std::variant<ImageResource, std::string> decode_jpeg(std::string_view bytes);

}  // namespace paiban::page
