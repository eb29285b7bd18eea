/* paiban C API: render a report given as JSON to PDF and DOCX bytes in memory, check it, import a
 * plain-text report. C11; usable from any language with a C foreign-function interface (the
 * Python module bindings/python/paiban uses it through ctypes).
 *
 * Typical use:
 *   paiban_engine_options options;
 *   paiban_engine_options_init(&options);
 *   paiban_engine* engine = NULL;
 *   if (paiban_engine_new(&options, &engine) != PAIBAN_OK) { puts(paiban_last_error()); ... }
 *   paiban_render_options render;
 *   paiban_render_options_init(&render);
 *   paiban_result* result = NULL;
 *   paiban_status status = paiban_render(engine, json, json_size, &render, &result);
 *   size_t pdf_size = 0;
 *   const unsigned char* pdf = paiban_result_pdf(result, &pdf_size);
 *   ... paiban_result_diagnostics_json(result) ...
 *   paiban_result_free(result);
 *   paiban_engine_free(engine);
 *
 * Status codes: every function that can fail returns a paiban_status. PAIBAN_OK (0) is success
 * (warnings may still be among the diagnostics); PAIBAN_INVALID_INPUT means the report (or its
 * style) has errors, described by the result's diagnostics; PAIBAN_INVALID_ARGUMENT a NULL
 * pointer, an unknown format or an options struct from a newer header; PAIBAN_IO_ERROR a font
 * folder that cannot be read; PAIBAN_INTERNAL_ERROR a failure inside paiban (out of memory, a
 * bug). Every failure also sets a message: the result's (paiban_result_message) when the call
 * produces a result, and always the calling thread's last error (paiban_last_error).
 *
 * Ownership: strings and arrays passed in are read during the call only and never kept (the
 * engine copies what its options name). Every paiban_engine* from paiban_engine_new is freed
 * with paiban_engine_free, every paiban_result* with paiban_result_free (both accept NULL).
 * Pointers returned by the accessors point into the result and stay valid until it is freed;
 * paiban_version's string and paiban_last_error's are owned by the library.
 *
 * Thread safety: an engine may be shared by any number of threads and used concurrently; its
 * fonts are listed and loaded once and shared. A result belongs to the thread that uses it (no
 * two threads may free the same result). paiban_last_error is per thread.
 *
 * Nothing is thrown across this API: every entry point catches everything and turns it into a
 * status and a message. The same input always gives the same bytes.
 */
#ifndef PAIBAN_PAIBAN_C_H_
#define PAIBAN_PAIBAN_C_H_

#include <stddef.h>

#include "paiban/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum paiban_status {
  PAIBAN_OK = 0,
  PAIBAN_INVALID_INPUT = 1,    /* the report or its style has errors: see the diagnostics */
  PAIBAN_INVALID_ARGUMENT = 2, /* a NULL pointer, an unknown format, a bad options struct */
  PAIBAN_IO_ERROR = 3,         /* a font folder cannot be read */
  PAIBAN_INTERNAL_ERROR = 4    /* out of memory, or a bug in paiban */
} paiban_status;

/* Output formats, combined with |. */
enum { PAIBAN_FORMAT_PDF = 1, PAIBAN_FORMAT_DOCX = 2 };

/* An engine: the fonts (listed once, faces loaded once) and the defaults of every render. */
typedef struct paiban_engine paiban_engine;

/* What one call produced: a status, a message, the outputs and the diagnostics. */
typedef struct paiban_result paiban_result;

typedef struct paiban_engine_options {
  /* sizeof(paiban_engine_options), set by paiban_engine_options_init: lets a newer library
   * accept the struct of an older header. */
  size_t struct_size;
  /* Font files and folders (searched recursively) whose fonts take part before the system's. */
  const char* const* font_dirs;
  size_t font_dir_count;
  /* 1: the fonts fontconfig knows take part (the default); 0: only font_dirs. */
  int system_fonts;
  /* The style of every render unless a render names its own: a built-in style name or a style
   * file path; NULL or "" = each report's own style. */
  const char* default_style;
  /* Seconds since the epoch used as the documents' creation time when a report has no date
   * (SOURCE_DATE_EPOCH); 0 = 2000-01-01. */
  long long source_date_epoch;
  /* Folders from which style files named inside reports (and the sheets they extend) may be
   * read, besides the report's own folder (paiban_render_options.report_dir). */
  const char* const* roots;
  size_t root_count;
} paiban_engine_options;

typedef struct paiban_render_options {
  size_t struct_size; /* sizeof(paiban_render_options), set by paiban_render_options_init */
  unsigned formats;   /* PAIBAN_FORMAT_PDF | PAIBAN_FORMAT_DOCX; default PAIBAN_FORMAT_PDF */
  const char* style;  /* overrides the engine's default_style; NULL = the engine's */
  /* The report's file name for the diagnostics ("report.json"); NULL = none. */
  const char* source_name;
  /* The folder against which style files named inside the report resolve, and from which they
   * may be read; NULL or "" = the current folder. */
  const char* report_dir;
  /* Threads this render may use, the calling one among them (0 and 1: the calling thread alone;
   * default 1): the PDF's fonts and pages are then made at once and the DOCX beside the PDF. The
   * bytes do not depend on it. Keep 1 when renders already run side by side. */
  unsigned threads;
} paiban_render_options;

typedef struct paiban_check_options {
  size_t struct_size; /* sizeof(paiban_check_options), set by paiban_check_options_init */
  const char* style;  /* as in paiban_render_options */
  const char* source_name;
  const char* report_dir;
  int strict; /* 1: violations of the template's cross-check rules are errors, not warnings */
  /* Last year's report as JSON (checks 上年结转 against its 结转下年度); NULL = none. */
  const char* previous_year_json;
  size_t previous_year_json_size;
} paiban_check_options;

/* "0.1.0". Never NULL. */
PAIBAN_API const char* paiban_version(void);

/* For a process whose main work is rendering: sets glibc's allocator so that the memory one render
 * frees serves the next instead of being given back and faulted in again (paiban.h,
 * prepare_process_heap: DOCX renders in a loop 40% faster on a machine of the kind CI uses).
 * Process-wide; never called by the library itself. Returns 1 when set; 0 without glibc or under a
 * sanitizer's allocator. */
PAIBAN_API int paiban_prepare_process_heap(void);

/* The message of the last call on this thread that failed; "" when none has. Valid until the
 * next paiban call on this thread. Never NULL. */
PAIBAN_API const char* paiban_last_error(void);

/* Fill the options with their defaults (and struct_size). */
PAIBAN_API void paiban_engine_options_init(paiban_engine_options* options);
PAIBAN_API void paiban_render_options_init(paiban_render_options* options);
PAIBAN_API void paiban_check_options_init(paiban_check_options* options);

/* Creates an engine. `options` may be NULL (the system's fonts, no defaults). On success *engine
 * is set; on failure it is set to NULL and paiban_last_error says why. */
PAIBAN_API paiban_status paiban_engine_new(const paiban_engine_options* options,
                                           paiban_engine** engine);
PAIBAN_API void paiban_engine_free(paiban_engine* engine);

/* Renders the report `json` (UTF-8, `json_size` bytes) to the formats asked for. `options` may
 * be NULL (PDF only). *result is always set when `result` is not NULL, even on failure (to a
 * result holding the status and message); free it with paiban_result_free. */
PAIBAN_API paiban_status paiban_render(const paiban_engine* engine, const char* json,
                                       size_t json_size, const paiban_render_options* options,
                                       paiban_result** result);

/* Everything render would reject (JSON, style, resolve, table sizing) and the template's
 * cross-check rules, without laying out pages. PAIBAN_OK when no error was found. */
PAIBAN_API paiban_status paiban_check(const paiban_engine* engine, const char* json,
                                      size_t json_size, const paiban_check_options* options,
                                      paiban_result** result);

/* Imports the plain-text form of an annual report; the report is the result's JSON
 * (paiban_result_json). `source_name` labels the diagnostics; may be NULL. */
PAIBAN_API paiban_status paiban_import_text(const char* text, size_t text_size,
                                            const char* source_name, paiban_result** result);

/* Accessors. Each accepts NULL (and then returns 0, NULL or "" as stated). */
PAIBAN_API paiban_status paiban_result_status(const paiban_result* result);
/* One line: "" on success, else what failed (the first error diagnostic, formatted). */
PAIBAN_API const char* paiban_result_message(const paiban_result* result);
/* The PDF or DOCX bytes; NULL (and *size 0) when not asked for or when an error occurred. `size`
 * may be NULL. */
PAIBAN_API const unsigned char* paiban_result_pdf(const paiban_result* result, size_t* size);
PAIBAN_API const unsigned char* paiban_result_docx(const paiban_result* result, size_t* size);
/* The imported report as JSON text (NUL-terminated); NULL when there is none. */
PAIBAN_API const char* paiban_result_json(const paiban_result* result, size_t* size);
/* The diagnostics as a JSON array (NUL-terminated, UTF-8), never NULL: each element is
 * {"severity": "error"|"warning", "file": "", "line": 0, "column": 0, "pointer": "",
 *  "message": "", "hint": ""} with line and column 1-based (0 = unknown) and pointer a JSON
 * Pointer (RFC 6901) into the report. */
PAIBAN_API const char* paiban_result_diagnostics_json(const paiban_result* result);
PAIBAN_API size_t paiban_result_diagnostic_count(const paiban_result* result);
PAIBAN_API void paiban_result_free(paiban_result* result);

#ifdef __cplusplus
}
#endif

#endif /* PAIBAN_PAIBAN_C_H_ */
