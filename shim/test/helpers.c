/* SPDX-License-Identifier: MIT */
/* helpers.c -- socket helpers shared by the tests. */
#include "test.h"

const char *loopback(int domain) {
  return domain == PSOCK_AF_INET6 ? "::1" : "127.0.0.1";
}

psock_t listener(int domain, int *port) {
  char host[PSOCK_ADDRSTRLEN];
  psock_t s = psock_create(domain, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(s);
  ASSERT_OK(psock_bind(s, loopback(domain), 0));
  ASSERT_OK(psock_listen(s, 16));
  ASSERT_OK(psock_getsockname(s, host, sizeof host, port));
  ASSERT(*port > 0);
  return s;
}

void connected(int domain, psock_t *client, psock_t *server) {
  int port;
  psock_t l = listener(domain, &port);
  *client = psock_create(domain, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(*client);
  ASSERT_OK(psock_connect(*client, loopback(domain), port));
  *server = psock_accept(l);
  ASSERT_VALID(*server);
  ASSERT_OK(psock_close(l));
}

void write_all(psock_t s, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ptrdiff_t n = psock_write(s, p, len);
    ASSERT_OK(n);
    p += n;
    len -= (size_t)n;
  }
}

int have_ipv6(void) {
  psock_t s = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_STREAM, 0);
  int ok = psock_valid(s) && psock_bind(s, "::1", 0) == 0;
  if (psock_valid(s))
    psock_close(s);
  return ok;
}

const char *af_unix_missing(int type) {
  psock_t s = psock_create(PSOCK_AF_UNIX, type, 0);
  int err;
  if (psock_valid(s)) {
    psock_close(s);
    return NULL;
  }
  err = psock_last_error(PSOCK_NONE);
  if (err != PSOCK_EAFNOSUPPORT && err != PSOCK_ESOCKTNOSUPPORT &&
      err != PSOCK_EPROTONOSUPPORT && err != PSOCK_EPROTOTYPE)
    return NULL; /* another failure: let the test report it */
  /* Observed: Wine 8.0's ws2_32 refuses AF_UNIX with WSAEAFNOSUPPORT. Real
   * Windows 10 1803+ has AF_UNIX SOCK_STREAM only:
   * https://devblogs.microsoft.com/commandline/af_unix-comes-to-windows/ */
  return type == PSOCK_SOCK_STREAM
             ? "no AF_UNIX stream sockets here (Wine 8 has none; Windows 10 "
               "1803+ does: devblogs.microsoft.com/commandline/"
               "af_unix-comes-to-windows)"
             : "no AF_UNIX sockets of this type here (Windows' AF_UNIX is "
               "SOCK_STREAM only)";
}

int test_under_valgrind(void) {
  const char *v = getenv("PSOCK_TEST_UNDER_VALGRIND");
  return v != NULL && strcmp(v, "1") == 0;
}
