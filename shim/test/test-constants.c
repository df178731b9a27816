/* SPDX-License-Identifier: MIT */
/* Constants: PHP names, portable values, what the platform supports. */
#include "test.h"

TEST_IMPL(constants_names) {
  int kind, value, count = 0;
  /* Every constant of the overview page (002) is known by its PHP name. */
  static const char *const spec_names[] = {
      "AF_UNIX",      "AF_INET",      "AF_INET6",       "SOCK_STREAM",
      "SOCK_DGRAM",   "SOCK_RAW",     "SOCK_SEQPACKET", "SOCK_RDM",
      "MSG_OOB",      "MSG_WAITALL",  "MSG_PEEK",       "SO_DEBUG",
      "SO_REUSEADDR", "SO_KEEPALIVE", "SO_DONTROUTE",   "SO_LINGER",
      "SO_BROADCAST", "SO_OOBINLINE", "SO_SNDBUF",      "SO_RCVBUF",
      "SO_SNDLOWAT",  "SO_RCVLOWAT",  "SO_SNDTIMEO",    "SO_RCVTIMEO",
      "SO_TYPE",      "SO_ERROR",     "SOL_SOCKET",     "SOL_TCP",
      "SOL_UDP"};
  size_t i;
  for (i = 0; i < sizeof spec_names / sizeof spec_names[0]; i++) {
    ASSERT_OK(psock_constant_by_name(spec_names[i], &kind, &value));
    ASSERT_STR_EQ(psock_constant_name(kind, value), spec_names[i]);
    count++;
  }
  ASSERT_EQ(count, 29);
  ASSERT_OK(psock_constant_by_name("AF_INET6", &kind, &value));
  ASSERT_EQ(kind, PSOCK_KIND_DOMAIN);
  ASSERT_EQ(value, PSOCK_AF_INET6);
  ASSERT_OK(psock_constant_by_name("SOL_TCP", &kind, &value));
  ASSERT_EQ(value, 6); /* also the protocol number, as in PHP */
  ASSERT_ERR(psock_constant_by_name("AF_APPLETALK", &kind, &value),
             PSOCK_EINVAL);
  ASSERT_ERR(psock_constant_by_name(NULL, &kind, &value), PSOCK_EINVAL);
  ASSERT(psock_constant_name(PSOCK_KIND_DOMAIN, 77) == NULL);
  return 0;
}

TEST_IMPL(constants_supported) {
  ASSERT_EQ(psock_supports(PSOCK_KIND_DOMAIN, PSOCK_AF_INET), 1);
  ASSERT_EQ(psock_supports(PSOCK_KIND_TYPE, PSOCK_SOCK_STREAM), 1);
  ASSERT_EQ(psock_supports(PSOCK_KIND_MSG, PSOCK_MSG_PEEK), 1);
  ASSERT_EQ(psock_supports(PSOCK_KIND_SOCKET_OPTION, PSOCK_SO_LINGER), 1);
  ASSERT_EQ(psock_supports(PSOCK_KIND_TCP_OPTION, PSOCK_TCP_NODELAY), 1);
  ASSERT_ERR(psock_supports(PSOCK_KIND_DOMAIN, 99), PSOCK_EINVAL);
  ASSERT_ERR(psock_supports(42, 1), PSOCK_EINVAL);
  /* Whatever the answer for SOCK_RDM, it agrees with socket creation. */
  if (psock_supports(PSOCK_KIND_TYPE, PSOCK_SOCK_RDM) == 0) {
    ASSERT(!psock_valid(psock_create(PSOCK_AF_INET, PSOCK_SOCK_RDM, 0)));
    ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_ESOCKTNOSUPPORT);
  }
  return 0;
}
