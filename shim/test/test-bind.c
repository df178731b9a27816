/* SPDX-License-Identifier: MIT */
/* socket_bind, socket_getsockname, socket_getpeername. */
#include "test.h"

TEST_IMPL(bind_inet_and_names) {
  char host[PSOCK_ADDRSTRLEN];
  int port = -1, cport, sport;
  psock_t c, s;
  psock_t u = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_VALID(u);
  /* Not bound yet: the unspecified address, port 0, on every platform
   * (Winsock itself refuses with WSAEINVAL). */
  ASSERT_OK(psock_getsockname(u, host, sizeof host, &port));
  ASSERT_STR_EQ(host, "0.0.0.0");
  ASSERT_EQ(port, 0);
  ASSERT_OK(psock_bind(u, "127.0.0.1", 0));
  ASSERT_OK(psock_getsockname(u, host, sizeof host, &port));
  ASSERT_STR_EQ(host, "127.0.0.1");
  ASSERT(port > 0 && port <= 65535);
  ASSERT_ERR(psock_getpeername(u, host, sizeof host, &port), PSOCK_ENOTCONN);
  ASSERT_OK(psock_close(u));

  connected(PSOCK_AF_INET, &c, &s);
  ASSERT_OK(psock_getsockname(c, host, sizeof host, &cport));
  ASSERT_OK(psock_getpeername(s, host, sizeof host, &sport));
  ASSERT_STR_EQ(host, "127.0.0.1");
  ASSERT_EQ(cport, sport);
  ASSERT_OK(psock_getpeername(c, host, sizeof host, NULL)); /* port optional */
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(s));
  return 0;
}

TEST_IMPL(bind_inet6) {
  char host[PSOCK_ADDRSTRLEN];
  int port;
  psock_t s;
  if (!have_ipv6())
    return test_skip("::1 cannot be bound on this host");
  s = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(s);
  ASSERT_OK(psock_bind(s, "::1", 0));
  ASSERT_OK(psock_getsockname(s, host, sizeof host, &port));
  ASSERT_STR_EQ(host, "::1");
  ASSERT(port > 0);
  /* An IPv4 literal is not an address of this family. */
  ASSERT_ERR(psock_connect(s, "127.0.0.1", port), PSOCK_EINVAL);
  ASSERT_OK(psock_close(s));
  return 0;
}

/* The scope of a scoped IPv6 name comes back in its numeric form ("%1"),
 * which binds again. The kernel keeps a scope only for addresses that need
 * one: ff01::1, interface-local multicast, on the loopback interface (index
 * 1 on Linux) never leaves the host. */
TEST_IMPL(bind_inet6_scoped_name) {
  char host[PSOCK_ADDRSTRLEN];
  int port, rc;
  psock_t s, again;
  if (!have_ipv6())
    return test_skip("::1 cannot be bound on this host");
  s = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_DGRAM, 0);
  ASSERT_VALID(s);
  rc = psock_bind(s, "ff01::1%1", 0);
#if !defined(__linux__)
  if (rc < 0) {
    ASSERT_OK(psock_close(s));
    return test_skip("binding interface-local multicast on interface 1 is "
                     "Linux's (lo); this system refuses it");
  }
#endif
  ASSERT_OK(rc);
  ASSERT_OK(psock_getsockname(s, host, sizeof host, &port));
  ASSERT_STR_EQ(host, "ff01::1%1");
  ASSERT(port > 0);
  /* Too small a buffer for the scoped name: refused, nothing written. */
  memset(host, '#', sizeof host);
  ASSERT_ERR(psock_getsockname(s, host, strlen("ff01::1%1"), &port),
             PSOCK_ENOBUFS);
  ASSERT_EQ(host[0], '#');
  /* The name as written parses back. */
  again = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_DGRAM, 0);
  ASSERT_VALID(again);
  ASSERT_OK(psock_getsockname(s, host, sizeof host, NULL));
  ASSERT_OK(psock_bind(again, host, 0));
  ASSERT_OK(psock_getsockname(again, host, sizeof host, NULL));
  ASSERT_STR_EQ(host, "ff01::1%1");
  ASSERT_OK(psock_close(again));
  ASSERT_OK(psock_close(s));
  return 0;
}

TEST_IMPL(bind_bad_addresses) {
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(s);
  ASSERT_ERR(psock_bind(s, NULL, 0), PSOCK_EINVAL);
  ASSERT_ERR(psock_bind(s, "", 0), PSOCK_EINVAL);
  ASSERT_ERR(psock_bind(s, "256.0.0.1", 0), PSOCK_EINVAL);
  ASSERT_ERR(psock_bind(s, "::1", 0), PSOCK_EINVAL);
  ASSERT_ERR(psock_bind(s, "localhost", 0), PSOCK_EINVAL);
  ASSERT_ERR(psock_bind(s, "127.0.0.1", -1), PSOCK_EINVAL);
  ASSERT_ERR(psock_bind(s, "127.0.0.1", 65536), PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(s), PSOCK_EINVAL);
  ASSERT_EQ(psock_last_native_error(s), psock_error_to_native(PSOCK_EINVAL));
  /* An address that is not this machine's. Binding is local: no packet. */
  ASSERT_ERR(psock_bind(s, "192.0.2.1", 0), PSOCK_EADDRNOTAVAIL);
  ASSERT_OK(psock_bind(s, "127.0.0.1", 0)); /* still usable */
  ASSERT_OK(psock_close(s));
  return 0;
}

TEST_IMPL(bind_in_use) {
  int port;
  psock_t l = listener(PSOCK_AF_INET, &port);
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_ERR(psock_bind(s, "127.0.0.1", port), PSOCK_EADDRINUSE);
  ASSERT_OK(psock_close(s));
  ASSERT_OK(psock_close(l));
  return 0;
}

TEST_IMPL(bind_unix_path) {
  char name[PSOCK_ADDRSTRLEN];
  char path[PSOCK_ADDRSTRLEN];
  int port = -1;
  psock_t c, a, l;
  if (af_unix_missing(PSOCK_SOCK_STREAM) != NULL)
    return test_skip(af_unix_missing(PSOCK_SOCK_STREAM));
  l = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(l);
  snprintf(path, sizeof path, "%s", tmp_path("server.sock"));
  ASSERT_OK(psock_bind(l, path, 0));
  ASSERT_OK(psock_getsockname(l, name, sizeof name, &port));
  ASSERT_STR_EQ(name, path);
  ASSERT_EQ(port, 0);
  ASSERT_OK(psock_listen(l, 4));
  c = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0);
  ASSERT_OK(psock_connect(c, path, 0));
  a = psock_accept(l);
  ASSERT_VALID(a);
  ASSERT_OK(psock_getpeername(c, name, sizeof name, &port));
  ASSERT_STR_EQ(name, path);
  ASSERT_OK(psock_getsockname(c, name, sizeof name, &port));
  ASSERT_STR_EQ(name, ""); /* unnamed client */
  /* A second bind to an existing path. */
  {
    psock_t d = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0);
    ASSERT_ERR(psock_bind(d, path, 0), PSOCK_EADDRINUSE);
    ASSERT_ERR(psock_bind(d, "", 0), PSOCK_EINVAL);
    ASSERT_OK(psock_close(d));
  }
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  return 0;
}

TEST_IMPL(bind_unix_path_too_long) {
  char path[400];
  psock_t s;
  if (af_unix_missing(PSOCK_SOCK_STREAM) != NULL)
    return test_skip(af_unix_missing(PSOCK_SOCK_STREAM));
  s = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(s);
  memset(path, 'a', sizeof path - 1);
  path[0] = '/';
  path[sizeof path - 1] = '\0';
  ASSERT_ERR(psock_bind(s, path, 0), PSOCK_ENAMETOOLONG);
  ASSERT_ERR(psock_connect(s, path, 0), PSOCK_ENAMETOOLONG);
  ASSERT_EQ(psock_last_error(s), PSOCK_ENAMETOOLONG);
  ASSERT_OK(psock_close(s));
  return 0;
}

TEST_IMPL(bind_name_buffer_too_small) {
  char small[4];
  int port;
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_OK(psock_bind(s, "127.0.0.1", 0));
  ASSERT_ERR(psock_getsockname(s, small, sizeof small, &port), PSOCK_ENOBUFS);
  ASSERT_ERR(psock_getsockname(s, NULL, 10, &port), PSOCK_EINVAL);
  ASSERT_ERR(psock_getsockname(s, small, 0, &port), PSOCK_EINVAL);
  ASSERT_OK(psock_close(s));
  return 0;
}
