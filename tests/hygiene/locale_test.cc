// Numbers never depend on the process locale: under de_DE.UTF-8 (decimal comma) lengths parse to
// the same values and a sample renders to the same PDF and DOCX bytes as under the C locale.
#include <gtest/gtest.h>

#include <clocale>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <locale>
#include <optional>
#include <stdexcept>
#include <string>

#include "fonts/font_registry.h"
#include "json_io.h"
#include "pipeline.h"
#include "styles/style.h"
#include "value_syntax.h"

namespace paiban {
namespace {

constexpr char kGerman[] = "de_DE.UTF-8";

std::string read_sample(const std::string& name) {
  std::ifstream in(std::string(PAIBAN_SOURCE_DIR) + "/samples/" + name + "/report.json",
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Switches the C and C++ global locales for one scope (both: printf/strtod follow the first,
// iostreams the second), back to "C" at the end.
class ScopedLocale {
 public:
  explicit ScopedLocale(const char* name) {
    if (std::setlocale(LC_ALL, name) == nullptr) return;
    try {
      std::locale::global(std::locale(name));
      active_ = true;
    } catch (const std::runtime_error&) {
      std::setlocale(LC_ALL, "C");
    }
  }
  ~ScopedLocale() {
    std::locale::global(std::locale::classic());
    std::setlocale(LC_ALL, "C");
  }
  ScopedLocale(const ScopedLocale&) = delete;
  ScopedLocale& operator=(const ScopedLocale&) = delete;
  bool active() const { return active_; }

 private:
  bool active_ = false;
};

#define REQUIRE_GERMAN(locale)                                                         \
  ScopedLocale locale(kGerman);                                                        \
  if (!locale.active()) {                                                              \
    GTEST_SKIP() << "locale " << kGerman                                               \
                 << " is not available (tools/setup.sh generates it with locale-gen)"; \
  }                                                                                    \
  /* The locale really is active: the C library now reads a decimal comma. */          \
  ASSERT_STREQ(std::localeconv()->decimal_point, ",");                                 \
  ASSERT_EQ(std::strtod("10.5", nullptr), 10.0)

TEST(LocaleTest, LengthsParseAlikeUnderADecimalCommaLocale) {
  const std::optional<double> em = styles::parse_length_pt("1.5em", 16);
  const std::optional<double> pt = styles::parse_length_pt("10.5pt");
  const std::optional<double> mm = styles::parse_length_pt("37.5mm");
  ASSERT_TRUE(em && pt && mm);
  EXPECT_EQ(*em, 24.0);
  EXPECT_EQ(*pt, 10.5);

  REQUIRE_GERMAN(german);
  EXPECT_EQ(styles::parse_length_pt("1.5em", 16), em);
  EXPECT_EQ(styles::parse_length_pt("10.5pt"), pt);
  EXPECT_EQ(styles::parse_length_pt("37.5mm"), mm);
  EXPECT_EQ(json::parse_decimal("10.5"), 10.5);
  EXPECT_EQ(json::parse_decimal("10,5"), std::nullopt);  // a comma is never a decimal point
}

TEST(LocaleTest, ParseDecimalTakesPlainDecimalsOnly) {
  EXPECT_EQ(json::parse_decimal("2"), 2.0);
  EXPECT_EQ(json::parse_decimal("0.3"), 0.3);  // correctly rounded, as the source text says
  EXPECT_EQ(json::parse_decimal(".5"), 0.5);
  EXPECT_EQ(json::parse_decimal("3."), 3.0);
  for (const char* bad : {"", ".", "-1", "+1", "1e3", "1.2.3", " 1", "1 ", "0x10", "inf", "nan"}) {
    EXPECT_EQ(json::parse_decimal(bad), std::nullopt) << bad;
  }
}

TEST(LocaleTest, SampleRendersToTheSameBytesUnderADecimalCommaLocale) {
  const ReadResult read = json::read_report(read_sample("hongqi-2023"), "report.json");
  ASSERT_TRUE(read.report.has_value());
  RenderOptions options;
  options.formats = {OutputFormat::kPdf, OutputFormat::kDocx};
  options.source_date_epoch = 1700000000;
  fonts::FontRegistry fonts;

  const RenderResult in_c = detail::render(*read.report, options, fonts);
  for (const Diagnostic& d : in_c.diagnostics) {
    if (d.severity == Severity::kError) ADD_FAILURE() << format_diagnostic(d);
  }
  ASSERT_FALSE(in_c.pdf.empty());
  ASSERT_FALSE(in_c.docx.empty());

  REQUIRE_GERMAN(german);
  const RenderResult in_german = detail::render(*read.report, options, fonts);
  ASSERT_TRUE(in_german.ok());
  EXPECT_TRUE(in_german.pdf == in_c.pdf) << "the PDF bytes depend on the locale";
  EXPECT_TRUE(in_german.docx == in_c.docx) << "the DOCX bytes depend on the locale";
}

}  // namespace
}  // namespace paiban
