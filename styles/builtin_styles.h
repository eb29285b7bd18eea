// The built-in style sheets, compiled into the library (see embed_builtin.cmake): a built-in
// style never depends on files found at run time.
#pragma once

#include <span>
#include <string_view>

namespace paiban::styles::detail {

struct BuiltinStyleFile {
  std::string_view name;  // "gbt9704"
  std::string_view text;  // the JSON text of styles/builtin/<name>.json
};

// Every built-in sheet, in the order of the generator's list.
std::span<const BuiltinStyleFile> builtin_style_files();

}  // namespace paiban::styles::detail
