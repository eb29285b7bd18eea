// Render benchmarks, warm (in process, fonts loaded once): the seed report to PDF, to DOCX and to
// both; 100 vs 1,000 pages of prose and a 100 KB vs 1 MB paragraph without a break opportunity
// (scaling, issue 13); a 1,000-row table through layout; 2,000- and 20,000-row tables (issue 11:
// layout linear in rows: resolve, sizing and pagination together, then sizing and pagination
// each alone). Peak resident memory is reported as a counter (KiB, from getrusage) next to each
// time; the row-count cases also report the peak heap in use while laying out (bytes, from the
// replaced global operator new, which counts only inside those cases) and that per row.
// tools/bench/run.sh and scale.sh time the same work as whole processes.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <new>
#include <string>
#include <variant>
#include <vector>

#include "fonts/font_registry.h"
#include "json_io.h"
#include "layout/layout.h"
#include "layout/measure.h"
#include "layout/table_sizing.h"
#include "resolve/resolved.h"
#include "paiban/types.h"
#include "pipeline.h"
#include "styles/style.h"

// Heap accounting for the peak-memory counters: every allocation carries its size in a header so
// that the bytes in use, and their peak since the last reset, are known exactly. Only allocations
// made while a Counting scope is open are counted: the atomics cost about a tenth of a warm render
// (more with two threads on the one counter), which the timed benchmarks must not pay.
namespace heap {
std::atomic<bool> counting{false};
std::atomic<long long> in_use{0};
std::atomic<long long> peak{0};
constexpr std::size_t kHeader = alignof(std::max_align_t);
constexpr std::size_t kCounted = std::size_t{1} << (8 * sizeof(std::size_t) - 1);

void* allocate(std::size_t size) {
  auto* base = static_cast<unsigned char*>(std::malloc(size + kHeader));
  if (base == nullptr) throw std::bad_alloc();
  if (!counting.load(std::memory_order_relaxed)) {
    *reinterpret_cast<std::size_t*>(base) = size;
    return base + kHeader;
  }
  *reinterpret_cast<std::size_t*>(base) = size | kCounted;
  const long long now = in_use.fetch_add(static_cast<long long>(size)) + static_cast<long long>(size);
  long long seen = peak.load();
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
  return base + kHeader;
}

void release(void* p) {
  if (p == nullptr) return;
  unsigned char* base = static_cast<unsigned char*>(p) - kHeader;
  const std::size_t header = *reinterpret_cast<std::size_t*>(base);
  if ((header & kCounted) != 0) in_use.fetch_sub(static_cast<long long>(header & ~kCounted));
  std::free(base);
}

// Counts the allocations made while it lives; peak restarts from the bytes in use now.
class Counting {
 public:
  Counting() : base_(in_use.load()) {
    peak.store(base_);
    counting.store(true);
  }
  ~Counting() { counting.store(false); }
  Counting(const Counting&) = delete;
  Counting& operator=(const Counting&) = delete;
  // The peak bytes in use since this scope began, above what was in use then.
  long long peak_above_start() const { return peak.load() - base_; }

 private:
  long long base_;
};
}  // namespace heap

void* operator new(std::size_t size) { return heap::allocate(size); }
void* operator new[](std::size_t size) { return heap::allocate(size); }
void operator delete(void* p) noexcept { heap::release(p); }
void operator delete[](void* p) noexcept { heap::release(p); }
void operator delete(void* p, std::size_t) noexcept { heap::release(p); }
void operator delete[](void* p, std::size_t) noexcept { heap::release(p); }

namespace {

// One font source for all benchmarks, as a process of the public API has: fontconfig's listing
// is paid once, outside the timed loops after the first iteration.
paiban::fonts::FontRegistry& bench_fonts() {
  static paiban::fonts::FontRegistry registry;
  return registry;
}

paiban::Report load_sample() {
  std::ifstream in(std::string(PAIBAN_SOURCE_DIR) + "/samples/hongqi-2023/report.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  paiban::ReadResult r = paiban::json::read_report(text, "report.json");
  return r.report.value_or(paiban::Report{});
}

double peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss);
}

void render(benchmark::State& state, paiban::OutputFormat format) {
  const paiban::Report report = load_sample();
  paiban::RenderOptions options;
  options.formats = {format};
  for (auto _ : state) {
    paiban::RenderResult result = paiban::detail::render(report, options, bench_fonts());
    if (!result.ok()) state.SkipWithError("render failed");
    benchmark::DoNotOptimize(result);
  }
  state.counters["peak_rss_kib"] = peak_rss_kib();
}

void BM_SeedToPdf(benchmark::State& state) { render(state, paiban::OutputFormat::kPdf); }
void BM_SeedToDocx(benchmark::State& state) { render(state, paiban::OutputFormat::kDocx); }

// The argument is RenderOptions::threads. Timed as wall time, with the CPU time of the whole
// process (every thread's), so that a render on two threads shows what it costs as well.
void BM_SeedToPdfAndDocx(benchmark::State& state) {
  const paiban::Report report = load_sample();
  paiban::RenderOptions options;
  options.formats = {paiban::OutputFormat::kPdf, paiban::OutputFormat::kDocx};
  options.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    paiban::RenderResult result = paiban::detail::render(report, options, bench_fonts());
    if (!result.ok()) state.SkipWithError("render failed");
    benchmark::DoNotOptimize(result);
  }
  state.counters["peak_rss_kib"] = peak_rss_kib();
}

paiban::Paragraph text_paragraph(const std::string& text) {
  paiban::Paragraph p;
  paiban::Run run;
  run.text = text;
  p.runs.push_back(std::move(run));
  return p;
}

// Headings and the seed's longer paragraphs, as tools/bench/make_inputs.py writes them: about
// 4.9 paragraphs a page, a heading every ten paragraphs (so the outline grows with the pages).
paiban::Report prose(int pages) {
  std::vector<std::string> texts;
  for (const paiban::Block& block : load_sample().body) {
    const auto* p = std::get_if<paiban::Paragraph>(&block);
    if (p == nullptr || p->runs.size() != 1) continue;
    // Python counts code points: more than 60 of them, at 1–3 bytes each in this text.
    size_t code_points = 0;
    for (unsigned char c : p->runs[0].text) code_points += (c & 0xC0) != 0x80 ? 1 : 0;
    if (code_points > 60) texts.push_back(p->runs[0].text);
  }
  paiban::Report report;
  report.metadata.title = std::to_string(pages) + "页长文";
  const int count = pages * 49 / 10;
  for (int i = 0; i < count && !texts.empty(); ++i) {
    if (i % 10 == 0) {
      paiban::Heading h;
      h.level = i % 100 == 0 ? 1 : 2;
      h.runs.push_back(text_paragraph("第" + std::to_string(i / 10 + 1) + "部分").runs[0]);
      report.body.emplace_back(std::move(h));
    }
    report.body.emplace_back(text_paragraph(texts[static_cast<size_t>(i) % texts.size()]));
  }
  return report;
}

void render_to_pdf(benchmark::State& state, const paiban::Report& report) {
  paiban::RenderOptions options;
  options.formats = {paiban::OutputFormat::kPdf};
  for (auto _ : state) {
    paiban::RenderResult result = paiban::detail::render(report, options, bench_fonts());
    if (!result.ok()) state.SkipWithError("render failed");
    benchmark::DoNotOptimize(result);
  }
  state.counters["peak_rss_kib"] = peak_rss_kib();
}

// Arg: pages of prose.
void BM_ProseToPdf(benchmark::State& state) {
  render_to_pdf(state, prose(static_cast<int>(state.range(0))));
}

// Arg: bytes of one Latin word, a paragraph with no break opportunity at all.
void BM_UnbreakableParagraphToPdf(benchmark::State& state) {
  const auto size = static_cast<size_t>(state.range(0));
  std::string word;
  while (word.size() < size) word += "paiban";
  word.resize(size);
  paiban::Report report;
  report.metadata.title = "无断点段落";
  report.body.emplace_back(text_paragraph(word));
  render_to_pdf(state, report);
}

paiban::Report big_table(int rows) {
  paiban::Report report;
  report.metadata.title = "千行表格";
  paiban::Table t;
  t.columns.resize(5);
  t.header_rows = 2;
  auto cell = [](const std::string& text, int rowspan = 1, int colspan = 1) {
    paiban::TableCell c;
    paiban::Paragraph p;
    paiban::Run run;
    run.text = text;
    p.runs.push_back(run);
    c.paragraphs.push_back(p);
    c.rowspan = rowspan;
    c.colspan = colspan;
    return c;
  };
  t.rows.push_back(paiban::TableRow{{cell("事项", 2), cell("申请人情况", 1, 4)}});
  t.rows.push_back(paiban::TableRow{{cell("自然人"), cell("商业企业"), cell("科研机构"),
                                     cell("总计")}});
  for (int i = 0; i < rows; ++i) {
    t.rows.push_back(paiban::TableRow{{cell("第" + std::to_string(i + 1) + "项属于国家秘密的申请"),
                                       cell(std::to_string(i)), cell(std::to_string(i * 7)),
                                       cell(std::to_string(i * 13)),
                                       cell(std::to_string(i * 21))}});
  }
  report.body.push_back(std::move(t));
  return report;
}

// Resolve, table sizing and layout of a report: the work the layout benchmarks time.
paiban::layout::PageModel lay_out(const paiban::Report& report, const paiban::styles::Style& style,
                                  std::vector<paiban::Diagnostic>& diagnostics) {
  paiban::layout::FontContext fonts(bench_fonts(), style);
  paiban::layout::ShapedMeasure measure(fonts, style);
  const paiban::resolve::ResolvedDocument doc =
      paiban::resolve::resolve_document(report, style, diagnostics, &measure);
  const paiban::layout::SizedTables tables = paiban::layout::size_tables(doc, fonts, diagnostics);
  return paiban::layout::layout_document(doc, tables, fonts, diagnostics);
}

void BM_ThousandRowTableLayout(benchmark::State& state) {
  const paiban::Report report = big_table(1000);
  std::vector<paiban::Diagnostic> d;
  const paiban::styles::Style style = paiban::styles::resolve_style("gbt9704", {}, d);
  size_t pages = 0;
  for (auto _ : state) {
    std::vector<paiban::Diagnostic> diagnostics;
    paiban::layout::PageModel model = lay_out(report, style, diagnostics);
    pages = model.pages.size();
    benchmark::DoNotOptimize(model);
  }
  state.counters["pages"] = static_cast<double>(pages);
  state.counters["peak_rss_kib"] = peak_rss_kib();
}

void BM_ThousandRowTableToPdf(benchmark::State& state) {
  const paiban::Report report = big_table(1000);
  paiban::RenderOptions options;
  for (auto _ : state) {
    paiban::RenderResult result = paiban::detail::render(report, options, bench_fonts());
    if (!result.ok()) state.SkipWithError("render failed");
    benchmark::DoNotOptimize(result);
  }
  state.counters["peak_rss_kib"] = peak_rss_kib();
}

// A table of `rows` body rows in groups of five under a spanning label (split groups repeat their
// label), laid out from the report: resolve, table sizing and pagination.
paiban::Report grouped_table(int rows) {
  paiban::Report report = big_table(0);
  auto& t = std::get<paiban::Table>(report.body.back());
  auto cell = [](const std::string& text, int rowspan = 1) {
    paiban::TableCell c;
    paiban::Paragraph p;
    paiban::Run run;
    run.text = text;
    p.runs.push_back(run);
    c.paragraphs.push_back(p);
    c.rowspan = rowspan;
    return c;
  };
  for (int i = 0; i < rows; ++i) {
    paiban::TableRow row;
    if (i % 5 == 0) row.cells.push_back(cell("第" + std::to_string(i / 5 + 1) + "组", std::min(5, rows - i)));
    row.cells.push_back(cell(std::to_string(i + 1) + ". 属于国家秘密"));
    row.cells.push_back(cell(std::to_string(i * 7)));
    row.cells.push_back(cell(std::to_string(i * 13)));
    row.cells.push_back(cell(std::to_string(i * 21)));
    t.rows.push_back(std::move(row));
  }
  return report;
}

void BM_TableRowsLayout(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  const paiban::Report report = grouped_table(rows);
  std::vector<paiban::Diagnostic> d;
  const paiban::styles::Style style = paiban::styles::resolve_style("gbt9704", {}, d);
  size_t pages = 0;
  long long peak = 0;
  for (auto _ : state) {
    const heap::Counting counting;
    std::vector<paiban::Diagnostic> diagnostics;
    paiban::layout::PageModel model = lay_out(report, style, diagnostics);
    if (paiban::has_errors(diagnostics)) state.SkipWithError("layout failed");
    pages = model.pages.size();
    benchmark::DoNotOptimize(model);
    peak = std::max(peak, counting.peak_above_start());
  }
  state.counters["pages"] = static_cast<double>(pages);
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
  state.counters["heap_bytes_per_row"] = static_cast<double>(peak) / rows;
  state.counters["peak_rss_kib"] = peak_rss_kib();
}

// Pagination alone (layout_document over tables sized once, outside the timed loop): the part
// that used to rescan every cell for every candidate row.
void BM_TableRowsPagination(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  const paiban::Report report = grouped_table(rows);
  std::vector<paiban::Diagnostic> diagnostics;
  const paiban::styles::Style style = paiban::styles::resolve_style("gbt9704", {}, diagnostics);
  paiban::layout::FontContext fonts(bench_fonts(), style);
  paiban::layout::ShapedMeasure measure(fonts, style);
  const paiban::resolve::ResolvedDocument doc =
      paiban::resolve::resolve_document(report, style, diagnostics, &measure);
  const paiban::layout::SizedTables tables = paiban::layout::size_tables(doc, fonts, diagnostics);
  long long peak = 0;
  for (auto _ : state) {
    const heap::Counting counting;
    std::vector<paiban::Diagnostic> d;
    paiban::layout::PageModel model = paiban::layout::layout_document(doc, tables, fonts, d);
    benchmark::DoNotOptimize(model);
    peak = std::max(peak, counting.peak_above_start());
  }
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
  state.counters["heap_bytes_per_row"] = static_cast<double>(peak) / rows;
}

// Table sizing alone (size_tables over a document resolved once, outside the timed loop): the
// text size chosen from the allowed range and every cell laid out at it.
void BM_TableRowsSizing(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  const paiban::Report report = grouped_table(rows);
  std::vector<paiban::Diagnostic> diagnostics;
  const paiban::styles::Style style = paiban::styles::resolve_style("gbt9704", {}, diagnostics);
  paiban::layout::FontContext fonts(bench_fonts(), style);
  paiban::layout::ShapedMeasure measure(fonts, style);
  const paiban::resolve::ResolvedDocument doc =
      paiban::resolve::resolve_document(report, style, diagnostics, &measure);
  long long peak = 0;
  for (auto _ : state) {
    const heap::Counting counting;
    std::vector<paiban::Diagnostic> d;
    paiban::layout::SizedTables tables = paiban::layout::size_tables(doc, fonts, d);
    benchmark::DoNotOptimize(tables);
    peak = std::max(peak, counting.peak_above_start());
  }
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
  state.counters["heap_bytes_per_row"] = static_cast<double>(peak) / rows;
}

BENCHMARK(BM_SeedToPdf)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SeedToDocx)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SeedToPdfAndDocx)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ProseToPdf)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_UnbreakableParagraphToPdf)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ThousandRowTableLayout)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ThousandRowTableToPdf)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TableRowsLayout)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TableRowsSizing)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TableRowsPagination)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
