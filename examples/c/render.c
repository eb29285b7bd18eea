/* render REPORT.json OUT.pdf OUT.docx — renders a report through paiban's C API.
 *
 * Build against an installed paiban:
 *   cc -std=c11 render.c $(pkg-config --cflags --libs paiban) -o render
 *
 * Exit codes follow the paiban CLI: 0 success, 1 the report has errors, 2 usage, 3 I/O, 4
 * internal. Problems are printed on standard error, one diagnostic a line as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paiban/paiban_c.h"

/* Reads a whole file; NULL on failure. The caller frees the buffer. */
static char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t capacity = 1 << 16, used = 0;
  char* data = malloc(capacity);
  while (data != NULL) {
    used += fread(data + used, 1, capacity - used, f);
    if (used < capacity) break;
    char* bigger = realloc(data, capacity * 2);
    if (bigger == NULL) {
      free(data);
      data = NULL;
      break;
    }
    data = bigger;
    capacity *= 2;
  }
  if (data != NULL && ferror(f)) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = used;
  return data;
}

static int write_file(const char* path, const unsigned char* bytes, size_t size) {
  FILE* f = fopen(path, "wb");
  if (f == NULL) return 0;
  const int ok = fwrite(bytes, 1, size, f) == size;
  return fclose(f) == 0 && ok;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s REPORT.json OUT.pdf OUT.docx\n", argv[0]);
    return 2;
  }
  size_t json_size = 0;
  char* json = read_file(argv[1], &json_size);
  if (json == NULL) {
    fprintf(stderr, "render: cannot read %s\n", argv[1]);
    return 3;
  }

  /* One engine per process: its fonts are listed and loaded once, and it may be shared by
   * threads. */
  paiban_engine_options engine_options;
  paiban_engine_options_init(&engine_options);
  paiban_engine* engine = NULL;
  if (paiban_engine_new(&engine_options, &engine) != PAIBAN_OK) {
    fprintf(stderr, "render: %s\n", paiban_last_error());
    free(json);
    return 4;
  }

  /* Style files named by the report resolve against the report's folder, as with the CLI. */
  char* report_dir = malloc(strlen(argv[1]) + 1);
  if (report_dir == NULL) {
    paiban_engine_free(engine);
    free(json);
    return 4;
  }
  strcpy(report_dir, argv[1]);
  char* slash = strrchr(report_dir, '/');
  if (slash != NULL) {
    *slash = '\0';
  } else {
    report_dir[0] = '\0';
  }

  paiban_render_options options;
  paiban_render_options_init(&options);
  options.formats = PAIBAN_FORMAT_PDF | PAIBAN_FORMAT_DOCX;
  options.source_name = argv[1];
  options.report_dir = report_dir;
  paiban_result* result = NULL;
  const paiban_status status = paiban_render(engine, json, json_size, &options, &result);
  free(json);
  free(report_dir);

  int code = 0;
  if (paiban_result_diagnostic_count(result) > 0) {
    fprintf(stderr, "%s\n", paiban_result_diagnostics_json(result));
  }
  if (status != PAIBAN_OK) {
    fprintf(stderr, "render: %s\n", paiban_result_message(result));
    code = status == PAIBAN_INVALID_INPUT ? 1 : 4;
  } else {
    size_t pdf_size = 0, docx_size = 0;
    const unsigned char* pdf = paiban_result_pdf(result, &pdf_size);
    const unsigned char* docx = paiban_result_docx(result, &docx_size);
    if (!write_file(argv[2], pdf, pdf_size) || !write_file(argv[3], docx, docx_size)) {
      fprintf(stderr, "render: cannot write %s or %s\n", argv[2], argv[3]);
      code = 3;
    }
  }
  paiban_result_free(result);
  paiban_engine_free(engine);
  return code;
}
