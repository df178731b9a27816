/* SPDX-License-Identifier: MIT */
/* socket_listen: clamping, the backlog in force, socket types (spec 003). */
#include "test.h"

TEST_IMPL(listen_backlog_clamped) {
  static const int asked[] = {-5, -1, 0, 1, 7, 0x7ffffffe, PSOCK_SOMAXCONN};
  int max = psock_listen_max_backlog();
  size_t i;
  ASSERT(max > 0);
  for (i = 0; i < sizeof asked / sizeof asked[0]; i++) {
    int expected = asked[i] < 0 ? 0 : asked[i] > max ? max : asked[i];
    psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
    ASSERT_OK(psock_bind(s, "127.0.0.1", 0));
    ASSERT_OK(psock_listen(s, asked[i]));
    ASSERT_EQ(psock_listen_backlog(s), expected);
    ASSERT_OK(psock_close(s));
  }
  return 0;
}

TEST_IMPL(listen_backlog_in_force) {
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_ERR(psock_listen_backlog(s), PSOCK_EINVAL); /* not listening */
  ASSERT_OK(psock_bind(s, "127.0.0.1", 0));
  ASSERT_OK(psock_listen(s, 3));
  ASSERT_EQ(psock_listen_backlog(s), 3);
  ASSERT_OK(psock_listen(s, 9)); /* listening again changes it */
  ASSERT_EQ(psock_listen_backlog(s), 9);
  ASSERT_OK(psock_close(s));
  return 0;
}

/* spec 003: "socket_listen ne fonctionne qu'avec des sockets de type
 * SOCK_STREAM et SOCK_SEQPACKET". */
TEST_IMPL(listen_dgram_refused) {
  psock_t u = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_OK(psock_bind(u, "127.0.0.1", 0));
  ASSERT_ERR(psock_listen(u, 1), PSOCK_EOPNOTSUPP);
  ASSERT_ERR(psock_listen_backlog(u), PSOCK_EINVAL);
  ASSERT_OK(psock_close(u));
  if (af_unix_missing(PSOCK_SOCK_DGRAM) == NULL) {
    psock_t x = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_DGRAM, 0);
    ASSERT_ERR(psock_listen(x, 1), PSOCK_EOPNOTSUPP);
    ASSERT_OK(psock_close(x));
  } else {
    test_note("%s", af_unix_missing(PSOCK_SOCK_DGRAM));
  }
  if (psock_supports(PSOCK_KIND_TYPE, PSOCK_SOCK_SEQPACKET) == 1) {
    psock_t q = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_SEQPACKET, 0);
    ASSERT_VALID(q);
    ASSERT_OK(psock_bind(q, tmp_path("seq.sock"), 0));
    ASSERT_OK(psock_listen(q, 2));
    ASSERT_OK(psock_close(q));
  }
  return 0;
}

/* spec 003: "Un nombre maximum de backlog connexions seront mises en
 * attente": with nobody accepting, connections up to the backlog complete
 * (Linux queues backlog + 1); the queue is bounded, so nonblocking connects
 * beyond it do not all complete. */
TEST_IMPL(listen_queue_holds_backlog) {
  enum { BACKLOG = 2, TRIES = 12 };
  psock_t c[TRIES];
  int port, i, completed = 0;
  psock_t l = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  char host[PSOCK_ADDRSTRLEN];
  ASSERT_OK(psock_bind(l, "127.0.0.1", 0));
  ASSERT_OK(psock_listen(l, BACKLOG));
  ASSERT_OK(psock_getsockname(l, host, sizeof host, &port));
  for (i = 0; i < TRIES; i++) {
    int rc;
    c[i] = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
    ASSERT_OK(psock_set_nonblock(c[i]));
    rc = psock_connect(c[i], "127.0.0.1", port);
    ASSERT(rc == 0 || rc == PSOCK_EINPROGRESS || rc == PSOCK_ECONNREFUSED ||
           rc == PSOCK_EWOULDBLOCK);
  }
  test_sleep_ms(100);
  for (i = 0; i < TRIES; i++) {
    psock_t w[1];
    size_t nw = 1;
    int err = 0;
    w[0] = c[i];
    if (psock_select(NULL, NULL, w, &nw, NULL, NULL, 0, 0) == 1) {
      ASSERT_OK(psock_get_option(c[i], PSOCK_SOL_SOCKET, PSOCK_SO_ERROR, &err,
                                 sizeof err));
      if (err == 0)
        completed++;
    }
  }
  ASSERT(completed >= BACKLOG);
  ASSERT(completed < TRIES);
  for (i = 0; i < TRIES; i++)
    ASSERT_OK(psock_close(c[i]));
  ASSERT_OK(psock_close(l));
  return 0;
}
