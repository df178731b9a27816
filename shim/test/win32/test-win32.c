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
  /* The UNIX-like group's IP-level names Winsock defines too. */
  ASSERT_OK(psock_constant_by_name("AI_PASSIVE", NULL, NULL));
  ASSERT_OK(psock_constant_by_name("IPPROTO_IPV6", NULL, NULL));
  ASSERT_OK(psock_constant_by_name("MCAST_JOIN_GROUP", NULL, NULL));
  return 0;
}
