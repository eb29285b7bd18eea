// An OPC package as a ZIP archive, built and read in memory with libzip.
//
// Deterministic: entries keep the given order, every entry is deflated (or stored, when asked) and stamped with the DOS
// time 1980-01-01 00:00 (zip_file_set_dostime; zip_file_set_mtime would go through localtime),
// and libzip writes no extra fields, so the same entries give the same bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace paiban::docx {

struct ZipEntry {
  std::string name;  // the part name without the leading "/", e.g. "word/document.xml"
  std::string data;
  // Stored as is rather than deflated: for data compressed already (PNG, JPEG), where deflate
  // costs time and gains nothing (Word stores its media the same way).
  bool stored = false;
};

// Returns the archive's bytes; "" with `error` set when libzip fails.
std::string build_zip(const std::vector<ZipEntry>& entries, std::string& error);

// Reads every entry of an archive, in archive order; an empty vector with `error` set when the
// bytes are not a readable ZIP.
std::vector<ZipEntry> read_zip(std::string_view bytes, std::string& error);

}  // namespace paiban::docx
