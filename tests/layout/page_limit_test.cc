// paiban_limits.h kMaxPages: a report that fills exactly kMaxPages pages is laid out; one that
// needs a page more is refused with an error naming the block that needed it, in bounded time
// (the paginator never makes page kMaxPages + 1, so no loop can run on without end).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "layout/layout.h"
#include "layout_test_util.h"
#include "paiban_limits.h"

namespace paiban::layout {
namespace {

// `pages` one-character paragraphs with a page break between each two: one page each, cheaply.
Report report_of_pages(std::size_t pages) {
  Report r;
  r.show_title = false;
  r.metadata.title = "T";
  for (std::size_t i = 0; i < pages; ++i) {
    if (i > 0) r.body.emplace_back(PageBreak{});
    Paragraph p;
    Run run;
    run.text = "页";
    p.runs.push_back(run);
    r.body.emplace_back(std::move(p));
  }
  return r;
}

std::string errors_of(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) out += format_diagnostic(d) + "\n";
  }
  return out;
}

TEST(PageLimit, AReportOfExactlyTheLimitIsLaidOut) {
  std::vector<Diagnostic> diagnostics;
  const PageModel model = testing::lay_out(report_of_pages(limits::kMaxPages), testing::gbt9704(),
                                           diagnostics);
  EXPECT_EQ(errors_of(diagnostics), "");
  ASSERT_EQ(model.pages.size(), limits::kMaxPages);
  // The last page holds the last paragraph (and its page number), not an overflow of others.
  EXPECT_EQ(model.pages.back().number, static_cast<int>(limits::kMaxPages));
  EXPECT_FALSE(model.pages.back().runs.empty());
}

TEST(PageLimit, APageMoreIsRefusedNamingTheBlockThatNeedsIt) {
  std::vector<Diagnostic> diagnostics;
  const PageModel model = testing::lay_out(report_of_pages(limits::kMaxPages + 1),
                                           testing::gbt9704(), diagnostics);
  EXPECT_LE(model.pages.size(), limits::kMaxPages);
  std::vector<const Diagnostic*> errors;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) errors.push_back(&d);
  }
  ASSERT_EQ(errors.size(), 1u) << errors_of(diagnostics);
  // Body block 2 × kMaxPages − 1 is the page break before paragraph kMaxPages + 1.
  EXPECT_EQ(errors[0]->pointer, "/body/" + std::to_string(2 * limits::kMaxPages - 1));
  EXPECT_NE(errors[0]->message.find(std::to_string(limits::kMaxPages)), std::string::npos)
      << errors[0]->message;
}

}  // namespace
}  // namespace paiban::layout
