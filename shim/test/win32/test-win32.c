/* SPDX-License-Identifier: MIT */
/* Windows-only behaviour of the Winsock backend. */
#include "../test.h"

#include <winsock2.h>

/* spec 002: the retrieved message follows the user's language. On Windows
 * that is FormatMessageW's text in the UI language, as UTF-8; where the
 * system has no text for a WSA code (Wine has none) psock gives its English
 * one rather than an empty string. */
TEST_IMPL(win32_localized_message) {
  char buf[512];
  int n = psock_strerror_localized(WSAEADDRINUSE, buf, sizeof buf);
  ASSERT(n > 0);
  ASSERT_EQ(n, strlen(buf));
  ASSERT_EQ(psock_error_to_native(PSOCK_EADDRINUSE), WSAEADDRINUSE);
  if (strstr(test_platform_description(), "Wine") != NULL) {
    test_note("Wine has no system text for WSA codes; English fallback");
    ASSERT_STR_EQ(buf, psock_strerror(PSOCK_EADDRINUSE));
  } else {
    test_note("system text: %s", buf);
  }
  /* A code no one knows still gives text. */
  ASSERT(psock_strerror_localized(0x7ffffff0, buf, sizeof buf) > 0);
  return 0;
}

/* Winsock's SOMAXCONN_HINT(n) keeps n within 200..65535: psock's maximum is
 * that ceiling, and backlogs are reported as passed. */
TEST_IMPL(win32_backlog_hint_range) {
  static const int asked[] = {1, 199, 200, 1000, 65535, PSOCK_SOMAXCONN};
  size_t i;
  ASSERT_EQ(psock_listen_max_backlog(), 65535);
  for (i = 0; i < sizeof asked / sizeof asked[0]; i++) {
    psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
    ASSERT_OK(psock_bind(s, "127.0.0.1", 0));
    ASSERT_OK(psock_listen(s, asked[i]));
    ASSERT_EQ(psock_listen_backlog(s), asked[i] > 65535 ? 65535 : asked[i]);
    ASSERT_OK(psock_close(s));
  }
  return 0;
}

/* The page's groups on Windows: the Windows-only names are here, the
 * UNIX-like group's are not (psock.h, "Constants"). */
TEST_IMPL(win32_constants_by_page_group) {
  int kind, value, native;
  ASSERT_OK(psock_constant_by_name("SOCKET_EPROCLIM", &kind, &value));
  ASSERT_OK(psock_constant_native(kind, value, &native));
  ASSERT_EQ(native, WSAEPROCLIM);
  ASSERT_OK(psock_constant_by_name("SOCKET_EADDRINUSE", NULL, NULL));
  ASSERT_OK(psock_constant_by_name("SO_EXCLUSIVEADDRUSE", NULL, NULL));
  ASSERT_ERR(psock_constant_by_name("SOCKET_EPERM", NULL, NULL),
             PSOCK_EOPNOTSUPP);
  ASSERT_ERR(psock_constant_by_name("SCM_RIGHTS", NULL, NULL),
             PSOCK_EOPNOTSUPP);
  ASSERT_ERR(psock_constant_by_name("MSG_DONTWAIT", NULL, NULL),
             PSOCK_EOPNOTSUPP);
  ASSERT_ERR(psock_constant_by_name("AF_PACKET", NULL, NULL), PSOCK_EOPNOTSUPP);
  /* The UNIX-like group's IP-level names, though Winsock defines them:
   * unavailable, and using one fails as its function documents. */
  ASSERT_ERR(psock_constant_by_name("AI_PASSIVE", &kind, &value),
             PSOCK_EOPNOTSUPP);
  ASSERT_EQ(psock_supports(kind, value), 0);
  ASSERT_ERR(psock_constant_by_name("IPPROTO_IPV6", NULL, NULL),
             PSOCK_EOPNOTSUPP);
  ASSERT_ERR(psock_constant_by_name("MCAST_JOIN_GROUP", NULL, NULL),
             PSOCK_EOPNOTSUPP);
  ASSERT_ERR(psock_constant_by_name("SOMAXCONN", NULL, NULL), PSOCK_EOPNOTSUPP);
  ASSERT_ERR(psock_constant_by_name("MSG_TRUNC", NULL, NULL), PSOCK_EOPNOTSUPP);
  ASSERT_ERR(psock_constant_native(PSOCK_KIND_LEVEL, PSOCK_IPPROTO_IP, &native),
             PSOCK_EOPNOTSUPP);
  {
    psock_t s = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_STREAM, 0);
    int v = 1;
    ASSERT_VALID(s);
    ASSERT_ERR(psock_get_option(s, PSOCK_IPPROTO_IPV6, PSOCK_IPV6_V6ONLY, &v,
                                sizeof v),
               PSOCK_ENOPROTOOPT);
    ASSERT_OK(psock_close(s));
  }
  /* The first group's names Winsock defines too (its provider refuses the
   * low-water marks: the call says so, not the lookup). */
  ASSERT_OK(psock_constant_by_name("SO_RCVLOWAT", &kind, &value));
  ASSERT_OK(psock_constant_native(kind, value, &native));
  ASSERT_EQ(native, SO_RCVLOWAT);
  ASSERT_OK(psock_constant_by_name("SO_SNDLOWAT", NULL, NULL));
  ASSERT_OK(psock_constant_by_name("SOCK_NONBLOCK", NULL, NULL));
  ASSERT_OK(psock_constant_by_name("SOCK_CLOEXEC", NULL, NULL));
  /* The keepalive options of Windows 10 1709 (ws2ipdef.h's values, also
   * where the SDK's headers are older). */
  ASSERT_OK(psock_constant_native(PSOCK_KIND_TCP_OPTION, PSOCK_TCP_KEEPIDLE,
                                  &native));
  ASSERT_EQ(native, 3);
  ASSERT_OK(
      psock_constant_native(PSOCK_KIND_TCP_OPTION, PSOCK_TCP_KEEPCNT, &native));
  ASSERT_EQ(native, 16);
  ASSERT_OK(psock_constant_native(PSOCK_KIND_TCP_OPTION, PSOCK_TCP_KEEPINTVL,
                                  &native));
  ASSERT_EQ(native, 17);
  return 0;
}

/* SOCK_NONBLOCK and SOCK_CLOEXEC or'ed into the type: Winsock has no type
 * flags, so psock creates the socket and sets its mode (its sockets are
 * never inherited, SOCK_CLOEXEC's promise). */
TEST_IMPL(win32_type_flags) {
  psock_t s = psock_create(
      PSOCK_AF_INET,
      PSOCK_SOCK_STREAM | PSOCK_SOCK_NONBLOCK | PSOCK_SOCK_CLOEXEC, 0);
  psock_t c;
  int type = 0;
  DWORD flags = 0;
  uintptr_t os;
  ASSERT_VALID(s);
  ASSERT_OK(
      psock_get_option(s, PSOCK_SOL_SOCKET, PSOCK_SO_TYPE, &type, sizeof type));
  ASSERT_EQ(type, PSOCK_SOCK_STREAM);
  ASSERT_OK(psock_bind(s, "127.0.0.1", 0));
  ASSERT_OK(psock_listen(s, 1));
  /* Nonblocking: nobody connects, and accept says so at once. */
  c = psock_accept(s);
  ASSERT(!psock_valid(c));
  ASSERT_EQ(psock_last_error(s), PSOCK_EWOULDBLOCK);
  ASSERT_OK(psock_export(s, &os));
  ASSERT(GetHandleInformation((HANDLE)os, &flags));
  ASSERT_EQ(flags & HANDLE_FLAG_INHERIT, 0);
  ASSERT_OK(psock_close(s));
  /* Only the flags: a type that is none stays refused. */
  ASSERT(
      !psock_valid(psock_create(PSOCK_AF_INET, 77 | PSOCK_SOCK_NONBLOCK, 0)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_ESOCKTNOSUPPORT);
  return 0;
}
