/*
 * error.c -- the portable error records and messages.
 *
 * PSOCK_ERRNO_MAP (psock.h) is the one list: it generates the enum there, the
 * names and English messages here, and each backend's native mapping.
 */
#include "internal.h"

#include <string.h>

static PSOCK__THREAD_LOCAL psock__error thread_error;

static void record(psock__sock *sock, int code, int native) {
  thread_error.code = code;
  thread_error.native = native;
  if (sock != NULL) {
    sock->error.code = code;
    sock->error.native = native;
  }
}

int psock__fail_native(psock__sock *sock, int native) {
  return psock__fail_native_ctx(sock, native, PSOCK__CTX_ANY);
}

int psock__fail_native_ctx(psock__sock *sock, int native, psock__ctx ctx) {
  int code = psock__os_portable_of_ctx(native, ctx);
  record(sock, code, native);
  return code;
}

int psock__fail_code(psock__sock *sock, int code) {
  record(sock, code, psock__os_native_of(code));
  return code;
}

/* The error record that psock_last_error(s) & co. read: the thread's for
 * PSOCK_NONE, the socket's otherwise, NULL for a stale handle. */
static psock__error *record_of(psock_t s) {
  psock__sock *sock;
  if (s.id == 0)
    return &thread_error;
  sock = psock__lookup(s);
  return sock != NULL ? &sock->error : NULL;
}

int psock_last_error(psock_t s) {
  psock__error *e = record_of(s);
  return e != NULL ? e->code : PSOCK_EBADF;
}

int psock_last_native_error(psock_t s) {
  psock__error *e = record_of(s);
  return e != NULL ? e->native : psock__os_native_of(PSOCK_EBADF);
}

void psock_clear_error(psock_t s) {
  psock__error *e = record_of(s);
  if (e != NULL) {
    e->code = 0;
    e->native = 0;
  }
}

const char *psock_strerror(int code) {
  switch (code) {
  case 0:
    return "success";
#define PSOCK__MESSAGE_CASE(name, number, message)                            \
  case -(number):                                                             \
    return message;
    PSOCK_ERRNO_MAP(PSOCK__MESSAGE_CASE)
#undef PSOCK__MESSAGE_CASE
  default:
    return "unknown error";
  }
}

const char *psock_err_name(int code) {
  switch (code) {
  case 0:
    return "OK";
#define PSOCK__NAME_CASE(name, number, message)                               \
  case -(number):                                                             \
    return #name;
    PSOCK_ERRNO_MAP(PSOCK__NAME_CASE)
#undef PSOCK__NAME_CASE
  default:
    return "UNKNOWN";
  }
}

int psock_strerror_localized(int native_code, char *buf, size_t size) {
  int n;
  size_t len;
  const char *english;
  if (buf == NULL || size == 0)
    return PSOCK_EINVAL;
  n = psock__os_strerror_localized(native_code, buf, size);
  if (n >= 0)
    return n;
  english = psock_strerror(psock__os_portable_of(native_code));
  len = strlen(english);
  if (len >= size)
    len = size - 1;
  memcpy(buf, english, len);
  buf[len] = '\0';
  return (int)len;
}

int psock_error_from_native(int native_code) {
  return native_code == 0 ? 0 : psock__os_portable_of(native_code);
}

int psock_error_to_native(int code) {
  return code == 0 ? 0 : psock__os_native_of(code);
}

#define PSOCK__STR(x) #x
#define PSOCK__XSTR(x) PSOCK__STR(x)
const char *psock_version(void) {
  return PSOCK__XSTR(PSOCK_VERSION_MAJOR) "." PSOCK__XSTR(
      PSOCK_VERSION_MINOR) "." PSOCK__XSTR(PSOCK_VERSION_PATCH);
}
