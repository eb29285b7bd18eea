// JPEG decoding with libjpeg(-turbo) (the reference decoder; a hand-written Huffman/IDCT decoder
// would be slower and less proven). The PDF embeds the original bytes (/DCTDecode); decoding them
// here checks the data, so a corrupt file is refused before it reaches a writer.
//
// libjpeg's default error handler calls exit(); ours longjmps back instead. As with libpng, the
// frame that can be jumped into (`read_jpeg_c`) holds no C++ object with a destructor.
// clang-format off
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first
#include <jpeglib.h>
// clang-format on

#include <csetjmp>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "page/image.h"
#include "paiban_limits.h"

namespace paiban::page {

namespace {

struct JpegRaw {
  unsigned char* pixels;  // malloc'ed, width × height × components
  unsigned width, height;
  int components;  // 1 gray, 3 RGB, 4 CMYK
  bool adobe;      // an Adobe marker: CMYK stored inverted
  char error[JMSG_LENGTH_MAX + 64];
};

struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  JpegRaw* raw;
};

void on_error_exit(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  char message[JMSG_LENGTH_MAX];
  (*cinfo->err->format_message)(cinfo, message);
  std::snprintf(err->raw->error, sizeof err->raw->error, "%s", message);
  std::longjmp(err->jump, 1);
}

// A corrupt entropy segment is only a warning to libjpeg (it fills in grey); treat it as an error
// so a damaged file is refused rather than drawn half grey.
void on_emit_message(j_common_ptr cinfo, int level) {
  if (level < 0) on_error_exit(cinfo);
}

bool read_jpeg_c(const unsigned char* data, size_t size, JpegRaw* raw) {
  raw->pixels = nullptr;
  raw->error[0] = '\0';
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = on_error_exit;
  err.pub.emit_message = on_emit_message;
  err.raw = raw;
  unsigned char* volatile pixels = nullptr;
  if (setjmp(err.jump)) {
    std::free(pixels);
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
  jpeg_read_header(&cinfo, TRUE);
  if (static_cast<int64_t>(cinfo.image_width) * cinfo.image_height > limits::kMaxImagePixels) {
    std::snprintf(raw->error, sizeof raw->error,
                  "the image has %u × %u pixels, more than the limit of %lld", cinfo.image_width,
                  cinfo.image_height, static_cast<long long>(limits::kMaxImagePixels));
    std::longjmp(err.jump, 1);
  }
  if (cinfo.num_components == 1) {
    cinfo.out_color_space = JCS_GRAYSCALE;
  } else if (cinfo.num_components == 3) {
    cinfo.out_color_space = JCS_RGB;
  } else if (cinfo.num_components == 4) {
    cinfo.out_color_space = JCS_CMYK;
  } else {
    std::snprintf(raw->error, sizeof raw->error, "%d colour components are not supported",
                  cinfo.num_components);
    std::longjmp(err.jump, 1);
  }
  jpeg_start_decompress(&cinfo);
  const size_t stride = static_cast<size_t>(cinfo.output_width) * cinfo.output_components;
  pixels = static_cast<unsigned char*>(std::malloc(stride * cinfo.output_height));
  if (pixels == nullptr) {
    std::snprintf(raw->error, sizeof raw->error, "out of memory");
    std::longjmp(err.jump, 1);
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = pixels + stride * cinfo.output_scanline;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  raw->pixels = pixels;
  raw->width = cinfo.output_width;
  raw->height = cinfo.output_height;
  raw->components = cinfo.output_components;
  raw->adobe = cinfo.saw_Adobe_marker != 0;
  jpeg_destroy_decompress(&cinfo);
  return true;
}

}  // namespace

std::variant<ImageResource, std::string> decode_jpeg(std::string_view bytes) {
  JpegRaw raw;
  if (!read_jpeg_c(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), &raw)) {
    return std::string("JPEG: ") + raw.error;
  }
  ImageResource image;
  image.format = ImageResource::Format::kJpeg;
  image.width = static_cast<int>(raw.width);
  image.height = static_cast<int>(raw.height);
  image.color_space = raw.components == 1   ? ImageResource::ColorSpace::kGray
                      : raw.components == 3 ? ImageResource::ColorSpace::kRgb
                                            : ImageResource::ColorSpace::kCmyk;
  image.inverted_cmyk = raw.components == 4 && raw.adobe;
  image.pixels.assign(raw.pixels,
                      raw.pixels + static_cast<size_t>(raw.width) * raw.height * raw.components);
  std::free(raw.pixels);
  image.source.assign(bytes);
  return image;
}

}  // namespace paiban::page
