/* SPDX-License-Identifier: MIT */
/* POSIX behaviours the manual states that psock emulates or converts where
 * the system differs: MSG_EOF (Linux has no such flag). */
#include "../test.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Whether s is readable within ms milliseconds. */
static int readable(psock_t s, int ms) {
  psock_t set[1];
  size_t n = 1;
  set[0] = s;
  return psock_select(set, &n, NULL, NULL, NULL, NULL, ms / 1000,
                      (ms % 1000) * 1000L) == 1;
}

/* The peer of a MSG_EOF send reads the data, then end of stream; the
 * sender can no longer send but still receives. */
static void assert_closed_after(psock_t sender, psock_t peer,
                                const char *data) {
  char buf[64];
  size_t len = strlen(data);
  ASSERT(readable(peer, 2000));
  ASSERT_EQ(psock_read(peer, buf, sizeof buf, PSOCK_BINARY_READ),
            (ptrdiff_t)len);
  ASSERT_MEM_EQ(buf, data, len);
  ASSERT(readable(peer, 2000)); /* end of stream, at once */
  ASSERT_EQ(psock_read(peer, buf, sizeof buf, PSOCK_BINARY_READ), 0);
  ASSERT_ERR(psock_send(sender, "more", 4, 0), PSOCK_EPIPE);
  ASSERT_EQ(psock_send(peer, "back", 4, 0), 4);
  ASSERT(readable(sender, 2000));
  ASSERT_EQ(psock_recv(sender, buf, sizeof buf, 0), 4);
  ASSERT_MEM_EQ(buf, "back", 4);
}

/* manual socket_send/socket_sendto, MSG_EOF: the data is the last, and the
 * sending side closes after it (psock.h, psock_send). */
TEST_IMPL(posix_msg_eof_closes_sending_side) {
  psock_t c, a, pair[2], u, r;
  psock_iovec_t iov[2];
  psock_msg_t msg;
  char big[1 << 16], buf[16], addr[PSOCK_ADDRSTRLEN];
  int native = -1, port;
  ptrdiff_t n;
  ASSERT_EQ(psock_supports(PSOCK_KIND_MSG, PSOCK_MSG_EOF), 1);
  ASSERT_OK(psock_constant_by_name("MSG_EOF", NULL, NULL));
  ASSERT_OK(psock_constant_native(PSOCK_KIND_MSG, PSOCK_MSG_EOF, &native));
#if defined(MSG_EOF)
  ASSERT_EQ(native, MSG_EOF); /* the BSDs': passed on */
#else
  ASSERT_EQ(native, 0); /* emulated: no flag reaches the system */
#endif

  /* send, on TCP over loopback. */
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_EQ(psock_send(c, "bye", 3, PSOCK_MSG_EOF), 3);
  assert_closed_after(c, a, "bye");
  psock_close(c);
  psock_close(a);

  /* sendto, on a connected stream (the destination is its peer's). */
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_OK(psock_getpeername(c, addr, sizeof addr, &port));
  ASSERT_EQ(psock_sendto(c, "fin", 3, PSOCK_MSG_EOF, addr, port), 3);
  assert_closed_after(c, a, "fin");
  psock_close(c);
  psock_close(a);

  /* sendmsg with two vectors, on an AF_UNIX stream pair; and with other
   * flags beside it. */
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pair));
  iov[0].base = "ab";
  iov[0].len = 2;
  iov[1].base = "cd";
  iov[1].len = 2;
  memset(&msg, 0, sizeof msg);
  msg.iov = iov;
  msg.iov_count = 2;
  ASSERT_EQ(psock_sendmsg(pair[0], &msg, PSOCK_MSG_EOF | PSOCK_MSG_NOSIGNAL),
            4);
  assert_closed_after(pair[0], pair[1], "abcd");
  psock_close(pair[0]);
  psock_close(pair[1]);

  /* A seqpacket pair: the record, then end of stream. */
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_SEQPACKET, 0, pair));
  ASSERT_EQ(psock_send(pair[0], "rec", 3, PSOCK_MSG_EOF), 3);
  assert_closed_after(pair[0], pair[1], "rec");
  psock_close(pair[0]);
  psock_close(pair[1]);

  /* No data at all: only the sending side closes. */
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_EQ(psock_send(c, NULL, 0, PSOCK_MSG_EOF), 0);
  ASSERT(readable(a, 2000));
  ASSERT_EQ(psock_read(a, buf, sizeof buf, PSOCK_BINARY_READ), 0);
  psock_close(c);
  psock_close(a);

  /* A nonblocking send that takes none or part of the data shuts nothing
   * down: the rest can follow. */
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_OK(psock_set_nonblock(c));
  memset(big, 'x', sizeof big);
  while (psock_send(c, big, sizeof big, 0) > 0)
    ; /* until the buffers are full */
  ASSERT_ERR(psock_send(c, big, sizeof big, PSOCK_MSG_EOF), PSOCK_EWOULDBLOCK);
  for (;;) { /* drain the peer until the sender has room */
    psock_t w[1];
    size_t nw = 1;
    w[0] = c;
    if (psock_select(NULL, NULL, w, &nw, NULL, NULL, 0, 0) == 1)
      break;
    ASSERT(readable(a, 2000));
    ASSERT(psock_read(a, big, sizeof big, PSOCK_BINARY_READ) > 0);
  }
  {
    /* More than the room: a part goes out. */
    size_t huge_len = (size_t)16 << 20; /* beyond tcp_wmem's 4 MiB */
    char *huge = malloc(huge_len);
    ASSERT(huge != NULL);
    memset(huge, 'y', huge_len);
    n = psock_send(c, huge, huge_len, PSOCK_MSG_EOF);
    free(huge);
    ASSERT(n > 0 && n < (ptrdiff_t)huge_len);
  }
  ASSERT(psock_send(c, big, 1, 0) != PSOCK_EPIPE); /* still open */
  psock_close(c);
  psock_close(a);

  /* A datagram socket: the flag changes nothing, the socket goes on. */
  u = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  r = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_OK(psock_bind(r, "127.0.0.1", 0));
  ASSERT_OK(psock_getsockname(r, addr, sizeof addr, &port));
  ASSERT_EQ(psock_sendto(u, "one", 3, PSOCK_MSG_EOF, "127.0.0.1", port), 3);
  ASSERT_EQ(psock_sendto(u, "two", 3, 0, "127.0.0.1", port), 3);
  ASSERT_EQ(psock_recv(r, buf, sizeof buf, 0), 3);
  ASSERT_MEM_EQ(buf, "one", 3);
  ASSERT_EQ(psock_recv(r, buf, sizeof buf, 0), 3);
  ASSERT_MEM_EQ(buf, "two", 3);
  ASSERT_OK(psock_close(u));
  ASSERT_OK(psock_close(r));

  /* Bad input: an unknown bit beside it is refused and nothing is sent or
   * shut down; a stale handle is PSOCK_EBADF. */
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_ERR(psock_send(c, "x", 1, PSOCK_MSG_EOF | 0x40000000), PSOCK_EINVAL);
  ASSERT_EQ(psock_send(c, "y", 1, 0), 1);
  ASSERT(readable(a, 2000));
  ASSERT_EQ(psock_recv(a, buf, sizeof buf, 0), 1);
  ASSERT_EQ(buf[0], 'y');
  psock_close(c);
  psock_close(a);
  ASSERT_ERR(psock_send(c, "x", 1, PSOCK_MSG_EOF), PSOCK_EBADF);
  return 0;
}

/* manual socket_recvfrom: no address and port on a connection-oriented
 * socket. psock says "no sender" with PSOCK_PORT_NONE, unlike any sender
 * the system names (psock.h, psock_recvfrom). */
TEST_IMPL(posix_recvfrom_no_sender_on_a_stream) {
  psock_t c, a, pair[2];
  psock_iovec_t v[1];
  psock_msg_t msg;
  char buf[16], from[PSOCK_ADDRSTRLEN];
  int port = 7;
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_EQ(psock_send(c, "tcp", 3, 0), 3);
  ASSERT(readable(a, 2000));
  memset(from, 'x', sizeof from);
  ASSERT_EQ(psock_recvfrom(a, buf, sizeof buf, 0, from, sizeof from, &port), 3);
  ASSERT_MEM_EQ(buf, "tcp", 3);
  ASSERT_STR_EQ(from, "");
  ASSERT_EQ(port, PSOCK_PORT_NONE);
  ASSERT_EQ(psock_send(c, "msg", 3, 0), 3);
  ASSERT(readable(a, 2000));
  v[0].base = buf;
  v[0].len = sizeof buf;
  memset(&msg, 0, sizeof msg);
  msg.iov = v;
  msg.iov_count = 1;
  msg.address = from;
  msg.address_size = sizeof from;
  msg.port = 7;
  ASSERT_EQ(psock_recvmsg(a, &msg, 0), 3);
  ASSERT_STR_EQ(from, "");
  ASSERT_EQ(msg.port, PSOCK_PORT_NONE);
  /* No buffer for the address: the port still says none. */
  ASSERT_EQ(psock_send(c, "n", 1, 0), 1);
  ASSERT(readable(a, 2000));
  port = 7;
  ASSERT_EQ(psock_recvfrom(a, buf, sizeof buf, 0, NULL, 0, &port), 1);
  ASSERT_EQ(port, PSOCK_PORT_NONE);
  psock_close(c);
  psock_close(a);

  /* An unbound AF_UNIX datagram sender: Linux names none (the length it
   * gives is 0), so no sender either; a bound one is its path and port 0
   * (test-io.c, io_recvfrom_unix_dgram). */
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_DGRAM, 0, pair));
  ASSERT_EQ(psock_send(pair[0], "u", 1, 0), 1);
  port = 7;
  ASSERT_EQ(
      psock_recvfrom(pair[1], buf, sizeof buf, 0, from, sizeof from, &port), 1);
  ASSERT_STR_EQ(from, "");
#if defined(__linux__)
  ASSERT_EQ(port, PSOCK_PORT_NONE);
#else
  ASSERT(port == PSOCK_PORT_NONE || port == 0);
#endif
  psock_close(pair[0]);
  psock_close(pair[1]);
  return 0;
}

/* UDP_SEGMENT (PHP 8.5's migration guide: a new constant), Linux's UDP
 * segmentation offload at level SOL_UDP: one send of a long datagram
 * leaves as datagrams of the size set (psock.h, "Options"). */
TEST_IMPL(posix_udp_segment_option) {
#if defined(__linux__)
  psock_t u, r, t;
  char big[2800], buf[4000], addr[PSOCK_ADDRSTRLEN];
  int v, port, ro = -1;
  ASSERT_OK(psock_constant_by_name("UDP_SEGMENT", NULL, NULL));
  ASSERT_EQ(psock_supports(PSOCK_KIND_UDP_OPTION, PSOCK_UDP_SEGMENT), 1);
  ASSERT_EQ(psock_option_type(PSOCK_SOL_UDP, PSOCK_UDP_SEGMENT, &ro),
            PSOCK_OPTION_INT);
  ASSERT_EQ(ro, 0);
  u = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  r = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_OK(psock_bind(r, "127.0.0.1", 0));
  ASSERT_OK(psock_getsockname(r, addr, sizeof addr, &port));
  v = -1;
  ASSERT_OK(
      psock_get_option(u, PSOCK_SOL_UDP, PSOCK_UDP_SEGMENT, &v, sizeof v));
  ASSERT_EQ(v, 0); /* none by default */
  v = 1400;
  ASSERT_OK(
      psock_set_option(u, PSOCK_SOL_UDP, PSOCK_UDP_SEGMENT, &v, sizeof v));
  v = 0;
  ASSERT_OK(
      psock_get_option(u, PSOCK_SOL_UDP, PSOCK_UDP_SEGMENT, &v, sizeof v));
  ASSERT_EQ(v, 1400);
  memset(big, 'a', 1400);
  memset(big + 1400, 'b', 1400);
  ASSERT_EQ(psock_sendto(u, big, sizeof big, 0, "127.0.0.1", port),
            (ptrdiff_t)sizeof big);
  ASSERT(readable(r, 2000));
  ASSERT_EQ(psock_recv(r, buf, sizeof buf, 0), 1400);
  ASSERT_EQ(buf[0], 'a');
  ASSERT(readable(r, 2000));
  ASSERT_EQ(psock_recv(r, buf, sizeof buf, 0), 1400);
  ASSERT_EQ(buf[0], 'b');
  /* Bad input: a wrong size, NULL, the system's refusal of a negative
   * size; UDP's option on a TCP socket. */
  ASSERT_ERR(psock_set_option(u, PSOCK_SOL_UDP, PSOCK_UDP_SEGMENT, &v, 2),
             PSOCK_EINVAL);
  ASSERT_ERR(
      psock_set_option(u, PSOCK_SOL_UDP, PSOCK_UDP_SEGMENT, NULL, sizeof v),
      PSOCK_EINVAL);
  v = -1;
  ASSERT_ERR(
      psock_set_option(u, PSOCK_SOL_UDP, PSOCK_UDP_SEGMENT, &v, sizeof v),
      PSOCK_EINVAL);
  t = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  v = 1400;
  ASSERT(psock_set_option(t, PSOCK_SOL_UDP, PSOCK_UDP_SEGMENT, &v, sizeof v) <
         0);
  ASSERT(psock_last_native_error(t) != 0);
  psock_close(t);
  psock_close(u);
  psock_close(r);
  return 0;
#else
  ASSERT_EQ(psock_supports(PSOCK_KIND_UDP_OPTION, PSOCK_UDP_SEGMENT), 0);
  return 0;
#endif
}

/* IP_MULTICAST_IF without multicast traffic, in this process (so that the
 * torture runner reaches it; test-group-namespace.c sends by it in a
 * private namespace): the default reads back 0, setting 0 (the default) is
 * INADDR_ANY, an index no interface has is refused before the system is
 * asked to change anything. */
TEST_IMPL(posix_multicast_if_default_and_refusal) {
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  int v = -1;
  ASSERT_VALID(s);
  ASSERT_OK(psock_get_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                             sizeof v));
  ASSERT_EQ(v, 0);
  v = 0;
  ASSERT_OK(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                             sizeof v));
  v = 1 << 30; /* no interface has that index */
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                              sizeof v),
             PSOCK_EADDRNOTAVAIL);
  {
    /* By name (psock_interface_t), as PHP takes it: no such interface. */
    psock_interface_t itf = {"no-such-interface0", 0};
    ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF,
                                &itf, sizeof itf),
               PSOCK_EINVAL);
  }
  v = -1;
  ASSERT_OK(psock_get_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                             sizeof v));
  ASSERT_EQ(v, 0);
  ASSERT_OK(psock_close(s));
  return 0;
}

/* SO_MEMINFO (manual socket_get_option, Linux): the kernel's counters as
 * psock_meminfo_t; read-only (psock.h, "Options"). */
TEST_IMPL(posix_so_meminfo_counters) {
#if defined(__linux__)
  psock_t c, a;
  psock_meminfo_t m;
  char big[4096];
  int ro = -1, v = 0;
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_EQ(psock_option_type(PSOCK_SOL_SOCKET, PSOCK_SO_MEMINFO, &ro),
            PSOCK_OPTION_MEMINFO);
  ASSERT_EQ(ro, 1);
  memset(&m, 0xff, sizeof m);
  ASSERT_OK(
      psock_get_option(a, PSOCK_SOL_SOCKET, PSOCK_SO_MEMINFO, &m, sizeof m));
  ASSERT_EQ(m.rmem_alloc, 0); /* nothing received yet */
  ASSERT(m.rcvbuf > 0 && m.sndbuf > 0);
  ASSERT_EQ(m.drops, 0);
  /* The receive buffer's size is SO_RCVBUF's. */
  ASSERT_OK(
      psock_get_option(a, PSOCK_SOL_SOCKET, PSOCK_SO_RCVBUF, &v, sizeof v));
  ASSERT_EQ(m.rcvbuf, (uint32_t)v);
  /* Bytes waiting to be read count as receive memory in use. */
  memset(big, 'z', sizeof big);
  write_all(c, big, sizeof big);
  ASSERT(readable(a, 2000));
  ASSERT_OK(
      psock_get_option(a, PSOCK_SOL_SOCKET, PSOCK_SO_MEMINFO, &m, sizeof m));
  ASSERT(m.rmem_alloc > 0);
  /* Bad input: a wrong size, NULL; it cannot be set. */
  ASSERT_ERR(
      psock_get_option(a, PSOCK_SOL_SOCKET, PSOCK_SO_MEMINFO, &m, sizeof m - 1),
      PSOCK_EINVAL);
  ASSERT_ERR(
      psock_get_option(a, PSOCK_SOL_SOCKET, PSOCK_SO_MEMINFO, NULL, sizeof m),
      PSOCK_EINVAL);
  ASSERT_ERR(
      psock_set_option(a, PSOCK_SOL_SOCKET, PSOCK_SO_MEMINFO, &m, sizeof m),
      PSOCK_ENOPROTOOPT);
  psock_close(c);
  psock_close(a);
  return 0;
#else
  return test_skip("SO_MEMINFO is Linux's");
#endif
}

/* AF_PACKET sockets (Linux, CAP_NET_RAW) bound to an interface by name, as
 * PHP 8.5 does; getsockname gives the name and, as the port, the index
 * (psock.h, psock_bind). */
TEST_IMPL(posix_af_packet_bind_by_interface_name) {
#if defined(__linux__)
  psock_t p, d;
  char name[PSOCK_ADDRSTRLEN], small[2];
  char longname[64];
  unsigned lo = 0;
  int port = -1;
  p = psock_create(PSOCK_AF_PACKET, PSOCK_SOCK_RAW, 0);
  if (!psock_valid(p)) {
    int rc = psock_last_error(PSOCK_NONE);
    if (rc == PSOCK_EACCES || rc == PSOCK_EPERM)
      return test_skip("AF_PACKET needs CAP_NET_RAW");
    ASSERT_VALID(p);
  }
  ASSERT_OK(psock_interface_index("lo", &lo));
  /* Not bound yet: no interface. */
  ASSERT_OK(psock_getsockname(p, name, sizeof name, &port));
  ASSERT_STR_EQ(name, "");
  ASSERT_EQ(port, 0);
  ASSERT_OK(psock_bind(p, "lo", 0));
  ASSERT_OK(psock_getsockname(p, name, sizeof name, &port));
  ASSERT_STR_EQ(name, "lo");
  ASSERT_EQ(port, (int)lo);
  ASSERT_ERR(psock_getsockname(p, small, sizeof small, &port), PSOCK_ENOBUFS);
  /* Bad names: none, unknown, longer than any interface's, NULL. */
  d = psock_create(PSOCK_AF_PACKET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_VALID(d);
  ASSERT_ERR(psock_bind(d, "", 0), PSOCK_EINVAL);
  ASSERT_ERR(psock_bind(d, "nosuchif0", 0), PSOCK_EINVAL);
  memset(longname, 'x', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  ASSERT_ERR(psock_bind(d, longname, 0), PSOCK_ENAMETOOLONG);
  ASSERT_ERR(psock_bind(d, NULL, 0), PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(d), PSOCK_EINVAL);
  /* The port is ignored, as for AF_UNIX. */
  ASSERT_OK(psock_bind(d, "lo", 99999));
  ASSERT_OK(psock_getsockname(d, name, sizeof name, NULL));
  ASSERT_STR_EQ(name, "lo");
  ASSERT_OK(psock_close(d));
  ASSERT_OK(psock_close(p));
  return 0;
#else
  return test_skip("AF_PACKET is Linux's");
#endif
}
