// Colours of the page model: device gray, RGB, CMYK, or a named spot colour with an alternate.
//
// Components are in [0, 1] (0 = no ink for CMYK and tint, 0 = black for gray and RGB). Colours are
// values; the writer maps each space to its own operators (PDF: g/rg/k, or a /Separation space
// for a spot colour) and never substitutes one space for another.
#pragma once

#include <array>
#include <string>
#include <utility>

namespace paiban::page {

struct Color {
  enum class Space { kGray, kRgb, kCmyk, kSpot };

  Space space = Space::kGray;
  // kGray: [0]; kRgb: [0..2]; kCmyk: [0..3]; kSpot: the alternate colour at full tint, in CMYK
  // ([0..3]), which devices without the ink show instead.
  std::array<double, 4> c = {0, 0, 0, 0};
  std::string spot_name;  // kSpot: the ink's name (e.g. "PANTONE 485 C")
  double tint = 1.0;      // kSpot: amount of ink, 0..1

  static Color gray(double g) { return Color{Space::kGray, {g, 0, 0, 0}, {}, 1.0}; }
  static Color black() { return gray(0); }
  static Color white() { return gray(1); }
  static Color rgb(double r, double g, double b) {
    return Color{Space::kRgb, {r, g, b, 0}, {}, 1.0};
  }
  static Color cmyk(double c, double m, double y, double k) {
    return Color{Space::kCmyk, {c, m, y, k}, {}, 1.0};
  }
  // A spot colour `name` at `tint`, shown as the CMYK `alternate` (at full tint) without the ink.
  static Color spot(std::string name, double tint, const std::array<double, 4>& alternate_cmyk) {
    return Color{Space::kSpot, alternate_cmyk, std::move(name), tint};
  }

  // Number of components the space uses (the spot colour's one is its tint).
  int components() const {
    switch (space) {
      case Space::kGray:
        return 1;
      case Space::kRgb:
        return 3;
      case Space::kCmyk:
        return 4;
      case Space::kSpot:
        return 1;
    }
    return 1;
  }

  friend bool operator==(const Color&, const Color&) = default;
};

}  // namespace paiban::page
