/* SPDX-License-Identifier: MIT */
/*
 * win32/errors.c -- Winsock codes <-> portable codes, and localized text.
 *
 * One list maps every code the socket functions return; the English text
 * of each comes from the portable list (psock_strerror), never from
 * FormatMessage (Wine's has no text for WSA codes). A code missing here is
 * PSOCK_EOTHER and keeps its number as the native code.
 */
#include "internal.h"

#include <string.h>

/* Every code the socket functions return, once: P(native, code) is the
 * code's own native code (also what psock records for errors it detects
 * itself), A(native, code) another native code meaning the same. Both
 * directions are switches generated from this list: O(1). Rows below the
 * WSA ones are Win32 codes that AF_UNIX and memory failures surface. */
#define WIN32_ERROR_MAP(P, A)                                                  \
  P(WSAEACCES, EACCES)                                                         \
  P(WSAEADDRINUSE, EADDRINUSE)                                                 \
  P(WSAEADDRNOTAVAIL, EADDRNOTAVAIL)                                           \
  P(WSAEAFNOSUPPORT, EAFNOSUPPORT)                                             \
  P(WSAEWOULDBLOCK, EWOULDBLOCK)                                               \
  P(WSAEALREADY, EALREADY)                                                     \
  P(WSAEBADF, EBADF)                                                           \
  P(WSAENOTSOCK, ENOTSOCK)                                                     \
  P(WSAECONNABORTED, ECONNABORTED)                                             \
  P(WSAECONNREFUSED, ECONNREFUSED)                                             \
  P(WSAECONNRESET, ECONNRESET)                                                 \
  P(WSAEDESTADDRREQ, EDESTADDRREQ)                                             \
  P(WSAEFAULT, EFAULT)                                                         \
  P(WSAEHOSTUNREACH, EHOSTUNREACH)                                             \
  P(WSAEINPROGRESS, EINPROGRESS)                                               \
  P(WSAEINTR, EINTR)                                                           \
  P(WSAEINVAL, EINVAL)                                                         \
  P(WSAEISCONN, EISCONN)                                                       \
  P(WSAEMFILE, EMFILE)                                                         \
  P(WSAEMSGSIZE, EMSGSIZE)                                                     \
  P(WSAENAMETOOLONG, ENAMETOOLONG)                                             \
  P(WSAENETDOWN, ENETDOWN)                                                     \
  P(WSAENETUNREACH, ENETUNREACH)                                               \
  A(WSAENETRESET, ECONNRESET)                                                  \
  P(WSAENOBUFS, ENOBUFS)                                                       \
  P(WSA_NOT_ENOUGH_MEMORY, ENOMEM)                                             \
  P(WSAENOPROTOOPT, ENOPROTOOPT)                                               \
  P(WSAENOTCONN, ENOTCONN)                                                     \
  P(WSAEOPNOTSUPP, EOPNOTSUPP)                                                 \
  P(WSAEPROTONOSUPPORT, EPROTONOSUPPORT)                                       \
  P(WSAEPROTOTYPE, EPROTOTYPE)                                                 \
  P(WSAESOCKTNOSUPPORT, ESOCKTNOSUPPORT)                                       \
  P(WSAETIMEDOUT, ETIMEDOUT)                                                   \
  P(WSAELOOP, ELOOP)                                                           \
  P(WSAESHUTDOWN, ESHUTDOWN)                                                   \
  P(WSAEHOSTDOWN, EHOSTDOWN)                                                   \
  P(WSAEPFNOSUPPORT, EPFNOSUPPORT)                                             \
  A(WSAEPROCLIM, EMFILE)                                                       \
  A(WSAEDISCON, ECONNRESET)                                                    \
  A(WSANOTINITIALISED, ENETDOWN)                                               \
  A(WSASYSNOTREADY, ENETDOWN)                                                  \
  A(WSA_INVALID_HANDLE, EBADF)                                                 \
  A(WSA_INVALID_PARAMETER, EINVAL)                                             \
  A(WSA_OPERATION_ABORTED, EINTR)                                              \
  P(ERROR_FILE_NOT_FOUND, ENOENT)                                              \
  P(ERROR_PATH_NOT_FOUND, ENOTDIR)                                             \
  P(ERROR_ACCESS_DENIED, EPERM)                                                \
  P(ERROR_WRITE_PROTECT, EROFS)                                                \
  P(ERROR_TOO_MANY_OPEN_FILES, ENFILE)                                         \
  P(ERROR_BROKEN_PIPE, EPIPE)

#define NOTHING(native, code)

int psock__os_portable_of(int native) {
  switch (native) {
  case 0:
    return 0;
#define FROM_NATIVE(native, code)                                              \
  case native:                                                                 \
    return PSOCK_##code;
    WIN32_ERROR_MAP(FROM_NATIVE, FROM_NATIVE)
#undef FROM_NATIVE
  default:
    return PSOCK_EOTHER;
  }
}

int psock__os_portable_of_ctx(int native, psock__ctx ctx) {
  /* A nonblocking connect "would block" where POSIX says "in progress". */
  if (ctx == PSOCK__CTX_CONNECT && native == WSAEWOULDBLOCK)
    return PSOCK_EINPROGRESS;
  if (ctx == PSOCK__CTX_IO) {
    /* SO_RCVTIMEO/SO_SNDTIMEO expiry: POSIX reports EAGAIN. */
    if (native == WSAETIMEDOUT)
      return PSOCK_EWOULDBLOCK;
    /* Sending after shutdown(SD_SEND): POSIX reports EPIPE. */
    if (native == WSAESHUTDOWN)
      return PSOCK_EPIPE;
  }
  return psock__os_portable_of(native);
}

int psock__os_native_of(int code) {
  switch (code) {
#define TO_NATIVE(native, code)                                                \
  case PSOCK_##code:                                                           \
    return native;
    WIN32_ERROR_MAP(TO_NATIVE, NOTHING)
#undef TO_NATIVE
  default:
    return 0;
  }
}

int psock__os_strerror_localized(int native, char *buf, size_t size) {
  wchar_t wide[512];
  DWORD n;
  int len;
  if (native <= 0)
    return -1;
  /* Language 0: the user's UI language, falling back as the system does. */
  n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                     NULL, (DWORD)native, 0, wide,
                     (DWORD)(sizeof wide / sizeof wide[0]), NULL);
  while (n > 0 && (wide[n - 1] == L'\r' || wide[n - 1] == L'\n' ||
                   wide[n - 1] == L' ' || wide[n - 1] == L'.'))
    n--;
  if (n == 0)
    return -1;
  len = WideCharToMultiByte(CP_UTF8, 0, wide, (int)n, buf, (int)size - 1, NULL,
                            NULL);
  if (len <= 0) {
    /* Too small for the whole text: convert what fits, a character at a
     * time, so the result stays valid UTF-8. */
    DWORD i;
    len = 0;
    for (i = 0; i < n; i++) {
      char tmp[8];
      int k = WideCharToMultiByte(CP_UTF8, 0, &wide[i], 1, tmp, sizeof tmp,
                                  NULL, NULL);
      if (k <= 0 || (size_t)(len + k) > size - 1)
        break;
      memcpy(buf + len, tmp, (size_t)k);
      len += k;
    }
  }
  buf[len] = '\0';
  return len;
}
