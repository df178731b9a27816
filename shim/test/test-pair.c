/* SPDX-License-Identifier: MIT */
/* socket_create_pair (spec 004): every domain x type of its tables. */
#include "test.h"

/* Both directions carry data; datagram pairs keep message boundaries. */
static void check_pair(psock_t p[2], int type) {
  char buf[32];
  ASSERT_EQ(psock_write(p[0], "to one", 6), 6);
  ASSERT_EQ(psock_write(p[1], "to zero", 7), 7);
  ASSERT_EQ(psock_read(p[1], buf, sizeof buf, PSOCK_BINARY_READ), 6);
  ASSERT_MEM_EQ(buf, "to one", 6);
  ASSERT_EQ(psock_read(p[0], buf, sizeof buf, PSOCK_BINARY_READ), 7);
  ASSERT_MEM_EQ(buf, "to zero", 7);
  if (type != PSOCK_SOCK_STREAM) {
    ASSERT_EQ(psock_write(p[0], "ab", 2), 2);
    ASSERT_EQ(psock_write(p[0], "cd", 2), 2);
    ASSERT_EQ(psock_read(p[1], buf, sizeof buf, PSOCK_BINARY_READ), 2);
    ASSERT_EQ(psock_read(p[1], buf, sizeof buf, PSOCK_BINARY_READ), 2);
  }
  ASSERT_EQ(psock_type(p[0]), type);
  ASSERT_EQ(psock_is_nonblocking(p[0]), 0);
  ASSERT_EQ(psock_is_nonblocking(p[1]), 0);
  ASSERT_OK(psock_close(p[0]));
  ASSERT_OK(psock_close(p[1]));
}

/* Where AF_UNIX of a type is missing (Windows, Wine), the pair is made over
 * loopback and says so in its domain. */
static int expected_unix_pair_domain(int type) {
  return af_unix_missing(type) == NULL ? PSOCK_AF_UNIX : PSOCK_AF_INET;
}

TEST_IMPL(pair_unix) {
  psock_t p[2];
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, p));
  ASSERT_EQ(psock_domain(p[0]), expected_unix_pair_domain(PSOCK_SOCK_STREAM));
  check_pair(p, PSOCK_SOCK_STREAM);
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_DGRAM, 0, p));
  ASSERT_EQ(psock_domain(p[0]), expected_unix_pair_domain(PSOCK_SOCK_DGRAM));
  check_pair(p, PSOCK_SOCK_DGRAM);
  if (psock_supports(PSOCK_KIND_TYPE, PSOCK_SOCK_SEQPACKET) == 1) {
    ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_SEQPACKET, 0, p));
    check_pair(p, PSOCK_SOCK_SEQPACKET);
  }
  return 0;
}

/* Stream pairs are a real connection between the two, on loopback only. */
static void check_loopback_pair(int domain, int type) {
  char a0[PSOCK_ADDRSTRLEN], b1[PSOCK_ADDRSTRLEN];
  int pa0, pb1;
  psock_t p[2];
  ASSERT_OK(psock_create_pair(domain, type, 0, p));
  ASSERT_EQ(psock_domain(p[0]), domain);
  ASSERT_EQ(psock_domain(p[1]), domain);
  ASSERT_OK(psock_getsockname(p[0], a0, sizeof a0, &pa0));
  ASSERT_OK(psock_getpeername(p[1], b1, sizeof b1, &pb1));
  ASSERT_STR_EQ(a0, loopback(domain));
  ASSERT_STR_EQ(a0, b1);
  ASSERT_EQ(pa0, pb1);
  check_pair(p, type);
}

TEST_IMPL(pair_inet) {
  psock_t p[2];
  size_t before = psock_open_count();
  check_loopback_pair(PSOCK_AF_INET, PSOCK_SOCK_STREAM);
  check_loopback_pair(PSOCK_AF_INET, PSOCK_SOCK_DGRAM);
  ASSERT_OK(
      psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_STREAM, PSOCK_SOL_TCP, p));
  check_pair(p, PSOCK_SOCK_STREAM);
  ASSERT_OK(
      psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, PSOCK_SOL_UDP, p));
  check_pair(p, PSOCK_SOCK_DGRAM);
  ASSERT_EQ(psock_open_count(), before); /* the listener is gone */
  return 0;
}

TEST_IMPL(pair_inet6) {
  if (!have_ipv6())
    return test_skip("::1 cannot be bound on this host");
  check_loopback_pair(PSOCK_AF_INET6, PSOCK_SOCK_STREAM);
  check_loopback_pair(PSOCK_AF_INET6, PSOCK_SOCK_DGRAM);
  return 0;
}

TEST_IMPL(pair_bad_arguments) {
  psock_t p[2];
  size_t before = psock_open_count();
  p[0] = PSOCK_NONE;
  p[1] = PSOCK_NONE;
  ASSERT_ERR(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, NULL),
             PSOCK_EINVAL);
  ASSERT_ERR(psock_create_pair(77, PSOCK_SOCK_STREAM, 0, p),
             PSOCK_EAFNOSUPPORT);
  ASSERT_ERR(psock_create_pair(PSOCK_AF_INET, 77, 0, p), PSOCK_ESOCKTNOSUPPORT);
  ASSERT_ERR(psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_SEQPACKET, 0, p),
             PSOCK_ESOCKTNOSUPPORT);
  ASSERT_ERR(psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_RAW, 0, p),
             PSOCK_ESOCKTNOSUPPORT);
  ASSERT_ERR(
      psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_STREAM, PSOCK_SOL_UDP, p),
      PSOCK_EPROTONOSUPPORT);
  ASSERT_ERR(psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, -3, p),
             PSOCK_EPROTONOSUPPORT);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EPROTONOSUPPORT);
  /* Failed calls leave the array alone and nothing open. */
  ASSERT(!psock_valid(p[0]) && !psock_valid(p[1]));
  ASSERT_EQ(psock_open_count(), before);
  return 0;
}
