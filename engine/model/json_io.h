// JSON reader and writer of the report model (internal; the public entry points are in paiban.h).
#pragma once

#include <string>
#include <string_view>

#include "paiban/types.h"

namespace paiban::json {

// See docs/report-format.md. Reports every problem of the document, not only the first.
ReadResult read_report(std::string_view json_text, std::string_view source_name);

// Pretty-printed (2 spaces), stable key order, only non-default values; read_report reads it back.
std::string write_report(const Report& report);

}  // namespace paiban::json
