/* SPDX-License-Identifier: MIT */
/*
 * constants.c -- portable constants: names, validation and translation to
 * the backend's native values (psock__native_constant, in the backend).
 */
#include "internal.h"

#include <string.h>

typedef struct constant {
  int kind;
  int value;
  const char *name;
} constant;

static const constant constants[] = {
#define PSOCK__CONSTANT_ROW(kind, name, value)                                 \
  {PSOCK_KIND_##kind, value, #name},
    PSOCK_CONSTANT_MAP(PSOCK__CONSTANT_ROW)
#undef PSOCK__CONSTANT_ROW
};

#define CONSTANT_COUNT (sizeof constants / sizeof constants[0])

/* Each constant's row in the table, by name: the switch below finds a row
 * in O(1) from (kind, value), generated from the same list. */
enum constant_row {
#define PSOCK__CONSTANT_INDEX(kind, name, value) ROW_##name,
  PSOCK_CONSTANT_MAP(PSOCK__CONSTANT_INDEX)
#undef PSOCK__CONSTANT_INDEX
      ROW_COUNT
};

/* (kind, value) as one switch key. Values fit 24 bits (SOL_SOCKET is
 * 0xffff, the largest), kinds 7 bits; a value outside is never a constant. */
#define KEY(kind, value) (((kind) << 24) | (value))

static const constant *find(int kind, int value) {
  if (value < 0 || value >= (1 << 24) || kind < 0 || kind > 0x7f)
    return NULL;
  switch (KEY(kind, value)) {
#define PSOCK__CONSTANT_CASE(kind, name, value)                                \
  case KEY(PSOCK_KIND_##kind, value):                                          \
    return &constants[ROW_##name];
    PSOCK_CONSTANT_MAP(PSOCK__CONSTANT_CASE)
#undef PSOCK__CONSTANT_CASE
  default:
    return NULL;
  }
}

/* Does the system make sockets of this native domain (or type)? Its
 * headers are not enough: Wine's define AF_UNIX and refuse every AF_UNIX
 * socket; Linux defines SOCK_RDM for no domain psock has. So psock asks the
 * system once, by creating one, and remembers the answer. */
enum { PROBE_UNKNOWN, PROBE_YES, PROBE_NO };

static int probe_one(int ndomain, int ntype, int protocol) {
  psock__fd fd;
  int rc = psock__os_socket(ndomain, ntype, protocol, 0, &fd), code;
  if (rc == 0) {
    psock__os_close(fd);
    return PROBE_YES;
  }
  code = psock__os_portable_of(-rc);
  if (code == PSOCK_EACCES || code == PSOCK_EPERM)
    return PROBE_YES; /* it exists; this process may not use it */
  if (code == PSOCK_EAFNOSUPPORT || code == PSOCK_EPFNOSUPPORT ||
      code == PSOCK_ESOCKTNOSUPPORT || code == PSOCK_EPROTONOSUPPORT ||
      code == PSOCK_EPROTOTYPE || code == PSOCK_EINVAL ||
      code == PSOCK_EOPNOTSUPP)
    return PROBE_NO;
  return PROBE_UNKNOWN; /* out of descriptors, say: ask again later */
}

static int probe(int kind, int value) {
  static atomic_int cache[2][8]; /* [domain, type][value] */
  static const int domains[] = {PSOCK_AF_INET, PSOCK_AF_INET6, PSOCK_AF_UNIX};
  static const int types[] = {PSOCK_SOCK_STREAM, PSOCK_SOCK_DGRAM};
  atomic_int *slot = &cache[kind == PSOCK_KIND_TYPE][value & 7];
  int answer = atomic_load_explicit(slot, memory_order_relaxed);
  size_t i;
  if (answer != PROBE_UNKNOWN)
    return answer == PROBE_YES;
  if (psock__ensure_os() < 0)
    return 0;
  answer = PROBE_NO;
  for (i = 0; i < 3 && answer != PROBE_YES; i++) {
    int nd, nt, r, protocol = 0;
    if (kind == PSOCK_KIND_DOMAIN) {
      nd = psock__native_constant(kind, value);
      nt = psock__native_constant(PSOCK_KIND_TYPE, types[i % 2]);
    } else {
      nd = psock__native_constant(PSOCK_KIND_DOMAIN, domains[i]);
      nt = psock__native_constant(kind, value);
      if (value == PSOCK_SOCK_RAW) {
        /* A raw socket needs a protocol (ICMP, ICMPv6); and Linux's
         * AF_UNIX quietly makes SOCK_RAW a datagram socket, which is not
         * raw support. */
        if (domains[i] == PSOCK_AF_UNIX)
          continue;
        protocol = domains[i] == PSOCK_AF_INET6 ? 58 : 1;
      }
    }
    if (nd == -1 || nt == -1)
      continue;
    r = probe_one(nd, nt, protocol);
    if (r == PROBE_UNKNOWN)
      return 1; /* cannot tell now; the headers say yes */
    if (r == PROBE_YES)
      answer = PROBE_YES;
  }
  atomic_store_explicit(slot, answer, memory_order_relaxed);
  return answer == PROBE_YES;
}

int psock_supports(int kind, int value) {
  if (find(kind, value) == NULL)
    return PSOCK_EINVAL;
  if (psock__native_constant(kind, value) == -1)
    return 0;
  if (kind == PSOCK_KIND_DOMAIN || kind == PSOCK_KIND_TYPE)
    return probe(kind, value);
  return 1;
}

int psock_constant_by_name(const char *name, int *kind, int *value) {
  size_t i;
  if (name == NULL)
    return PSOCK_EINVAL;
  for (i = 0; i < CONSTANT_COUNT; i++) {
    if (strcmp(constants[i].name, name) == 0) {
      if (kind != NULL)
        *kind = constants[i].kind;
      if (value != NULL)
        *value = constants[i].value;
      return 0;
    }
  }
  return PSOCK_EINVAL;
}

const char *psock_constant_name(int kind, int value) {
  const constant *c = find(kind, value);
  return c != NULL ? c->name : NULL;
}

int psock__native_domain_type(int domain, int type, int *ndomain, int *ntype) {
  /* The backend's switch knows only psock's constants: -1 for the rest. */
  *ndomain = psock__native_constant(PSOCK_KIND_DOMAIN, domain);
  if (*ndomain == -1)
    return PSOCK_EAFNOSUPPORT;
  *ntype = psock__native_constant(PSOCK_KIND_TYPE, type);
  if (*ntype == -1)
    return PSOCK_ESOCKTNOSUPPORT;
  return 0;
}

int psock__native_msg_flags(int flags, int *nflags) {
  const int known =
      PSOCK_MSG_OOB | PSOCK_MSG_PEEK | PSOCK_MSG_WAITALL | PSOCK_MSG_DONTWAIT;
  int bit, n = 0;
  if (flags & ~known)
    return PSOCK_EINVAL;
  for (bit = 1; bit <= PSOCK_MSG_DONTWAIT; bit <<= 1) {
    if (flags & bit) {
      int nbit = psock__native_constant(PSOCK_KIND_MSG, bit);
      if (nbit == -1)
        return PSOCK_EOPNOTSUPP;
      n |= nbit;
    }
  }
  *nflags = n;
  return 0;
}

int psock__portable_type(int native_type) {
  size_t i;
  for (i = 0; i < CONSTANT_COUNT; i++)
    if (constants[i].kind == PSOCK_KIND_TYPE &&
        psock__native_constant(PSOCK_KIND_TYPE, constants[i].value) ==
            native_type)
      return constants[i].value;
  return -1;
}

int psock__portable_domain(int native_domain) {
  size_t i;
  for (i = 0; i < CONSTANT_COUNT; i++)
    if (constants[i].kind == PSOCK_KIND_DOMAIN &&
        psock__native_constant(PSOCK_KIND_DOMAIN, constants[i].value) ==
            native_domain)
      return constants[i].value;
  return -1;
}
