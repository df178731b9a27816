/* SPDX-License-Identifier: MIT */
/*
 * posix/errors.c -- errno <-> portable codes, and the localized messages.
 *
 * The mapping is generated from PSOCK_ERRNO_MAP: every portable name is the
 * errno of the same name. Where a system has two names for one condition
 * with different values (EAGAIN/EWOULDBLOCK, ENOTSUP/EOPNOTSUPP on BSD),
 * both map to the one portable code.
 *
 * Compiled without _GNU_SOURCE so that strerror_r is the XSI one on glibc.
 */
#include "internal.h"

#include <errno.h>
#include <string.h>

/* A platform that lacks a name entirely (none of ours so far) would make
 * this file fail to compile, which is the point: add a guard then. */
int psock__os_portable_of(int native) {
  switch (native) {
  case 0:
    return 0;
#define PSOCK__FROM_ERRNO(name, number, message)                               \
  case name:                                                                   \
    return PSOCK_##name;
    /* EOTHER has no errno; the list is expanded without it. */
#define EOTHER (-1)
    PSOCK_ERRNO_MAP(PSOCK__FROM_ERRNO)
#undef EOTHER
#undef PSOCK__FROM_ERRNO
#if defined(EAGAIN) && EAGAIN != EWOULDBLOCK
  case EAGAIN:
    return PSOCK_EWOULDBLOCK;
#endif
#if defined(ENOTSUP) && ENOTSUP != EOPNOTSUPP
  case ENOTSUP:
    return PSOCK_EOPNOTSUPP;
#endif
  default:
    return PSOCK_EOTHER;
  }
}

int psock__os_portable_of_ctx(int native, psock__ctx ctx) {
#if defined(EPROTO)
  /* Linux's accept passes some network errors of the queued connection on
   * (accept(2)): the connection died before it was accepted. */
  if (ctx == PSOCK__CTX_ACCEPT && native == EPROTO)
    return PSOCK_ECONNABORTED;
#endif
  (void)ctx; /* otherwise POSIX codes mean the same wherever they come from */
  return psock__os_portable_of(native);
}

int psock__os_native_of(int code) {
  switch (code) {
#define PSOCK__TO_ERRNO(name, number, message)                                 \
  case PSOCK_##name:                                                           \
    return name;
#define EOTHER 0
    PSOCK_ERRNO_MAP(PSOCK__TO_ERRNO)
#undef EOTHER
#undef PSOCK__TO_ERRNO
  default:
    return 0;
  }
}

int psock__os_strerror_localized(int native, char *buf, size_t size) {
  /* XSI strerror_r follows the thread's LC_MESSAGES (glibc; musl has only
   * English). It fails (EINVAL) for a number the system does not know. */
  if (native <= 0 || strerror_r(native, buf, size) != 0) {
    return -1;
  }
  return (int)strlen(buf);
}
