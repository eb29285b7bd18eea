// The font listing's disk cache (font_cache.h): a small text file, one record a line.
//
//   paiban font cache 1
//   fontconfig 21401
//   env HOME=/home/a                      (each variable fontconfig reads; "env NAME" when unset)
//   stamp <mtime ns> <size> <path>        ("stamp - - <path>" for a place that does not exist)
//   face <index> <weight> <roman 0|1> <family>\t<file>
//   end <faces> <stamps>
#include <fontconfig/fontconfig.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "font_cache.h"

namespace paiban::fonts {

namespace {

constexpr char kHeader[] = "paiban font cache 1";
// A listing of every font of a large system is well under a megabyte; anything larger is not
// ours.
constexpr std::uintmax_t kMaxCacheBytes = 16u << 20;

// The variables that change which configuration fontconfig loads or where it looks for fonts.
constexpr const char* kEnvironment[] = {"FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT",
                                        "HOME",            "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                                        "XDG_CACHE_HOME"};

std::string env_line(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string("env ") + name + "=" + value : std::string("env ") + name;
}

// "<mtime ns> <size> <path>", or "- - <path>" when the place does not exist.
std::string stamp_line(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "stamp - - " + path;
  const long long ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  return "stamp " + std::to_string(ns) + " " + std::to_string(static_cast<long long>(st.st_size)) +
         " " + path;
}

bool has_line_break_or_tab(const std::string& s) {
  return s.find_first_of("\n\r\t") != std::string::npos;
}

// The places fontconfig's default configuration reads the user's settings from (50-user.conf):
// absent ones are recorded too, so that creating one makes the cache stale.
std::vector<std::string> user_config_places() {
  std::vector<std::string> places;
  const char* home = std::getenv("HOME");
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && *xdg != '\0') {
    places.push_back(std::string(xdg) + "/fontconfig");
    places.push_back(std::string(xdg) + "/fontconfig/fonts.conf");
    places.push_back(std::string(xdg) + "/fontconfig/conf.d");
  } else if (home != nullptr && *home != '\0') {
    places.push_back(std::string(home) + "/.config/fontconfig");
    places.push_back(std::string(home) + "/.config/fontconfig/fonts.conf");
    places.push_back(std::string(home) + "/.config/fontconfig/conf.d");
  }
  if (home != nullptr && *home != '\0') {
    places.push_back(std::string(home) + "/.fonts.conf");
    places.push_back(std::string(home) + "/.fonts.conf.d");
  }
  return places;
}

void add_strings(FcStrList* list, std::set<std::string>& out) {
  if (list == nullptr) return;
  for (FcChar8* s = FcStrListNext(list); s != nullptr; s = FcStrListNext(list)) {
    out.insert(reinterpret_cast<const char*>(s));
  }
  FcStrListDone(list);
}

}  // namespace

std::string default_font_cache_path() {
  if (const char* given = std::getenv("PAIBAN_FONT_CACHE"); given != nullptr) {
    const std::string value(given);
    if (value.empty() || value == "off" || value == "0") return "";
    return value;
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::string(xdg) + "/paiban/fonts.cache";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
    return std::string(home) + "/.cache/paiban/fonts.cache";
  }
  return "";
}

bool load_font_cache(const std::string& path, std::vector<CachedFace>& faces) {
  faces.clear();
  try {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec || size > kMaxCacheBytes) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string line;
    if (!std::getline(in, line) || line != kHeader) return false;
    if (!std::getline(in, line) || line != "fontconfig " + std::to_string(FcGetVersion())) {
      return false;
    }
    for (const char* name : kEnvironment) {
      if (!std::getline(in, line) || line != env_line(name)) return false;
    }
    std::vector<CachedFace> read;
    size_t stamps = 0;
    bool ended = false;
    while (std::getline(in, line)) {
      if (ended) return false;  // nothing may follow the end line
      if (line.rfind("stamp ", 0) == 0) {
        // The path is what follows the second field; its stamp now must be the one saved.
        const size_t first = line.find(' ', 6);
        const size_t second = first == std::string::npos ? first : line.find(' ', first + 1);
        if (second == std::string::npos) return false;
        if (stamp_line(line.substr(second + 1)) != line) return false;
        ++stamps;
      } else if (line.rfind("face ", 0) == 0) {
        const size_t tab = line.find('\t');
        if (tab == std::string::npos) return false;
        std::istringstream fields(line.substr(5, tab - 5));
        CachedFace face;
        int roman = -1;
        if (!(fields >> face.index >> face.weight >> roman) || (roman != 0 && roman != 1)) {
          return false;
        }
        std::string family;
        std::getline(fields >> std::ws, family);
        face.family = family;
        face.file = line.substr(tab + 1);
        face.roman = roman == 1;
        if (face.family.empty() || face.file.empty()) return false;
        read.push_back(std::move(face));
      } else if (line.rfind("end ", 0) == 0) {
        std::istringstream fields(line.substr(4));
        size_t face_count = 0, stamp_count = 0;
        if (!(fields >> face_count >> stamp_count) || face_count != read.size() ||
            stamp_count != stamps) {
          return false;
        }
        ended = true;
      } else {
        return false;
      }
    }
    // A file without its end line was cut short; one without stamps proves nothing.
    if (!ended || stamps == 0) return false;
    faces = std::move(read);
    return true;
  } catch (const std::exception&) {
    faces.clear();
    return false;
  }
}

void save_font_cache(const std::string& path, FcConfig* config,
                     const std::vector<CachedFace>& faces) {
  if (config == nullptr || path.empty()) return;
  try {
    // Every place the listing depends on: the configuration's files and folders (conf.d is
    // listed itself, so a file added there changes its time), the font folders with their
    // subfolders, the user's configuration places, and each font file listed.
    std::set<std::string> places;
    add_strings(FcConfigGetConfigFiles(config), places);
    add_strings(FcConfigGetFontDirs(config), places);
    for (std::string& place : user_config_places()) places.insert(std::move(place));
    for (const CachedFace& face : faces) places.insert(face.file);

    std::string text = std::string(kHeader) + "\nfontconfig " + std::to_string(FcGetVersion()) +
                       "\n";
    for (const char* name : kEnvironment) {
      const std::string line = env_line(name);
      if (has_line_break_or_tab(line)) return;
      text += line + '\n';
    }
    for (const std::string& place : places) {
      if (has_line_break_or_tab(place)) return;
      text += stamp_line(place) + '\n';
    }
    for (const CachedFace& face : faces) {
      if (has_line_break_or_tab(face.family) || has_line_break_or_tab(face.file) ||
          face.family.empty() || face.family.front() == ' ') {
        return;
      }
      text += "face " + std::to_string(face.index) + " " + std::to_string(face.weight) + " " +
              (face.roman ? "1 " : "0 ") + face.family + "\t" + face.file + "\n";
    }
    text += "end " + std::to_string(faces.size()) + " " + std::to_string(places.size()) + "\n";

    const std::filesystem::path target(path);
    std::error_code ec;
    if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
    // A name of its own per process and call, so that two savers never share a file.
    static std::atomic<unsigned> serial{0};
    const std::string temporary =
        path + ".tmp" + std::to_string(::getpid()) + "." + std::to_string(serial++);
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << text;
      out.close();
      if (!out) {
        std::filesystem::remove(temporary, ec);
        return;
      }
    }
    std::filesystem::rename(temporary, target, ec);
    if (ec) std::filesystem::remove(temporary, ec);
  } catch (const std::exception&) {
    // The cache only saves time: a failure to write it changes nothing else.
  }
}

}  // namespace paiban::fonts
