// Bounded, regular-file-only reading of the files paiban is asked to read: a report, a style
// sheet, a text archive. Issue #15: a device, a FIFO or a /proc file must not hang paiban or be
// read into memory without bound, and a message must never echo what a file holds.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace paiban::io {

enum class ReadStatus {
  kOk,
  kNotFound,     // no such file (or a path component is missing)
  kFolder,       // the path names a folder
  kNotRegular,   // a device, FIFO, socket, or a file with a NUL or control character in its name
  kTooLarge,     // more than the limit; nothing beyond limit + 1 bytes was read
  kIoError,      // anything else (permissions, read errors)
};

struct ReadOutcome {
  ReadStatus status = ReadStatus::kOk;
  std::string message;  // for the user: names the path (escaped), never the file's contents
  bool ok() const { return status == ReadStatus::kOk; }
};

// Reads the regular file `path` into `out`, at most `max_bytes`. "-" reads standard input, which
// may be a pipe; it stops after max_bytes + 1 bytes. The file is opened non-blocking and checked
// with fstat before any read, so a FIFO or device is refused without waiting.
ReadOutcome read_bounded(const std::string& path, std::size_t max_bytes, std::string& out);

// Reads the regular file `path` ("-" = standard input) in chunks of 64 KiB and hands `line` each
// line without its '\n' (the part after the last '\n' too, even when empty, so that line numbers
// match an editor's), holding no more than one chunk and one line: the text never has to be in
// memory whole. Reads at most max_bytes: past it, stops with kTooLarge and a message that names
// the path and the line where the limit falls ("a.txt:52011: too large …"). A regular file whose
// size is already past the limit is only scanned for that line; `line` is not called.
ReadOutcome read_lines_bounded(const std::string& path, std::size_t max_bytes,
                               const std::function<void(std::string_view)>& line);

// True when `path` holds a NUL, a C0/C1 control character or invalid UTF-8: such names are refused
// rather than silently cut (a NUL would end the name the kernel sees).
bool has_unsafe_path_characters(std::string_view path);

// `text` with control characters, bidi controls and invalid UTF-8 escaped (\u001b, \u202e,
// \xff), so that an echoed value can neither forge a diagnostic line nor send terminal escapes.
std::string escape_for_terminal(std::string_view text);

}  // namespace paiban::io
