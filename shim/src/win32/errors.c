/*
 * win32/errors.c -- Winsock codes <-> portable codes, and localized text.
 *
 * One table maps every code the socket functions return; the English text
 * of each comes from the portable list (psock_strerror), never from
 * FormatMessage (Wine's has no text for WSA codes). A code missing here is
 * PSOCK_EOTHER and keeps its number as the native code.
 */
#include "internal.h"

#include <string.h>

typedef struct mapping {
  int native;
  int code;
} mapping;

/* The first row of a portable code is also its native code for errors psock
 * detects itself. Rows below the WSA ones are Win32 codes that AF_UNIX and
 * memory failures surface. */
static const mapping table[] = {
    {WSAEACCES, PSOCK_EACCES},
    {WSAEADDRINUSE, PSOCK_EADDRINUSE},
    {WSAEADDRNOTAVAIL, PSOCK_EADDRNOTAVAIL},
    {WSAEAFNOSUPPORT, PSOCK_EAFNOSUPPORT},
    {WSAEWOULDBLOCK, PSOCK_EWOULDBLOCK},
    {WSAEALREADY, PSOCK_EALREADY},
    {WSAEBADF, PSOCK_EBADF},
    {WSAENOTSOCK, PSOCK_ENOTSOCK},
    {WSAECONNABORTED, PSOCK_ECONNABORTED},
    {WSAECONNREFUSED, PSOCK_ECONNREFUSED},
    {WSAECONNRESET, PSOCK_ECONNRESET},
    {WSAEDESTADDRREQ, PSOCK_EDESTADDRREQ},
    {WSAEFAULT, PSOCK_EFAULT},
    {WSAEHOSTUNREACH, PSOCK_EHOSTUNREACH},
    {WSAEINPROGRESS, PSOCK_EINPROGRESS},
    {WSAEINTR, PSOCK_EINTR},
    {WSAEINVAL, PSOCK_EINVAL},
    {WSAEISCONN, PSOCK_EISCONN},
    {WSAEMFILE, PSOCK_EMFILE},
    {WSAEMSGSIZE, PSOCK_EMSGSIZE},
    {WSAENAMETOOLONG, PSOCK_ENAMETOOLONG},
    {WSAENETDOWN, PSOCK_ENETDOWN},
    {WSAENETUNREACH, PSOCK_ENETUNREACH},
    {WSAENETRESET, PSOCK_ECONNRESET},
    {WSAENOBUFS, PSOCK_ENOBUFS},
    {WSA_NOT_ENOUGH_MEMORY, PSOCK_ENOMEM},
    {WSAENOPROTOOPT, PSOCK_ENOPROTOOPT},
    {WSAENOTCONN, PSOCK_ENOTCONN},
    {WSAEOPNOTSUPP, PSOCK_EOPNOTSUPP},
    {WSAEPROTONOSUPPORT, PSOCK_EPROTONOSUPPORT},
    {WSAEPROTOTYPE, PSOCK_EPROTOTYPE},
    {WSAESOCKTNOSUPPORT, PSOCK_ESOCKTNOSUPPORT},
    {WSAETIMEDOUT, PSOCK_ETIMEDOUT},
    {WSAELOOP, PSOCK_ELOOP},
    {WSAESHUTDOWN, PSOCK_ESHUTDOWN},
    {WSAEHOSTDOWN, PSOCK_EHOSTDOWN},
    {WSAEPFNOSUPPORT, PSOCK_EPFNOSUPPORT},
    {WSAEPROCLIM, PSOCK_EMFILE},
    {WSAEDISCON, PSOCK_ECONNRESET},
    {WSANOTINITIALISED, PSOCK_ENETDOWN},
    {WSASYSNOTREADY, PSOCK_ENETDOWN},
    {WSA_INVALID_HANDLE, PSOCK_EBADF},
    {WSA_INVALID_PARAMETER, PSOCK_EINVAL},
    {WSA_OPERATION_ABORTED, PSOCK_EINTR},
    {ERROR_FILE_NOT_FOUND, PSOCK_ENOENT},
    {ERROR_PATH_NOT_FOUND, PSOCK_ENOTDIR},
    {ERROR_ACCESS_DENIED, PSOCK_EPERM},
    {ERROR_WRITE_PROTECT, PSOCK_EROFS},
    {ERROR_TOO_MANY_OPEN_FILES, PSOCK_ENFILE},
    {ERROR_BROKEN_PIPE, PSOCK_EPIPE},
};

#define TABLE_SIZE (sizeof table / sizeof table[0])

int psock__os_portable_of(int native) {
  size_t i;
  if (native == 0)
    return 0;
  for (i = 0; i < TABLE_SIZE; i++)
    if (table[i].native == native)
      return table[i].code;
  return PSOCK_EOTHER;
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
  size_t i;
  for (i = 0; i < TABLE_SIZE; i++)
    if (table[i].code == code)
      return table[i].native;
  return 0;
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
  len = WideCharToMultiByte(CP_UTF8, 0, wide, (int)n, buf, (int)size - 1,
                            NULL, NULL);
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
