#include "pdf/pdf_syntax.h"

#include <openssl/evp.h>

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

namespace {

// SHA-256 from libcrypto's default provider, fetched once for the process. EVP_sha256() in each
// call would fetch it by name every time, and the first fetch initialises libcrypto (its
// configuration and providers): about 1 ms of a cold render, now paid by warm_up_hashing().
const EVP_MD* sha256_method() {
  static EVP_MD* const method = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return method;
}

}  // namespace

void warm_up_hashing() noexcept { (void)sha256_method(); }

std::array<unsigned char, 32> sha256(std::string_view bytes) {
  std::array<unsigned char, 32> digest{};
  unsigned int length = 0;
  const EVP_MD* method = sha256_method();
  if (method == nullptr ||
      EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, method, nullptr) != 1 ||
      length != digest.size()) {
    throw std::runtime_error("PDF: libcrypto cannot compute SHA-256");
  }
  return digest;
}

}  // namespace paiban::pdf
