// PNG decoding with libpng (chosen over a hand-written inflate + filter decoder: libpng is the
// reference implementation, handles every bit depth, palette and interlacing, and checks CRCs).
//
// libpng reports errors by longjmp out of its callbacks. A longjmp skips C++ destructors, so the
// part that can jump (`read_png_c`) is C-style: it touches only plain pointers and malloc'ed
// memory, and the C++ objects are built after it has returned.
#include <png.h>

#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "page/image.h"
#include "paiban_limits.h"

namespace paiban::page {

namespace {

// What read_png_c hands back: plain data, freed by the caller with std::free.
struct PngRaw {
  unsigned char* pixels;  // rows × rowbytes, 8-bit gray, gray+alpha, RGB or RGBA
  png_uint_32 width, height;
  int channels;  // 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
  char error[200];
};

struct PngInput {
  const unsigned char* data;
  size_t size;
  size_t pos;
};

void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
  auto* in = static_cast<PngInput*>(png_get_io_ptr(png));
  if (in->size - in->pos < length) png_error(png, "the data ends inside the image");
  std::memcpy(out, in->data + in->pos, length);
  in->pos += length;
}

void on_error(png_structp png, png_const_charp message) {
  auto* raw = static_cast<PngRaw*>(png_get_error_ptr(png));
  std::snprintf(raw->error, sizeof raw->error, "%s", message);
  std::longjmp(png_jmpbuf(png), 1);
}

void on_warning(png_structp, png_const_charp) {}  // a library stays quiet

// Returns true with raw->pixels set, or false with raw->error set. No C++ object with a
// destructor lives in this frame: libpng may longjmp back into the setjmp below.
bool read_png_c(const unsigned char* data, size_t size, PngRaw* raw) {
  raw->pixels = nullptr;
  raw->error[0] = '\0';
  PngInput input = {data, size, 0};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, raw, on_error, on_warning);
  if (png == nullptr) {
    std::snprintf(raw->error, sizeof raw->error, "out of memory");
    return false;
  }
  png_infop info = png_create_info_struct(png);
  // Volatile: changed between setjmp and a possible longjmp, read after it.
  unsigned char* volatile pixels = nullptr;
  png_bytep* volatile rows = nullptr;
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    std::free(rows);
    std::free(pixels);
    png_destroy_read_struct(&png, info != nullptr ? &info : nullptr, nullptr);
    if (raw->error[0] == '\0') std::snprintf(raw->error, sizeof raw->error, "out of memory");
    return false;
  }
  png_set_read_fn(png, &input, read_from_memory);
  png_read_info(png, info);
  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  if (static_cast<int64_t>(width) * height > limits::kMaxImagePixels) {
    std::snprintf(raw->error, sizeof raw->error,
                  "the image has %lu × %lu pixels, more than the limit of %lld",
                  static_cast<unsigned long>(width), static_cast<unsigned long>(height),
                  static_cast<long long>(limits::kMaxImagePixels));
    png_longjmp(png, 1);
  }
  // Everything to 8-bit gray or RGB, with alpha when the file has any (tRNS included).
  png_set_expand(png);  // palette → RGB, gray < 8 bits → 8 bits, tRNS → alpha
  png_set_strip_16(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const int channels = png_get_channels(png, info);
  const size_t rowbytes = png_get_rowbytes(png, info);
  if (channels < 1 || channels > 4 || rowbytes != static_cast<size_t>(width) * channels) {
    std::snprintf(raw->error, sizeof raw->error, "unsupported pixel layout");
    png_longjmp(png, 1);
  }
  pixels = static_cast<unsigned char*>(std::malloc(rowbytes * height));
  rows = static_cast<png_bytep*>(std::malloc(sizeof(png_bytep) * height));
  if (pixels == nullptr || rows == nullptr) png_error(png, "out of memory");
  for (png_uint_32 y = 0; y < height; ++y) rows[y] = pixels + y * rowbytes;
  png_read_image(png, rows);
  png_read_end(png, nullptr);
  std::free(rows);
  png_destroy_read_struct(&png, &info, nullptr);
  raw->pixels = pixels;
  raw->width = width;
  raw->height = height;
  raw->channels = channels;
  return true;
}

}  // namespace

std::variant<ImageResource, std::string> decode_png(std::string_view bytes) {
  PngRaw raw;
  if (!read_png_c(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), &raw)) {
    return std::string("PNG: ") + raw.error;
  }
  ImageResource image;
  image.format = ImageResource::Format::kPng;
  image.width = static_cast<int>(raw.width);
  image.height = static_cast<int>(raw.height);
  const bool has_alpha = raw.channels == 2 || raw.channels == 4;
  const int color = has_alpha ? raw.channels - 1 : raw.channels;
  image.color_space =
      color == 1 ? ImageResource::ColorSpace::kGray : ImageResource::ColorSpace::kRgb;
  const size_t n = static_cast<size_t>(raw.width) * raw.height;
  if (has_alpha) {
    image.pixels.resize(n * static_cast<size_t>(color));
    image.alpha.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const unsigned char* px = raw.pixels + i * static_cast<size_t>(raw.channels);
      std::memcpy(&image.pixels[i * static_cast<size_t>(color)], px, static_cast<size_t>(color));
      image.alpha[i] = px[color];
    }
  } else {
    image.pixels.assign(raw.pixels, raw.pixels + n * static_cast<size_t>(color));
  }
  std::free(raw.pixels);
  image.source.assign(bytes);
  return image;
}

}  // namespace paiban::page
