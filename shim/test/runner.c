/* SPDX-License-Identifier: MIT */
/*
 * runner.c -- runs the tests named on the command line.
 *
 *   psock_tests --list          every test name
 *   psock_tests NAME...         those tests
 *   psock_tests GROUP_          every test whose name starts with GROUP_
 *   psock_tests                 all tests
 *
 * Each test must leave no psock socket and no OS descriptor open; the runner
 * checks both. Exit status: 0 all passed, 77 all skipped, 1 otherwise.
 */
#include "test.h"
#include "test-list.h"

#define DECLARE(name) int test_##name(void);
TEST_LIST(DECLARE)
#if defined(_WIN32)
TEST_LIST_WIN32(DECLARE)
#else
TEST_LIST_POSIX(DECLARE)
#endif
#undef DECLARE

typedef struct test_entry {
  const char *name;
  int (*fn)(void);
} test_entry;

static const test_entry tests[] = {
#define ENTRY(name) {#name, test_##name},
    TEST_LIST(ENTRY)
#if defined(_WIN32)
        TEST_LIST_WIN32(ENTRY)
#else
        TEST_LIST_POSIX(ENTRY)
#endif
#undef ENTRY
};
#define TEST_COUNT (sizeof tests / sizeof tests[0])

/* Runs inside the isolated process: the test plus the leak checks. */
static const test_entry *running;
static int run_checked(void) {
  size_t open_before = psock_open_count();
  long os_before = test_os_open_count();
  int rc = running->fn();
  test_tmpdir_cleanup();
  if (rc == 0 && psock_open_count() != open_before)
    test_fail(__FILE__, __LINE__, "leaked %ld psock socket(s)",
              (long)(psock_open_count() - open_before));
  if (rc == 0 && os_before >= 0 && test_os_open_count() != os_before)
    test_fail(__FILE__, __LINE__, "leaked %ld OS descriptor(s)",
              test_os_open_count() - os_before);
  return rc;
}

static int matches(const char *name, int argc, char **argv) {
  int i;
  if (argc <= 1)
    return 1;
  for (i = 1; i < argc; i++) {
    size_t n = strlen(argv[i]);
    if (strcmp(name, argv[i]) == 0 ||
        (n > 0 && argv[i][n - 1] == '_' && strncmp(name, argv[i], n) == 0))
      return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  size_t i;
  int ran = 0, passed = 0, skipped = 0, failed = 0;

  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc == 2 && strcmp(argv[1], "--list") == 0) {
    for (i = 0; i < TEST_COUNT; i++)
      puts(tests[i].name);
    return 0;
  }
  printf("psock %s tests on %s\n", psock_version(),
         test_platform_description());
  for (i = 0; i < TEST_COUNT; i++) {
    int rc;
    if (!matches(tests[i].name, argc, argv))
      continue;
    running = &tests[i];
    test_current_name = tests[i].name;
    rc = test_run_isolated(run_checked, 30);
    ran++;
    if (rc == 0) {
      passed++;
      printf("ok   %s\n", tests[i].name);
    } else if (rc == TEST_SKIPPED) {
      skipped++;
      printf("skip %s\n", tests[i].name);
    } else {
      failed++;
      printf("FAIL %s (status %d)\n", tests[i].name, rc);
    }
  }
  if (ran == 0) {
    fprintf(stderr, "no test matches\n");
    return 1;
  }
  printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  if (failed > 0)
    return 1;
  return passed == 0 ? TEST_SKIPPED : 0;
}
