/* SPDX-License-Identifier: MIT */
/*
 * support.c -- what every program that runs the unit tests needs around
 * them: failure reports, skips, notes and the test's temporary directory.
 * The runner (runner.c) and the torture runner (torture.c) both link it.
 */
#include "test.h"

#include <stdarg.h>

jmp_buf *test_fail_jump;
const char *test_current_name = "?";
static const char *current_tmpdir;

void test_fail(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "FAIL %s: %s:%d: ", test_current_name, file, line);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
  if (test_fail_jump != NULL)
    longjmp(*test_fail_jump, 1);
  exit(1);
}

int test_skip(const char *reason) {
  printf("  skip reason: %s\n", reason);
  return TEST_SKIPPED;
}

void test_note(const char *fmt, ...) {
  va_list ap;
  printf("  note: ");
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
}

const char *tmp_path(const char *name) {
  static char path[512];
  if (current_tmpdir == NULL)
    current_tmpdir = test_make_tmpdir();
  snprintf(path, sizeof path, "%s/%s", current_tmpdir, name);
  return path;
}

void test_tmpdir_cleanup(void) {
  if (current_tmpdir != NULL) {
    test_remove_tmpdir(current_tmpdir);
    current_tmpdir = NULL;
  }
}
