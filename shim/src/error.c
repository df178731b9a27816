/* SPDX-License-Identifier: MIT */
/*
 * error.c -- the portable error records and messages.
 *
 * PSOCK_ERRNO_MAP (psock.h) is the one list: it generates the enum there, the
 * names and English messages here, and each backend's native mapping.
 */
#include "internal.h"

#include <string.h>

/* The global last error is per thread, as errno is: a failure in one thread
 * never overwrites what another thread is about to read. */
static PSOCK__THREAD_LOCAL uint64_t thread_error;

uint64_t psock__error_pack(int code, int native) {
  return ((uint64_t)(uint32_t)code << 32) | (uint64_t)(uint32_t)native;
}
int psock__error_code(uint64_t packed) {
  return (int)(int32_t)(uint32_t)(packed >> 32);
}
int psock__error_native(uint64_t packed) {
  return (int)(int32_t)(uint32_t)(packed & 0xffffffffu);
}

static void record(psock__sock *sock, int code, int native) {
  uint64_t packed = psock__error_pack(code, native);
  thread_error = packed;
  if (sock != NULL)
    PSOCK__STORE(sock->error, packed);
}

int psock__fail_native(psock__sock *sock, int native) {
  return psock__fail_native_ctx(sock, native, PSOCK__CTX_ANY);
}

/* What a portable code means where it happened, the same on every
 * platform. The backend has already mapped the native code in context
 * (Winsock's WSAEWOULDBLOCK from connect); these rules are the ones that
 * hold whatever the system said. The native code is always kept. */
static int in_context(int code, psock__ctx ctx) {
  switch (ctx) {
  case PSOCK__CTX_CREATE:
    /* Domain and type were checked before the call, and the protocol's
     * range: what is left to be invalid is the protocol (Windows says
     * WSAEINVAL for one it does not know, Linux EPROTONOSUPPORT). */
    return code == PSOCK_EINVAL ? PSOCK_EPROTONOSUPPORT : code;
  case PSOCK__CTX_ACCEPT:
    /* A queued connection that died before it was accepted: BSD says
     * ECONNABORTED, Windows WSAECONNRESET (Wine: WSAENOTCONN); Linux's
     * EPROTO is mapped by its backend. The listener stays usable. */
    return code == PSOCK_ECONNRESET || code == PSOCK_ENOTCONN
               ? PSOCK_ECONNABORTED
               : code;
  case PSOCK__CTX_SEND:
    /* The peer of a connection has closed or reset it: Linux says EPIPE
     * or, if the reset came first, ECONNRESET; Windows WSAECONNRESET,
     * WSAECONNABORTED or WSAESHUTDOWN. One code: the header's EPIPE. */
    return code == PSOCK_ECONNRESET || code == PSOCK_ECONNABORTED ||
                   code == PSOCK_ESHUTDOWN
               ? PSOCK_EPIPE
               : code;
  case PSOCK__CTX_SEND_NO_DESTINATION:
    /* A datagram socket with no destination and no peer: POSIX says
     * EDESTADDRREQ, Windows WSAENOTCONN (Wine: WSAEINVAL). */
    return code == PSOCK_ENOTCONN || code == PSOCK_EINVAL ? PSOCK_EDESTADDRREQ
                                                          : code;
  default:
    return code;
  }
}

int psock__fail_native_ctx(psock__sock *sock, int native, psock__ctx ctx) {
  int code = in_context(psock__os_portable_of_ctx(native, ctx), ctx);
  record(sock, code, native);
  return code;
}

int psock__fail_as(psock__sock *sock, int code, int native) {
  record(sock, code, native);
  return code;
}

int psock__fail_code(psock__sock *sock, int code) {
  record(sock, code, psock__os_native_of(code));
  return code;
}

int psock__take_pending_read_error(psock__sock *sock) {
  /* The caller saw one pending (a load, io.c): take it. */
  int native = atomic_exchange_explicit(&sock->pending_read_error, 0,
                                        memory_order_relaxed);
  return native != 0 ? psock__fail_native_ctx(sock, native, PSOCK__CTX_IO) : 0;
}

/* The error psock_last_error(s) & co. read: the thread's for PSOCK_NONE,
 * the socket's otherwise. 0 and *out set, or -1 for a stale handle --
 * looked up quietly: asking about an error must not record a new one. */
static int read_record(psock_t s, uint64_t *out) {
  psock__sock *sock;
  if (s.id == 0) {
    *out = thread_error;
    return 0;
  }
  sock = psock__find(s);
  if (sock == NULL)
    return -1;
  *out = PSOCK__LOAD(sock->error);
  return 0;
}

int psock_last_error(psock_t s) {
  uint64_t e;
  return read_record(s, &e) == 0 ? psock__error_code(e) : PSOCK_EBADF;
}

int psock_last_native_error(psock_t s) {
  uint64_t e;
  return read_record(s, &e) == 0 ? psock__error_native(e)
                                 : psock__os_native_of(PSOCK_EBADF);
}

void psock_clear_error(psock_t s) {
  psock__sock *sock;
  if (s.id == 0) {
    thread_error = 0;
    return;
  }
  sock = psock__find(s);
  if (sock != NULL)
    PSOCK__STORE(sock->error, 0);
}

const char *psock_strerror(int code) {
  switch (code) {
  case 0:
    return "success";
#define PSOCK__MESSAGE_CASE(name, number, message)                             \
  case -(number):                                                              \
    return message;
    PSOCK_ERRNO_MAP(PSOCK__MESSAGE_CASE)
    PSOCK_RESOLVER_ERROR_MAP(PSOCK__MESSAGE_CASE)
#undef PSOCK__MESSAGE_CASE
  default:
    return "unknown error";
  }
}

const char *psock_err_name(int code) {
  switch (code) {
  case 0:
    return "OK";
#define PSOCK__NAME_CASE(name, number, message)                                \
  case -(number):                                                              \
    return #name;
    PSOCK_ERRNO_MAP(PSOCK__NAME_CASE)
    PSOCK_RESOLVER_ERROR_MAP(PSOCK__NAME_CASE)
#undef PSOCK__NAME_CASE
  default:
    return "UNKNOWN";
  }
}

/* Longer than any system message (glibc's longest is about 60 bytes, in
 * any language; FormatMessage's texts stay under a few hundred). */
#define FULL_MESSAGE_MAX 1024

int psock_strerror_localized(int native_code, char *buf, size_t size) {
  char full[FULL_MESSAGE_MAX];
  const char *text = full;
  size_t len, copy;
  if (buf == NULL && size > 0)
    return PSOCK_EINVAL;
  if (psock__os_strerror_localized(native_code, full, sizeof full) < 0)
    text = psock_strerror(psock__os_portable_of(native_code));
  len = strlen(text);
  if (size > 0) {
    copy = len < size ? len : size - 1;
    /* Cut on a character boundary, so the result stays valid UTF-8: never
     * before a UTF-8 continuation byte (10xxxxxx). */
    while (copy > 0 && copy < len && ((unsigned char)text[copy] & 0xc0) == 0x80)
      copy--;
    memcpy(buf, text, copy);
    buf[copy] = '\0';
  }
  return (int)len;
}

int psock_error_from_native(int native_code) {
  return native_code == 0 ? 0 : psock__os_portable_of(native_code);
}

int psock_error_to_native(int code) {
  return code == 0 ? 0 : psock__os_native_of(code);
}

const char *psock_version(void) { return PSOCK_VERSION_STRING; }
