/* SPDX-License-Identifier: MIT */
/* Handles: stale, forged and NONE handles fail cleanly with EBADF. */
#include "test.h"

TEST_IMPL(handles_none_is_invalid) {
  ASSERT(!psock_valid(PSOCK_NONE));
  ASSERT_ERR(psock_close(PSOCK_NONE), PSOCK_EBADF);
  ASSERT(!psock_valid(psock_accept(PSOCK_NONE)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EBADF);
  return 0;
}

/* Every function that takes a socket, given a closed one. */
TEST_IMPL(handles_closed_handle_every_function) {
  char buf[64], addr[PSOCK_ADDRSTRLEN];
  int port, v = 1;
  psock_iovec_t iov;
  psock_msg_t msg;
  psock_linger_t lg = {0, 0};
  size_t one = 1;
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  psock_t set[1];
  ASSERT_VALID(s);
  ASSERT_OK(psock_close(s));
  ASSERT(!psock_valid(s));

  /* Assigned: MSVC /W4 calls a local's address in an initialiser a
   * nonstandard extension (C4221). */
  iov.base = buf;
  iov.len = sizeof buf;
  memset(&msg, 0, sizeof msg);
  msg.iov = &iov;
  msg.iov_count = 1;
  ASSERT_ERR(psock_close(s), PSOCK_EBADF);
  ASSERT_ERR(psock_bind(s, "127.0.0.1", 0), PSOCK_EBADF);
  ASSERT_ERR(psock_listen(s, 1), PSOCK_EBADF);
  ASSERT_ERR(psock_listen_backlog(s), PSOCK_EBADF);
  ASSERT(!psock_valid(psock_accept(s)));
  ASSERT_ERR(psock_connect(s, "127.0.0.1", 9), PSOCK_EBADF);
  ASSERT_ERR(psock_shutdown(s, 2), PSOCK_EBADF);
  ASSERT_ERR(psock_set_block(s), PSOCK_EBADF);
  ASSERT_ERR(psock_set_nonblock(s), PSOCK_EBADF);
  ASSERT_ERR(psock_is_nonblocking(s), PSOCK_EBADF);
  ASSERT_ERR(psock_getsockname(s, addr, sizeof addr, &port), PSOCK_EBADF);
  ASSERT_ERR(psock_getpeername(s, addr, sizeof addr, &port), PSOCK_EBADF);
  ASSERT_ERR(psock_domain(s), PSOCK_EBADF);
  ASSERT_ERR(psock_type(s), PSOCK_EBADF);
  ASSERT_ERR(psock_read(s, buf, sizeof buf, PSOCK_BINARY_READ), PSOCK_EBADF);
  ASSERT_ERR(psock_write(s, "x", 1), PSOCK_EBADF);
  ASSERT_ERR(psock_recv(s, buf, sizeof buf, 0), PSOCK_EBADF);
  ASSERT_ERR(psock_send(s, "x", 1, 0), PSOCK_EBADF);
  ASSERT_ERR(psock_recvfrom(s, buf, sizeof buf, 0, addr, sizeof addr, &port),
             PSOCK_EBADF);
  ASSERT_ERR(psock_sendto(s, "x", 1, 0, "127.0.0.1", 9), PSOCK_EBADF);
  ASSERT_ERR(psock_readv(s, &iov, 1), PSOCK_EBADF);
  ASSERT_ERR(psock_writev(s, &iov, 1), PSOCK_EBADF);
  ASSERT_ERR(psock_recvmsg(s, &msg, 0), PSOCK_EBADF);
  ASSERT_ERR(psock_sendmsg(s, &msg, 0), PSOCK_EBADF);
  ASSERT_ERR(
      psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_REUSEADDR, &v, sizeof v),
      PSOCK_EBADF);
  ASSERT_ERR(
      psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_LINGER, &lg, sizeof lg),
      PSOCK_EBADF);
  set[0] = s;
  ASSERT_ERR(psock_select(set, &one, NULL, NULL, NULL, NULL, 0, 0),
             PSOCK_EBADF);
  ASSERT_EQ(one, 1); /* arrays untouched on error */
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EBADF);
  ASSERT_EQ(psock_last_error(s), PSOCK_EBADF);
  return 0;
}

TEST_IMPL(handles_forged_handles) {
  static const uint64_t forged[] = {1,
                                    2,
                                    0xffffffffu,
                                    0xffffffffffffffffull,
                                    ((uint64_t)1 << 32) | 1,
                                    ((uint64_t)3 << 32) | 0x7fffffffu};
  size_t i;
  for (i = 0; i < sizeof forged / sizeof forged[0]; i++) {
    psock_t s;
    s.id = forged[i];
    if (psock_valid(s))
      continue; /* a live socket of the runner's could own (1<<32)|1 */
    ASSERT_ERR(psock_write(s, "x", 1), PSOCK_EBADF);
    ASSERT_ERR(psock_close(s), PSOCK_EBADF);
  }
  return 0;
}

/* Closing then creating reuses the slot; the old handle must not reach the
 * new socket (the descriptor-reuse hazard of plain fds). */
TEST_IMPL(handles_stale_after_slot_reuse) {
  psock_t a = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  psock_t b;
  ASSERT_VALID(a);
  ASSERT_OK(psock_close(a));
  b = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_VALID(b);
  ASSERT(!psock_same(a, b));
  ASSERT(!psock_valid(a));
  ASSERT_ERR(psock_bind(a, "127.0.0.1", 0), PSOCK_EBADF);
  ASSERT_ERR(psock_close(a), PSOCK_EBADF);
  ASSERT(psock_valid(b)); /* b untouched by the stale calls */
  ASSERT_OK(psock_close(b));
  return 0;
}

TEST_IMPL(handles_open_count) {
  size_t before = psock_open_count();
  psock_t pair[2];
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pair));
  ASSERT_EQ(psock_open_count(), before + 2);
  ASSERT_OK(psock_close(pair[0]));
  ASSERT_EQ(psock_open_count(), before + 1);
  ASSERT_OK(psock_close(pair[1]));
  ASSERT_EQ(psock_open_count(), before);
  return 0;
}

/* More sockets than one chunk of the table holds, then all closed. */
TEST_IMPL(handles_many_sockets) {
  enum { N = 600 };
  static psock_t s[N];
  size_t i, j;
  for (i = 0; i < N; i++) {
    s[i] = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
    if (!psock_valid(s[i])) {
      /* A low descriptor limit is an honest end, not a failure. */
      ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EMFILE);
      break;
    }
  }
  ASSERT(i >= 200);
  for (j = 0; j < i; j++)
    ASSERT(!psock_same(s[j], s[(j + 1) % i]) || i == 1);
  for (j = 0; j < i; j++)
    ASSERT_OK(psock_close(s[j]));
  return 0;
}
