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

/* spec 002: "Warning - socket_bind() unable to bind address [98]: Die Adresse
 * wird bereits verwendet" -- the localized text follows LC_MESSAGES while
 * psock_strerror stays English. */
TEST_IMPL(errors_localized_german) {
  char buf[256];
  int native = psock_error_to_native(PSOCK_EADDRINUSE);
  int n;
  if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL)
    return test_skip(
        "setlocale(\"de_DE.UTF-8\") failed: not installed (./psock "
        "generates it as root), or a C library without POSIX "
        "locale names (Windows: win32_localized_message)");
  n = psock_strerror_localized(native, buf, sizeof buf);
  ASSERT(n > 0);
  ASSERT_EQ(n, strlen(buf));
  ASSERT_STR_EQ(psock_strerror(PSOCK_EADDRINUSE), "address already in use");
#if defined(__GLIBC__)
  ASSERT_STR_EQ(buf, "Die Adresse wird bereits verwendet");
#else
  /* musl ships no message translations: the text stays English. */
  test_note("no translations in this libc; localized text: \"%s\"", buf);
  ASSERT_STR_EQ(buf, "Address in use");
#endif
  setlocale(LC_ALL, "C");
  n = psock_strerror_localized(native, buf, sizeof buf);
  ASSERT(n > 0);
  ASSERT(strcmp(buf, "Die Adresse wird bereits verwendet") != 0);
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
