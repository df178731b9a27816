/* SPDX-License-Identifier: MIT */
/*
 * pair.c -- psock_create_pair.
 *
 * AF_UNIX pairs come from the system. AF_INET/AF_INET6 pairs, which the spec
 * says only Windows has (004: "Supporté uniquement sous Windows"), are built
 * the way Windows builds them, on every platform and from psock's own calls:
 * a listener on the loopback address (never the any-address, so nothing
 * outside this machine can reach it) with an ephemeral port, a connect, an
 * accept -- checking that the accepted peer is our client, since any local
 * process could connect to that port first.
 */
#include "internal.h"

#include <string.h>

/* How many strangers' connections we close before giving up. */
#define MAX_STRANGERS 8

static const char *loopback_of(int domain) {
  return domain == PSOCK_AF_INET6 ? "::1" : "127.0.0.1";
}

/* 1 if two addresses are the same (address and port). On loopback a
 * connection is named by its two ends, so an accepted connection whose
 * peer is our client's local end is our client's. */
static int same_address(const psock__addr *x, const psock__addr *y) {
  char a[PSOCK_ADDRSTRLEN], b[PSOCK_ADDRSTRLEN];
  int pa, pb;
  return psock__addr_format(x, a, sizeof a, &pa) == 0 &&
         psock__addr_format(y, b, sizeof b, &pb) == 0 && pa == pb &&
         strcmp(a, b) == 0;
}

static void close_all(psock_t *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (psock_valid(s[i]))
      psock_close(s[i]);
}

/* Listen, connect, accept; 0 or a portable error (recorded). */
static int stream_pair(int domain, psock_t out[2]) {
  /* listener, client, accepted */
  psock_t s[3] = {PSOCK_NONE_INIT, PSOCK_NONE_INIT, PSOCK_NONE_INIT};
  char host[PSOCK_ADDRSTRLEN];
  int port, rc, strangers;
  psock__sock *listener;
  psock__addr client_end, peer;

  s[0] = psock_create(domain, PSOCK_SOCK_STREAM, 0);
  if (!psock_valid(s[0]))
    return psock_last_error(PSOCK_NONE);
  listener = psock__lookup(s[0]);
  /* Where the platform lets another socket share a bound port, forbid it
   * for this listener (Windows: SO_EXCLUSIVEADDRUSE). */
  rc = psock__os_exclusive(listener->fd);
  if (rc < 0)
    rc = psock__fail_native(listener, -rc);
  if (rc == 0)
    rc = psock_bind(s[0], loopback_of(domain), 0);
  if (rc == 0)
    rc = psock_listen(s[0], 1);
  if (rc == 0)
    rc = psock_getsockname(s[0], host, sizeof host, &port);
  if (rc == 0) {
    s[1] = psock_create(domain, PSOCK_SOCK_STREAM, 0);
    rc = psock_valid(s[1]) ? psock_connect(s[1], host, port)
                           : psock_last_error(PSOCK_NONE);
  }
  if (rc == 0) {
    /* The client's own end, once: the check's only extra system call. */
    rc = psock__os_getsockname(psock__find(s[1])->fd, &client_end);
    if (rc < 0)
      rc = psock__fail_native(NULL, -rc);
  }
  for (strangers = 0; rc == 0; strangers++) {
    memset(&peer, 0, sizeof peer);
    s[2] = psock__accept_from(s[0], &peer);
    if (!psock_valid(s[2])) {
      rc = psock_last_error(PSOCK_NONE);
    } else if (same_address(&peer, &client_end)) {
      break;
    } else {
      psock_close(s[2]);
      s[2] = PSOCK_NONE;
      if (strangers + 1 == MAX_STRANGERS)
        rc = psock__fail_code(NULL, PSOCK_ECONNABORTED);
    }
  }
  if (rc < 0) {
    close_all(s, 3);
    return rc;
  }
  psock_close(s[0]);
  out[0] = s[1];
  out[1] = s[2];
  return 0;
}

/* Two datagram sockets on loopback, each connected to the other. */
static int dgram_pair(int domain, psock_t out[2]) {
  psock_t s[2];
  char host[2][PSOCK_ADDRSTRLEN];
  int port[2], rc = 0, i;

  s[0] = psock_create(domain, PSOCK_SOCK_DGRAM, 0);
  s[1] = psock_create(domain, PSOCK_SOCK_DGRAM, 0);
  if (!psock_valid(s[0]) || !psock_valid(s[1]))
    rc = psock_last_error(PSOCK_NONE);
  for (i = 0; rc == 0 && i < 2; i++) {
    rc = psock_bind(s[i], loopback_of(domain), 0);
    if (rc == 0)
      rc = psock_getsockname(s[i], host[i], sizeof host[i], &port[i]);
  }
  for (i = 0; rc == 0 && i < 2; i++)
    rc = psock_connect(s[i], host[1 - i], port[1 - i]);
  if (rc < 0) {
    close_all(s, 2);
    return rc;
  }
  out[0] = s[0];
  out[1] = s[1];
  return 0;
}

static int unix_pair(int type, int protocol, psock_t out[2]) {
  int ndomain, ntype, rc;
  psock__fd fd[2];
  psock_t s0 = PSOCK_NONE, s1 = PSOCK_NONE;

  rc = psock__native_domain_type(PSOCK_AF_UNIX, type, &ndomain, &ntype);
  if (rc < 0)
    return psock__fail_code(NULL, rc);
  rc = psock__os_socketpair_unix(ntype, protocol, fd);
  if (rc < 0)
    return psock__fail_native(NULL, -rc);

  rc = psock__register(fd[0], PSOCK_AF_UNIX, type, 0, &s0);
  if (rc < 0) {
    psock__os_close(fd[1]);
    return psock__fail_code(NULL, rc);
  }
  rc = psock__register(fd[1], PSOCK_AF_UNIX, type, 0, &s1);
  if (rc < 0) {
    psock_close(s0);
    return psock__fail_code(NULL, rc);
  }
  out[0] = s0;
  out[1] = s1;
  return 0;
}

int psock_create_pair(int domain, int type, int protocol, psock_t pair[2]) {
  psock_t out[2];
  int rc, ndomain, ntype;

  if (pair == NULL)
    return psock__fail_code(NULL, PSOCK_EINVAL);
  rc = psock__ensure_os();
  if (rc < 0)
    return psock__fail_native(NULL, -rc);
  rc = psock__native_domain_type(domain, type, &ndomain, &ntype);
  if (rc == 0)
    rc = psock__check_protocol(domain, protocol);
  if (rc < 0)
    return psock__fail_code(NULL, rc);

  if (domain == PSOCK_AF_UNIX) {
    rc = unix_pair(type, protocol, out);
    if (rc == PSOCK_EAFNOSUPPORT || rc == PSOCK_ESOCKTNOSUPPORT) {
      /* The system cannot pair this AF_UNIX type (Windows: no socketpair,
       * no AF_UNIX datagrams, no AF_UNIX before 10 1803). The spec's use is
       * IPC; a loopback pair serves it, and says honestly what it is:
       * psock_domain() reports AF_INET. */
      domain = PSOCK_AF_INET;
      rc = type == PSOCK_SOCK_STREAM  ? stream_pair(domain, out)
           : type == PSOCK_SOCK_DGRAM ? dgram_pair(domain, out)
                                      : rc;
    }
  } else if (type == PSOCK_SOCK_STREAM) {
    if (protocol != 0 && protocol != PSOCK_SOL_TCP)
      return psock__fail_code(NULL, PSOCK_EPROTONOSUPPORT);
    rc = stream_pair(domain, out);
  } else if (type == PSOCK_SOCK_DGRAM) {
    if (protocol != 0 && protocol != PSOCK_SOL_UDP)
      return psock__fail_code(NULL, PSOCK_EPROTONOSUPPORT);
    rc = dgram_pair(domain, out);
  } else {
    return psock__fail_code(NULL, PSOCK_ESOCKTNOSUPPORT);
  }
  if (rc < 0)
    return rc;
  pair[0] = out[0];
  pair[1] = out[1];
  return 0;
}
