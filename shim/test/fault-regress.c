/* SPDX-License-Identifier: MIT */
/*
 * fault-regress.c -- regression tests for the defects the torture runner
 * found: each arms the fault that exposed one and checks psock.h's promise.
 * They need the fault-injection build, so they are TEST_LIST_FAULT's
 * (test-list.h), built into psock_torture and run by CTest as
 * `psock_torture --test NAME`.
 */
#include "test.h"

#include "internal.h"
#include "fault.h"

/* Injection control, named for the site. */
#define FAIL_NEXT(site, native)                                                \
  do {                                                                         \
    psock__fault_reset();                                                      \
    psock__fault_arm(PSOCK__SITE_##site, 1, (native));                         \
  } while (0)

/* getaddrinfo without memory while parsing a scoped IPv6 literal was
 * reported as PSOCK_EINVAL: a valid address called malformed. */
TEST_IMPL(regress_fault_scoped_literal_out_of_memory) {
  psock_t u;
  if (!have_ipv6())
    return test_skip("no ::1 here");
  u = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_DGRAM, 0);
  ASSERT_VALID(u);
  FAIL_NEXT(getaddrinfo, EAI_MEMORY);
  ASSERT_ERR(psock_bind(u, "::1%1", 0), PSOCK_ENOMEM);
  ASSERT_EQ(psock_last_error(u), PSOCK_ENOMEM);
  ASSERT(psock__fault_fired());
  /* Memory back: the same literal binds. */
  ASSERT_OK(psock_bind(u, "::1%1", 0));
  ASSERT_OK(psock_close(u));
  return 0;
}

/* A select past the stack's entries needs the thread's buffer, whose key
 * was made under pthread_once: when pthread_create_key failed once (EAGAIN:
 * the process's keys used up for a moment), every later such select failed
 * with PSOCK_ENOMEM for the rest of the process. */
#define SELECT_PAIRS 140 /* 280 sockets: past select's 256 on the stack */
TEST_IMPL(regress_fault_select_key_made_again) {
  static psock_t pairs[SELECT_PAIRS][2];
  psock_t set[SELECT_PAIRS * 2];
  size_t i, count;
  for (i = 0; i < SELECT_PAIRS; i++)
    ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pairs[i]));
  ASSERT_EQ(psock_write(pairs[5][0], "x", 1), 1);
  for (i = 0; i < SELECT_PAIRS * 2; i++)
    set[i] = pairs[i / 2][i % 2];
  count = SELECT_PAIRS * 2;
  FAIL_NEXT(key_create, EAGAIN);
  ASSERT_ERR(psock_select(set, &count, NULL, NULL, NULL, NULL, 0, 0),
             PSOCK_ENOMEM);
  ASSERT(psock__fault_fired());
  ASSERT_EQ(count, SELECT_PAIRS * 2); /* untouched */
  /* The system has keys again: select works. */
  ASSERT_EQ(psock_select(set, &count, NULL, NULL, NULL, NULL, 5, 0), 1);
  ASSERT_EQ(count, 1);
  ASSERT(psock_same(set[0], pairs[5][1]));
  for (i = 0; i < SELECT_PAIRS; i++) {
    ASSERT_OK(psock_close(pairs[i][0]));
    ASSERT_OK(psock_close(pairs[i][1]));
  }
  return 0;
}
