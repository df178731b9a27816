/* SPDX-License-Identifier: MIT */
/*
 * posix/addrinfo.c -- the resolver of psock_addrinfo_lookup: getaddrinfo,
 * its EAI_* codes as portable ones, its list copied into one allocation.
 */
#include "internal.h"
#include "fault.h" /* PSOCK__OS_CODE & co.: the plain call unless injecting */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* getaddrinfo's error as a portable code. glibc's EAI_NODATA and
 * EAI_ADDRFAMILY (outside POSIX: no address of the asked family) are
 * EAI_NONAME, as POSIX has only that; EAI_SYSTEM is its errno's. */
static int portable_of_eai(int eai, int saved_errno, int *native) {
  *native = eai;
  switch (eai) {
  case EAI_AGAIN:
    return PSOCK_EAI_AGAIN;
  case EAI_BADFLAGS:
    return PSOCK_EAI_BADFLAGS;
  case EAI_FAIL:
    return PSOCK_EAI_FAIL;
  case EAI_FAMILY:
    return PSOCK_EAI_FAMILY;
  case EAI_MEMORY:
    return PSOCK_ENOMEM;
  case EAI_SERVICE:
    return PSOCK_EAI_SERVICE;
  case EAI_SOCKTYPE:
    return PSOCK_EAI_SOCKTYPE;
  case EAI_SYSTEM:
    /* errno says why; a resolver that set none is an unknown error. */
    *native = saved_errno;
    return saved_errno != 0 ? psock__os_portable_of(saved_errno) : PSOCK_EOTHER;
  default: /* EAI_NONAME, and glibc's EAI_NODATA, EAI_ADDRFAMILY */
    return PSOCK_EAI_NONAME;
  }
}

int psock__os_addrinfo(const char *host, const char *service, int nflags,
                       int nfamily, int ntype, int protocol,
                       psock__ai_entry **entries, size_t *count, int *native) {
  struct addrinfo hints, *res = NULL, *ai;
  size_t n = 0, names = 0, i = 0;
  psock__ai_entry *out;
  char *name_at;
  int rc;

  memset(&hints, 0, sizeof hints);
  hints.ai_flags = nflags;
  hints.ai_family = nfamily;
  hints.ai_socktype = ntype;
  hints.ai_protocol = protocol;
  errno = 0;
  rc =
      PSOCK__OS_CODE(addrinfo_lookup, getaddrinfo(host, service, &hints, &res));
  if (rc != 0)
    return portable_of_eai(rc, errno, native);
  for (ai = res; ai != NULL; ai = ai->ai_next) {
    n++;
    if (ai->ai_canonname != NULL)
      names += strlen(ai->ai_canonname) + 1;
  }
  /* POSIX promises one entry at least (else the shared code finds none to
   * keep and says PSOCK_EAI_FAMILY). */
  out = PSOCK__ALLOC(addrinfo_entries, malloc(n * sizeof *out + names + 1));
  if (out == NULL) {
    freeaddrinfo(res);
    *native = ENOMEM;
    return PSOCK_ENOMEM;
  }
  name_at = (char *)(out + n);
  for (ai = res; ai != NULL; ai = ai->ai_next, i++) {
    psock__ai_entry *e = &out[i];
    size_t len =
        ai->ai_addrlen < sizeof e->addr.ss ? ai->ai_addrlen : sizeof e->addr.ss;
    memset(e, 0, sizeof *e);
    e->nflags = ai->ai_flags;
    e->nfamily = ai->ai_family;
    e->ntype = ai->ai_socktype;
    e->protocol = ai->ai_protocol;
    memcpy(&e->addr.ss, ai->ai_addr, len);
    e->addr.len = (psock__socklen)len;
    if (ai->ai_canonname != NULL) {
      size_t nlen = strlen(ai->ai_canonname) + 1;
      memcpy(name_at, ai->ai_canonname, nlen);
      e->canonname = name_at;
      name_at += nlen;
    }
  }
  freeaddrinfo(res);
  *entries = out;
  *count = n;
  return 0;
}
