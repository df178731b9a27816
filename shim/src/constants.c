/* SPDX-License-Identifier: MIT */
/*
 * constants.c -- portable constants: lookup by name and by value,
 * availability, and translation to the backend's native values. The rows
 * come from the backend's table (constants_table.inc), which CMake
 * generates from shim/constants.tab: no constant is listed here.
 */
#include "internal.h"

#include <string.h>

/* Longer names are refused unread beyond this (the longest is 24). */
#define NAME_MAX_BYTES 64

/* The first available row among (kind, value)'s names: the constant
 * itself, or an alias, which the data file lists after it. */
int psock__available_row(int kind, int value) {
  int row = psock__constant_row(kind, value);
  size_t i;
  if (row < 0)
    return -1;
  for (i = (size_t)row; i < psock__constant_count; i++)
    if (psock__constants[i].kind == kind &&
        psock__constants[i].value == value && psock__constants[i].available)
      return (int)i;
  return -1;
}

int psock__native_constant(int kind, int value) {
  int row = psock__available_row(kind, value);
  return row < 0 ? -1 : psock__constants[row].native;
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

/* Domains and types psock makes sockets of: the ones probe() can ask
 * about (its cache has 8 slots per kind). */
static int probed(int kind, int value) {
  return (kind == PSOCK_KIND_DOMAIN || kind == PSOCK_KIND_TYPE) && value >= 0 &&
         value < 8;
}

int psock_supports(int kind, int value) {
  if (psock__constant_row(kind, value) < 0)
    return PSOCK_EINVAL;
  if (psock__available_row(kind, value) < 0)
    return 0;
  if (probed(kind, value))
    return probe(kind, value);
  return 1;
}

int psock_constant_by_name(const char *name, int *kind, int *value) {
  size_t i;
  if (name == NULL || name[0] == '\0' ||
      memchr(name, '\0', NAME_MAX_BYTES + 1) == NULL)
    return PSOCK_EINVAL;
  for (i = 0; i < psock__constant_count; i++) {
    const psock__constant *c = &psock__constants[i];
    if (strcmp(c->name, name) == 0) {
      if (kind != NULL)
        *kind = c->kind;
      if (value != NULL)
        *value = c->value;
      /* Defined here or not, as the page's group and the system's headers
       * say; no probe: a name the system defines is defined even where no
       * socket of it can be made (psock_supports asks that). */
      return c->available ? 0 : PSOCK_EOPNOTSUPP;
    }
  }
  return PSOCK_EINVAL;
}

const char *psock_constant_name(int kind, int value) {
  int row = psock__constant_row(kind, value);
  return row < 0 ? NULL : psock__constants[row].name;
}

int psock_constant_native(int kind, int value, int *native) {
  int row;
  if (native == NULL || psock__constant_row(kind, value) < 0)
    return PSOCK_EINVAL;
  row = psock__available_row(kind, value);
  if (row < 0)
    return PSOCK_EOPNOTSUPP;
  *native = psock__constants[row].native;
  return 0;
}

/* Every psock_create's two look-ups, remembered per process for psock's
 * small domain and type values: the table's row search costs a binary
 * search and a scan per call, the same answer each time. A slot holds the
 * native value + 2 (0: not looked up yet; the table gives -1 for none). */
static int native_small(int kind, int value) {
  static atomic_int remembered[2][8];
  atomic_int *slot;
  int v;
  if (value < 0 || value >= 8)
    return psock__native_constant(kind, value);
  slot = &remembered[kind == PSOCK_KIND_TYPE][value];
  v = atomic_load_explicit(slot, memory_order_relaxed);
  if (v == 0) {
    v = psock__native_constant(kind, value) + 2;
    atomic_store_explicit(slot, v, memory_order_relaxed);
  }
  return v - 2;
}

int psock__native_domain_type(int domain, int type, int *ndomain, int *ntype) {
  /* The table knows only psock's constants: -1 for the rest. */
  *ndomain = native_small(PSOCK_KIND_DOMAIN, domain);
  if (*ndomain == -1)
    return PSOCK_EAFNOSUPPORT;
  *ntype = native_small(PSOCK_KIND_TYPE, type);
  if (*ntype == -1)
    return PSOCK_ESOCKTNOSUPPORT;
  return 0;
}

/* Every MSG_* bit of the table, known or not on this platform. */
static int msg_bits(void) {
  static atomic_int known; /* 0 until computed */
  int bits = atomic_load_explicit(&known, memory_order_relaxed);
  size_t i;
  if (bits != 0)
    return bits;
  for (i = 0; i < psock__constant_count; i++)
    if (psock__constants[i].kind == PSOCK_KIND_MSG)
      bits |= psock__constants[i].value;
  atomic_store_explicit(&known, bits, memory_order_relaxed);
  return bits;
}

int psock__native_msg_flags(int flags, int *nflags) {
  int bit, n = 0;
  if (flags == 0) {
    *nflags = 0;
    return 0;
  }
  if (flags & ~msg_bits())
    return PSOCK_EINVAL;
  for (bit = 1; bit <= flags; bit <<= 1) { /* flags < 2^16: no overflow */
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

int psock__portable_of_kind(int kind, int native) {
  size_t i;
  for (i = 0; i < psock__constant_count; i++)
    if (psock__constants[i].kind == kind && psock__constants[i].available &&
        psock__constants[i].native == native)
      return psock__constants[i].value;
  return -1;
}
