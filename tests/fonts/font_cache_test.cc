// The font listing's disk cache (fonts/font_cache.h): a second registry lists from the cache; a
// font added or removed, or a configuration changed, makes it stale and it is rebuilt; a corrupt
// or cut-short cache is ignored. Each test brings its own fontconfig configuration (one folder of
// the checked-in font subsets, FONTCONFIG_FILE), so the machine's fonts play no part.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "fonts/font_cache.h"
#include "fonts/font_registry.h"

namespace paiban::fonts {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSerif = "Noto Serif CJK SC";
constexpr const char* kSans = "Noto Sans CJK SC";

fs::path data_dir() { return fs::path(PAIBAN_SOURCE_DIR) / "tests/fonts/data"; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// Moves a file's or folder's modification time on by `seconds`: a change made within the same
// clock tick as the last one would otherwise leave the time as it was.
void touch_later(const fs::path& path, int seconds = 2) {
  fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(seconds));
}

class FontCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("paiban-font-cache-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "fonts");
    fs::copy_file(data_dir() / "NotoSerifCJKsc-Regular-subset.otf",
                  root_ / "fonts/NotoSerifCJKsc-Regular-subset.otf");
    conf_ = root_ / "fonts.conf";
    write_file(conf_,
               "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
               "<fontconfig>\n  <dir>" + (root_ / "fonts").string() + "</dir>\n  <cachedir>" +
                   (root_ / "fc-cache").string() + "</cachedir>\n</fontconfig>\n");
    const char* old = std::getenv("FONTCONFIG_FILE");
    had_old_ = old != nullptr;
    if (had_old_) old_ = old;
    ::setenv("FONTCONFIG_FILE", conf_.c_str(), 1);
    cache_ = root_ / "cache/paiban/fonts.cache";
  }
  void TearDown() override {
    if (had_old_) {
      ::setenv("FONTCONFIG_FILE", old_.c_str(), 1);
    } else {
      ::unsetenv("FONTCONFIG_FILE");
    }
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  FontRegistryOptions options() const { return FontRegistryOptions{{}, true, cache_.string()}; }

  fs::path root_, conf_, cache_;
  bool had_old_ = false;
  std::string old_;
};

TEST_F(FontCacheTest, SecondRegistryListsFromTheCacheAndFindsTheSameFace) {
  FontRegistry first(options());
  const Face* listed = first.find(kSerif);
  ASSERT_NE(listed, nullptr);
  EXPECT_FALSE(first.listed_from_cache());
  ASSERT_TRUE(fs::exists(cache_)) << "the listing was not saved";

  FontRegistry second(options());
  const Face* cached = second.find(kSerif);
  ASSERT_NE(cached, nullptr);
  EXPECT_TRUE(second.listed_from_cache());
  EXPECT_EQ(cached->path(), listed->path());
  EXPECT_EQ(cached->index(), listed->index());
  EXPECT_EQ(second.find(kSans), nullptr) << "the folder has no Sans face";
}

TEST_F(FontCacheTest, AddedFontMakesTheCacheStaleAndItIsRebuilt) {
  { FontRegistry(options()).find(kSerif); }
  ASSERT_TRUE(fs::exists(cache_));
  fs::copy_file(data_dir() / "NotoSansCJKsc-Regular-subset.otf",
                root_ / "fonts/NotoSansCJKsc-Regular-subset.otf");
  touch_later(root_ / "fonts");

  FontRegistry after(options());
  EXPECT_NE(after.find(kSans), nullptr) << "the added font was not seen";
  EXPECT_FALSE(after.listed_from_cache()) << "a stale cache was used";

  FontRegistry again(options());
  EXPECT_NE(again.find(kSans), nullptr);
  EXPECT_TRUE(again.listed_from_cache()) << "the rebuilt cache was not saved";
}

TEST_F(FontCacheTest, RemovedFontMakesTheCacheStale) {
  fs::copy_file(data_dir() / "NotoSansCJKsc-Regular-subset.otf",
                root_ / "fonts/NotoSansCJKsc-Regular-subset.otf");
  { FontRegistry(options()).find(kSans); }
  fs::remove(root_ / "fonts/NotoSansCJKsc-Regular-subset.otf");
  touch_later(root_ / "fonts");

  FontRegistry after(options());
  EXPECT_EQ(after.find(kSans), nullptr) << "a removed font was served from the cache";
  EXPECT_FALSE(after.listed_from_cache());
}

TEST_F(FontCacheTest, ReplacedFontFileMakesTheCacheStale) {
  { FontRegistry(options()).find(kSerif); }
  // The same name, other bytes (the bold face): the folder's time may stay, the file's does not.
  const fs::path file = root_ / "fonts/NotoSerifCJKsc-Regular-subset.otf";
  const auto folder_time = fs::last_write_time(root_ / "fonts");
  fs::copy_file(data_dir() / "NotoSerifCJKsc-Bold-subset.otf", file,
                fs::copy_options::overwrite_existing);
  touch_later(file);
  fs::last_write_time(root_ / "fonts", folder_time);

  FontRegistry after(options());
  EXPECT_NE(after.find(kSerif), nullptr);
  EXPECT_FALSE(after.listed_from_cache());
}

TEST_F(FontCacheTest, ChangedConfigurationMakesTheCacheStale) {
  { FontRegistry(options()).find(kSerif); }
  write_file(conf_, read_file(conf_) + "<!-- edited -->\n");
  touch_later(conf_);
  FontRegistry after(options());
  EXPECT_NE(after.find(kSerif), nullptr);
  EXPECT_FALSE(after.listed_from_cache());
}

TEST_F(FontCacheTest, CorruptCacheIsIgnoredAndRewritten) {
  { FontRegistry(options()).find(kSerif); }
  const std::string whole = read_file(cache_);
  ASSERT_FALSE(whole.empty());
  for (const std::string& bad :
       {std::string("not a cache at all\n\x01\x02"), whole.substr(0, whole.size() / 2),
        whole.substr(0, whole.rfind("end ")), whole + "face 0 400 1 extra\t/nowhere.otf\n",
        std::string()}) {
    write_file(cache_, bad);
    FontRegistry reader(options());
    EXPECT_NE(reader.find(kSerif), nullptr);
    EXPECT_FALSE(reader.listed_from_cache()) << "a damaged cache was used: " << bad.size()
                                             << " bytes";
  }
  FontRegistry again(options());
  EXPECT_NE(again.find(kSerif), nullptr);
  EXPECT_TRUE(again.listed_from_cache()) << "the damaged cache was not rewritten";
}

TEST_F(FontCacheTest, NoCacheFileNoCache) {
  FontRegistry plain(FontRegistryOptions{{}, true});
  EXPECT_NE(plain.find(kSerif), nullptr);
  EXPECT_FALSE(plain.listed_from_cache());
  EXPECT_FALSE(fs::exists(cache_));
}

TEST(FontCachePath, EnvironmentChoosesOrTurnsOffTheCache) {
  const char* old_given = std::getenv("PAIBAN_FONT_CACHE");
  const std::string saved_given = old_given != nullptr ? old_given : "";
  const char* old_xdg = std::getenv("XDG_CACHE_HOME");
  const std::string saved_xdg = old_xdg != nullptr ? old_xdg : "";

  ::setenv("PAIBAN_FONT_CACHE", "off", 1);
  EXPECT_EQ(default_font_cache_path(), "");
  ::setenv("PAIBAN_FONT_CACHE", "0", 1);
  EXPECT_EQ(default_font_cache_path(), "");
  ::setenv("PAIBAN_FONT_CACHE", "/somewhere/fonts.cache", 1);
  EXPECT_EQ(default_font_cache_path(), "/somewhere/fonts.cache");
  ::unsetenv("PAIBAN_FONT_CACHE");
  ::setenv("XDG_CACHE_HOME", "/xdg-cache", 1);
  EXPECT_EQ(default_font_cache_path(), "/xdg-cache/paiban/fonts.cache");

  if (old_given != nullptr) ::setenv("PAIBAN_FONT_CACHE", saved_given.c_str(), 1);
  if (old_xdg != nullptr) {
    ::setenv("XDG_CACHE_HOME", saved_xdg.c_str(), 1);
  } else {
    ::unsetenv("XDG_CACHE_HOME");
  }
}

}  // namespace
}  // namespace paiban::fonts
