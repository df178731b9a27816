/* SPDX-License-Identifier: MIT */
/*
 * test.h -- assertions and helpers for the shim's unit tests.
 * Every test runs real sockets on loopback (127.0.0.1, ::1) or AF_UNIX in a
 * temporary directory; nothing else is ever contacted.
 */
#ifndef PSOCK_TEST_H
#define PSOCK_TEST_H

#include "psock.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_IMPL(name) int test_##name(void)
#define TEST_SKIPPED 77

#include <setjmp.h>

void test_fail(const char *file, int line, const char *fmt, ...);
/* Where test_fail returns to when tests run in the runner's own process
 * (Windows); NULL when each test has a process to end. */
extern jmp_buf *test_fail_jump;
int test_skip(const char *reason);
void test_note(const char *fmt, ...);
/* The running test's name, for failure reports (support.c). */
extern const char *test_current_name;
/* Remove the test's temporary directory, if tmp_path made one. */
void test_tmpdir_cleanup(void);

#define ASSERT(expr)                                                           \
  do {                                                                         \
    if (!(expr))                                                               \
      test_fail(__FILE__, __LINE__, "assertion failed: %s", #expr);            \
  } while (0)

#define ASSERT_EQ(a, b)                                                        \
  do {                                                                         \
    long long a_ = (long long)(a), b_ = (long long)(b);                        \
    if (a_ != b_)                                                              \
      test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_); \
  } while (0)

/* A psock call that must succeed (return >= 0). */
#define ASSERT_OK(expr)                                                        \
  do {                                                                         \
    long long r_ = (long long)(expr);                                          \
    if (r_ < 0)                                                                \
      test_fail(__FILE__, __LINE__, "%s failed: %s (%s)", #expr,               \
                psock_err_name((int)r_), psock_strerror((int)r_));             \
  } while (0)

/* A psock call that must fail with a given portable code. */
#define ASSERT_ERR(expr, code)                                                 \
  do {                                                                         \
    long long r_ = (long long)(expr);                                          \
    if (r_ != (long long)(code))                                               \
      test_fail(__FILE__, __LINE__, "%s: expected %s, got %lld (%s)", #expr,   \
                psock_err_name(code), r_, psock_err_name((int)r_));            \
  } while (0)

#define ASSERT_VALID(s)                                                        \
  do {                                                                         \
    if (!psock_valid(s))                                                       \
      test_fail(__FILE__, __LINE__, "%s: no socket: %s", #s,                   \
                psock_err_name(psock_last_error(PSOCK_NONE)));                 \
  } while (0)

#define ASSERT_STR_EQ(a, b)                                                    \
  do {                                                                         \
    const char *a_ = (a), *b_ = (b);                                           \
    if (strcmp(a_, b_) != 0)                                                   \
      test_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b, a_,  \
                b_);                                                           \
  } while (0)

#define ASSERT_MEM_EQ(a, b, n) ASSERT(memcmp((a), (b), (n)) == 0)

/* ---- helpers (helpers.c) ------------------------------------------------ */

/* "127.0.0.1" or "::1". */
const char *loopback(int domain);
/* A stream listener on loopback port 0; its port in *port. */
psock_t listener(int domain, int *port);
/* A connected stream pair through a real listen/connect/accept. */
void connected(int domain, psock_t *client, psock_t *server);
/* Write all of buf or fail the test. */
void write_all(psock_t s, const void *buf, size_t len);
/* NULL when AF_UNIX sockets of this type can be created here, otherwise
 * why not (for test_skip). */
const char *af_unix_missing(int type);
/* 1 if ::1 can be bound here. */
int have_ipv6(void);
/* A path inside this test's temporary directory. */
const char *tmp_path(const char *name);

/* ---- platform helpers (posix/ or win32/ platform.c) --------------------- */

/* Descriptors/handles the OS has open for this process, -1 if unknown. */
long test_os_open_count(void);
/* Create a fresh temporary directory; its path. */
const char *test_make_tmpdir(void);
/* Remove the directory and the files in it. */
void test_remove_tmpdir(const char *dir);
void test_sleep_ms(int ms);
/* "linux x86_64 glibc 2.36", for the run's first line. */
const char *test_platform_description(void);
/* The C library ("glibc", "musl", "libsystem", "ucrt", "msvcrt") and the OS
 * ("linux", "macos", "windows", else "other") the tests were built for:
 * what per-platform expectations are keyed by (test-errors.c). */
const char *test_c_library(void);
const char *test_os_name(void);
/* 1 when the tests run under Wine, whose emulation differs from Windows in
 * a few recorded ways (tests name them rather than work around them). */
int test_under_wine(void);
/* 1 when valgrind runs the tests (the memcheck.* tests say so): it cannot
 * honour a 2 GiB buffer, and it keeps descriptors of its own. */
int test_under_valgrind(void);
/* Threads, for the tests that share sockets between them. */
typedef struct test_thread test_thread;
test_thread *test_thread_start(void (*fn)(void *), void *arg);
void test_thread_join(test_thread *t);
/* Milliseconds from a monotonic clock, for deadlines. */
long long test_now_ms(void);
/* Run one test: in a child process on POSIX, in this process on Windows.
 * Returns 0 pass, TEST_SKIPPED, or another value for failure. */
int test_run_isolated(int (*fn)(void), int timeout_seconds);

#endif
