// Safe input reading and all-or-nothing output writing (issue #15).
#include "paiban/files.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "document_date.h"
#include "file_io.h"
#include "paiban_limits.h"

namespace paiban {

namespace {

namespace fs = std::filesystem;

std::string errno_text(int err) { return std::generic_category().message(err); }

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string resolved_path(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::path(path).lexically_normal().string() : p.string();
}

}  // namespace

std::string read_input_file(const std::string& path, std::string& out, std::size_t max_bytes) {
  const io::ReadOutcome r =
      io::read_bounded(path, max_bytes == 0 ? limits::kMaxInputBytes : max_bytes, out);
  return r.ok() ? std::string() : r.message;
}

std::string escape_for_terminal(std::string_view text) { return io::escape_for_terminal(text); }

std::optional<long long> source_date_epoch_from_environment(std::string& error) {
  const char* value = std::getenv("SOURCE_DATE_EPOCH");
  if (value == nullptr) return 0;
  std::string why;
  std::optional<long long> epoch = parse_source_date_epoch(value, why);
  if (!epoch) error = why + ", got \"" + io::escape_for_terminal(value) + "\"";
  return epoch;
}

OutputSet::~OutputSet() { discard(); }

void OutputSet::add_input(const std::string& path) {
  if (path == "-") return;
  Identity id;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    id.device = st.st_dev;
    id.inode = st.st_ino;
  }
  id.resolved = resolved_path(path);
  inputs_.push_back(std::move(id));
}

// Finds the file a write to `path` replaces: `path` itself, or the final target of a symbolic
// link (the link is kept and its target replaced, as `cp` and shell redirection do).
std::string OutputSet::resolve_target(const std::string& path, std::string& target) const {
  const std::string name = io::escape_for_terminal(path);
  if (path.empty() || io::has_unsafe_path_characters(path)) {
    return name + ": not allowed as an output: the name holds a control character";
  }
  target = path;
  struct stat lst {};
  if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
    std::error_code ec;
    const fs::path real = fs::canonical(path, ec);
    if (ec) return name + ": not allowed as an output: a link to a missing file";
    target = real.string();
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) {
      return name + ": not allowed as an output: " + kind_of(st.st_mode) +
             " (only regular files are written)";
    }
    for (const Identity& in : inputs_) {
      if ((in.device == st.st_dev && in.inode == st.st_ino) ||
          in.resolved == resolved_path(target)) {
        return name + ": not allowed as an output: it is an input of this run";
      }
    }
  } else if (errno != ENOENT) {
    return name + ": cannot write: " + errno_text(errno);
  } else {
    const fs::path dir = fs::path(target).parent_path();
    std::error_code ec;
    if (!dir.empty() && !fs::is_directory(dir, ec)) {
      return name + ": cannot write: the folder " + io::escape_for_terminal(dir.string()) +
             " does not exist";
    }
    const std::string resolved = resolved_path(target);
    for (const Identity& in : inputs_) {
      if (in.resolved == resolved) {
        return name + ": not allowed as an output: it is an input of this run";
      }
    }
  }
  return {};
}

std::string OutputSet::check(const std::string& path) const {
  std::string target;
  std::string error = resolve_target(path, target);
  if (!error.empty()) return error;
  const std::string resolved = resolved_path(target);
  for (const Staged& s : staged_) {
    if (resolved_path(s.target) == resolved) {
      return io::escape_for_terminal(path) + ": not allowed: the same output is given twice";
    }
  }
  return {};
}

std::string OutputSet::stage(const std::string& path, std::string_view bytes) {
  std::string error = check(path);
  if (!error.empty()) return error;
  std::string target;
  resolve_target(path, target);
  const std::string name = io::escape_for_terminal(path);
  const fs::path target_path(target);
  fs::path dir = target_path.parent_path();
  if (dir.empty()) dir = ".";
  // A temp file beside the target, so that rename() stays on one file system.
  std::string temp = (dir / ("." + target_path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    return name + ": cannot write: cannot create a temporary file in " +
           io::escape_for_terminal(dir.string()) + ": " + errno_text(errno);
  }
  // mkstemp creates the file 0600; keep the mode of the file it replaces, else 0644.
  struct stat st {};
  ::fchmod(fd, ::stat(target.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644);
  int err = 0;
  for (std::size_t done = 0; done < bytes.size() && err == 0;) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno != EINTR) err = errno;
    } else {
      done += static_cast<std::size_t>(n);
    }
  }
  if (err == 0 && !deferred_sync_) {
    // The file stays open until commit() syncs it: its write-back starts now, so that the
    // outputs of one render go to the disk together rather than one fsync after the other.
#ifdef __linux__
    ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);  // a hint: fsync reports the errors
#endif
    staged_.push_back({target, temp, fd});
    return {};
  }
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(temp.c_str());
    return name + ": cannot write: " + errno_text(err);
  }
  staged_.push_back({target, temp, -1});
  return {};
}

namespace {

// Gives `target` a second name, `prefix` and six random letters or digits, with link(): 0 and the
// name in `name`, else the errno. A name already taken is never replaced (link() does not
// replace): another is drawn. One call where a placeholder file (mkstemp, close, unlink, then
// link) took four, and the name cannot be taken between them.
int link_under_fresh_name(const std::string& target, const std::string& prefix,
                          std::string& name) {
  static constexpr char kChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  for (int attempt = 0; attempt < 100; ++attempt) {
    unsigned char random[6];
    if (::getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random)) {
      return errno != 0 ? errno : EIO;
    }
    name = prefix;
    for (unsigned char r : random) name += kChars[r % (sizeof kChars - 1)];
    if (::link(target.c_str(), name.c_str()) == 0) return 0;
    if (errno != EEXIST) return errno;
  }
  return EEXIST;
}

}  // namespace

// All-or-nothing across several files (issue #15): rename() replaces one file atomically, but a
// set of renames can fail halfway (a target turned into a folder, a full directory, a lost
// mount). So each existing target first gets a second name in its folder (a hard link: the
// target itself never goes missing), the staged files are renamed over the targets, and a failure
// renames every backup back over its target (and removes targets that did not exist before).
// Backups are removed once every rename succeeded.
std::string OutputSet::commit() {
  std::string error;
  // Durable before any rename: each staged file synced (its write-back began when it was staged).
  for (Staged& s : staged_) {
    if (s.fd < 0) continue;
    int err = ::fsync(s.fd) != 0 ? errno : 0;
    if (::close(s.fd) != 0 && err == 0) err = errno;
    s.fd = -1;
    if (err != 0 && error.empty()) {
      error = io::escape_for_terminal(s.target) + ": cannot write: " + errno_text(err);
    }
  }
  if (!error.empty()) {
    discard();
    return error;
  }
  std::vector<std::string> backups(staged_.size());
  std::size_t backed_up = 0;
  for (; backed_up < staged_.size() && error.empty(); ++backed_up) {
    const Staged& s = staged_[backed_up];
    struct stat st {};
    // Only a regular file has contents to keep; a missing target needs none, and anything else
    // makes the rename below fail, which is handled there.
    if (::lstat(s.target.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const fs::path target(s.target);
    const std::string prefix =
        (target.parent_path() / ("." + target.filename().string() + ".backup.")).string();
    std::string backup;
    const int link_error = link_under_fresh_name(s.target, prefix, backup);
    if (link_error != 0) {
      // A file system without hard links: a copy, into a file made for it.
      backup = prefix + "XXXXXX";
      const int fd = ::mkstemp(backup.data());
      if (fd < 0) {
        error = io::escape_for_terminal(s.target) + ": cannot write: cannot create a backup: " +
                errno_text(errno);
        break;
      }
      ::close(fd);
      std::error_code ec;
      if (!fs::copy_file(s.target, backup, fs::copy_options::overwrite_existing, ec)) {
        ::unlink(backup.c_str());
        error = io::escape_for_terminal(s.target) + ": cannot write: cannot create a backup: " +
                ec.message();
        break;
      }
    }
    backups[backed_up] = std::move(backup);
  }
  std::size_t renamed = 0;
  if (error.empty()) {
    for (; renamed < staged_.size(); ++renamed) {
      if (std::rename(staged_[renamed].temp.c_str(), staged_[renamed].target.c_str()) != 0) {
        error = io::escape_for_terminal(staged_[renamed].target) + ": cannot write: " +
                errno_text(errno);
        break;
      }
    }
  }
  if (!error.empty()) {
    // Undo, newest first: each replaced target gets its old contents back.
    for (std::size_t i = renamed; i-- > 0;) {
      const std::string& target = staged_[i].target;
      const bool restored = backups[i].empty() ? ::unlink(target.c_str()) == 0
                                               : std::rename(backups[i].c_str(), target.c_str()) == 0;
      if (restored) {
        backups[i].clear();
      } else {
        error += "; " + io::escape_for_terminal(target) + " could not be restored" +
                 (backups[i].empty() ? std::string()
                                     : ", its old contents are in " +
                                           io::escape_for_terminal(backups[i]));
        backups[i].clear();  // kept for the user
      }
    }
    staged_.erase(staged_.begin(), staged_.begin() + static_cast<std::ptrdiff_t>(renamed));
  } else {
    staged_.clear();
  }
  for (const std::string& backup : backups) {
    if (!backup.empty()) ::unlink(backup.c_str());
  }
  discard();
  return error;
}

void OutputSet::discard() {
  for (const Staged& s : staged_) {
    if (s.fd >= 0) ::close(s.fd);
    ::unlink(s.temp.c_str());
  }
  staged_.clear();
}

std::string sync_folders(const std::vector<std::string>& folders) {
  std::vector<dev_t> synced;
  for (const std::string& folder : folders) {
    const std::string name = io::escape_for_terminal(folder);
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return name + ": cannot sync: " + errno_text(errno);
    struct stat st {};
    int err = ::fstat(fd, &st) != 0 ? errno : 0;
    if (err == 0 && std::find(synced.begin(), synced.end(), st.st_dev) == synced.end()) {
#ifdef __linux__
      // One call writes back every file and folder entry of the file system: the data of the
      // batch's files and the renames that put them in place.
      if (::syncfs(fd) != 0) err = errno;
#else
      ::sync();
#endif
      synced.push_back(st.st_dev);
    }
    ::close(fd);
    if (err != 0) return name + ": cannot sync: " + errno_text(err);
  }
  return {};
}

}  // namespace paiban
