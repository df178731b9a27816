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
