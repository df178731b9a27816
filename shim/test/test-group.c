/* SPDX-License-Identifier: MIT */
/* The multicast group requests of psock_set_option (MCAST_*): what they
 * refuse before and at the system. Joining and receiving need a private
 * network namespace: the conformance cases of multicast.json run there. */
#include "test.h"

TEST_IMPL(group_bad_input) {
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  psock_group_request_t req = {"239.255.0.1", NULL, NULL, 0};
  int v = 1;
  ASSERT_VALID(s);
  /* Interfaces by name. */
  {
    unsigned index = 99;
    ASSERT_ERR(psock_interface_index(NULL, &index), PSOCK_EINVAL);
    ASSERT_ERR(psock_interface_index("lo", NULL), PSOCK_EINVAL);
    ASSERT_ERR(psock_interface_index("no-such-interface0", &index),
               PSOCK_EINVAL);
    ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EINVAL);
  }
  if (psock_supports(PSOCK_KIND_MCAST_OPTION, PSOCK_MCAST_JOIN_GROUP) != 1) {
    /* Windows: the constants page puts MCAST_* and IPPROTO_IP in its
     * UNIX-like group, so the option is an unavailable name there, refused
     * before its value is looked at. */
    ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP,
                                &req, sizeof req),
               PSOCK_ENOPROTOOPT);
    ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP,
                                NULL, sizeof req),
               PSOCK_ENOPROTOOPT);
    ASSERT_EQ(psock_last_error(s), PSOCK_ENOPROTOOPT);
    ASSERT_OK(psock_close(s));
    return 0;
  }
  /* No value, a value of another size, an int (PHP 8.5 throws). */
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, NULL,
                              sizeof req),
             PSOCK_EINVAL);
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, &v,
                              sizeof v),
             PSOCK_EINVAL);
  /* A socket neither AF_INET nor AF_INET6 (PHP 8.5: ValueError), where
   * psock has AF_UNIX datagram sockets. */
  if (psock_supports(PSOCK_KIND_DOMAIN, PSOCK_AF_UNIX) == 1) {
    psock_t u = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_DGRAM, 0);
    ASSERT_VALID(u);
    ASSERT_ERR(psock_set_option(u, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP,
                                &req, sizeof req),
               PSOCK_EINVAL);
    ASSERT_EQ(psock_last_error(u), PSOCK_EINVAL);
    ASSERT_OK(psock_close(u));
  }
  /* An AF_INET6 socket passes that check: its malformed group is what is
   * refused. */
  if (psock_supports(PSOCK_KIND_DOMAIN, PSOCK_AF_INET6) == 1) {
    psock_t six = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_DGRAM, 0);
    psock_group_request_t bad = {"not-an-address", NULL, NULL, 0};
    ASSERT_VALID(six);
    ASSERT_ERR(psock_set_option(six, PSOCK_IPPROTO_IPV6, PSOCK_MCAST_JOIN_GROUP,
                                &bad, sizeof bad),
               PSOCK_EINVAL);
    ASSERT_OK(psock_close(six));
  }
  /* group missing or not numeric; source missing or of another family. */
  req.group = NULL;
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, &req,
                              sizeof req),
             PSOCK_EINVAL);
  req.group = "not-an-address";
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, &req,
                              sizeof req),
             PSOCK_EINVAL);
  req.group = "232.1.1.1";
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP,
                              PSOCK_MCAST_JOIN_SOURCE_GROUP, &req, sizeof req),
             PSOCK_EINVAL);
  req.source = "::1";
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP,
                              PSOCK_MCAST_JOIN_SOURCE_GROUP, &req, sizeof req),
             PSOCK_EINVAL);
  /* No interface of that name. */
  req.source = NULL;
  req.interface_name = "no-such-interface0";
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, &req,
                              sizeof req),
             PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(s), PSOCK_EINVAL);
  /* The system's refusal: 127.0.0.1 is no multicast group (nothing is
   * joined, nothing is sent). The native code is kept. */
  req.interface_name = NULL;
  req.group = "127.0.0.1";
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, &req,
                              sizeof req),
             PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(s), PSOCK_EINVAL);
  ASSERT(psock_last_native_error(s) != 0);
  /* Set-only options; a level that has none. */
  ASSERT_ERR(psock_get_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, &req,
                              sizeof req),
             PSOCK_ENOPROTOOPT);
  ASSERT_ERR(psock_get_option(s, PSOCK_IPPROTO_IPV6,
                              PSOCK_MCAST_LEAVE_SOURCE_GROUP, &req, sizeof req),
             PSOCK_ENOPROTOOPT);
  ASSERT_ERR(psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_MCAST_JOIN_GROUP, &req,
                              sizeof req),
             PSOCK_ENOPROTOOPT);
  /* IPPROTO_IP with a number that names no option at all. */
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, 999, &v, sizeof v),
             PSOCK_ENOPROTOOPT);
  ASSERT_OK(psock_close(s));
  /* A closed handle. */
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, &req,
                              sizeof req),
             PSOCK_EBADF);
  ASSERT_ERR(psock_get_option(s, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, &req,
                              sizeof req),
             PSOCK_EBADF);
  return 0;
}

/* IPV6_MULTICAST_IF by name (psock_interface_t), as PHP takes it: a name
 * that names no interface is refused by psock_set_option itself; no name
 * and index 0 (the routing table chooses) reads back 0. (lo by name reads
 * back its index in test-group-namespace.c.) */
TEST_IMPL(group_interface_by_name) {
  psock_t s = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_DGRAM, 0);
  psock_interface_t itf = {"no-such-interface0", 0};
  int v = 7;
  ASSERT_VALID(s);
  if (psock_option_type(PSOCK_IPPROTO_IPV6, PSOCK_IPV6_MULTICAST_IF, NULL) <
      0) {
    ASSERT_OK(psock_close(s));
    return test_skip("IPV6_MULTICAST_IF is not available here (the constants "
                     "page's UNIX-like group)");
  }
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IPV6, PSOCK_IPV6_MULTICAST_IF,
                              &itf, sizeof itf),
             PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(s), PSOCK_EINVAL);
  ASSERT_ERR(psock_set_option(s, PSOCK_IPPROTO_IPV6, PSOCK_IPV6_MULTICAST_IF,
                              &itf, sizeof itf - 1),
             PSOCK_EINVAL);
  itf.name = NULL;
  ASSERT_OK(psock_set_option(s, PSOCK_IPPROTO_IPV6, PSOCK_IPV6_MULTICAST_IF,
                             &itf, sizeof itf));
  ASSERT_OK(psock_get_option(s, PSOCK_IPPROTO_IPV6, PSOCK_IPV6_MULTICAST_IF, &v,
                             sizeof v));
  ASSERT_EQ(v, 0);
  ASSERT_OK(psock_close(s));
  return 0;
}
