#include "file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <system_error>

namespace paiban::io {

namespace {

// Decodes one UTF-8 sequence at `i`; returns its length (0 = invalid) and the code point.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  std::size_t len = 0;
  char32_t min = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// C0, DEL and C1 controls; the Unicode bidi controls (UAX #9: ALM, LRM, RLM, the embeddings and
// overrides, the isolates), which can reorder what a terminal shows.
bool needs_escape(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
         cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x2028 || cp == 0x2029;
}

std::string message_for(const std::string& path, ReadStatus status, int err = 0) {
  const std::string name = path == "-" ? "<stdin>" : escape_for_terminal(path);
  switch (status) {
    case ReadStatus::kNotFound:
      return name + ": not found";
    case ReadStatus::kFolder:
      return name + ": is a folder, not a file";
    case ReadStatus::kNotRegular:
      return name + ": not allowed: not a regular file";
    case ReadStatus::kTooLarge:
      return name + ": too large";
    case ReadStatus::kIoError:
      return name + ": cannot read: " + std::generic_category().message(err);
    case ReadStatus::kOk:
      break;
  }
  return {};
}

// Reads at most max_bytes + 1 bytes from `fd`; returns false on a read error (errno set).
bool read_up_to(int fd, std::size_t max_bytes, std::string& out) {
  out.clear();
  char buffer[1 << 16];
  while (out.size() <= max_bytes) {
    const std::size_t want = std::min(sizeof buffer, max_bytes + 1 - out.size());
    const ssize_t n = ::read(fd, buffer, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

// Opens `path` for reading without blocking and checks that it is a regular file; -1 with
// `outcome` set otherwise. `size` is the file's size.
int open_regular(const std::string& path, ReadOutcome& outcome, std::uintmax_t& size) {
  if (path.empty() || has_unsafe_path_characters(path)) {
    outcome = {ReadStatus::kNotRegular,
               escape_for_terminal(path) + ": not allowed: the name holds a control character"};
    return -1;
  }
  // O_NONBLOCK: opening a FIFO with no writer, or a device, must not wait; fstat then refuses it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    outcome = err == ENOENT || err == ENOTDIR
                  ? ReadOutcome{ReadStatus::kNotFound, message_for(path, ReadStatus::kNotFound)}
                  : ReadOutcome{ReadStatus::kIoError, message_for(path, ReadStatus::kIoError, err)};
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    outcome = {ReadStatus::kIoError, message_for(path, ReadStatus::kIoError, errno)};
  } else if (S_ISDIR(st.st_mode)) {
    outcome = {ReadStatus::kFolder, message_for(path, ReadStatus::kFolder)};
  } else if (!S_ISREG(st.st_mode)) {
    outcome = {ReadStatus::kNotRegular, message_for(path, ReadStatus::kNotRegular)};
  } else {
    size = static_cast<std::uintmax_t>(st.st_size);
    return fd;
  }
  ::close(fd);
  return -1;
}

}  // namespace

ReadOutcome read_lines_bounded(const std::string& path, std::size_t max_bytes,
                               const std::function<void(std::string_view)>& line) {
  ReadOutcome outcome;
  std::uintmax_t size = 0;
  int fd = STDIN_FILENO;
  if (path != "-") {
    fd = open_regular(path, outcome, size);
    if (fd < 0) return outcome;
  }
  // A file known to be too large is scanned for the line where the limit falls, not imported:
  // the message can then name a place, and no work is done on text that will be refused.
  const bool deliver = path == "-" || size <= max_bytes;
  std::string pending;  // the line begun in an earlier chunk
  std::size_t total = 0;
  long long line_number = 1;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      // EAGAIN here is a /proc or sysfs file that reports size 0 and blocks (/proc/kmsg).
      outcome = {ReadStatus::kIoError, message_for(path, ReadStatus::kIoError, errno)};
      break;
    }
    if (n == 0) {
      if (deliver) line(pending);
      break;
    }
    std::string_view chunk(buffer, static_cast<std::size_t>(n));
    if (total + chunk.size() > max_bytes) {
      // Count the lines up to the first byte past the limit, then stop reading.
      chunk = chunk.substr(0, max_bytes - total);
      for (char c : chunk) line_number += c == '\n' ? 1 : 0;
      const std::string name = path == "-" ? "<stdin>" : escape_for_terminal(path);
      outcome = {ReadStatus::kTooLarge,
                 name + ":" + std::to_string(line_number) + ": too large (" +
                     (deliver ? "more than " + std::to_string(max_bytes) + " bytes"
                              : std::to_string(size) + " bytes") +
                     ", the limit is " + std::to_string(max_bytes) + ")"};
      break;
    }
    total += chunk.size();
    for (std::size_t start = 0;;) {
      const std::size_t end = chunk.find('\n', start);
      if (end == std::string_view::npos) {
        if (deliver) pending.append(chunk.substr(start));
        break;
      }
      ++line_number;
      if (deliver) {
        if (pending.empty()) {
          line(chunk.substr(start, end - start));
        } else {
          pending.append(chunk.substr(start, end - start));
          line(pending);
          pending.clear();
        }
      }
      start = end + 1;
    }
  }
  if (fd != STDIN_FILENO) ::close(fd);
  return outcome;
}

bool has_unsafe_path_characters(std::string_view path) {
  for (std::size_t i = 0; i < path.size();) {
    char32_t cp = 0;
    const std::size_t len = decode(path, i, cp);
    if (len == 0 || needs_escape(cp)) return true;
    i += len;
  }
  return false;
}

std::string escape_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decode(text, i, cp);
    char buf[16];
    if (len == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[i]));
      out += buf;
      ++i;
      continue;
    }
    if (needs_escape(cp)) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

ReadOutcome read_bounded(const std::string& path, std::size_t max_bytes, std::string& out) {
  out.clear();
  if (path == "-") {
    if (!read_up_to(STDIN_FILENO, max_bytes, out)) {
      return {ReadStatus::kIoError, message_for(path, ReadStatus::kIoError, errno)};
    }
    if (out.size() > max_bytes) {
      out.clear();
      return {ReadStatus::kTooLarge, message_for(path, ReadStatus::kTooLarge) + " (more than " +
                                         std::to_string(max_bytes) + " bytes)"};
    }
    return {};
  }
  if (path.empty() || has_unsafe_path_characters(path)) {
    return {ReadStatus::kNotRegular,
            escape_for_terminal(path) + ": not allowed: the name holds a control character"};
  }
  // O_NONBLOCK: opening a FIFO with no writer, or a device, must not wait; fstat then refuses it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return {ReadStatus::kNotFound, message_for(path, ReadStatus::kNotFound)};
    return {ReadStatus::kIoError, message_for(path, ReadStatus::kIoError, err)};
  }
  struct stat st {};
  ReadOutcome outcome;
  if (::fstat(fd, &st) != 0) {
    outcome = {ReadStatus::kIoError, message_for(path, ReadStatus::kIoError, errno)};
  } else if (S_ISDIR(st.st_mode)) {
    outcome = {ReadStatus::kFolder, message_for(path, ReadStatus::kFolder)};
  } else if (!S_ISREG(st.st_mode)) {
    outcome = {ReadStatus::kNotRegular, message_for(path, ReadStatus::kNotRegular)};
  } else if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    outcome = {ReadStatus::kTooLarge, message_for(path, ReadStatus::kTooLarge) + " (" +
                                          std::to_string(st.st_size) + " bytes, the limit is " +
                                          std::to_string(max_bytes) + ")"};
  } else if (!read_up_to(fd, max_bytes, out)) {
    // EAGAIN here is a /proc or sysfs file that reports size 0 and blocks (/proc/kmsg).
    outcome = {ReadStatus::kIoError, message_for(path, ReadStatus::kIoError, errno)};
  } else if (out.size() > max_bytes) {
    // A file that grew, or a pseudo-file whose size fstat does not know.
    outcome = {ReadStatus::kTooLarge, message_for(path, ReadStatus::kTooLarge) + " (more than " +
                                          std::to_string(max_bytes) + " bytes)"};
  }
  ::close(fd);
  if (!outcome.ok()) out.clear();
  return outcome;
}

}  // namespace paiban::io
