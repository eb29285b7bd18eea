// paiban — render structured reports to PDF and DOCX.
//
// Exit codes (documented in README.md):
//   0 success · 1 invalid input (the report has errors) · 2 usage error · 3 I/O error · 4 internal error
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "batch.h"
#include "paiban/files.h"
#include "paiban/paiban.h"

// LeakSanitizer's check, present in sanitizer builds only (a weak reference: null elsewhere).
extern "C" __attribute__((weak)) void __lsan_do_leak_check();

namespace {

using paiban::cli::kExitInternal;
using paiban::cli::kExitInvalid;
using paiban::cli::kExitIo;
using paiban::cli::kExitOk;
using paiban::cli::kExitUsage;

const char* kUsage =
    "usage: paiban COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  check REPORT.json [--strict] [--previous LAST.json] [--style NAME|FILE] [--root DIR]...\n"
    "                                read and validate a report as render would (style,\n"
    "                                tables that cannot fit); check the sums of its known\n"
    "                                table forms (and 上年结转 against last year's report);\n"
    "                                print every problem; --strict: a broken sum is an error\n"
    "  render REPORT.json -o OUT.pdf [-o OUT.docx] [--style NAME|FILE] [--root DIR]...\n"
    "                                render a report; the format follows each output's extension;\n"
    "                                style files named in the report are read from its folder\n"
    "                                and from each --root DIR only\n"
    "  fonts [--style NAME|FILE]     which font file serves each role on this machine, and\n"
    "                                whether it is the office font or a stand-in\n"
    "  dump --stage STAGE REPORT.json [--style NAME|FILE] [--root DIR]... [--font-path DIR]...\n"
    "                                print one stage of the pipeline as text: resolved, grid,\n"
    "                                widths, lines or pages\n"
    "  import REPORT.txt [-o REPORT.json]\n"
    "                                import a plain-text annual report (tables as tab-separated\n"
    "                                lines), or a 公文 in the field form ('标题: …' lines, "
    "'正文:'\n"
    "                                then its lines); warnings name the lines that could not be\n"
    "                                placed\n"
    "  import DIR -o OUTDIR          import every DIR/*.txt into OUTDIR/NAME.json, going on past\n"
    "                                failures; exit 1 when any file failed\n"
    "\n"
    "REPORT.json may be '-' for standard input.\n"
    "check, render, fonts and dump take --font-path DIR (repeatable): the fonts in DIR (a folder\n"
    "or a font file) take part before the system's.\n"
    "options: --help, --version\n"
    "exit codes: 0 ok, 1 invalid input (batch: a report failed), 2 usage, 3 I/O error, 4 internal\n"
    "error\n";

int usage_error(const std::string& message) {
  std::cerr << "paiban: " << message << "\n\n" << kUsage;
  return kExitUsage;
}

// Reads a whole file (or stdin for "-"), never more than the input limit; only regular files.
bool read_input(const std::string& path, std::string& out, std::string& error) {
  error = paiban::read_input_file(path, out);
  return error.empty();
}

std::string source_name(const std::string& path) {
  return path == "-" ? "<stdin>" : path;
}

void print_diagnostics(const std::vector<paiban::Diagnostic>& diagnostics) {
  for (const paiban::Diagnostic& d : diagnostics) std::cerr << paiban::format_diagnostic(d) << '\n';
}

// Reads and validates a report; prints its diagnostics. Returns an exit code, 0 when usable.
int load_report(const std::string& path, std::optional<paiban::Report>& report) {
  std::string text, error;
  if (!read_input(path, text, error)) {
    std::cerr << "paiban: " << error << '\n';
    return kExitIo;
  }
  paiban::ReadResult result = paiban::read_report_json(text, source_name(path));
  print_diagnostics(result.diagnostics);
  if (!result.report) return kExitInvalid;
  report = std::move(result.report);
  return kExitOk;
}

int cmd_check(const std::vector<std::string>& args) {
  std::string input, previous_path;
  paiban::CheckOptions options;
  paiban::RenderOptions render_options;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--strict") {
      options.strict = true;
    } else if (args[i] == "--style" || args[i] == "--root") {
      if (i + 1 >= args.size()) return usage_error(args[i] + " needs a value");
      if (args[i] == "--style") {
        render_options.style = args[i + 1];
      } else {
        render_options.roots.push_back(args[i + 1]);
      }
      ++i;
    } else if (args[i] == "--font-path") {
      if (i + 1 >= args.size()) return usage_error("--font-path needs a folder");
      render_options.font_dirs.push_back(args[++i]);
    } else if (args[i] == "--previous") {
      if (i + 1 >= args.size()) return usage_error("--previous needs last year's report");
      previous_path = args[++i];
    } else if (!args[i].empty() && args[i][0] == '-' && args[i] != "-") {
      return usage_error("unknown option " + args[i]);
    } else if (input.empty()) {
      input = args[i];
    } else {
      return usage_error("check takes one report file");
    }
  }
  if (input.empty()) return usage_error("check takes one report file");
  std::optional<paiban::Report> report, previous;
  int code = load_report(input, report);
  if (code != kExitOk) return code;
  if (!previous_path.empty()) {
    code = load_report(previous_path, previous);
    if (code != kExitOk) return code;
    options.previous_year = &*previous;
  }
  // Everything render would reject (style, resolve, table sizing), with the same file rules as
  // render (files named by the report resolve beside it), then the domain rules.
  if (input != "-") {
    render_options.report_dir = std::filesystem::path(input).parent_path().string();
  }
  std::vector<paiban::Diagnostic> found = paiban::check_report(*report, render_options);
  for (paiban::Diagnostic& d : paiban::check_report_rules(*report, options)) {
    found.push_back(std::move(d));
  }
  for (paiban::Diagnostic& d : found) {
    if (d.source.empty()) d.source = input == "-" ? "<stdin>" : input;
  }
  print_diagnostics(found);
  if (paiban::has_errors(found)) return kExitInvalid;
  std::cerr << input << ": ok\n";
  return kExitOk;
}

// Imports one text file; writes the JSON to `output` ("-" = standard output). Returns an exit code.
int import_one(const std::string& input, const std::string& output) {
  std::string error;
  if (output != "-") {
    paiban::OutputSet outputs;
    outputs.add_input(input);
    error = outputs.check(output);
    if (!error.empty()) {
      std::cerr << "paiban: " << error << '\n';
      return kExitIo;
    }
  }
  // Streamed: the text is read line by line and never held whole; too large is an I/O error
  // (exit 3, as for a report), named at the line where the limit falls.
  paiban::ReadResult result = paiban::import_text_file(input, error);
  if (!error.empty()) {
    std::cerr << "paiban: " << error << '\n';
    return kExitIo;
  }
  print_diagnostics(result.diagnostics);
  if (!result.report) return kExitInvalid;
  const std::string json = paiban::write_report_json(*result.report);
  result.report.reset();  // the JSON is all that is still needed
  if (output == "-") {
    std::cout << json;
    std::cout.flush();
    return std::cout.good() ? kExitOk : kExitIo;
  }
  paiban::OutputSet outputs;
  outputs.add_input(input);
  error = outputs.stage(output, json);
  if (error.empty()) error = outputs.commit();
  if (!error.empty()) {
    std::cerr << "paiban: " << error << '\n';
    return kExitIo;
  }
  return kExitOk;
}

int cmd_import(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::string input, output;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-o" || args[i] == "--output") {
      if (i + 1 >= args.size()) return usage_error(args[i] + " needs a value");
      output = args[++i];
    } else if (!args[i].empty() && args[i][0] == '-' && args[i] != "-") {
      return usage_error("unknown option " + args[i]);
    } else if (input.empty()) {
      input = args[i];
    } else {
      return usage_error("import takes one text file or one folder");
    }
  }
  if (input.empty()) return usage_error("import needs a text file or a folder");
  std::error_code ec;
  if (input == "-" || !fs::is_directory(input, ec)) {
    return import_one(input, output.empty() ? "-" : output);
  }

  if (output.empty() || output == "-") return usage_error("import of a folder needs -o OUTDIR");
  fs::create_directories(output, ec);
  if (!fs::is_directory(output, ec)) {
    std::cerr << "paiban: cannot create the folder " << output << '\n';
    return kExitIo;
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(input, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".txt" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) {
    std::cerr << "paiban: cannot list " << input << ": " << ec.message() << '\n';
    return kExitIo;
  }
  std::sort(files.begin(), files.end());
  int imported = 0, failed = 0;
  for (const fs::path& file : files) {
    const fs::path target = fs::path(output) / (file.stem().string() + ".json");
    if (import_one(file.string(), target.string()) == kExitOk) {
      ++imported;
    } else {
      ++failed;
      std::cerr << "paiban: " << file.string() << ": not imported\n";
    }
  }
  std::cerr << imported << " imported, " << failed << " failed\n";
  return failed > 0 ? kExitInvalid : kExitOk;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char a = s[s.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != suffix[i]) return false;
  }
  return true;
}

bool is_batch_option(const std::string& a) {
  return a == "--out-dir" || a == "--format" || a == "--jobs" || a == "--fail-fast" ||
         a == "--keep-going" || a == "--skip-up-to-date" || a == "--quiet" || a == "--shard" ||
         a == "--manifest";
}

// `render INPUT... --out-dir DIR …`: many reports in one process (issue 13), optionally one shard
// of them (issue 14).
int cmd_render_batch(const std::vector<std::string>& args) {
  paiban::cli::BatchOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--fail-fast") {
      options.fail_fast = true;
    } else if (a == "--keep-going") {
      options.fail_fast = false;
    } else if (a == "--skip-up-to-date") {
      options.skip_up_to_date = true;
    } else if (a == "--quiet") {
      options.quiet = true;
    } else if (a == "--out-dir" || a == "--format" || a == "--jobs" || a == "--shard" ||
               a == "--manifest" || a == "--style" || a == "--root" || a == "--font-path") {
      if (i + 1 >= args.size()) return usage_error(a + " needs a value");
      const std::string& value = args[++i];
      if (a == "--font-path") {
        options.render.font_dirs.push_back(value);
      } else if (a == "--out-dir") {
        options.out_dir = value;
      } else if (a == "--manifest") {
        options.manifest = value;
      } else if (a == "--style") {
        options.render.style = value;
      } else if (a == "--root") {
        options.render.roots.push_back(value);
      } else if (a == "--jobs") {
        char* end = nullptr;
        const long n = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || n < 1 || n > 1024) {
          return usage_error("--jobs needs a number from 1 to 1024, got " +
                             paiban::escape_for_terminal(value));
        }
        options.jobs = static_cast<unsigned>(n);
      } else if (a == "--shard") {
        std::string error;
        options.shard = paiban::cli::parse_shard(value, error);
        if (!options.shard) return usage_error(error);
      } else {
        options.formats.clear();
        std::stringstream list(value);
        for (std::string name; std::getline(list, name, ',');) {
          const paiban::OutputFormat format = name == "pdf" ? paiban::OutputFormat::kPdf
                                                            : paiban::OutputFormat::kDocx;
          if (name != "pdf" && name != "docx") {
            return usage_error("--format takes pdf, docx or pdf,docx, got " +
                               paiban::escape_for_terminal(value));
          }
          if (std::find(options.formats.begin(), options.formats.end(), format) ==
              options.formats.end()) {
            options.formats.push_back(format);
          }
        }
        if (options.formats.empty()) return usage_error("--format needs pdf, docx or pdf,docx");
      }
    } else if (a == "-o" || a == "--output") {
      return usage_error("a batch writes into --out-dir DIR; -o names the output of one report");
    } else if (a == "-") {
      return usage_error("a batch reads report files and folders, not standard input");
    } else if (!a.empty() && a[0] == '-') {
      return usage_error("unknown option " + a);
    } else {
      options.inputs.push_back(a);
    }
  }
  if (options.out_dir.empty()) return usage_error("a batch needs --out-dir DIR");
  if (options.inputs.empty()) return usage_error("render needs report files or folders");
  std::string epoch_error;
  const std::optional<long long> epoch = paiban::source_date_epoch_from_environment(epoch_error);
  if (!epoch) {
    std::cerr << "paiban: " << epoch_error << '\n';
    return kExitUsage;
  }
  options.render.source_date_epoch = *epoch;
  return paiban::cli::run_batch(options);
}

int cmd_render(const std::vector<std::string>& args) {
  if (std::any_of(args.begin(), args.end(), is_batch_option)) return cmd_render_batch(args);
  std::string input;
  std::vector<std::pair<std::string, paiban::OutputFormat>> outputs;
  paiban::RenderOptions options;
  options.formats.clear();
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-o" || a == "--output" || a == "--style" || a == "--root" || a == "--font-path") {
      if (i + 1 >= args.size()) return usage_error(a + " needs a value");
      const std::string& value = args[++i];
      if (a == "--font-path") {
        options.font_dirs.push_back(value);
        continue;
      }
      if (a == "--style") {
        options.style = value;
        continue;
      }
      if (a == "--root") {
        options.roots.push_back(value);
        continue;
      }
      paiban::OutputFormat format;
      if (ends_with(value, ".pdf")) {
        format = paiban::OutputFormat::kPdf;
      } else if (ends_with(value, ".docx")) {
        format = paiban::OutputFormat::kDocx;
      } else {
        return usage_error("cannot tell the format of " + value + " (use .pdf or .docx)");
      }
      outputs.emplace_back(value, format);
      options.formats.push_back(format);
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return usage_error("unknown option " + a);
    } else if (input.empty()) {
      input = a;
    } else {
      return usage_error("render takes one report file (several need --out-dir DIR)");
    }
  }
  if (input.empty()) return usage_error("render needs a report file");
  if (outputs.empty()) return usage_error("render needs at least one output (-o OUT.pdf or -o OUT.docx)");

  std::string epoch_error;
  const std::optional<long long> epoch = paiban::source_date_epoch_from_environment(epoch_error);
  if (!epoch) {
    std::cerr << "paiban: " << epoch_error << '\n';
    return kExitUsage;
  }
  options.source_date_epoch = *epoch;

  // Every output is checked before the work starts: no device, FIFO, socket or folder, no input.
  paiban::OutputSet staged;
  staged.add_input(input);
  if (!options.style.empty()) staged.add_input(options.style);
  for (const auto& output : outputs) {
    const std::string error = staged.check(output.first);
    if (!error.empty()) {
      std::cerr << "paiban: " << error << '\n';
      return kExitIo;
    }
  }

  std::optional<paiban::Report> report;
  int code = load_report(input, report);
  if (code != kExitOk) return code;
  if (input != "-") options.report_dir = std::filesystem::path(input).parent_path().string();
  // One report alone on the machine: its fonts and pages are made on the cores there are (a few
  // pieces of work per render: past four threads nothing is gained).
  options.threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  paiban::RenderResult result = paiban::render(*report, options);
  // Layout and the writers name the place by JSON Pointer; the file is the one being rendered.
  for (paiban::Diagnostic& d : result.diagnostics) {
    if (d.source.empty()) d.source = source_name(input);
  }
  print_diagnostics(result.diagnostics);
  if (!result.ok()) return kExitInvalid;
  // All or nothing: every output is written to a temporary file first; the renames happen only
  // when all were written, so a failure leaves every existing output untouched.
  for (const auto& [path, format] : outputs) {
    const std::string& bytes = format == paiban::OutputFormat::kPdf ? result.pdf : result.docx;
    const std::string error = staged.stage(path, bytes);
    if (!error.empty()) {
      std::cerr << "paiban: " << error << '\n';
      return kExitIo;
    }
  }
  const std::string error = staged.commit();
  if (!error.empty()) {
    std::cerr << "paiban: " << error << '\n';
    return kExitIo;
  }
  return kExitOk;
}

int cmd_dump(const std::vector<std::string>& args) {
  std::string input, stage;
  paiban::RenderOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--font-path") {
      if (i + 1 >= args.size()) return usage_error(a + " needs a value");
      options.font_dirs.push_back(args[++i]);
    } else if (a == "--stage" || a == "--style" || a == "--root") {
      if (i + 1 >= args.size()) return usage_error(a + " needs a value");
      const std::string& value = args[++i];
      if (a == "--stage") {
        stage = value;
      } else if (a == "--style") {
        options.style = value;
      } else {
        options.roots.push_back(value);
      }
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return usage_error("unknown option " + a);
    } else if (input.empty()) {
      input = a;
    } else {
      return usage_error("dump takes one report file");
    }
  }
  if (input.empty()) return usage_error("dump needs a report file");
  if (stage.empty()) return usage_error("dump needs --stage resolved|grid|widths|lines|pages");
  if (stage != "resolved" && stage != "grid" && stage != "widths" && stage != "lines" &&
      stage != "pages") {
    return usage_error("unknown stage " + stage + " (resolved, grid, widths, lines or pages)");
  }
  std::optional<paiban::Report> report;
  int code = load_report(input, report);
  if (code != kExitOk) return code;
  if (input != "-") options.report_dir = std::filesystem::path(input).parent_path().string();
  paiban::DumpResult result = paiban::dump_stage(*report, options, stage);
  for (paiban::Diagnostic& d : result.diagnostics) {
    if (d.source.empty()) d.source = input == "-" ? "<stdin>" : input;
  }
  print_diagnostics(result.diagnostics);
  std::cout << result.text;
  return result.ok() ? kExitOk : kExitInvalid;
}

int cmd_fonts(const std::vector<std::string>& args) {
  paiban::RenderOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--style" && i + 1 < args.size()) {
      options.style = args[++i];
    } else if (args[i] == "--font-path" && i + 1 < args.size()) {
      options.font_dirs.push_back(args[++i]);
    } else {
      return usage_error("fonts takes only --style NAME|FILE and --font-path DIR");
    }
  }
  std::vector<paiban::Diagnostic> diagnostics;
  const std::string fonts = paiban::describe_fonts(options, diagnostics);
  // A problem of the sheet itself names its file; one of the name given (unknown, not allowed,
  // not a regular file) has no report to point into, so it names the option instead.
  for (paiban::Diagnostic& d : diagnostics) {
    if (!d.source.empty()) continue;
    d.source = "--style " + options.style;  // format_diagnostic escapes it
    if (d.pointer == "/style/name") d.pointer.clear();
  }
  print_diagnostics(diagnostics);
  if (paiban::has_errors(diagnostics)) return kExitInvalid;
  std::cout << fonts;
  return kExitOk;
}

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("no command given");
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "paiban " << paiban::version() << '\n';
    return kExitOk;
  }
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return kExitOk;
    }
  }
  if (command == "check") return cmd_check(args);
  if (command == "render") return cmd_render(args);
  if (command == "fonts") return cmd_fonts(args);
  if (command == "dump") return cmd_dump(args);
  if (command == "import") return cmd_import(args);
  return usage_error("unknown command " + command);
}

// Ends the process once a command is done, without tearing it down: every output is committed
// and closed and every thread joined by then, and the system takes back the memory, the mapped
// fonts and the descriptors at once, where the static engine's destructors would free its faces,
// caches and font files piece by piece (about 2 ms of a cold render). The standard streams are
// flushed first. A sanitizer build runs the leak check that exit() would have run, so the tests
// check this very path; ThreadSanitizer, which sets the exit code at exit(), gets exit().
[[noreturn]] void leave(int code) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
#if defined(__SANITIZE_THREAD__)
  std::exit(code);
#else
  if (__lsan_do_leak_check != nullptr) __lsan_do_leak_check();
  std::_Exit(code);
#endif
}

// Sets the allocator up for a short process. Each page of heap touched for the first time is a
// page fault, and under some hypervisors a fault costs 10 µs, 20 times the cost of zeroing the
// page: a cold render of the seed took 1,950 faults, 1,100 of them in the heap, and a 1 MB
// paragraph 51,000. So:
// - large blocks (PDF and DOCX buffers, font tables, a long paragraph's arrays up to 32 MB) come
//   from the heap, not from mappings that are returned on free and faulted in again by the next
//   allocation, and the heap is not trimmed (paiban::prepare_process_heap, which an embedding
//   process may call too);
// - the main heap's first 240 MB of address space are advised as transparent huge pages (one
//   fault per 2 MB where the system grants them on advice), and the part below the first 2 MB
//   boundary, where the first allocations land, is faulted in by one call.
// Worker threads keep arenas of their own: one shared arena made a two-job batch twice as slow.
// The huge-page advice is the CLI's alone: it assumes the main thread of a fresh process.
// A sanitizer's allocator is not glibc's: nothing of this applies there, and freeing 240 MB would
// have it poison 30 MB of shadow memory.
void prepare_heap() {
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  // Blocks just under the mmap threshold come from the heap: eight make 240 MB of address space
  // (only what is touched becomes memory), enough for a document of thousands of pages.
  constexpr std::size_t kBlock = std::size_t{30} << 20;
  constexpr int kBlocks = 8;
  paiban::prepare_process_heap();  // blocks up to 32 MB from the heap, trimmed past 256 MB
  void* blocks[kBlocks] = {};
  for (int i = 0; i < kBlocks; ++i) {
    blocks[i] = std::malloc(kBlock);
    if (blocks[i] == nullptr) break;
    const std::uintptr_t start = reinterpret_cast<std::uintptr_t>(blocks[i]);
    const std::uintptr_t begin = (start + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t end = (start + kBlock) & ~(kHugePage - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
    // The head below the first 2 MB boundary, where the first allocations land, cannot be a
    // huge page: it is faulted in with one call (Linux 5.14; older kernels refuse, harmlessly).
    const std::uintptr_t head = start & ~(std::uintptr_t{4095});
    if (i == 0 && begin > head) {
      madvise(reinterpret_cast<void*>(head), begin - head, MADV_POPULATE_WRITE);
    }
  }
  for (void* block : blocks) std::free(block);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  prepare_heap();
  int code = kExitInternal;
  try {
    code = run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "paiban: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "paiban: internal error\n";
  }
  leave(code);
}
