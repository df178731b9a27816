/* SPDX-License-Identifier: MIT */
/* Errors: portable codes, both records, English and localized messages. */
#include "test.h"

#include <locale.h>

/* Spot checks against fixed text: the English messages are a contract. */
TEST_IMPL(errors_strerror_english) {
  ASSERT_STR_EQ(psock_strerror(PSOCK_EADDRINUSE), "address already in use");
  ASSERT_STR_EQ(psock_strerror(PSOCK_EWOULDBLOCK), "operation would block");
  ASSERT_STR_EQ(psock_strerror(PSOCK_EAGAIN), "operation would block");
  ASSERT_STR_EQ(psock_strerror(PSOCK_ECONNREFUSED), "connection refused");
  ASSERT_STR_EQ(psock_strerror(PSOCK_EPIPE), "broken pipe");
  ASSERT_STR_EQ(psock_strerror(0), "success");
  ASSERT_STR_EQ(psock_strerror(-12345), "unknown error");
  ASSERT_STR_EQ(psock_strerror(12345), "unknown error");
  /* Every code has its own non-empty message. */
#define CHECK_MESSAGE(name, number, message)                                   \
  ASSERT(strlen(psock_strerror(PSOCK_##name)) > 0);                            \
  ASSERT_STR_EQ(psock_strerror(-(number)), message);
  PSOCK_ERRNO_MAP(CHECK_MESSAGE)
#undef CHECK_MESSAGE
  return 0;
}

TEST_IMPL(errors_names) {
  ASSERT_STR_EQ(psock_err_name(PSOCK_EADDRINUSE), "EADDRINUSE");
  ASSERT_STR_EQ(psock_err_name(PSOCK_EAGAIN), "EWOULDBLOCK");
  ASSERT_STR_EQ(psock_err_name(0), "OK");
  ASSERT_STR_EQ(psock_err_name(-4242), "UNKNOWN");
  ASSERT_EQ(PSOCK_EADDRINUSE, -2);
  ASSERT_EQ(PSOCK_EOTHER, -99);
  return 0;
}

/* Every portable code that this platform has a native code for maps back to
 * itself; an unknown native code becomes EOTHER. */
TEST_IMPL(errors_native_round_trip) {
  int mapped = 0;
#define ROUND_TRIP(name, number, message)                                      \
  if (PSOCK_##name != PSOCK_EOTHER) {                                          \
    int native = psock_error_to_native(PSOCK_##name);                          \
    if (native != 0) {                                                         \
      ASSERT_EQ(psock_error_from_native(native), PSOCK_##name);                \
      mapped++;                                                                \
    }                                                                          \
  }
  PSOCK_ERRNO_MAP(ROUND_TRIP)
#undef ROUND_TRIP
  ASSERT(mapped >= 30);
  ASSERT_EQ(psock_error_from_native(0), 0);
  ASSERT_EQ(psock_error_from_native(987654), PSOCK_EOTHER);
  ASSERT_EQ(psock_error_to_native(PSOCK_EOTHER), 0);
  /* A number that is no portable code has no native one: 0 (psock.h). */
  ASSERT_EQ(psock_error_to_native(-987654), 0);
  ASSERT_EQ(psock_error_to_native(1), 0);
  return 0;
}

TEST_IMPL(errors_last_error_global_and_socket) {
  psock_t a = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  psock_t b = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_VALID(a);
  ASSERT_VALID(b);
  psock_clear_error(PSOCK_NONE);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), 0);
  ASSERT_EQ(psock_last_error(a), 0);

  ASSERT_ERR(psock_listen(a, 1), PSOCK_EOPNOTSUPP);
  ASSERT_EQ(psock_last_error(a), PSOCK_EOPNOTSUPP);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EOPNOTSUPP);
  ASSERT_EQ(psock_last_native_error(a),
            psock_error_to_native(PSOCK_EOPNOTSUPP));
  ASSERT_EQ(psock_last_error(b), 0); /* per socket: b saw nothing */

  /* A success does not clear a recorded error (socket_last_error keeps it). */
  ASSERT_OK(psock_bind(a, "127.0.0.1", 0));
  ASSERT_EQ(psock_last_error(a), PSOCK_EOPNOTSUPP);

  /* A later failure elsewhere moves the global error, not a's. */
  ASSERT_ERR(psock_bind(b, "not an address", 0), PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(a), PSOCK_EOPNOTSUPP);
  ASSERT_EQ(psock_last_error(b), PSOCK_EINVAL);

  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(b));
  /* A closed socket has no record to read. */
  ASSERT_EQ(psock_last_error(a), PSOCK_EBADF);
  return 0;
}

TEST_IMPL(errors_clear_error) {
  psock_t a = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_VALID(a);
  ASSERT_ERR(psock_listen(a, 1), PSOCK_EOPNOTSUPP);
  psock_clear_error(a);
  ASSERT_EQ(psock_last_error(a), 0);
  ASSERT_EQ(psock_last_native_error(a), 0);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EOPNOTSUPP); /* untouched */
  psock_clear_error(PSOCK_NONE);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), 0);
  ASSERT_EQ(psock_last_native_error(PSOCK_NONE), 0);
  ASSERT_OK(psock_close(a));
  psock_clear_error(a); /* stale handle: no crash */
  return 0;
}

/* What psock_strerror_localized gives for EADDRINUSE's native code under a
 * German locale (german) and under "C" (plain), per C library and OS: NULL
 * when both are that platform's, else what is wrong. One function of (C
 * library, OS), so that errors_localized_expectation_every_platform runs
 * each platform's branch here, where only glibc, musl and Wine run.
 *   glibc: its German catalogue under de_DE, English under C.
 *   musl: no catalogues: its own English text in any locale.
 *   macOS: strerror_r has no catalogues either: BSD's English text.
 *   Windows: FormatMessage's text in the user's UI language, which the C
 *     locale does not steer (UCRT's setlocale accepts "de_DE.UTF-8" and
 *     changes nothing here); under Wine psock's English, which has none. */
static const char *localized_mismatch(const char *libc, const char *os,
                                      const char *german, const char *plain) {
  const char *want_german = NULL, *want_plain = NULL;
  if (strcmp(os, "linux") == 0 && strcmp(libc, "glibc") == 0) {
    want_german = "Die Adresse wird bereits verwendet";
    want_plain = "Address already in use";
  } else if (strcmp(os, "linux") == 0 && strcmp(libc, "musl") == 0) {
    want_german = want_plain = "Address in use";
  } else if (strcmp(os, "macos") == 0) {
    want_german = want_plain = "Address already in use";
  } else if (strcmp(os, "windows") != 0) {
    return "no recorded expectation for this C library and OS";
  }
  if (german[0] == '\0' || plain[0] == '\0')
    return "an empty message";
  if (want_german != NULL && strcmp(german, want_german) != 0)
    return "not this C library's text under de_DE.UTF-8";
  if (want_plain != NULL && strcmp(plain, want_plain) != 0)
    return "not this C library's text under the C locale";
  if (strcmp(os, "windows") == 0 && strcmp(german, plain) != 0)
    return "the C locale changed FormatMessage's text";
  return NULL;
}

/* spec 002: "Warning - socket_bind() unable to bind address [98]: Die Adresse
 * wird bereits verwendet" -- the localized text follows LC_MESSAGES where
 * the C library translates it, while psock_strerror stays English. */
TEST_IMPL(errors_localized_german) {
  char german[512], plain[512];
  int native = psock_error_to_native(PSOCK_EADDRINUSE);
  const char *why;
  int n;
  setlocale(LC_ALL, "C");
  n = psock_strerror_localized(native, plain, sizeof plain);
  ASSERT(n > 0);
  ASSERT_EQ(n, strlen(plain));
  if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL)
    return test_skip(
        "setlocale(\"de_DE.UTF-8\") failed: not installed (./psock "
        "generates it as root), or a C library without POSIX "
        "locale names (Wine's msvcrt; Windows: win32_localized_message)");
  n = psock_strerror_localized(native, german, sizeof german);
  setlocale(LC_ALL, "C");
  ASSERT(n > 0);
  ASSERT_EQ(n, strlen(german));
  ASSERT_STR_EQ(psock_strerror(PSOCK_EADDRINUSE), "address already in use");
  test_note("%s on %s: \"%s\" under de_DE.UTF-8, \"%s\" under C",
            test_c_library(), test_os_name(), german, plain);
  why = localized_mismatch(test_c_library(), test_os_name(), german, plain);
  if (why != NULL)
    test_fail(__FILE__, __LINE__, "%s on %s: %s", test_c_library(),
              test_os_name(), why);
  return 0;
}

/* The expectation above, for every platform psock runs on: each one's own
 * text passes, and the texts the other platforms give (the old test's
 * musl text on macOS, an untranslated glibc) fail. */
TEST_IMPL(errors_localized_expectation_every_platform) {
  static const char glibc_de[] = "Die Adresse wird bereits verwendet";
  static const char glibc_c[] = "Address already in use";
  static const char musl[] = "Address in use";
  static const char bsd[] = "Address already in use";
  static const char windows_en[] =
      "Only one usage of each socket address (protocol/network address/port) "
      "is normally permitted";
  static const char windows_de[] =
      "Normalerweise darf jede Socketadresse (Protokoll, Netzwerkadresse oder "
      "Anschluss) nur jeweils einmal verwendet werden";
  ASSERT(localized_mismatch("glibc", "linux", glibc_de, glibc_c) == NULL);
  ASSERT(localized_mismatch("glibc", "linux", glibc_c, glibc_c) != NULL);
  ASSERT(localized_mismatch("glibc", "linux", glibc_de, glibc_de) != NULL);
  ASSERT(localized_mismatch("musl", "linux", musl, musl) == NULL);
  ASSERT(localized_mismatch("musl", "linux", glibc_de, musl) != NULL);
  ASSERT(localized_mismatch("libsystem", "macos", bsd, bsd) == NULL);
  ASSERT(localized_mismatch("libsystem", "macos", musl, musl) != NULL);
  ASSERT(localized_mismatch("libsystem", "macos", glibc_de, bsd) != NULL);
  ASSERT(localized_mismatch("libsystem", "macos", "", "") != NULL);
  /* Windows: the UI language's text, English or German alike, the same
   * under either C locale; and Wine's English fallback. */
  ASSERT(localized_mismatch("ucrt", "windows", windows_en, windows_en) == NULL);
  ASSERT(localized_mismatch("ucrt", "windows", windows_de, windows_de) == NULL);
  ASSERT(localized_mismatch("msvcrt", "windows", "address already in use",
                            "address already in use") == NULL);
  ASSERT(localized_mismatch("ucrt", "windows", windows_de, windows_en) != NULL);
  ASSERT(localized_mismatch("ucrt", "windows", "", "") != NULL);
  /* A platform with no recorded expectation is said, never passed. */
  ASSERT(localized_mismatch("bionic", "linux", musl, musl) != NULL);
  ASSERT(localized_mismatch("libc", "freebsd", bsd, bsd) != NULL);
  /* This platform's names are among those above. */
  test_note("this platform: %s on %s", test_c_library(), test_os_name());
  ASSERT(strcmp(test_os_name(), "other") != 0);
  return 0;
}

TEST_IMPL(errors_localized_bad_input) {
  char buf[8];
  char big[256];
  int full;
  ASSERT_ERR(psock_strerror_localized(1, NULL, 10), PSOCK_EINVAL);
  /* snprintf-style: size 0 writes nothing and tells the full length. */
  full = psock_strerror_localized(psock_error_to_native(PSOCK_EADDRINUSE), NULL,
                                  0);
  ASSERT(full > 7);
  memset(buf, '#', sizeof buf);
  ASSERT_EQ(
      psock_strerror_localized(psock_error_to_native(PSOCK_EADDRINUSE), buf, 0),
      full);
  ASSERT_EQ(buf[0], '#');
  /* Unknown codes never crash and always give text. */
  ASSERT(psock_strerror_localized(-5, big, sizeof big) > 0);
  ASSERT(psock_strerror_localized(987654, big, sizeof big) > 0);
  ASSERT(strlen(big) > 0);
  /* Native 0 is no error, and no system message: the English message of
   * its portable equivalent, 0. */
  ASSERT_EQ(psock_strerror_localized(0, big, sizeof big),
            strlen(psock_strerror(0)));
  ASSERT_STR_EQ(big, psock_strerror(0));
  /* Truncated, NUL-terminated, and the full length returned. */
  ASSERT_EQ(psock_strerror_localized(psock_error_to_native(PSOCK_EADDRINUSE),
                                     buf, sizeof buf),
            full);
  ASSERT_EQ(strlen(buf), 7);
  return 0;
}

/* A localized message cut by a small buffer stays valid UTF-8: the cut
 * never splits a character. glibc's German text for a reset has a
 * two-byte one (the u-umlaut of "zurueckgesetzt"); a buffer ending on its
 * second byte gets the text up to the character, not half of it. */
TEST_IMPL(errors_localized_cut_between_characters) {
#if defined(__GLIBC__)
  static const char german[] =
      "Die Verbindung wurde vom Kommunikationspartner zur\xc3\xbc"
      "ckgesetzt";
  char buf[256], part[256];
  int native = psock_error_to_native(PSOCK_ECONNRESET);
  size_t lead;
  int n;
  if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL)
    return test_skip(
        "setlocale(\"de_DE.UTF-8\") failed: not installed (./psock "
        "generates it as root), or a C library without POSIX "
        "locale names (Windows: win32_localized_message)");
  n = psock_strerror_localized(native, buf, sizeof buf);
  ASSERT_STR_EQ(buf, german);
  ASSERT_EQ(n, strlen(german));
  lead = (size_t)(strchr(german, '\xc3') - german);
  /* Room for the lead byte only: the character goes, whole. */
  memset(part, '#', sizeof part);
  ASSERT_EQ(psock_strerror_localized(native, part, lead + 2), n);
  ASSERT_EQ(strlen(part), lead);
  ASSERT_MEM_EQ(part, german, lead);
  /* Room for both bytes: the character stays. */
  memset(part, '#', sizeof part);
  ASSERT_EQ(psock_strerror_localized(native, part, lead + 3), n);
  ASSERT_EQ(strlen(part), lead + 2);
  ASSERT_MEM_EQ(part, german, lead + 2);
  setlocale(LC_ALL, "C");
  return 0;
#else
  return test_skip("no glibc: no German message with a multi-byte character "
                   "to cut (musl ships no translations; Windows: "
                   "win32_localized_message)");
#endif
}

TEST_IMPL(errors_bind_in_use_message) {
  int port;
  psock_t l = listener(PSOCK_AF_INET, &port);
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(s);
  ASSERT_ERR(psock_bind(s, "127.0.0.1", port), PSOCK_EADDRINUSE);
  ASSERT_EQ(psock_last_error(s), PSOCK_EADDRINUSE);
  ASSERT_EQ(psock_last_native_error(s),
            psock_error_to_native(PSOCK_EADDRINUSE));
  ASSERT_STR_EQ(psock_strerror(psock_last_error(s)), "address already in use");
  ASSERT_OK(psock_close(s));
  ASSERT_OK(psock_close(l));
  return 0;
}
