/* One engine shared by four threads (paiban_c.h: "an engine may be shared by any number of
 * threads"): each thread renders the report to PDF and DOCX several times, two of them with
 * paiban_render_options.threads = 3, and every output must be byte-identical to what one thread
 * rendered alone. Written in C11 so that it is also the check
 * that the header compiles as strict C. POSIX threads rather than <threads.h>: GCC 12's
 * ThreadSanitizer does not intercept thrd_create, so its threads would start unregistered.
 * tools/tsan.sh runs it under ThreadSanitizer; the sanitizer build runs it under AddressSanitizer
 * with leak checking. Usage: c_api_threads_test REPORT.json */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paiban/paiban_c.h"

enum { kThreads = 4, kRendersPerThread = 2 };

typedef struct {
  const paiban_engine* engine;
  const char* json;
  size_t json_size;
  const unsigned char* pdf; /* the single-thread reference */
  size_t pdf_size;
  const unsigned char* docx;
  size_t docx_size;
  unsigned render_threads; /* paiban_render_options.threads of this thread's renders */
  int failures;
} Job;

static void* render_and_compare(void* arg) {
  Job* job = arg;
  for (int i = 0; i < kRendersPerThread; ++i) {
    paiban_render_options options;
    paiban_render_options_init(&options);
    options.formats = PAIBAN_FORMAT_PDF | PAIBAN_FORMAT_DOCX;
    options.threads = job->render_threads;
    paiban_result* result = NULL;
    if (paiban_render(job->engine, job->json, job->json_size, &options, &result) != PAIBAN_OK) {
      fprintf(stderr, "render failed in a thread: %s\n", paiban_result_message(result));
      ++job->failures;
    } else {
      size_t pdf_size = 0, docx_size = 0;
      const unsigned char* pdf = paiban_result_pdf(result, &pdf_size);
      const unsigned char* docx = paiban_result_docx(result, &docx_size);
      if (pdf_size != job->pdf_size || memcmp(pdf, job->pdf, pdf_size) != 0) {
        fprintf(stderr, "a thread's PDF differs (%zu bytes, expected %zu)\n", pdf_size,
                job->pdf_size);
        ++job->failures;
      }
      if (docx_size != job->docx_size || memcmp(docx, job->docx, docx_size) != 0) {
        fprintf(stderr, "a thread's DOCX differs (%zu bytes, expected %zu)\n", docx_size,
                job->docx_size);
        ++job->failures;
      }
    }
    paiban_result_free(result);
  }
  return NULL;
}

static char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  char* data = NULL;
  if (fseek(f, 0, SEEK_END) == 0) {
    const long n = ftell(f);
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1)) != NULL) {
      *size = fread(data, 1, (size_t)n, f);
    }
  }
  fclose(f);
  return data;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: c_api_threads_test REPORT.json\n");
    return 2;
  }
  size_t json_size = 0;
  char* json = read_file(argv[1], &json_size);
  if (json == NULL) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  paiban_engine* engine = NULL;
  if (paiban_engine_new(NULL, &engine) != PAIBAN_OK) {
    fprintf(stderr, "paiban_engine_new: %s\n", paiban_last_error());
    free(json);
    return 1;
  }

  /* The reference: one render on this thread, before any other thread starts. */
  paiban_render_options options;
  paiban_render_options_init(&options);
  options.formats = PAIBAN_FORMAT_PDF | PAIBAN_FORMAT_DOCX;
  paiban_result* reference = NULL;
  if (paiban_render(engine, json, json_size, &options, &reference) != PAIBAN_OK) {
    fprintf(stderr, "reference render failed: %s\n", paiban_result_message(reference));
    paiban_result_free(reference);
    paiban_engine_free(engine);
    free(json);
    return 1;
  }
  Job jobs[kThreads];
  pthread_t threads[kThreads];
  int failures = 0;
  for (int i = 0; i < kThreads; ++i) {
    /* Half the threads render on three threads each: the same bytes, whatever the count. */
    jobs[i] = (Job){engine, json, json_size, NULL, 0, NULL, 0, i % 2 == 0 ? 1u : 3u, 0};
    jobs[i].pdf = paiban_result_pdf(reference, &jobs[i].pdf_size);
    jobs[i].docx = paiban_result_docx(reference, &jobs[i].docx_size);
  }
  if (jobs[0].pdf_size < 1000 || jobs[0].docx_size < 1000) {
    fprintf(stderr, "the reference outputs are too small: %zu, %zu bytes\n", jobs[0].pdf_size,
            jobs[0].docx_size);
    ++failures;
  }
  int started = 0;
  for (; started < kThreads; ++started) {
    if (pthread_create(&threads[started], NULL, render_and_compare, &jobs[started]) != 0) {
      fprintf(stderr, "cannot start thread %d\n", started);
      ++failures;
      break;
    }
  }
  for (int i = 0; i < started; ++i) {
    pthread_join(threads[i], NULL);
    failures += jobs[i].failures;
  }
  paiban_result_free(reference);
  paiban_engine_free(engine);
  free(json);
  if (failures != 0) {
    fprintf(stderr, "%d failures\n", failures);
    return 1;
  }
  printf("%d threads x %d renders: identical to one thread's PDF and DOCX\n", kThreads,
         kRendersPerThread);
  return 0;
}
