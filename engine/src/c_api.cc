// The C API (paiban/paiban_c.h) over the C++ API: an engine is a paiban::Engine plus the defaults
// of its renders; a result holds bytes and diagnostics as the C side reads them. Every entry
// point catches everything: no exception crosses into C.
#include "paiban/paiban_c.h"

#include <exception>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "paiban/paiban.h"

struct paiban_engine {
  paiban::Engine engine;
  std::string default_style;
  long long source_date_epoch = 0;
  std::vector<std::string> roots;
};

struct paiban_result {
  paiban_status status = PAIBAN_OK;
  std::string message;
  std::optional<std::string> pdf;
  std::optional<std::string> docx;
  std::optional<std::string> json;
  std::string diagnostics_json = "[]";
  size_t diagnostic_count = 0;
};

namespace {

// What the caller gets when not even a result could be allocated; paiban_result_free ignores
// it (HarfBuzz's discipline: an inert object instead of NULL).
paiban_result& out_of_memory_result() {
  static paiban_result result{PAIBAN_INTERNAL_ERROR, "out of memory", {}, {}, {}, "[]", 0};
  return result;
}

thread_local std::string last_error;

paiban_status fail(paiban_status status, std::string message) {
  try {
    last_error = std::move(message);
  } catch (...) {
    // Out of memory while keeping the message: the status still says what happened.
  }
  return status;
}

// Sets `*out` to a result carrying `status` and `message`; returns the status.
paiban_status fail(paiban_result** out, paiban_status status, std::string message) {
  if (out != nullptr) {
    try {
      *out = new paiban_result;
      (*out)->status = status;
      (*out)->message = message;
    } catch (...) {
      *out = &out_of_memory_result();
    }
  }
  return fail(status, std::move(message));
}

// The body of every entry point that produces a result: catches everything.
template <typename Body>
paiban_status guarded(paiban_result** out, Body&& body) {
  if (out != nullptr) *out = nullptr;
  try {
    auto result = std::make_unique<paiban_result>();
    body(*result);
    const paiban_status status = result->status;
    if (status != PAIBAN_OK) fail(status, result->message);
    if (out != nullptr) *out = result.release();
    return status;
  } catch (const std::bad_alloc&) {
    return fail(out, PAIBAN_INTERNAL_ERROR, "out of memory");
  } catch (const std::exception& e) {
    return fail(out, PAIBAN_INTERNAL_ERROR, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(out, PAIBAN_INTERNAL_ERROR, "internal error");
  }
}

std::string text_of(const char* s) { return s == nullptr ? std::string() : std::string(s); }

// The options struct of a caller must be at least as large as this header's: a smaller one was
// not filled by *_options_init of this header.
template <typename Options>
bool valid_struct(const Options* options) {
  return options == nullptr || options->struct_size >= sizeof(Options);
}

// Fills the result's diagnostics (naming `source_name` where a diagnostic has no file), its
// status (`error_status` when there is an error) and its message (the first error).
void set_diagnostics(paiban_result& result, std::vector<paiban::Diagnostic> diagnostics,
                     const std::string& source_name, paiban_status error_status) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (paiban::Diagnostic& d : diagnostics) {
    if (d.source.empty()) d.source = source_name;
    array.push_back({{"severity", d.severity == paiban::Severity::kError ? "error" : "warning"},
                     {"file", d.source},
                     {"line", d.line},
                     {"column", d.column},
                     {"pointer", d.pointer},
                     {"message", d.message},
                     {"hint", d.hint}});
    if (d.severity == paiban::Severity::kError && result.message.empty()) {
      result.message = paiban::format_diagnostic(d);
    }
  }
  // Messages are valid UTF-8 (user text is escaped); replacing keeps a stray byte from throwing.
  result.diagnostics_json = array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  result.diagnostic_count = diagnostics.size();
  if (paiban::has_errors(diagnostics)) result.status = error_status;
}

// Reads the report; false (with the result filled) when it has errors.
bool read_report(paiban_result& result, const char* json, size_t json_size,
                 const std::string& source_name, std::optional<paiban::Report>& report) {
  paiban::ReadResult read =
      paiban::read_report_json(std::string_view(json, json_size), source_name);
  if (read.report) {
    report = std::move(read.report);
    if (!read.diagnostics.empty()) {
      set_diagnostics(result, std::move(read.diagnostics), source_name, PAIBAN_INVALID_INPUT);
    }
    return true;
  }
  set_diagnostics(result, std::move(read.diagnostics), source_name, PAIBAN_INVALID_INPUT);
  if (result.status == PAIBAN_OK) {
    // A reader that gives no report always says why; this keeps the contract if it did not.
    result.status = PAIBAN_INVALID_INPUT;
    result.message = "the report could not be read";
  }
  return false;
}

paiban::RenderOptions render_options(const paiban_engine& engine, const char* style,
                                     const char* report_dir) {
  paiban::RenderOptions options;
  options.style = style != nullptr ? std::string(style) : engine.default_style;
  options.source_date_epoch = engine.source_date_epoch;
  options.report_dir = text_of(report_dir);
  options.roots = engine.roots;
  return options;
}

}  // namespace

extern "C" {

const char* paiban_version(void) { return paiban::version(); }

int paiban_prepare_process_heap(void) { return paiban::prepare_process_heap() ? 1 : 0; }

const char* paiban_last_error(void) { return last_error.c_str(); }

void paiban_engine_options_init(paiban_engine_options* options) {
  if (options == nullptr) return;
  *options = paiban_engine_options{};
  options->struct_size = sizeof(paiban_engine_options);
  options->system_fonts = 1;
}

void paiban_render_options_init(paiban_render_options* options) {
  if (options == nullptr) return;
  *options = paiban_render_options{};
  options->struct_size = sizeof(paiban_render_options);
  options->formats = PAIBAN_FORMAT_PDF;
  options->threads = 1;
}

void paiban_check_options_init(paiban_check_options* options) {
  if (options == nullptr) return;
  *options = paiban_check_options{};
  options->struct_size = sizeof(paiban_check_options);
}

paiban_status paiban_engine_new(const paiban_engine_options* options, paiban_engine** engine) {
  if (engine == nullptr) return fail(PAIBAN_INVALID_ARGUMENT, "paiban_engine_new: engine is NULL");
  *engine = nullptr;
  if (!valid_struct(options)) {
    return fail(PAIBAN_INVALID_ARGUMENT,
                "paiban_engine_new: options.struct_size is not set (call "
                "paiban_engine_options_init first)");
  }
  try {
    paiban::EngineOptions engine_options;
    std::vector<std::string> roots;
    std::string style;
    long long epoch = 0;
    if (options != nullptr) {
      if ((options->font_dir_count > 0 && options->font_dirs == nullptr) ||
          (options->root_count > 0 && options->roots == nullptr)) {
        return fail(PAIBAN_INVALID_ARGUMENT,
                    "paiban_engine_new: a count is set but its array is NULL");
      }
      for (size_t i = 0; i < options->font_dir_count; ++i) {
        if (options->font_dirs[i] == nullptr) {
          return fail(PAIBAN_INVALID_ARGUMENT, "paiban_engine_new: font_dirs holds NULL");
        }
        engine_options.font_dirs.emplace_back(options->font_dirs[i]);
      }
      for (size_t i = 0; i < options->root_count; ++i) {
        if (options->roots[i] == nullptr) {
          return fail(PAIBAN_INVALID_ARGUMENT, "paiban_engine_new: roots holds NULL");
        }
        roots.emplace_back(options->roots[i]);
      }
      engine_options.system_fonts = options->system_fonts != 0;
      style = text_of(options->default_style);
      if (options->source_date_epoch < 0) {
        return fail(PAIBAN_INVALID_ARGUMENT,
                    "paiban_engine_new: source_date_epoch must be 0 or more");
      }
      epoch = options->source_date_epoch;
    }
    auto created = std::make_unique<paiban_engine>(
        paiban_engine{paiban::Engine(engine_options), std::move(style), epoch, std::move(roots)});
    if (!created->engine.ok()) {
      std::string message;
      for (const paiban::Diagnostic& d : created->engine.diagnostics()) {
        if (!message.empty()) message += "; ";
        message += paiban::format_diagnostic(d);
      }
      return fail(PAIBAN_IO_ERROR, std::move(message));
    }
    *engine = created.release();
    return PAIBAN_OK;
  } catch (const std::bad_alloc&) {
    return fail(PAIBAN_INTERNAL_ERROR, "out of memory");
  } catch (const std::exception& e) {
    return fail(PAIBAN_INTERNAL_ERROR, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(PAIBAN_INTERNAL_ERROR, "internal error");
  }
}

void paiban_engine_free(paiban_engine* engine) { delete engine; }

paiban_status paiban_render(const paiban_engine* engine, const char* json, size_t json_size,
                            const paiban_render_options* options, paiban_result** result) {
  if (engine == nullptr || (json == nullptr && json_size > 0)) {
    return fail(result, PAIBAN_INVALID_ARGUMENT, "paiban_render: engine or json is NULL");
  }
  if (!valid_struct(options)) {
    return fail(result, PAIBAN_INVALID_ARGUMENT,
                "paiban_render: options.struct_size is not set (call paiban_render_options_init "
                "first)");
  }
  const unsigned formats = options != nullptr ? options->formats : unsigned{PAIBAN_FORMAT_PDF};
  if (formats == 0 || (formats & ~unsigned{PAIBAN_FORMAT_PDF | PAIBAN_FORMAT_DOCX}) != 0) {
    return fail(result, PAIBAN_INVALID_ARGUMENT,
                "paiban_render: formats must be PAIBAN_FORMAT_PDF, PAIBAN_FORMAT_DOCX or both");
  }
  return guarded(result, [&](paiban_result& out) {
    const std::string source_name = options != nullptr ? text_of(options->source_name) : "";
    std::optional<paiban::Report> report;
    if (!read_report(out, json == nullptr ? "" : json, json_size, source_name, report)) return;
    paiban::RenderOptions render =
        render_options(*engine, options != nullptr ? options->style : nullptr,
                       options != nullptr ? options->report_dir : nullptr);
    render.threads = options != nullptr ? options->threads : 1;
    render.formats.clear();
    if ((formats & PAIBAN_FORMAT_PDF) != 0) render.formats.push_back(paiban::OutputFormat::kPdf);
    if ((formats & PAIBAN_FORMAT_DOCX) != 0) render.formats.push_back(paiban::OutputFormat::kDocx);
    paiban::RenderResult rendered = engine->engine.render(*report, render);
    set_diagnostics(out, std::move(rendered.diagnostics), source_name, PAIBAN_INVALID_INPUT);
    if (out.status != PAIBAN_OK) return;
    if ((formats & PAIBAN_FORMAT_PDF) != 0) out.pdf = std::move(rendered.pdf);
    if ((formats & PAIBAN_FORMAT_DOCX) != 0) out.docx = std::move(rendered.docx);
  });
}

paiban_status paiban_check(const paiban_engine* engine, const char* json, size_t json_size,
                           const paiban_check_options* options, paiban_result** result) {
  if (engine == nullptr || (json == nullptr && json_size > 0)) {
    return fail(result, PAIBAN_INVALID_ARGUMENT, "paiban_check: engine or json is NULL");
  }
  if (!valid_struct(options) || (options != nullptr && options->previous_year_json == nullptr &&
                                 options->previous_year_json_size > 0)) {
    return fail(result, PAIBAN_INVALID_ARGUMENT,
                "paiban_check: options.struct_size is not set (call paiban_check_options_init "
                "first) or previous_year_json is NULL with a size");
  }
  return guarded(result, [&](paiban_result& out) {
    const std::string source_name = options != nullptr ? text_of(options->source_name) : "";
    std::optional<paiban::Report> report;
    if (!read_report(out, json == nullptr ? "" : json, json_size, source_name, report)) return;
    std::optional<paiban::Report> previous;
    paiban::CheckOptions check;
    if (options != nullptr && options->previous_year_json != nullptr) {
      paiban_result previous_out;
      if (!read_report(previous_out, options->previous_year_json, options->previous_year_json_size,
                       "previous-year", previous)) {
        out = std::move(previous_out);
        return;
      }
      check.previous_year = &*previous;
    }
    check.strict = options != nullptr && options->strict != 0;
    const paiban::RenderOptions render =
        render_options(*engine, options != nullptr ? options->style : nullptr,
                       options != nullptr ? options->report_dir : nullptr);
    // What `paiban check` runs: everything render would reject, then the domain rules.
    std::vector<paiban::Diagnostic> found = engine->engine.check_report(*report, render);
    for (paiban::Diagnostic& d : paiban::check_report_rules(*report, check)) {
      found.push_back(std::move(d));
    }
    set_diagnostics(out, std::move(found), source_name, PAIBAN_INVALID_INPUT);
  });
}

paiban_status paiban_import_text(const char* text, size_t text_size, const char* source_name,
                                 paiban_result** result) {
  if (text == nullptr && text_size > 0) {
    return fail(result, PAIBAN_INVALID_ARGUMENT, "paiban_import_text: text is NULL");
  }
  return guarded(result, [&](paiban_result& out) {
    const std::string name = text_of(source_name);
    paiban::ReadResult imported =
        paiban::import_text_report(std::string_view(text == nullptr ? "" : text, text_size), name);
    const bool has_report = imported.report.has_value();
    set_diagnostics(out, std::move(imported.diagnostics), name, PAIBAN_INVALID_INPUT);
    if (has_report && out.status == PAIBAN_OK) {
      out.json = paiban::write_report_json(*imported.report);
    } else if (out.status == PAIBAN_OK) {
      out.status = PAIBAN_INVALID_INPUT;
      out.message = "the text could not be imported";
    }
  });
}

paiban_status paiban_result_status(const paiban_result* result) {
  return result != nullptr ? result->status : PAIBAN_INVALID_ARGUMENT;
}

const char* paiban_result_message(const paiban_result* result) {
  return result != nullptr ? result->message.c_str() : "";
}

namespace {
// `bytes` points into the result (never a copy: the caller keeps the pointer).
const unsigned char* bytes_of(const std::optional<std::string>* bytes, size_t* size) {
  const bool present = bytes != nullptr && bytes->has_value();
  if (size != nullptr) *size = present ? (*bytes)->size() : 0;
  return present ? reinterpret_cast<const unsigned char*>((*bytes)->data()) : nullptr;
}
}  // namespace

const unsigned char* paiban_result_pdf(const paiban_result* result, size_t* size) {
  return bytes_of(result != nullptr ? &result->pdf : nullptr, size);
}

const unsigned char* paiban_result_docx(const paiban_result* result, size_t* size) {
  return bytes_of(result != nullptr ? &result->docx : nullptr, size);
}

const char* paiban_result_json(const paiban_result* result, size_t* size) {
  if (size != nullptr) *size = result != nullptr && result->json ? result->json->size() : 0;
  return result != nullptr && result->json ? result->json->c_str() : nullptr;
}

const char* paiban_result_diagnostics_json(const paiban_result* result) {
  return result != nullptr ? result->diagnostics_json.c_str() : "[]";
}

size_t paiban_result_diagnostic_count(const paiban_result* result) {
  return result != nullptr ? result->diagnostic_count : 0;
}

void paiban_result_free(paiban_result* result) {
  if (result != &out_of_memory_result()) delete result;
}

}  // extern "C"
