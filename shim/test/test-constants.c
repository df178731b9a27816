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
    /* Known everywhere; defined where the system defines it: the lookup
     * stores kind and value either way. Supported (a socket of it can be
     * made) implies defined; a defined type may make none (SOCK_RDM on
     * Linux, SOCK_SEQPACKET on Windows). */
    int rc = psock_constant_by_name(spec_names[i], &kind, &value);
    ASSERT(rc == 0 || rc == PSOCK_EOPNOTSUPP);
    if (psock_supports(kind, value) == 1)
      ASSERT_OK(rc);
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

/* Every name psock.h has (PSOCK_CONSTANT_MAP, generated from the table):
 * the lookup by name and by value, the availability answer and the native
 * mapping agree with each other. */
#define NAME_ROW(kind, name, value) {PSOCK_KIND_##kind, value, #name},
static const struct {
  int kind, value;
  const char *name;
} every[] = {PSOCK_CONSTANT_MAP(NAME_ROW)};
#undef NAME_ROW

TEST_IMPL(constants_every_name) {
  size_t i, available = 0;
  ASSERT_EQ(sizeof every / sizeof every[0], PSOCK_CONSTANT_COUNT);
  for (i = 0; i < sizeof every / sizeof every[0]; i++) {
    int kind = -1, value = -1, native = 0;
    int rc = psock_constant_by_name(every[i].name, &kind, &value);
    const char *canonical = psock_constant_name(every[i].kind, every[i].value);
    ASSERT(rc == 0 || rc == PSOCK_EOPNOTSUPP);
    ASSERT_EQ(kind, every[i].kind);
    ASSERT_EQ(value, every[i].value);
    ASSERT(canonical != NULL);
    /* An alias names the same constant as the first name with its value. */
    {
      int ck, cv;
      psock_constant_by_name(canonical, &ck, &cv);
      ASSERT_EQ(ck, kind);
      ASSERT_EQ(cv, value);
    }
    if (rc == 0) {
      available++;
      /* Defined; a domain or a type may still make no socket here. */
      if (kind != PSOCK_KIND_DOMAIN && kind != PSOCK_KIND_TYPE)
        ASSERT_EQ(psock_supports(kind, value), 1);
      ASSERT_OK(psock_constant_native(kind, value, &native));
    } else if (kind != PSOCK_KIND_DOMAIN && kind != PSOCK_KIND_TYPE) {
      /* Domains and types may be defined and still refused (a probe);
       * other names are unavailable exactly when unmapped, unless an
       * alias of the same value is available. */
      if (psock_supports(kind, value) == 0)
        ASSERT_ERR(psock_constant_native(kind, value, &native),
                   PSOCK_EOPNOTSUPP);
    }
  }
  /* The page's first names are on every platform psock runs on. */
  ASSERT(available >= 29);
  return 0;
}

TEST_IMPL(constants_aliases_and_errors) {
  int kind, value, native;
  /* SOCKET_E* with a portable error are that error's code. */
  ASSERT_EQ(PSOCK_SOCKET_EINTR, PSOCK_EINTR);
  ASSERT_EQ(PSOCK_SOCKET_ECONNREFUSED, PSOCK_ECONNREFUSED);
  ASSERT_EQ(PSOCK_SOCKET_EADDRINUSE, PSOCK_EADDRINUSE);
  /* Aliases: the page's two names of one condition share a value. */
  ASSERT_EQ(PSOCK_SOCKET_EAGAIN, PSOCK_SOCKET_EWOULDBLOCK);
  ASSERT_EQ(PSOCK_SOCKET_ADDRINUSE, PSOCK_SOCKET_EADDRINUSE);
  ASSERT_EQ(PSOCK_SOCKET_EPROTOOPT, PSOCK_SOCKET_ENOPROTOOPT);
  ASSERT_EQ(PSOCK_SOCKET_ETOOMYREFS, PSOCK_SOCKET_ETOOMANYREFS);
  ASSERT_STR_EQ(psock_constant_name(PSOCK_KIND_ERROR, PSOCK_EWOULDBLOCK),
                "SOCKET_EWOULDBLOCK");
  /* An error psock has no portable code for has its own value below
   * -1000, never a code psock_last_error returns. */
  ASSERT(PSOCK_SOCKET_EREMCHG <= -1001);
  /* The native mapping of an error is the system's code for it. */
  ASSERT_OK(psock_constant_by_name("SOCKET_ECONNRESET", &kind, &value));
  ASSERT_OK(psock_constant_native(kind, value, &native));
  ASSERT_EQ(native, psock_error_to_native(PSOCK_ECONNRESET));
  /* psock's own constants map to themselves. */
  ASSERT_OK(psock_constant_native(PSOCK_KIND_READ_MODE, PSOCK_PHP_NORMAL_READ,
                                  &native));
  ASSERT_EQ(native, PSOCK_NORMAL_READ);
  ASSERT_EQ(PSOCK_PHP_BINARY_READ, PSOCK_BINARY_READ);
  /* Flags stay combinable bits. */
  ASSERT_EQ(PSOCK_MSG_DONTROUTE & (PSOCK_MSG_OOB | PSOCK_MSG_PEEK |
                                   PSOCK_MSG_WAITALL | PSOCK_MSG_DONTWAIT),
            0);
  ASSERT_EQ(PSOCK_AI_PASSIVE & PSOCK_AI_CANONNAME, 0);
  return 0;
}

TEST_IMPL(constants_bad_names) {
  char long_name[200];
  int kind = 7, value = 7, native = 7;
  memset(long_name, 'A', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = '\0';
  ASSERT_ERR(psock_constant_by_name("", &kind, &value), PSOCK_EINVAL);
  ASSERT_ERR(psock_constant_by_name(long_name, &kind, &value), PSOCK_EINVAL);
  ASSERT_ERR(psock_constant_by_name("af_inet", &kind, &value), PSOCK_EINVAL);
  ASSERT_ERR(psock_constant_by_name("AF_INET ", &kind, &value), PSOCK_EINVAL);
  ASSERT_EQ(kind, 7); /* nothing stored for an unknown name */
  ASSERT_EQ(value, 7);
  ASSERT_ERR(psock_constant_native(PSOCK_KIND_DOMAIN, PSOCK_AF_INET, NULL),
             PSOCK_EINVAL);
  ASSERT_ERR(psock_constant_native(PSOCK_KIND_DOMAIN, 99, &native),
             PSOCK_EINVAL);
  ASSERT_EQ(native, 7);
  /* A key that shares 24 bits with a constant is no constant. */
  ASSERT(psock_constant_name(PSOCK_KIND_BACKLOG, 0xffffff) == NULL);
  ASSERT(psock_constant_name(PSOCK_KIND_SOCKET_OPTION, 1 + (1 << 24)) == NULL);
  /* Lookups record nothing. */
  psock_clear_error(PSOCK_NONE);
  psock_constant_by_name("NO_SUCH_CONSTANT", NULL, NULL);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), 0);
  return 0;
}
