/* SPDX-License-Identifier: MIT */
/* socket_create and socket_create_listen. */
#include "test.h"

TEST_IMPL(create_domains_and_types) {
  static const int domains[] = {PSOCK_AF_INET, PSOCK_AF_INET6, PSOCK_AF_UNIX};
  static const int types[] = {PSOCK_SOCK_STREAM, PSOCK_SOCK_DGRAM};
  size_t d, t;
  for (d = 0; d < 3; d++) {
    for (t = 0; t < 2; t++) {
      int so_type = 0;
      psock_t s = psock_create(domains[d], types[t], 0);
      if (domains[d] == PSOCK_AF_INET6 && !psock_valid(s) &&
          psock_last_error(PSOCK_NONE) == PSOCK_EAFNOSUPPORT)
        continue; /* no IPv6 in this kernel */
      if (domains[d] == PSOCK_AF_UNIX && af_unix_missing(types[t]) != NULL) {
        test_note("%s", af_unix_missing(types[t]));
        continue;
      }
      ASSERT_VALID(s);
      ASSERT_EQ(psock_domain(s), domains[d]);
      ASSERT_EQ(psock_type(s), types[t]);
      ASSERT_EQ(psock_is_nonblocking(s), 0); /* sockets start blocking */
      ASSERT_OK(psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_TYPE, &so_type,
                                 sizeof so_type));
      ASSERT_EQ(so_type, types[t]);
      ASSERT_OK(psock_close(s));
    }
  }
  /* protocol by number (getprotobyname('tcp') is 6) or SOL_TCP/SOL_UDP */
  {
    psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, PSOCK_SOL_TCP);
    psock_t u = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, PSOCK_SOL_UDP);
    ASSERT_VALID(s);
    ASSERT_VALID(u);
    ASSERT_OK(psock_close(s));
    ASSERT_OK(psock_close(u));
  }
  return 0;
}

TEST_IMPL(create_bad_arguments) {
  ASSERT(!psock_valid(psock_create(0, PSOCK_SOCK_STREAM, 0)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EAFNOSUPPORT);
  ASSERT(!psock_valid(psock_create(12345, PSOCK_SOCK_STREAM, 0)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EAFNOSUPPORT);
  ASSERT(!psock_valid(psock_create(-1, PSOCK_SOCK_STREAM, 0)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EAFNOSUPPORT);
  ASSERT(!psock_valid(psock_create(PSOCK_AF_INET, 999, 0)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_ESOCKTNOSUPPORT);
  ASSERT(!psock_valid(psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, -1)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EPROTONOSUPPORT);
  /* TCP over a datagram socket: the system's own refusal, portable. */
  ASSERT(!psock_valid(
      psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, PSOCK_SOL_TCP)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EPROTONOSUPPORT);
  ASSERT(psock_last_native_error(PSOCK_NONE) != 0);
  return 0;
}

TEST_IMPL(create_listen_loopback) {
  char host[PSOCK_ADDRSTRLEN];
  int port;
  psock_t c, a, l = psock_create_listen("127.0.0.1", 0, 5);
  ASSERT_VALID(l);
  ASSERT_OK(psock_getsockname(l, host, sizeof host, &port));
  ASSERT_STR_EQ(host, "127.0.0.1");
  ASSERT(port > 0);
  ASSERT_EQ(psock_listen_backlog(l), 5);
  c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_OK(psock_connect(c, "127.0.0.1", port));
  a = psock_accept(l);
  ASSERT_VALID(a);
  /* The server closes first, so its side of the connection waits in
   * TIME_WAIT on this port; a restarted server must still get the port. */
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  l = psock_create_listen("127.0.0.1", port, 5);
  ASSERT_VALID(l);
  ASSERT_OK(psock_close(l));
  return 0;
}

/* PHP's socket_create_listen binds every interface; NULL does the same. The
 * test only binds; it connects through loopback alone. */
TEST_IMPL(create_listen_any_address) {
  char host[PSOCK_ADDRSTRLEN];
  int port;
  psock_t c, a, l = psock_create_listen(NULL, 0, PSOCK_SOMAXCONN);
  ASSERT_VALID(l);
  ASSERT_OK(psock_getsockname(l, host, sizeof host, &port));
  ASSERT_STR_EQ(host, "0.0.0.0");
  ASSERT_EQ(psock_listen_backlog(l), psock_listen_max_backlog());
  c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_OK(psock_connect(c, "127.0.0.1", port));
  a = psock_accept(l);
  ASSERT_VALID(a);
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  return 0;
}

TEST_IMPL(create_listen_port_in_use) {
  int port;
  size_t before;
  psock_t l = listener(PSOCK_AF_INET, &port);
  before = psock_open_count();
  ASSERT(!psock_valid(psock_create_listen("127.0.0.1", port, 1)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EADDRINUSE);
  ASSERT_EQ(psock_open_count(), before); /* nothing left open */
  ASSERT(!psock_valid(psock_create_listen("127.0.0.1", 70000, 1)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EINVAL);
  ASSERT(!psock_valid(psock_create_listen("localhost", 0, 1)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EINVAL); /* no DNS */
  ASSERT_OK(psock_close(l));
  return 0;
}
