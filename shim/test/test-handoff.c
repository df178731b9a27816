/* SPDX-License-Identifier: MIT */
/* The out-of-band mark (psock_atmark) and handing OS sockets in and out
 * (psock_export, psock_import). The import of descriptors psock does not
 * hold is in posix/test-posix.c: making one needs the OS's own calls. */
#include "test.h"

/* Urgent data behind ordinary bytes: not at the mark until they are read,
 * then at it; the urgent byte itself is read with MSG_OOB. */
TEST_IMPL(handoff_atmark_before_and_at_the_mark) {
  psock_t c, a, except[1];
  size_t n_except = 1;
  char buf[16];
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_EQ(psock_send(c, "abc", 3, 0), 3);
  ASSERT_EQ(psock_send(c, "!", 1, PSOCK_MSG_OOB), 1);
  except[0] = a;
  ASSERT_EQ(psock_select(NULL, NULL, NULL, NULL, except, &n_except, 5, 0), 1);
  ASSERT_EQ(psock_atmark(a), 0);
  ASSERT_EQ(psock_recv(a, buf, 3, 0), 3);
  ASSERT_MEM_EQ(buf, "abc", 3);
  ASSERT_EQ(psock_atmark(a), 1);
  ASSERT_EQ(psock_recv(a, buf, 1, PSOCK_MSG_OOB), 1);
  ASSERT_EQ(buf[0], '!');
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(a));
  return 0;
}

TEST_IMPL(handoff_atmark_bad_handles) {
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_ERR(psock_atmark(PSOCK_NONE), PSOCK_EBADF);
  ASSERT_VALID(s);
  ASSERT_OK(psock_close(s));
  ASSERT_ERR(psock_atmark(s), PSOCK_EBADF);
  return 0;
}

/* The OS socket lent out is the handle's: it carries the connection, and
 * the handle stays usable. */
TEST_IMPL(handoff_export_lends_the_socket) {
  psock_t c, a;
  uintptr_t os = 0, again = 1;
  char buf[8];
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_OK(psock_export(c, &os));
  ASSERT_OK(psock_export(c, &again));
  ASSERT_EQ(os, again); /* lent, not duplicated */
  ASSERT_EQ(psock_write(c, "hi", 2), 2);
  ASSERT_EQ(psock_read(a, buf, sizeof buf, PSOCK_BINARY_READ), 2);
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(a));
  return 0;
}

TEST_IMPL(handoff_export_bad_input) {
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  uintptr_t os = 7;
  ASSERT_VALID(s);
  ASSERT_ERR(psock_export(s, NULL), PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(s), PSOCK_EINVAL);
  ASSERT_OK(psock_close(s));
  ASSERT_ERR(psock_export(s, &os), PSOCK_EBADF);
  ASSERT_EQ(os, 7); /* untouched */
  ASSERT_ERR(psock_export(PSOCK_NONE, &os), PSOCK_EBADF);
  return 0;
}

/* What is not an open socket is refused and nothing is made: POSIX says
 * EBADF for a number no descriptor has, Winsock WSAENOTSOCK. */
TEST_IMPL(handoff_import_bad_input) {
  size_t open = psock_open_count();
  int e;
  ASSERT(!psock_valid(psock_import(UINTPTR_MAX)));
  e = psock_last_error(PSOCK_NONE);
  ASSERT(e == PSOCK_EBADF || e == PSOCK_ENOTSOCK);
  ASSERT(!psock_valid(psock_import((uintptr_t)INT32_MAX)));
  e = psock_last_error(PSOCK_NONE);
  ASSERT(e == PSOCK_EBADF || e == PSOCK_ENOTSOCK);
  ASSERT_EQ(psock_open_count(), open);
  return 0;
}
