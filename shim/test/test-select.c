/* SPDX-License-Identifier: MIT */
/* socket_select with PHP's in/out arrays. */
#include "test.h"

TEST_IMPL(select_readable) {
  psock_t a, b, c, d;
  psock_t r[3];
  size_t nr = 3;
  connected(PSOCK_AF_INET, &a, &b);
  connected(PSOCK_AF_INET, &c, &d);
  r[0] = b;
  r[1] = d;
  r[2] = a;
  ASSERT_EQ(psock_select(r, &nr, NULL, NULL, NULL, NULL, 0, 0), 0);
  ASSERT_EQ(nr, 0);
  write_all(c, "x", 1);
  r[0] = b;
  r[1] = d;
  r[2] = a;
  nr = 3;
  ASSERT_EQ(psock_select(r, &nr, NULL, NULL, NULL, NULL, 2, 0), 1);
  ASSERT_EQ(nr, 1);
  ASSERT(psock_same(r[0], d)); /* only the ready one stays */
  /* End of stream is readable too. */
  ASSERT_OK(psock_close(a));
  r[0] = b;
  nr = 1;
  ASSERT_EQ(psock_select(r, &nr, NULL, NULL, NULL, NULL, 2, 0), 1);
  ASSERT_OK(psock_close(b));
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(d));
  return 0;
}

TEST_IMPL(select_writable_and_timeout) {
  psock_t a, b;
  psock_t r[1], w[2];
  size_t nr = 1, nw = 2;
  int port;
  psock_t l = listener(PSOCK_AF_INET, &port);
  connected(PSOCK_AF_INET, &a, &b);
  r[0] = l;
  w[0] = a;
  w[1] = b;
  ASSERT_EQ(psock_select(r, &nr, w, &nw, NULL, NULL, 0, 0), 2);
  ASSERT_EQ(nr, 0); /* no connection pending on l */
  ASSERT_EQ(nw, 2);
  /* A short timeout with nothing to report returns 0. */
  r[0] = l;
  nr = 1;
  ASSERT_EQ(psock_select(r, &nr, NULL, NULL, NULL, NULL, 0, 50000), 0);
  ASSERT_EQ(nr, 0);
  /* A pending connection makes the listener readable. */
  {
    psock_t c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
    psock_t x;
    ASSERT_OK(psock_connect(c, "127.0.0.1", port));
    r[0] = l;
    nr = 1;
    ASSERT_EQ(psock_select(r, &nr, NULL, NULL, NULL, NULL, 2, 0), 1);
    x = psock_accept(l);
    ASSERT_VALID(x);
    ASSERT_OK(psock_close(x));
    ASSERT_OK(psock_close(c));
  }
  /* All arrays empty: a pure sleep. */
  ASSERT_EQ(psock_select(NULL, NULL, NULL, NULL, NULL, NULL, 0, 1000), 0);
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(b));
  ASSERT_OK(psock_close(l));
  return 0;
}

TEST_IMPL(select_except_oob) {
  char c;
  psock_t a, b;
  psock_t e[1];
  size_t ne = 1;
  connected(PSOCK_AF_INET, &a, &b);
  e[0] = b;
  ASSERT_EQ(psock_select(NULL, NULL, NULL, NULL, e, &ne, 0, 0), 0);
  ASSERT_EQ(psock_send(a, "!", 1, PSOCK_MSG_OOB), 1);
  e[0] = b;
  ne = 1;
  ASSERT_EQ(psock_select(NULL, NULL, NULL, NULL, e, &ne, 2, 0), 1);
  ASSERT_EQ(psock_recv(b, &c, 1, PSOCK_MSG_OOB), 1);
  ASSERT_EQ(c, '!');
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(b));
  return 0;
}

TEST_IMPL(select_bad_arguments) {
  psock_t a, b;
  psock_t r[2];
  size_t nr = 2;
  connected(PSOCK_AF_INET, &a, &b);
  r[0] = a;
  r[1] = PSOCK_NONE;
  ASSERT_ERR(psock_select(r, &nr, NULL, NULL, NULL, NULL, 0, 0), PSOCK_EBADF);
  ASSERT_EQ(nr, 2);
  ASSERT(psock_same(r[0], a));
  nr = 1;
  ASSERT_ERR(psock_select(r, &nr, NULL, NULL, NULL, NULL, 0, -1), PSOCK_EINVAL);
  ASSERT_ERR(psock_select(r, &nr, NULL, NULL, NULL, NULL, 0, 1000000),
             PSOCK_EINVAL);
  ASSERT_ERR(psock_select(NULL, &nr, NULL, NULL, NULL, NULL, 0, 0),
             PSOCK_EINVAL);
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(b));
  return 0;
}

/* A thread that selected past the stack's 256 entries has a buffer of its
 * own; it is freed when the thread ends (LeakSanitizer and valgrind check
 * the process for it). */
#define BIG_SET_PAIRS 140
static psock_t big_set_pairs[BIG_SET_PAIRS][2];
static int big_set_ready;

static void select_big_set(void *arg) {
  psock_t set[BIG_SET_PAIRS * 2];
  size_t i, count = BIG_SET_PAIRS * 2;
  (void)arg;
  for (i = 0; i < count; i++)
    set[i] = big_set_pairs[i / 2][i % 2];
  big_set_ready = psock_select(set, &count, NULL, NULL, NULL, NULL, 5, 0);
}

TEST_IMPL(select_thread_buffers_freed) {
  size_t i;
  for (i = 0; i < BIG_SET_PAIRS; i++)
    ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0,
                                big_set_pairs[i]));
  write_all(big_set_pairs[9][1], "x", 1);
  test_thread_join(test_thread_start(select_big_set, NULL));
  ASSERT_EQ(big_set_ready, 1);
  for (i = 0; i < BIG_SET_PAIRS; i++) {
    ASSERT_OK(psock_close(big_set_pairs[i][0]));
    ASSERT_OK(psock_close(big_set_pairs[i][1]));
  }
  return 0;
}

/* Bytes the line buffer holds make their socket readable at once; the
 * other sockets of the set are asked of the system as usual. */
TEST_IMPL(select_line_buffer_among_others) {
  psock_t a[2], b[2], set[2];
  size_t count = 2;
  char buf[8];
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, a));
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, b));
  write_all(a[0], "x\nyz", 4);
  ASSERT_EQ(psock_read(a[1], buf, sizeof buf, PSOCK_NORMAL_READ), 2);
  set[0] = b[1];
  set[1] = a[1];
  ASSERT_EQ(psock_select(set, &count, NULL, NULL, NULL, NULL, 5, 0), 1);
  ASSERT_EQ(count, 1);
  ASSERT(psock_same(set[0], a[1]));
  ASSERT_OK(psock_close(a[0]));
  ASSERT_OK(psock_close(a[1]));
  ASSERT_OK(psock_close(b[0]));
  ASSERT_OK(psock_close(b[1]));
  return 0;
}
