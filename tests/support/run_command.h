// Runs a shell command for the end-to-end tests of the `paiban` CLI.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace paiban::test_support {

struct CommandResult {
  int code = -1;       // the exit status; -1 when the command could not run or was killed
  std::string output;  // stdout and stderr, interleaved as written
};

inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Quotes a path or argument for the shell (paths with spaces; none of the tests' paths holds a
// single quote).
inline std::string quote(const std::string& s) { return "'" + s + "'"; }

// Whether `tool` is on the PATH: tests that need it skip, naming its Debian package, when not.
inline bool have_tool(const std::string& tool) {
  return run_command("command -v " + tool).code == 0;
}

}  // namespace paiban::test_support
