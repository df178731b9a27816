/* SPDX-License-Identifier: MIT */
/* socket_get_option / socket_set_option. */
#include "test.h"

TEST_IMPL(options_int_round_trip) {
  static const int booleans[] = {PSOCK_SO_REUSEADDR, PSOCK_SO_KEEPALIVE,
                                 PSOCK_SO_BROADCAST, PSOCK_SO_OOBINLINE,
                                 PSOCK_SO_DONTROUTE};
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  int v, size;
  size_t i;
  for (i = 0; i < sizeof booleans / sizeof booleans[0]; i++) {
    v = 5; /* any non-zero sets; reads back as exactly 1 */
    ASSERT_OK(psock_set_option(s, PSOCK_SOL_SOCKET, booleans[i], &v, sizeof v));
    ASSERT_OK(psock_get_option(s, PSOCK_SOL_SOCKET, booleans[i], &v, sizeof v));
    ASSERT_EQ(v, 1);
    v = 0;
    ASSERT_OK(psock_set_option(s, PSOCK_SOL_SOCKET, booleans[i], &v, sizeof v));
    ASSERT_OK(psock_get_option(s, PSOCK_SOL_SOCKET, booleans[i], &v, sizeof v));
    if (v != 0 && booleans[i] == PSOCK_SO_DONTROUTE &&
        strstr(test_platform_description(), "Wine") != NULL) {
      /* Observed on Wine 8.0: SO_DONTROUTE still reads 1 after being
       * cleared. A Wine difference, not psock's; real Windows is the CI
       * matrix's to check. */
      test_note("Wine keeps SO_DONTROUTE set after clearing it");
      continue;
    }
    if (v != 0)
      test_fail(__FILE__, __LINE__, "%s reads %d after clearing",
                psock_constant_name(PSOCK_KIND_SOCKET_OPTION, booleans[i]), v);
  }
  v = 1;
  ASSERT_OK(
      psock_set_option(s, PSOCK_SOL_TCP, PSOCK_TCP_NODELAY, &v, sizeof v));
  ASSERT_OK(
      psock_get_option(s, PSOCK_SOL_TCP, PSOCK_TCP_NODELAY, &v, sizeof v));
  ASSERT_EQ(v, 1);
  size = 65536;
  ASSERT_OK(psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_RCVBUF, &size,
                             sizeof size));
  ASSERT_OK(psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_RCVBUF, &size,
                             sizeof size));
  ASSERT(size >= 65536); /* Linux doubles it; never less */
  ASSERT_OK(psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_SNDBUF, &size,
                             sizeof size));
  ASSERT(size > 0);
  /* A name of the page's first group, which Winsock defines too. */
  ASSERT_EQ(psock_supports(PSOCK_KIND_SOCKET_OPTION, PSOCK_SO_RCVLOWAT), 1);
  ASSERT_EQ(psock_supports(PSOCK_KIND_SOCKET_OPTION, PSOCK_SO_SNDLOWAT), 1);
  if (strcmp(test_os_name(), "windows") != 0) {
    ASSERT_OK(
        psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_RCVLOWAT, &v, sizeof v));
    ASSERT_EQ(v, 1);
  } else { /* Winsock: "not supported by the Windows TCP/IP provider" */
    ASSERT_ERR(
        psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_RCVLOWAT, &v, sizeof v),
        PSOCK_ENOPROTOOPT);
    ASSERT_ERR(
        psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_SNDLOWAT, &v, sizeof v),
        PSOCK_ENOPROTOOPT);
  }
  ASSERT_OK(psock_close(s));
  return 0;
}

TEST_IMPL(options_linger_and_timeouts) {
  psock_linger_t lg = {1, 7};
  psock_timeval_t tv = {2, 500000};
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_OK(
      psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_LINGER, &lg, sizeof lg));
  memset(&lg, 0, sizeof lg);
  ASSERT_OK(
      psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_LINGER, &lg, sizeof lg));
  ASSERT_EQ(lg.on, 1);
  ASSERT_EQ(lg.seconds, 7);
  ASSERT_OK(
      psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_RCVTIMEO, &tv, sizeof tv));
  memset(&tv, 0, sizeof tv);
  ASSERT_OK(
      psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_RCVTIMEO, &tv, sizeof tv));
  ASSERT_EQ(tv.sec, 2);
  ASSERT_EQ(tv.usec, 500000);
  /* The system keeps timeouts in its own ticks (Linux: jiffies, so 250 ms
   * reads back as 252 ms at HZ=250); within one tick of 10 ms is right. */
  tv.sec = 0;
  tv.usec = 250000;
  ASSERT_OK(
      psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_SNDTIMEO, &tv, sizeof tv));
  ASSERT_OK(
      psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_SNDTIMEO, &tv, sizeof tv));
  ASSERT_EQ(tv.sec, 0);
  ASSERT(tv.usec >= 250000 && tv.usec < 260000);
  ASSERT_OK(psock_close(s));
  return 0;
}

TEST_IMPL(options_type_and_error) {
  int v = -1;
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_OK(psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_TYPE, &v, sizeof v));
  ASSERT_EQ(v, PSOCK_SOCK_DGRAM);
  ASSERT_OK(
      psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_ERROR, &v, sizeof v));
  ASSERT_EQ(v, 0);
  ASSERT_ERR(psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_TYPE, &v, sizeof v),
             PSOCK_ENOPROTOOPT);
  ASSERT_ERR(
      psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_ERROR, &v, sizeof v),
      PSOCK_ENOPROTOOPT);
  ASSERT_OK(psock_close(s));
  return 0;
}

TEST_IMPL(options_bad_arguments) {
  psock_linger_t lg = {1, -1};
  psock_timeval_t tv = {0, 1000000};
  int v = 1;
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_ERR(psock_get_option(s, PSOCK_SOL_SOCKET, 9999, &v, sizeof v),
             PSOCK_ENOPROTOOPT);
  ASSERT_ERR(psock_get_option(s, 12345, PSOCK_SO_REUSEADDR, &v, sizeof v),
             PSOCK_ENOPROTOOPT);
  ASSERT_ERR(
      psock_get_option(s, PSOCK_SOL_UDP, PSOCK_SO_REUSEADDR, &v, sizeof v),
      PSOCK_ENOPROTOOPT);
  ASSERT_ERR(
      psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_REUSEADDR, NULL, sizeof v),
      PSOCK_EINVAL);
  ASSERT_ERR(psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_REUSEADDR, &v, 1),
             PSOCK_EINVAL);
  ASSERT_ERR(
      psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_LINGER, &v, sizeof v),
      PSOCK_EINVAL);
  ASSERT_ERR(
      psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_LINGER, &lg, sizeof lg),
      PSOCK_EINVAL);
  ASSERT_ERR(
      psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_RCVTIMEO, &tv, sizeof tv),
      PSOCK_EINVAL);
  tv.usec = -1; /* whole seconds fine, microseconds negative */
  ASSERT_ERR(
      psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_RCVTIMEO, &tv, sizeof tv),
      PSOCK_EINVAL);
  tv.usec = 0;
  tv.sec = -1;
  ASSERT_ERR(
      psock_set_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_SNDTIMEO, &tv, sizeof tv),
      PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(s), PSOCK_EINVAL);
  ASSERT_OK(psock_close(s));
  return 0;
}

TEST_IMPL(options_rcvtimeo_expires) {
  psock_timeval_t tv = {0, 100000};
  char buf[4];
  psock_t p[2];
  ASSERT_OK(psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0, p));
  ASSERT_OK(psock_set_option(p[1], PSOCK_SOL_SOCKET, PSOCK_SO_RCVTIMEO, &tv,
                             sizeof tv));
  /* The timeout's error is the portable EWOULDBLOCK on every platform
   * (Windows says WSAETIMEDOUT). */
  ASSERT_ERR(psock_read(p[1], buf, sizeof buf, PSOCK_BINARY_READ),
             PSOCK_EWOULDBLOCK);
  ASSERT_OK(psock_close(p[0]));
  ASSERT_OK(psock_close(p[1]));
  return 0;
}
