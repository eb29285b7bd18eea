// Batch mode: finds the reports, splits them into shards, renders them on worker threads through
// the public API (whose font source is process-wide: fonts and faces load once), writes each
// report's outputs atomically, syncs once at the end and writes the shard's manifest.
#include "batch.h"

#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "paiban/files.h"
#include "paiban/paiban.h"

namespace paiban::cli {

namespace {

namespace fs = std::filesystem;

// What became of one report. The order is the manifest's vocabulary (status_name).
enum class Status { kNotRun, kRendered, kSkipped, kInvalid, kIoError, kInternalError };

const char* status_name(Status s) {
  switch (s) {
    case Status::kNotRun: return "not-run";
    case Status::kRendered: return "rendered";
    case Status::kSkipped: return "skipped";
    case Status::kInvalid: return "invalid";
    case Status::kIoError: return "io-error";
    case Status::kInternalError: return "internal-error";
  }
  return "unknown";
}

bool failed(Status s) {
  return s == Status::kInvalid || s == Status::kIoError || s == Status::kInternalError;
}

struct Job {
  std::string input;     // the path to read, as found
  std::string relative;  // relative to the folder given (or the file's name), '/' separated
};

struct Output {
  OutputFormat format;
  std::string path;
  std::string sha256;  // lower-case hex; empty when not written
  std::uintmax_t size = 0;
};

struct Outcome {
  Status status = Status::kNotRun;
  std::vector<Output> outputs;
  std::vector<Diagnostic> diagnostics;
};

const char* extension(OutputFormat f) { return f == OutputFormat::kPdf ? ".pdf" : ".docx"; }
const char* format_name(OutputFormat f) { return f == OutputFormat::kPdf ? "pdf" : "docx"; }

// SHA-256 through OpenSSL's libcrypto (already loaded with PoDoFo), not a hand-written digest.
std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return {};
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

bool has_json_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".json";
}

// Every report of the inputs, sorted by relative path. A folder is searched recursively for
// *.json; hidden files and folders (".git") and the output folder are left out, and links to
// folders are not followed (no cycles). Returns an exit code and sets `error` on failure: an I/O
// error, or a usage error for two inputs that would write the same outputs.
int find_jobs(const std::vector<std::string>& inputs, const std::string& out_dir,
              std::vector<Job>& jobs, std::string& error) {
  std::error_code ec;
  const fs::path out_canonical = fs::weakly_canonical(fs::absolute(out_dir, ec), ec);
  for (const std::string& input : inputs) {
    const std::string name = escape_for_terminal(input);
    if (!fs::is_directory(input, ec)) {
      if (!fs::exists(input, ec)) {
        error = name + ": not found";
        return kExitIo;
      }
      jobs.push_back({input, fs::path(input).filename().generic_string()});
      continue;
    }
    fs::recursive_directory_iterator it(input, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const fs::path& path = it->path();
      const std::string leaf = path.filename().string();
      std::error_code entry_ec;
      if (it->is_directory(entry_ec)) {
        if (leaf.starts_with('.') ||
            fs::weakly_canonical(fs::absolute(path, entry_ec), entry_ec) == out_canonical) {
          it.disable_recursion_pending();
        }
        continue;
      }
      if (leaf.starts_with('.') || !has_json_extension(path)) continue;
      if (!it->is_regular_file(entry_ec)) continue;
      jobs.push_back({path.string(), path.lexically_relative(input).generic_string()});
    }
    if (ec) {
      error = name + ": cannot list the folder: " + ec.message();
      return kExitIo;
    }
  }
  std::stable_sort(jobs.begin(), jobs.end(),
                   [](const Job& a, const Job& b) { return a.relative < b.relative; });
  for (size_t i = 1; i < jobs.size(); ++i) {
    if (jobs[i].relative == jobs[i - 1].relative) {
      error = escape_for_terminal(jobs[i - 1].input) + " and " +
              escape_for_terminal(jobs[i].input) + " would write the same outputs (" +
              escape_for_terminal(jobs[i].relative) + ")";
      return kExitUsage;
    }
  }
  return kExitOk;
}

bool newer_than(const std::string& output, const struct stat& input) {
  struct stat st {};
  if (::stat(output.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  if (st.st_mtim.tv_sec != input.st_mtim.tv_sec) return st.st_mtim.tv_sec > input.st_mtim.tv_sec;
  return st.st_mtim.tv_nsec > input.st_mtim.tv_nsec;
}

Diagnostic io_diagnostic(const Job& job, std::string message) {
  Diagnostic d;
  d.source = job.input;
  d.message = std::move(message);
  return d;
}

// Renders one report into `out_dir`, with the same checks and atomic writes as a single render.
Outcome render_one(const Job& job, const BatchOptions& options, const Engine& engine,
                   unsigned threads) {
  Outcome outcome;
  for (OutputFormat format : options.formats) {
    const fs::path path =
        fs::path(options.out_dir) / fs::path(job.relative).replace_extension(extension(format));
    outcome.outputs.push_back({format, path.string(), {}, 0});
  }

  // Resumable: every output newer than the report means it was rendered since the last change.
  struct stat input_stat {};
  if (options.skip_up_to_date && ::stat(job.input.c_str(), &input_stat) == 0) {
    bool fresh = true;
    for (const Output& o : outcome.outputs) fresh = fresh && newer_than(o.path, input_stat);
    if (fresh) {
      outcome.status = Status::kSkipped;
      if (!options.manifest.empty()) {
        for (Output& o : outcome.outputs) {
          std::string bytes;
          if (read_input_file(o.path, bytes, static_cast<std::size_t>(1) << 40).empty()) {
            o.sha256 = sha256_hex(bytes);
            o.size = bytes.size();
          }
        }
      }
      return outcome;
    }
  }

  auto fail_io = [&](std::string message) {
    outcome.status = Status::kIoError;
    outcome.diagnostics.push_back(io_diagnostic(job, std::move(message)));
    for (Output& o : outcome.outputs) o.sha256.clear();
    return outcome;
  };

  // Every output is checked before the work starts, as in a single render.
  OutputSet staged;
  staged.set_deferred_sync(true);
  staged.add_input(job.input);
  if (!options.render.style.empty()) staged.add_input(options.render.style);
  for (const Output& o : outcome.outputs) {
    std::error_code ec;
    const fs::path folder = fs::path(o.path).parent_path();
    fs::create_directories(folder, ec);
    if (ec) {
      return fail_io(escape_for_terminal(folder.string()) + ": cannot create the folder: " +
                     ec.message());
    }
    std::string error = staged.check(o.path);
    if (!error.empty()) return fail_io(std::move(error));
  }

  std::string text;
  if (std::string error = read_input_file(job.input, text); !error.empty()) {
    return fail_io(std::move(error));
  }
  ReadResult read = read_report_json(text, job.input);
  outcome.diagnostics = std::move(read.diagnostics);
  if (!read.report) {
    outcome.status = Status::kInvalid;
    return outcome;
  }
  RenderOptions render_options = options.render;
  render_options.formats = options.formats;
  render_options.threads = threads;
  render_options.report_dir = fs::path(job.input).parent_path().string();
  render_options.font_dirs.clear();  // the batch's engine holds them, loaded once
  RenderResult result = engine.render(*read.report, render_options);
  for (Diagnostic& d : result.diagnostics) {
    if (d.source.empty()) d.source = job.input;
    outcome.diagnostics.push_back(std::move(d));
  }
  if (!result.ok()) {
    outcome.status = Status::kInvalid;
    return outcome;
  }
  for (Output& o : outcome.outputs) {
    const std::string& bytes = o.format == OutputFormat::kPdf ? result.pdf : result.docx;
    if (std::string error = staged.stage(o.path, bytes); !error.empty()) {
      return fail_io(std::move(error));
    }
    o.sha256 = sha256_hex(bytes);
    o.size = bytes.size();
  }
  if (std::string error = staged.commit(); !error.empty()) return fail_io(std::move(error));
  outcome.status = Status::kRendered;
  return outcome;
}

nlohmann::json diagnostic_json(const Diagnostic& d) {
  nlohmann::json j = {{"severity", d.severity == Severity::kError ? "error" : "warning"},
                      {"source", d.source},
                      {"pointer", d.pointer},
                      {"message", d.message}};
  if (d.line > 0) j["line"] = d.line;
  if (d.column > 0) j["column"] = d.column;
  if (!d.hint.empty()) j["hint"] = d.hint;
  return j;
}

// One JSON Lines record per input of the shard (docs/scale-out.md describes the fields).
std::string manifest_line(const Job& job, const Outcome& outcome,
                          const std::optional<Shard>& shard) {
  nlohmann::json j = {{"input", job.input},
                      {"relative", job.relative},
                      {"status", status_name(outcome.status)}};
  if (shard) j["shard"] = {{"index", shard->index}, {"count", shard->count}};
  nlohmann::json outputs = nlohmann::json::array();
  const bool written = outcome.status == Status::kRendered || outcome.status == Status::kSkipped;
  for (const Output& o : outcome.outputs) {
    nlohmann::json out = {{"format", format_name(o.format)}, {"path", o.path}};
    if (written && !o.sha256.empty()) {
      out["sha256"] = o.sha256;
      out["bytes"] = o.size;
    }
    outputs.push_back(std::move(out));
  }
  j["outputs"] = std::move(outputs);
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const Diagnostic& d : outcome.diagnostics) diagnostics.push_back(diagnostic_json(d));
  j["diagnostics"] = std::move(diagnostics);
  // Names that are not UTF-8 are written with U+FFFD rather than failing the whole manifest.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

// The progress bar and the diagnostics share stderr: one lock, and the bar is erased before
// anything else is printed and drawn again after.
class Console {
 public:
  Console(size_t total, bool quiet)
      : total_(total), quiet_(quiet), bar_(!quiet && ::isatty(STDERR_FILENO) == 1) {}

  void report(const Outcome& outcome) {
    std::lock_guard lock(mutex_);
    ++done_;
    if (failed(outcome.status)) ++failed_;
    std::string text;
    for (const Diagnostic& d : outcome.diagnostics) {
      if (quiet_ && d.severity != Severity::kError) continue;
      text += format_diagnostic(d) + '\n';
    }
    if (bar_) std::cerr << "\r\033[K";
    std::cerr << text;
    if (bar_) draw();
    std::cerr.flush();
  }

  void finish() {
    std::lock_guard lock(mutex_);
    if (bar_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  void draw() {
    constexpr size_t kWidth = 30;
    const size_t filled = total_ == 0 ? kWidth : done_ * kWidth / total_;
    std::cerr << '[' << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] "
              << done_ << '/' << total_;
    if (failed_ > 0) std::cerr << ", " << failed_ << " failed";
  }

  std::mutex mutex_;
  size_t total_;
  size_t done_ = 0;
  size_t failed_ = 0;
  bool quiet_;
  bool bar_;
};

std::optional<std::uint64_t> parse_count(const char* text) {
  if (text == nullptr || *text == '\0') return std::nullopt;
  std::uint64_t value = 0;
  for (const char* p = text; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9' || value > (UINT64_MAX - 9) / 10) return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(*p - '0');
  }
  return value;
}

std::optional<std::uint64_t> parse_env(const char* name, std::string& error) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  std::optional<std::uint64_t> n = parse_count(value);
  if (!n) error = std::string(name) + " is not a number: \"" + escape_for_terminal(value) + "\"";
  return n;
}

}  // namespace

std::uint64_t shard_hash(std::string_view relative_path) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a offset basis and prime (64 bits)
  for (unsigned char c : relative_path) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::optional<Shard> parse_shard(const std::string& spec, std::string& error) {
  const size_t slash = spec.find('/');
  const std::string first = spec.substr(0, slash);
  const std::string second = slash == std::string::npos ? "" : spec.substr(slash + 1);
  Shard shard;
  if (first == "auto") {
    std::optional<std::uint64_t> count;
    if (slash != std::string::npos) {
      count = parse_count(second.c_str());
      if (!count) {
        error = "--shard auto/N needs a number N, got \"" + escape_for_terminal(spec) + "\"";
        return std::nullopt;
      }
    }
    std::optional<std::uint64_t> index;
    if (std::getenv("JOB_COMPLETION_INDEX") != nullptr) {
      // A Kubernetes Indexed Job: the pod's index; the count is the Job's completions.
      index = parse_env("JOB_COMPLETION_INDEX", error);
      if (!count) count = parse_env("PAIBAN_SHARD_COUNT", error);
      if (error.empty() && !count) {
        error = "--shard auto: JOB_COMPLETION_INDEX is set but not the number of shards "
                "(--shard auto/N or PAIBAN_SHARD_COUNT)";
      }
    } else if (std::getenv("SLURM_ARRAY_TASK_ID") != nullptr) {
      // A Slurm array (--array=MIN-MAX[:STEP]): tasks MIN, MIN+STEP, … become shards 0, 1, ….
      const std::optional<std::uint64_t> id = parse_env("SLURM_ARRAY_TASK_ID", error);
      const std::uint64_t min = parse_env("SLURM_ARRAY_TASK_MIN", error).value_or(0);
      const std::uint64_t step = parse_env("SLURM_ARRAY_TASK_STEP", error).value_or(1);
      if (!count) count = parse_env("SLURM_ARRAY_TASK_COUNT", error);
      if (error.empty() && !count) {
        error = "--shard auto: SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT";
      }
      if (error.empty() && id) {
        if (step == 0 || *id < min || (*id - min) % step != 0) {
          error = "--shard auto: SLURM_ARRAY_TASK_ID " + std::to_string(*id) +
                  " is not one of the array's tasks (from " + std::to_string(min) + " in steps of " +
                  std::to_string(step) + ")";
        } else {
          index = (*id - min) / step;
        }
      }
    } else {
      error = "--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes) nor SLURM_ARRAY_TASK_ID "
              "(Slurm) is set";
    }
    if (!error.empty()) return std::nullopt;
    shard.index = *index;
    shard.count = *count;
  } else {
    const std::optional<std::uint64_t> index = parse_count(first.c_str());
    const std::optional<std::uint64_t> count = parse_count(second.c_str());
    if (slash == std::string::npos || !index || !count) {
      error = "--shard needs I/N, auto or auto/N, got \"" + escape_for_terminal(spec) + "\"";
      return std::nullopt;
    }
    shard.index = *index;
    shard.count = *count;
  }
  if (shard.count == 0 || shard.index >= shard.count) {
    error = "--shard: shard " + std::to_string(shard.index) + " of " +
            std::to_string(shard.count) + " does not exist (0 <= I < N)";
    return std::nullopt;
  }
  return shard;
}

int run_batch(const BatchOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (!fs::is_directory(options.out_dir, ec)) {
    std::cerr << "paiban: cannot create the folder " << escape_for_terminal(options.out_dir)
              << '\n';
    return kExitIo;
  }
  std::vector<Job> jobs;
  std::string find_error;
  if (const int code = find_jobs(options.inputs, options.out_dir, jobs, find_error);
      code != kExitOk) {
    std::cerr << "paiban: " << find_error << '\n';
    return code;
  }
  if (options.shard) {
    std::erase_if(jobs, [&](const Job& job) {
      return shard_hash(job.relative) % options.shard->count != options.shard->index;
    });
  }
  if (!options.manifest.empty()) {
    OutputSet manifest;
    for (const std::string& input : options.inputs) manifest.add_input(input);
    if (std::string error = manifest.check(options.manifest); !error.empty()) {
      std::cerr << "paiban: " << error << '\n';
      return kExitIo;
    }
  }

  std::vector<Outcome> outcomes(jobs.size());
  Console console(jobs.size(), options.quiet);
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  // One engine for the whole batch: fonts (the --font-path folders included) are listed and
  // loaded once and shared by the workers.
  EngineOptions engine_options;
  engine_options.font_dirs = options.render.font_dirs;
  const Engine engine(engine_options);
  unsigned jobs_wanted = options.jobs != 0 ? options.jobs : std::thread::hardware_concurrency();
  const size_t workers = std::clamp<size_t>(jobs_wanted, 1, std::max<size_t>(jobs.size(), 1));
  // Cores no job keeps busy serve the renders themselves (RenderOptions::threads).
  const unsigned threads_per_report = std::clamp<unsigned>(
      std::thread::hardware_concurrency() / static_cast<unsigned>(workers), 1u, 4u);
  auto work = [&] {
    while (!stop.load()) {
      const size_t i = next.fetch_add(1);
      if (i >= jobs.size()) return;
      Outcome& outcome = outcomes[i];
      try {
        outcome = render_one(jobs[i], options, engine, threads_per_report);
      } catch (const std::exception& e) {
        outcome.status = Status::kInternalError;
        outcome.diagnostics.push_back(io_diagnostic(jobs[i], std::string("internal error: ") + e.what()));
      }
      if (options.fail_fast && failed(outcome.status)) stop.store(true);
      console.report(outcome);
    }
  };
  {
    std::vector<std::jthread> threads;
    for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
    work();
  }
  console.finish();

  size_t rendered = 0, skipped = 0, failures = 0, not_run = 0;
  bool io_failure = false;
  for (const Outcome& o : outcomes) {
    rendered += o.status == Status::kRendered;
    skipped += o.status == Status::kSkipped;
    not_run += o.status == Status::kNotRun;
    failures += failed(o.status);
    io_failure = io_failure || o.status == Status::kIoError;
  }

  // One sync for the whole batch, before the manifest says that the outputs exist.
  if (rendered > 0) {
    if (std::string error = sync_folders({options.out_dir}); !error.empty()) {
      std::cerr << "paiban: " << error << '\n';
      return kExitIo;
    }
  }
  if (!options.manifest.empty()) {
    std::string text;
    for (size_t i = 0; i < jobs.size(); ++i) text += manifest_line(jobs[i], outcomes[i], options.shard);
    OutputSet manifest;
    for (const std::string& input : options.inputs) manifest.add_input(input);
    std::string error = manifest.stage(options.manifest, text);
    if (error.empty()) error = manifest.commit();
    if (!error.empty()) {
      std::cerr << "paiban: " << error << '\n';
      return kExitIo;
    }
  }

  if (!options.quiet) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ostringstream summary;
    summary << rendered << " rendered, " << failures << " failed";
    if (skipped > 0) summary << ", " << skipped << " skipped (up to date)";
    if (not_run > 0) summary << ", " << not_run << " not run (--fail-fast)";
    char time[32];
    std::snprintf(time, sizeof time, ", %.2f s", seconds);
    summary << time;
    std::cerr << summary.str() << '\n';
  }
  if (io_failure) return kExitIo;
  return failures > 0 ? kExitInvalid : kExitOk;
}

}  // namespace paiban::cli
