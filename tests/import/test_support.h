// Shared helpers of the importer tests: fixture files and the report's text in reading order.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "paiban/paiban.h"

namespace paiban::import::testing {

// The corpus and seed texts copied into tests/import/data (public documents).
inline constexpr const char* kFixtures[] = {"hongzequ-2023.txt", "huaian-2024.txt",
                                            "template-2021-blank.txt", "hongqi-2023-seed.txt"};

std::filesystem::path data_dir();
std::filesystem::path source_dir();
// PAIBAN_SHARED_DIR/corpus/template-2021-structure.json, or nullopt when the shared folder is
// not beside the checkout.
std::optional<std::filesystem::path> structure_json();

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& bytes);

// Imports a fixture; fails the test on an error.
Report import_fixture(const std::string& name);

// Removes all whitespace (UTF-8 in, UTF-8 out).
std::string squash_utf8(const std::string& text);

}  // namespace paiban::import::testing
