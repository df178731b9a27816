/* SPDX-License-Identifier: MIT */
/*
 * addrinfo.c -- socket_addrinfo_lookup, _bind, _connect, _explain: the
 * checks, the portable values and the sockets. The resolver itself
 * (getaddrinfo, GetAddrInfoW) is the backend's psock__os_addrinfo.
 */
#include "internal.h"
#include "fault.h"

#include <stdlib.h>
#include <string.h>

struct psock_addrinfo {
  size_t count;
  psock__ai_entry *entries; /* the backend's one allocation */
  int kinds[];              /* per entry: portable family, then type */
};

/* The portable domain of a native family; -1 when psock has none. */
static int portable_family(int nfamily) {
  static const int domains[] = {PSOCK_AF_INET, PSOCK_AF_INET6, PSOCK_AF_UNIX};
  size_t i;
  for (i = 0; i < sizeof domains / sizeof domains[0]; i++)
    if (psock__native_constant(PSOCK_KIND_DOMAIN, domains[i]) == nfamily)
      return domains[i];
  return -1;
}

/* Hint flags each way, bit by bit, by the constants table: a bit that
 * names no AI_* constant is PSOCK_EINVAL, one the platform lacks
 * PSOCK_EAI_BADFLAGS. */
static int native_flags(int flags, int *nflags) {
  int i;
  *nflags = 0;
  if (flags < 0)
    return PSOCK_EINVAL;
  for (i = 0; i < 31; i++) {
    int bit = 1 << i, nbit;
    if ((flags & bit) == 0)
      continue;
    if (psock_constant_name(PSOCK_KIND_ADDRINFO, bit) == NULL)
      return PSOCK_EINVAL;
    nbit = psock__native_constant(PSOCK_KIND_ADDRINFO, bit);
    if (nbit == -1)
      return PSOCK_EAI_BADFLAGS;
    *nflags |= nbit;
  }
  return 0;
}

static int portable_flags(int nflags) {
  int i, flags = 0;
  for (i = 0; i < 31; i++) {
    int bit = 1 << i;
    int nbit = psock__native_constant(PSOCK_KIND_ADDRINFO, bit);
    if (nbit > 0 && (nflags & nbit) == nbit)
      flags |= bit;
  }
  return flags;
}

/* The hints in native values: 0 or PSOCK_EINVAL / PSOCK_EAI_BADFLAGS. */
static int native_hints(const psock_addrinfo_hints_t *h, int *nflags,
                        int *nfamily, int *ntype, int *protocol) {
  int rc;
  *nflags = *nfamily = *ntype = *protocol = 0;
  if (h == NULL)
    return 0;
  rc = native_flags(h->flags, nflags);
  if (rc < 0)
    return rc;
  if (h->family != 0) {
    if (h->family != PSOCK_AF_INET && h->family != PSOCK_AF_INET6)
      return PSOCK_EINVAL;
    *nfamily = psock__native_constant(PSOCK_KIND_DOMAIN, h->family);
  }
  if (h->socktype != 0) {
    if (psock_constant_name(PSOCK_KIND_TYPE, h->socktype) == NULL)
      return PSOCK_EINVAL;
    *ntype = psock__native_constant(PSOCK_KIND_TYPE, h->socktype);
    if (*ntype == -1)
      return PSOCK_EAI_SOCKTYPE;
  }
  if (h->protocol < 0 || h->protocol > 255)
    return PSOCK_EINVAL;
  *protocol = h->protocol;
  return 0;
}

int psock_addrinfo_lookup(const char *host, const char *service,
                          const psock_addrinfo_hints_t *hints,
                          psock_addrinfo_t **out) {
  int nflags, nfamily, ntype, protocol, native = 0, rc;
  psock__ai_entry *entries = NULL;
  size_t count = 0, kept = 0, i;
  psock_addrinfo_t *list;

  if (out != NULL)
    *out = NULL;
  if (out == NULL || host == NULL)
    return psock__fail_code(NULL, PSOCK_EINVAL);
  if (host[0] == '\0')
    return psock__fail_code(NULL, PSOCK_EAI_NONAME);
  if (strlen(host) > PSOCK_ADDRINFO_HOST_MAX ||
      (service != NULL && strlen(service) > PSOCK_ADDRINFO_SERVICE_MAX))
    return psock__fail_code(NULL, PSOCK_ENAMETOOLONG);
  rc = native_hints(hints, &nflags, &nfamily, &ntype, &protocol);
  if (rc < 0)
    return psock__fail_code(NULL, rc);
  rc = psock__ensure_os();
  if (rc < 0)
    return psock__fail_native(NULL, -rc);
  rc = psock__os_addrinfo(host, service, nflags, nfamily, ntype, protocol,
                          &entries, &count, &native);
  if (rc < 0)
    return psock__fail_as(NULL, rc, native);
  list = PSOCK__ALLOC(addrinfo_list,
                      malloc(sizeof *list + 2 * count * sizeof(int)));
  if (list == NULL) {
    free(entries);
    return psock__fail_code(NULL, PSOCK_ENOMEM);
  }
  /* Keep the entries psock can make a socket of, in the resolver's order. */
  for (i = 0; i < count; i++) {
    int family = portable_family(entries[i].nfamily);
    /* Type 0 is "any": Winsock's answer when the hints name no type. */
    int type = entries[i].ntype == 0
                   ? 0
                   : psock__portable_of_kind(PSOCK_KIND_TYPE, entries[i].ntype);
    if (family == -1 || type == -1)
      continue;
    entries[kept] = entries[i];
    /* The canonical name only where AI_CANONNAME asked for it, on the first
     * entry (POSIX); musl's resolver names every entry unasked. */
    if (kept > 0 || hints == NULL || (hints->flags & PSOCK_AI_CANONNAME) == 0)
      entries[kept].canonname = NULL;
    /* The flags the lookup was made with, as glibc reports them (musl
     * reports none). */
    entries[kept].nflags = nflags;
    /* A resolver that leaves the protocol 0 (Wine's GetAddrInfoW) says
     * what glibc's says outright: TCP for streams, UDP for datagrams. */
    if (entries[kept].protocol == 0 && type == PSOCK_SOCK_STREAM)
      entries[kept].protocol = PSOCK_SOL_TCP;
    else if (entries[kept].protocol == 0 && type == PSOCK_SOCK_DGRAM)
      entries[kept].protocol = PSOCK_SOL_UDP;
    list->kinds[2 * kept] = family;
    list->kinds[2 * kept + 1] = type;
    kept++;
  }
  if (kept == 0) {
    free(entries);
    free(list);
    return psock__fail_code(NULL, PSOCK_EAI_FAMILY);
  }
  list->count = kept;
  list->entries = entries;
  *out = list;
  return (int)kept; /* a resolver's answer is a few entries */
}

size_t psock_addrinfo_count(const psock_addrinfo_t *list) {
  return list == NULL ? 0 : list->count;
}

int psock_addrinfo_explain(const psock_addrinfo_t *list, size_t index,
                           psock_addrinfo_entry_t *out) {
  const psock__ai_entry *e;
  if (list == NULL || out == NULL || index >= list->count)
    return psock__fail_code(NULL, PSOCK_EINVAL);
  e = &list->entries[index];
  memset(out, 0, sizeof *out);
  out->flags = portable_flags(e->nflags);
  out->family = list->kinds[2 * index];
  out->socktype = list->kinds[2 * index + 1];
  out->protocol = e->protocol;
  out->canonname = e->canonname;
  /* Every kept entry is an address psock formats: AF_INET or AF_INET6 from
   * a resolver, whose text fits PSOCK_ADDRSTRLEN. */
  return psock__addr_format(&e->addr, out->address, sizeof out->address,
                            &out->port) < 0
             ? psock__fail_code(NULL, PSOCK_EINVAL)
             : 0;
}

/* bind or connect: a socket of the entry's kind, then the call; on failure
 * nothing stays open and the thread's last error says why. */
static psock_t entry_socket(const psock_addrinfo_t *list, size_t index,
                            int (*call)(psock__fd, const psock__addr *),
                            psock__ctx ctx) {
  psock_t s;
  psock__sock *sock;
  int rc, native;
  if (list == NULL || index >= list->count) {
    psock__fail_code(NULL, PSOCK_EINVAL);
    return PSOCK_NONE;
  }
  s = psock_create(list->kinds[2 * index], list->kinds[2 * index + 1],
                   list->entries[index].protocol);
  if (!psock_valid(s))
    return PSOCK_NONE; /* psock_create recorded why */
  sock = psock__find(s);
  rc = call(sock->fd, &list->entries[index].addr);
  if (rc == 0)
    return s;
  psock__fail_native_ctx(sock, -rc, ctx);
  rc = psock_last_error(PSOCK_NONE);
  native = psock_last_native_error(PSOCK_NONE);
  psock_close(s);
  psock__fail_as(NULL, rc, native);
  return PSOCK_NONE;
}

psock_t psock_addrinfo_bind(const psock_addrinfo_t *list, size_t index) {
  return entry_socket(list, index, psock__os_bind, PSOCK__CTX_ANY);
}

psock_t psock_addrinfo_connect(const psock_addrinfo_t *list, size_t index) {
  return entry_socket(list, index, psock__os_connect, PSOCK__CTX_CONNECT);
}

void psock_addrinfo_free(psock_addrinfo_t *list) {
  if (list == NULL)
    return;
  free(list->entries);
  free(list);
}
