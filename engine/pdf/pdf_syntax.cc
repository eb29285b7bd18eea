#include "pdf/pdf_syntax.h"

// The low-level SHA-256 functions are deprecated in OpenSSL 3 in favour of EVP, but kept
// throughout 3.x; see sha256() for why they are used.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "utf8.h"

namespace paiban::pdf {

namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

void append_hex_byte(std::string& out, unsigned byte) {
  out += kHexDigits[(byte >> 4) & 0xF];
  out += kHexDigits[byte & 0xF];
}

void append_utf16be_hex(std::string& out, char32_t cp) {
  if (cp >= 0x10000) {
    const char32_t v = cp - 0x10000;
    const unsigned high = 0xD800 + static_cast<unsigned>(v >> 10);
    const unsigned low = 0xDC00 + static_cast<unsigned>(v & 0x3FF);
    append_hex_byte(out, high >> 8);
    append_hex_byte(out, high & 0xFF);
    append_hex_byte(out, low >> 8);
    append_hex_byte(out, low & 0xFF);
  } else {
    append_hex_byte(out, static_cast<unsigned>(cp) >> 8);
    append_hex_byte(out, static_cast<unsigned>(cp) & 0xFF);
  }
}

}  // namespace

void append_number(std::string& out, double value, int max_decimals) {
  if (!std::isfinite(value)) value = 0;  // PDF has no NaN or infinity; callers clamp earlier
  std::array<char, 64> buf;
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value,
                                 std::chars_format::fixed, max_decimals);
  if (ec != std::errc()) {
    out += '0';
    return;
  }
  std::string_view s(buf.data(), static_cast<size_t>(end - buf.data()));
  if (s.find('.') != std::string_view::npos) {
    while (s.back() == '0') s.remove_suffix(1);
    if (s.back() == '.') s.remove_suffix(1);
  }
  if (s == "-0") s = "0";
  out += s;
}

std::string format_number(double value, int max_decimals) {
  std::string out;
  append_number(out, value, max_decimals);
  return out;
}

void append_points(std::string& out, page::LU lu) {
  // lu / 64 is exact in binary and has at most six decimals in decimal.
  append_number(out, static_cast<double>(lu) / page::kLuPerPt, 6);
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : decode_utf8_lossy(text)) append_utf8(out, cp);
  return out;
}

std::string utf16be_hex(std::string_view text) {
  std::string out;
  for (char32_t cp : decode_utf8_lossy(text)) append_utf16be_hex(out, cp);
  return out;
}

std::string text_string_hex(std::string_view text) { return "<FEFF" + utf16be_hex(text) + ">"; }

void append_code_hex(std::string& out, uint16_t code) {
  out += '<';
  append_hex_byte(out, code >> 8);
  append_hex_byte(out, code & 0xFF);
  out += '>';
}

// libcrypto's own SHA-256 code (SHA-NI where the processor has it), called directly: EVP's first
// fetch of a digest sets up libcrypto's library context (its configuration file and providers),
// 2 ms of a cold process's CPU time here for the one hash a PDF needs, where the hash of the
// seed's 420 KB takes 0.26 ms. The bytes are the same either way.
std::array<unsigned char, 32> sha256(std::string_view bytes) {
  std::array<unsigned char, 32> digest{};
  SHA256_CTX context;
  if (SHA256_Init(&context) != 1 || SHA256_Update(&context, bytes.data(), bytes.size()) != 1 ||
      SHA256_Final(digest.data(), &context) != 1) {
    throw std::runtime_error("PDF: libcrypto cannot compute SHA-256");
  }
  return digest;
}

}  // namespace paiban::pdf
