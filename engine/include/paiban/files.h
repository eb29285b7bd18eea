// Reading inputs and writing outputs safely (issue #15). Separate from paiban.h so that the
// command-line tool and embedding programs share the same rules:
//  - only regular files are read, never more than a limit, without blocking on a FIFO or device;
//  - only regular files are written; a device, FIFO, socket or folder is refused, as is an output
//    that is one of the run's inputs; a symbolic link to a regular file has its target replaced;
//  - the outputs of one run are staged as temporary files and renamed only when all were written;
//    if a rename fails midway, the targets already replaced are restored from backups.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paiban/export.h"

namespace paiban {

// Reads the regular file `path` ("-" = standard input) into `out`, at most `max_bytes` (0 = the
// report size limit). Returns an empty string on success, else a message that names the path
// (control characters escaped) and says "not found", "not allowed", "is a folder" or "too large";
// it never quotes the file's contents.
PAIBAN_API std::string read_input_file(const std::string& path, std::string& out, std::size_t max_bytes = 0);

// SOURCE_DATE_EPOCH from the environment, parsed strictly (reproducible-builds.org): unset = 0
// (the default date); a non-number, a sign or a negative value is an error (nullopt, `error` set).
PAIBAN_API std::optional<long long> source_date_epoch_from_environment(std::string& error);

// `text` with control characters, bidi controls and invalid UTF-8 escaped ("\u001b"), for
// echoing user-supplied names in messages.
PAIBAN_API std::string escape_for_terminal(std::string_view text);

// A set of output files written all-or-nothing. Typical use:
//   OutputSet outputs;  outputs.add_input(report_path);
//   for each output: if (auto e = outputs.check(path); !e.empty()) fail(e);   // before the work
//   for each output: if (auto e = outputs.stage(path, bytes); !e.empty()) fail(e);
//   if (auto e = outputs.commit(); !e.empty()) fail(e);
// Staged files that were not committed are removed by discard() or the destructor, so a failure
// at any step leaves every existing output untouched.
class PAIBAN_API OutputSet {
 public:
  OutputSet() = default;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet();

  // A file this run reads; no output may be the same file (same device and inode, or the same
  // resolved path). "-" (standard input) is ignored.
  void add_input(const std::string& path);

  // Whether `path` may be written: empty when yes, else the reason (not allowed: a device, FIFO,
  // socket or folder; the same file as an input; the folder does not exist; a name with control
  // characters; the same file given twice).
  std::string check(const std::string& path) const;

  // Checks `path`, then writes `bytes` to a temporary file beside its target and starts its
  // write-back; commit() waits for it (fsync) before any rename.
  std::string stage(const std::string& path, std::string_view bytes);

  // Syncs every staged file (one that cannot be synced: nothing is renamed and the staged files
  // are removed), then renames each over its target, all or nothing: each existing target is
  // first kept under a backup name in its folder (a hard link), and when any rename fails every
  // target already replaced gets its old contents back (a new one is removed). Empty on success,
  // when the backups are removed; else the reason.
  std::string commit();

  // Removes the staged temporary files.
  void discard();

  // Batch mode (issue 13): stage() leaves out its fsync, so that a batch of thousands of files
  // pays for durability once, through sync_folders() at its end, instead of once per file. Each
  // file is still written atomically (temporary file, then rename); only its durability waits.
  // Off by default: a single render syncs every output before its rename.
  void set_deferred_sync(bool deferred) { deferred_sync_ = deferred; }

 private:
  struct Identity {
    unsigned long long device = 0;
    unsigned long long inode = 0;
    std::string resolved;
  };
  struct Staged {
    std::string target;  // the resolved path that the rename replaces
    std::string temp;
    int fd = -1;  // open until commit() syncs it (not in batch mode); -1 once closed
  };
  std::string resolve_target(const std::string& path, std::string& target) const;

  std::vector<Identity> inputs_;
  std::vector<Staged> staged_;
  bool deferred_sync_ = false;
};

// The end of a batch whose OutputSets deferred their syncs: makes every file written under each
// of `folders` durable, renames included, with one syncfs() per file system (Linux; sync()
// elsewhere). Empty on success, else a message naming the folder.
PAIBAN_API std::string sync_folders(const std::vector<std::string>& folders);

}  // namespace paiban
