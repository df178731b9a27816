/* SPDX-License-Identifier: MIT */
/*
 * win32/addrinfo.c -- the resolver of psock_addrinfo_lookup: GetAddrInfoW
 * (names in UTF-16, so psock's UTF-8 host reaches the resolver whole), its
 * WSA codes as portable ones, its list copied into one allocation with the
 * canonical names in UTF-8.
 */
#include "internal.h"
#include "fault.h" /* PSOCK__OS_CODE & co.: the plain call unless injecting */

#include <stdlib.h>
#include <string.h>

/* GetAddrInfoW's error (its documentation's list) as a portable code:
 * the EAI_* of ws2tcpip.h are these WSA codes. */
static int portable_of_wsa(int wsa) {
  switch (wsa) {
  case WSATRY_AGAIN:
    return PSOCK_EAI_AGAIN;
  case WSAEINVAL:
    return PSOCK_EAI_BADFLAGS;
  case WSANO_RECOVERY:
    return PSOCK_EAI_FAIL;
  case WSAEAFNOSUPPORT:
    return PSOCK_EAI_FAMILY;
  case WSA_NOT_ENOUGH_MEMORY:
    return PSOCK_ENOMEM;
  case WSATYPE_NOT_FOUND:
    return PSOCK_EAI_SERVICE;
  case WSAESOCKTNOSUPPORT:
    return PSOCK_EAI_SOCKTYPE;
  case WSAHOST_NOT_FOUND:
  case WSANO_DATA:
    return PSOCK_EAI_NONAME;
  default:
    return psock__os_portable_of(wsa);
  }
}

/* UTF-8 to a malloc'd UTF-16 string; NULL for NULL. 0 or a portable code. */
static int widen(const char *s, wchar_t **out) {
  int n;
  *out = NULL;
  if (s == NULL)
    return 0;
  n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
  if (n <= 0)
    return PSOCK_EAI_NONAME; /* not UTF-8: no such name */
  *out = PSOCK__ALLOC(addrinfo_wide, malloc((size_t)n * sizeof(wchar_t)));
  if (*out == NULL)
    return PSOCK_ENOMEM;
  MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, *out, n);
  return 0;
}

int psock__os_addrinfo(const char *host, const char *service, int nflags,
                       int nfamily, int ntype, int protocol,
                       psock__ai_entry **entries, size_t *count, int *native) {
  ADDRINFOW hints, *res = NULL, *ai;
  wchar_t *whost = NULL, *wservice = NULL;
  size_t n = 0, names = 0, i = 0;
  psock__ai_entry *out;
  char *name_at;
  int rc;

  rc = widen(host, &whost);
  if (rc == 0)
    rc = widen(service, &wservice);
  if (rc < 0) {
    free(whost);
    *native = rc == PSOCK_ENOMEM ? WSA_NOT_ENOUGH_MEMORY : WSAHOST_NOT_FOUND;
    return rc;
  }
  memset(&hints, 0, sizeof hints);
  hints.ai_flags = nflags;
  hints.ai_family = nfamily;
  hints.ai_socktype = ntype;
  hints.ai_protocol = protocol;
  rc = PSOCK__OS_CODE(addrinfo_lookup,
                      GetAddrInfoW(whost, wservice, &hints, &res));
  free(whost);
  free(wservice);
  if (rc != 0) {
    *native = rc;
    return portable_of_wsa(rc);
  }
  for (ai = res; ai != NULL; ai = ai->ai_next) {
    n++;
    if (ai->ai_canonname != NULL)
      names += (size_t)WideCharToMultiByte(CP_UTF8, 0, ai->ai_canonname, -1,
                                           NULL, 0, NULL, NULL);
  }
  out = PSOCK__ALLOC(addrinfo_entries, malloc(n * sizeof *out + names + 1));
  if (out == NULL) {
    FreeAddrInfoW(res);
    *native = WSA_NOT_ENOUGH_MEMORY;
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
      int k = WideCharToMultiByte(
          CP_UTF8, 0, ai->ai_canonname, -1, name_at,
          (int)(names - (size_t)(name_at - (char *)(out + n))), NULL, NULL);
      e->canonname = name_at;
      name_at += k > 0 ? k : 0;
    }
  }
  FreeAddrInfoW(res);
  *entries = out;
  *count = n;
  return 0;
}
