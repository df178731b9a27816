/* SPDX-License-Identifier: MIT */
/* socket_connect. */
#include "test.h"

TEST_IMPL(connect_refused) {
  int port;
  psock_t l = listener(PSOCK_AF_INET, &port);
  psock_t c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_OK(psock_close(l)); /* the port is now closed on loopback */
  ASSERT_ERR(psock_connect(c, "127.0.0.1", port), PSOCK_ECONNREFUSED);
  ASSERT_EQ(psock_last_error(c), PSOCK_ECONNREFUSED);
  ASSERT_OK(psock_close(c));
  return 0;
}

/* A nonblocking connect reports EINPROGRESS (or completes at once on
 * loopback); select says when it is done, SO_ERROR how it went. */
TEST_IMPL(connect_nonblocking) {
  int port, rc, err = -1;
  psock_t w[1];
  size_t nw = 1;
  psock_t a, l = listener(PSOCK_AF_INET, &port);
  psock_t c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_OK(psock_set_nonblock(c));
  rc = psock_connect(c, "127.0.0.1", port);
  ASSERT(rc == 0 || rc == PSOCK_EINPROGRESS);
  w[0] = c;
  ASSERT_EQ(psock_select(NULL, NULL, w, &nw, NULL, NULL, 5, 0), 1);
  ASSERT_OK(
      psock_get_option(c, PSOCK_SOL_SOCKET, PSOCK_SO_ERROR, &err, sizeof err));
  ASSERT_EQ(err, 0);
  a = psock_accept(l);
  ASSERT_VALID(a);
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(c));

  /* The same to a closed port: SO_ERROR says ECONNREFUSED, portably. */
  c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_OK(psock_close(l));
  ASSERT_OK(psock_set_nonblock(c));
  rc = psock_connect(c, "127.0.0.1", port);
  if (rc == PSOCK_EINPROGRESS) {
    nw = 1;
    w[0] = c;
    ASSERT_EQ(psock_select(NULL, NULL, w, &nw, NULL, NULL, 5, 0), 1);
    ASSERT_OK(psock_get_option(c, PSOCK_SOL_SOCKET, PSOCK_SO_ERROR, &err,
                               sizeof err));
    ASSERT_EQ(err, PSOCK_ECONNREFUSED);
  } else {
    ASSERT_EQ(rc, PSOCK_ECONNREFUSED);
  }
  ASSERT_OK(psock_close(c));
  return 0;
}

TEST_IMPL(connect_unix_missing_path) {
  psock_t c;
  if (af_unix_missing(PSOCK_SOCK_STREAM) != NULL)
    return test_skip(af_unix_missing(PSOCK_SOCK_STREAM));
  c = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0);
  ASSERT_ERR(psock_connect(c, tmp_path("nobody-here.sock"), 0), PSOCK_ENOENT);
  ASSERT_ERR(psock_connect(c, NULL, 0), PSOCK_EINVAL);
  ASSERT_OK(psock_close(c));
  return 0;
}

TEST_IMPL(connect_already_connected) {
  char host[PSOCK_ADDRSTRLEN];
  int port;
  psock_t c, s;
  connected(PSOCK_AF_INET, &c, &s);
  ASSERT_OK(psock_getpeername(c, host, sizeof host, &port));
  ASSERT_ERR(psock_connect(c, host, port), PSOCK_EISCONN);
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(s));
  return 0;
}
