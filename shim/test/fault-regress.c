/* SPDX-License-Identifier: MIT */
/*
 * fault-regress.c -- regression tests for the defects the torture runner
 * found, each arming the fault that exposed one and checking psock.h's
 * promise, and tests whose path only a fault can reach. They need the
 * fault-injection build, so they are TEST_LIST_FAULT's (test-list.h), built
 * into psock_torture and run by CTest as `psock_torture --test NAME`.
 * Native codes come from psock__os_native_of: the same tests on Winsock.
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

/* A select past the stack's entries needs the thread's buffer, whose key
 * was made under pthread_once: when pthread_create_key failed once (EAGAIN:
 * the process's keys used up for a moment), every later such select failed
 * with PSOCK_ENOMEM for the rest of the process. */
#define SELECT_PAIRS 140 /* 280 sockets: past select's 256 on the stack */
TEST_IMPL(regress_fault_select_key_made_again) {
  static psock_t pairs[SELECT_PAIRS][2];
  psock_t set[SELECT_PAIRS * 2];
  size_t i, count;
  for (i = 0; i < SELECT_PAIRS; i++)
    ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pairs[i]));
  ASSERT_EQ(psock_write(pairs[5][0], "x", 1), 1);
  for (i = 0; i < SELECT_PAIRS * 2; i++)
    set[i] = pairs[i / 2][i % 2];
  count = SELECT_PAIRS * 2;
  FAIL_NEXT(key_create, psock__os_native_of(PSOCK_EWOULDBLOCK));
  ASSERT_ERR(psock_select(set, &count, NULL, NULL, NULL, NULL, 0, 0),
             PSOCK_ENOMEM);
  ASSERT(psock__fault_fired());
  ASSERT_EQ(count, SELECT_PAIRS * 2); /* untouched */
  /* The system has keys again: select works. */
  ASSERT_EQ(psock_select(set, &count, NULL, NULL, NULL, NULL, 5, 0), 1);
  ASSERT_EQ(count, 1);
  ASSERT(psock_same(set[0], pairs[5][1]));
  for (i = 0; i < SELECT_PAIRS; i++) {
    ASSERT_OK(psock_close(pairs[i][0]));
    ASSERT_OK(psock_close(pairs[i][1]));
  }
  return 0;
}

/* Not a defect: the error a NORMAL_READ met after taking part of a line is
 * reported by the next receive, whichever it is (psock.h), and then the
 * stream goes on. A reset can only be had on purpose, hence here. */
TEST_IMPL(fault_pending_error_every_receive) {
  int kind;
  for (kind = 0; kind < 4; kind++) {
    psock_t p[2];
    char buf[16], from[PSOCK_ADDRSTRLEN];
    psock_iovec_t v[1];
    psock_msg_t msg;
    ptrdiff_t n;
    ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, p));
    write_all(p[0], "abc", 3);
    /* The line's first recv takes "abc"; the second, waiting for the end of
     * the line, meets the reset. */
    psock__fault_reset();
    psock__fault_arm(PSOCK__SITE_recv, 2,
                     psock__os_native_of(PSOCK_ECONNRESET));
    ASSERT_EQ(psock_read(p[1], buf, sizeof buf, PSOCK_NORMAL_READ), 3);
    ASSERT_MEM_EQ(buf, "abc", 3);
    v[0].base = buf;
    v[0].len = sizeof buf;
    memset(&msg, 0, sizeof msg);
    msg.iov = v;
    msg.iov_count = 1;
    msg.address = from;
    msg.address_size = sizeof from;
    n = kind == 0
            ? psock_recvfrom(p[1], buf, sizeof buf, 0, from, sizeof from, NULL)
        : kind == 1 ? psock_readv(p[1], v, 1)
        : kind == 2 ? psock_recvmsg(p[1], &msg, 0)
                    : psock_recv(p[1], buf, sizeof buf, 0);
    ASSERT_ERR(n, PSOCK_ECONNRESET);
    ASSERT_EQ(psock_last_error(p[1]), PSOCK_ECONNRESET);
    /* Reported once; the stream goes on. */
    write_all(p[0], "d\n", 2);
    ASSERT_EQ(psock_read(p[1], buf, sizeof buf, PSOCK_BINARY_READ), 2);
    ASSERT_MEM_EQ(buf, "d\n", 2);
    ASSERT_OK(psock_close(p[0]));
    ASSERT_OK(psock_close(p[1]));
  }
  return 0;
}

/* An accept whose handle-table growth failed closed the connection it had
 * just taken from the queue: the client's connection was lost, where
 * psock.h promises that an accept out of resources leaves it queued. */
TEST_IMPL(regress_fault_accept_table_full_keeps_connection) {
  static psock_t pairs[127][2];
  psock_t l, c, a;
  char buf[4];
  int port;
  size_t i;
  /* Listener, 127 pairs and the client: the first 256 slots. */
  l = listener(PSOCK_AF_INET, &port);
  for (i = 0; i < 127; i++)
    ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pairs[i]));
  c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(c);
  ASSERT_OK(psock_connect(c, loopback(PSOCK_AF_INET), port));
  FAIL_NEXT(handle_chunk, 0);
  a = psock_accept(l);
  ASSERT(!psock_valid(a));
  ASSERT_EQ(psock_last_error(l), PSOCK_ENOMEM);
  ASSERT(psock__fault_fired());
  /* Memory back: the same connection is accepted, and carries bytes. */
  a = psock_accept(l);
  ASSERT_VALID(a);
  write_all(c, "hi", 2);
  ASSERT_EQ(psock_read(a, buf, sizeof buf, PSOCK_BINARY_READ), 2);
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  for (i = 0; i < 127; i++) {
    ASSERT_OK(psock_close(pairs[i][0]));
    ASSERT_OK(psock_close(pairs[i][1]));
  }
  return 0;
}

/* Paths only a fault reaches (not defects): MSG_WAITALL's second receive,
 * after bytes from the line buffer, meets an error -- the bytes are
 * returned and the error is the next receive's; and the loopback pair that
 * stands in for an AF_UNIX pair the system cannot make (Windows). */
TEST_IMPL(fault_waitall_and_pair_fallback) {
  psock_t p[2];
  char buf[16];
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, p));
  write_all(p[0], "ab\ncd", 5);
  ASSERT_EQ(psock_read(p[1], buf, sizeof buf, PSOCK_NORMAL_READ), 3);
  psock__fault_reset();
  psock__fault_arm(PSOCK__SITE_recv, 1, psock__os_native_of(PSOCK_ECONNRESET));
  ASSERT_EQ(psock_recv(p[1], buf, 10, PSOCK_MSG_WAITALL), 2);
  ASSERT_MEM_EQ(buf, "cd", 2);
  ASSERT_ERR(psock_recv(p[1], buf, sizeof buf, 0), PSOCK_ECONNRESET);
  ASSERT_OK(psock_close(p[0]));
  ASSERT_OK(psock_close(p[1]));
  /* No AF_UNIX pairs: stream and datagram pairs over loopback, which say
   * what they are; no other type. */
  FAIL_NEXT(socketpair, psock__os_native_of(PSOCK_EAFNOSUPPORT));
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_DGRAM, 0, p));
  ASSERT_EQ(psock_domain(p[0]), PSOCK_AF_INET);
  write_all(p[0], "dgram", 5);
  ASSERT_EQ(psock_recv(p[1], buf, sizeof buf, 0), 5);
  ASSERT_OK(psock_close(p[0]));
  ASSERT_OK(psock_close(p[1]));
  FAIL_NEXT(socketpair, psock__os_native_of(PSOCK_EAFNOSUPPORT));
  {
    int rc = psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_SEQPACKET, 0, p);
    ASSERT(rc == PSOCK_EAFNOSUPPORT || rc == PSOCK_ESOCKTNOSUPPORT);
  }
  return 0;
}

/* Not a defect: an AF_UNIX pair whose second socket needs a table chunk
 * that cannot be made fails with PSOCK_ENOMEM and leaves nothing open --
 * the first socket closed, both descriptors released. */
TEST_IMPL(fault_pair_second_socket_no_room) {
  static psock_t many[255];
  psock_t p[2];
  size_t i, open_before;
  long os_before;
  /* 255 sockets: the pair's first takes the chunk's last slot. */
  for (i = 0; i < 255; i++) {
    many[i] = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
    ASSERT_VALID(many[i]);
  }
  open_before = psock_open_count();
  os_before = test_os_open_count();
  FAIL_NEXT(handle_chunk, 0);
  ASSERT_ERR(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, p),
             PSOCK_ENOMEM);
  ASSERT(psock__fault_fired());
  ASSERT_EQ(psock_open_count(), open_before);
  if (os_before >= 0)
    ASSERT_EQ(test_os_open_count(), os_before);
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, p));
  ASSERT_OK(psock_close(p[0]));
  ASSERT_OK(psock_close(p[1]));
  for (i = 0; i < 255; i++)
    ASSERT_OK(psock_close(many[i]));
  return 0;
}

/* Winsock's start-up ran under InitOnce: a WSAStartup that failed once
 * (WSASYSNOTREADY) failed every psock call for the rest of the process.
 * POSIX has no start-up that can fail. */
TEST_IMPL(regress_fault_startup_tried_again) {
  int site = psock__fault_site_by_name("wsastartup");
  psock_t s;
  if (site < 0)
    return test_skip("this backend's start-up cannot fail (POSIX)");
  if (psock_open_count() > 0)
    return test_skip("Winsock already started in this process");
  psock__fault_reset();
  psock__fault_arm(site, 1, psock__fault_site_error(site, 0));
  s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT(!psock_valid(s));
  ASSERT(psock__fault_fired());
  /* The system is ready now: the next call starts Winsock. */
  s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(s);
  ASSERT_OK(psock_close(s));
  return 0;
}
