/* SPDX-License-Identifier: MIT */
/* The multicast group requests for real, in a private network namespace
 * this test makes itself (Linux: unshare, lo up with multicast and a route
 * for 224.0.0.0/4), never on the host's network: join, receive, block and
 * unblock a source, leave, no longer receive. */
#if defined(__linux__)
#  define _GNU_SOURCE
#endif
#include "../test.h"

#include <string.h>

#if defined(__linux__)
#  include <errno.h>
#  include <net/if.h>
#  include <net/route.h>
#  include <netinet/in.h>
#  include <sched.h>
#  include <sys/ioctl.h>
#  include <sys/socket.h>
#  include <unistd.h>

/* A network namespace of this process's own, lo up and multicast-capable,
 * multicasts routed to it. NULL, or why it cannot be made here. */
static const char *private_network(void) {
  struct ifreq ifr;
  struct rtentry rt;
  struct sockaddr_in *sin;
  int fd, ok;
  if (unshare(CLONE_NEWNET) != 0 && unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0)
    return "no private network namespace can be made here (unshare refused)";
  fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0)
    return "no socket in the new namespace";
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "lo");
  ok = ioctl(fd, SIOCGIFFLAGS, &ifr) == 0;
  ifr.ifr_flags |= IFF_UP | IFF_MULTICAST;
  ok = ok && ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
  memset(&rt, 0, sizeof rt);
  sin = (struct sockaddr_in *)&rt.rt_dst;
  sin->sin_family = AF_INET;
  sin->sin_addr.s_addr = htonl(0xe0000000u); /* 224.0.0.0/4 */
  sin = (struct sockaddr_in *)&rt.rt_genmask;
  sin->sin_family = AF_INET;
  sin->sin_addr.s_addr = htonl(0xf0000000u);
  rt.rt_flags = RTF_UP;
  rt.rt_dev = ifr.ifr_name;
  ok = ok && ioctl(fd, SIOCADDRT, &rt) == 0;
  close(fd);
  return ok ? NULL : "lo could not be set up in the new namespace";
}

static int group_set(psock_t s, int option, const char *group,
                     const char *source) {
  psock_group_request_t req = {NULL, NULL, "lo", 0};
  req.group = group;
  req.source = source;
  return psock_set_option(s, PSOCK_IPPROTO_IP, option, &req, sizeof req);
}

/* Whether a datagram arrives within ms; it is read if so. */
static int arrives(psock_t r, int ms, const char *want) {
  char buf[64];
  psock_t set[1];
  size_t n = 1;
  ptrdiff_t got;
  set[0] = r;
  if (psock_select(set, &n, NULL, NULL, NULL, NULL, ms / 1000,
                   (ms % 1000) * 1000L) != 1)
    return 0;
  got = psock_recv(r, buf, sizeof buf, PSOCK_MSG_DONTWAIT);
  return got == (ptrdiff_t)strlen(want) && memcmp(buf, want, (size_t)got) == 0;
}

static int join_receive_leave(void) {
  const char *why = private_network();
  psock_t r, s, b;
  int port;
  char addr[PSOCK_ADDRSTRLEN];
  if (why != NULL)
    return test_skip(why);
  r = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  b = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_OK(psock_bind(r, "0.0.0.0", 0)); /* inside the namespace only */
  ASSERT_OK(psock_getsockname(r, addr, sizeof addr, &port));
  ASSERT_OK(psock_bind(s, "127.0.0.1", 0));
  ASSERT_OK(psock_bind(b, "127.0.0.2", 0));

  {
    unsigned lo = 0;
    ASSERT_OK(psock_interface_index("lo", &lo));
    ASSERT_EQ(lo, 1); /* lo is interface 1 in a fresh namespace */
  }
  {
    /* IPV6_MULTICAST_IF by name: lo's index reads back. */
    psock_t s6 = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_DGRAM, 0);
    psock_interface_t itf = {"lo", 0};
    int v = 0;
    ASSERT_OK(psock_set_option(s6, PSOCK_IPPROTO_IPV6, PSOCK_IPV6_MULTICAST_IF,
                               &itf, sizeof itf));
    ASSERT_OK(psock_get_option(s6, PSOCK_IPPROTO_IPV6, PSOCK_IPV6_MULTICAST_IF,
                               &v, sizeof v));
    ASSERT_EQ(v, 1);
    ASSERT_OK(psock_close(s6));
  }
  {
    /* IP_MULTICAST_IF by name too: lo's index reads back. */
    psock_t s4 = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
    psock_interface_t itf = {"lo", 0};
    int v = 0;
    ASSERT_OK(psock_set_option(s4, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF,
                               &itf, sizeof itf));
    ASSERT_OK(psock_get_option(s4, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                               sizeof v));
    ASSERT_EQ(v, 1);
    itf.name = "no-such-interface0";
    ASSERT_ERR(psock_set_option(s4, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF,
                                &itf, sizeof itf),
               PSOCK_EINVAL);
    ASSERT_OK(psock_close(s4));
  }
  ASSERT_OK(group_set(r, PSOCK_MCAST_JOIN_GROUP, "239.255.0.1", NULL));
  ASSERT_ERR(group_set(r, PSOCK_MCAST_JOIN_GROUP, "239.255.0.1", NULL),
             PSOCK_EADDRINUSE);
  ASSERT_EQ(psock_sendto(s, "one", 3, 0, "239.255.0.1", port), 3);
  ASSERT(arrives(r, 2000, "one"));
  /* A blocked source's datagrams are dropped, the others' arrive. */
  ASSERT_OK(group_set(r, PSOCK_MCAST_BLOCK_SOURCE, "239.255.0.1", "127.0.0.2"));
  ASSERT_EQ(psock_sendto(b, "blocked", 7, 0, "239.255.0.1", port), 7);
  ASSERT(!arrives(r, 300, "blocked"));
  ASSERT_OK(
      group_set(r, PSOCK_MCAST_UNBLOCK_SOURCE, "239.255.0.1", "127.0.0.2"));
  ASSERT_EQ(psock_sendto(b, "two", 3, 0, "239.255.0.1", port), 3);
  ASSERT(arrives(r, 2000, "two"));
  ASSERT_OK(group_set(r, PSOCK_MCAST_LEAVE_GROUP, "239.255.0.1", NULL));
  ASSERT_ERR(group_set(r, PSOCK_MCAST_LEAVE_GROUP, "239.255.0.1", NULL),
             PSOCK_EADDRNOTAVAIL);
  ASSERT_EQ(psock_sendto(s, "gone", 4, 0, "239.255.0.1", port), 4);
  ASSERT(!arrives(r, 300, "gone"));

  /* A source group: one source's datagrams only, until it is left. */
  ASSERT_OK(
      group_set(r, PSOCK_MCAST_JOIN_SOURCE_GROUP, "232.1.1.1", "127.0.0.2"));
  ASSERT_EQ(psock_sendto(s, "other", 5, 0, "232.1.1.1", port), 5);
  ASSERT(!arrives(r, 300, "other"));
  ASSERT_EQ(psock_sendto(b, "src", 3, 0, "232.1.1.1", port), 3);
  ASSERT(arrives(r, 2000, "src"));
  ASSERT_OK(
      group_set(r, PSOCK_MCAST_LEAVE_SOURCE_GROUP, "232.1.1.1", "127.0.0.2"));
  ASSERT_EQ(psock_sendto(b, "left", 4, 0, "232.1.1.1", port), 4);
  ASSERT(!arrives(r, 300, "left"));
  ASSERT_OK(psock_close(b));
  ASSERT_OK(psock_close(s));
  ASSERT_OK(psock_close(r));
  return 0;
}
#endif

#if defined(__linux__)
/* IP_MULTICAST_IF (manual socket_get_option: an interface index or name):
 * set by index, read back as the index, and the group's datagram leaves by
 * that interface; 0 (the routing table chooses) reads back 0. */
static int multicast_interface(void) {
  const char *why = private_network();
  psock_t r, s, t;
  unsigned lo = 0;
  int v, port;
  char addr[PSOCK_ADDRSTRLEN];
  if (why != NULL)
    return test_skip(why);
  ASSERT_OK(psock_interface_index("lo", &lo));
  r = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_OK(psock_bind(r, "0.0.0.0", 0)); /* inside the namespace only */
  ASSERT_OK(psock_getsockname(r, addr, sizeof addr, &port));
  ASSERT_OK(group_set(r, PSOCK_MCAST_JOIN_GROUP, "239.255.0.1", NULL));
  v = -1;
  ASSERT_OK(psock_get_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                             sizeof v));
  ASSERT_EQ(v, 0); /* none chosen yet */
  v = (int)lo;
  ASSERT_OK(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                             sizeof v));
  v = -1;
  ASSERT_OK(psock_get_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                             sizeof v));
  ASSERT_EQ(v, (int)lo);
  ASSERT_EQ(psock_sendto(s, "via lo", 6, 0, "239.255.0.1", port), 6);
  ASSERT(arrives(r, 2000, "via lo"));
  v = 0;
  ASSERT_OK(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                             sizeof v));
  v = -1;
  ASSERT_OK(psock_get_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                             sizeof v));
  ASSERT_EQ(v, 0);
  /* Bad input: a negative index, an index no interface has, a wrong size,
   * NULL; the socket keeps its setting. */
  v = -1;
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                              sizeof v),
             PSOCK_EINVAL);
  v = 999;
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                              sizeof v),
             PSOCK_EADDRNOTAVAIL);
  ASSERT_EQ(psock_last_error(s), PSOCK_EADDRNOTAVAIL);
  ASSERT_ERR(
      psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v, 2),
      PSOCK_EINVAL);
  ASSERT_ERR(psock_get_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, NULL,
                              sizeof v),
             PSOCK_EINVAL);
  v = -1;
  ASSERT_OK(psock_get_option(s, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                             sizeof v));
  ASSERT_EQ(v, 0);
  /* A closed socket: PSOCK_EBADF, nothing asked of the system. */
  t = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_OK(psock_close(t));
  v = (int)lo;
  ASSERT_ERR(psock_set_option(t, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, &v,
                              sizeof v),
             PSOCK_EBADF);
  ASSERT_OK(psock_close(s));
  ASSERT_OK(psock_close(r));
  return 0;
}
#endif

TEST_IMPL(posix_multicast_if_in_private_namespace) {
#if defined(__linux__)
  return test_run_isolated(multicast_interface, 30);
#else
  return test_skip("private network namespaces are Linux's");
#endif
}

TEST_IMPL(posix_group_join_in_private_namespace) {
#if defined(__linux__)
  /* In a child process: the namespace must not outlive the test. */
  return test_run_isolated(join_receive_leave, 30);
#else
  return test_skip("private network namespaces are Linux's");
#endif
}
