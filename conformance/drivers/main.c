/* SPDX-License-Identifier: MIT */
/*
 * main.c -- a C driver's process: reads request lines of any length from
 * stdin and hands each to drv_serve_line (driver.c); also the self-test
 * operations that make the driver crash or hang on purpose.
 */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void op_driver_abort(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)args;
  (void)as;
  (void)out;
  abort(); /* the harness's own test of crash handling */
}

static void op_driver_hang(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)args;
  (void)as;
  (void)out;
  drv_block_forever();
}

const drv_op drv_selftest_ops[] = {
    {"driver_abort", op_driver_abort},
    {"driver_hang", op_driver_hang},
};
const size_t drv_selftest_op_count =
    sizeof drv_selftest_ops / sizeof drv_selftest_ops[0];

/* One line, however long (a request is one JSON object on one line); NULL
 * at end of input. The buffer is reused and grows as needed. */
static char *read_line(FILE *in) {
  static char *buf;
  static size_t cap;
  size_t len = 0;
  for (;;) {
    if (cap - len < 2) {
      size_t grown = cap == 0 ? 1 << 16 : cap * 2;
      char *p = realloc(buf, grown);
      if (p == NULL) {
        fputs("driver: out of memory reading a request\n", stderr);
        exit(2);
      }
      buf = p;
      cap = grown;
    }
    if (fgets(buf + len, (int)(cap - len > 1 << 30 ? 1 << 30 : cap - len),
              in) == NULL)
      return len > 0 ? buf : NULL;
    len += strlen(buf + len);
    if (len > 0 && buf[len - 1] == '\n')
      return buf;
  }
}

int main(void) {
  const char *line;
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  while ((line = read_line(stdin)) != NULL)
    if (drv_serve_line(line))
      break;
  drv_finish();
  return 0;
}
