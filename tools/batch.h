// Batch mode of `paiban render` (issue 13) and its sharding across machines (issue 14): many
// reports in one process, the fonts loaded once and shared by worker threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paiban/types.h"

namespace paiban::cli {

// The exit codes of the command (README.md, "Command line").
constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIo = 3;
constexpr int kExitInternal = 4;

// One part of a batch split across N workers: the inputs whose stable hash (shard_hash) modulo
// `count` is `index`.
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
};

struct BatchOptions {
  std::vector<std::string> inputs;  // report files, or folders searched recursively for *.json
  std::string out_dir;
  std::vector<OutputFormat> formats = {OutputFormat::kPdf, OutputFormat::kDocx};
  unsigned jobs = 0;  // worker threads; 0 = one per core
  bool fail_fast = false;
  bool skip_up_to_date = false;
  bool quiet = false;
  std::optional<Shard> shard;
  std::string manifest;  // JSON Lines, one line per input of this shard; empty = none
  RenderOptions render;  // style, roots and date; report_dir is set per report
};

// FNV-1a, 64 bits, of the UTF-8 bytes of an input's relative path ("a/b.json", '/' between
// folders): the same on every machine, compiler and run, so independent workers agree on which
// of them renders an input without talking to each other.
std::uint64_t shard_hash(std::string_view relative_path);

// Parses --shard: "I/N" (0 <= I < N), "auto" or "auto/N". "auto" takes the index from
// JOB_COMPLETION_INDEX (a Kubernetes Indexed Job; the count from "auto/N", else
// PAIBAN_SHARD_COUNT), else from SLURM_ARRAY_TASK_ID (a Slurm array: SLURM_ARRAY_TASK_COUNT
// tasks, numbered from SLURM_ARRAY_TASK_MIN in steps of SLURM_ARRAY_TASK_STEP). nullopt with
// `error` set when the value or the environment does not name one shard.
std::optional<Shard> parse_shard(const std::string& spec, std::string& error);

// Renders the batch; prints diagnostics (each naming its report), a progress bar on a terminal
// and a summary line on stderr. Returns the exit code: 0 when every report was rendered or
// skipped, 3 when any failure was an I/O error, else 1 when any report failed.
int run_batch(const BatchOptions& options);

}  // namespace paiban::cli
