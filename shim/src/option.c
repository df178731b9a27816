/* SPDX-License-Identifier: MIT */
/*
 * option.c -- psock_get_option / psock_set_option: one value type per
 * option on every platform (Windows' DWORD milliseconds and BOOL bytes, POSIX
 * struct timeval and int, are the backend's business). Which options exist,
 * their native names and their value types all come from the constants
 * table (shim/constants.tab, "option" column).
 */
#include "internal.h"

#include <string.h>

/* The longest string option value psock reads: a congestion control
 * algorithm's or an interface's name is 16 bytes on Linux (TCP_CA_NAME_MAX,
 * IFNAMSIZ); a MAC label may be longer. */
#define STRING_OPTION_MAX 256

typedef struct option_spec {
  int nlevel, nname;
  int type;                 /* enum psock__opttype */
  enum psock__optkind kind; /* how the backend passes the value */
  size_t size;              /* the caller's value size */
} option_spec;

/* The option kinds a level takes (PHP passes levels as protocol numbers;
 * MCAST_* are options of both IP levels). */
static int level_kinds(int level, int kinds[2]) {
  kinds[1] = 0;
  switch (level) {
  case PSOCK_SOL_SOCKET:
    kinds[0] = PSOCK_KIND_SOCKET_OPTION;
    return 1;
  case PSOCK_SOL_TCP:
    kinds[0] = PSOCK_KIND_TCP_OPTION;
    return 1;
  case PSOCK_IPPROTO_IP:
    kinds[0] = PSOCK_KIND_IP_OPTION;
    kinds[1] = PSOCK_KIND_MCAST_OPTION;
    return 2;
  case PSOCK_IPPROTO_IPV6:
    kinds[0] = PSOCK_KIND_IPV6_OPTION;
    kinds[1] = PSOCK_KIND_MCAST_OPTION;
    return 2;
  case PSOCK_SOL_UDPLITE:
    kinds[0] = PSOCK_KIND_UDPLITE_OPTION;
    return 1;
  case PSOCK_SOL_LOCAL:
    kinds[0] = PSOCK_KIND_LOCAL_OPTION;
    return 1;
  case PSOCK_SOL_FILTER:
    kinds[0] = PSOCK_KIND_FILTER_OPTION;
    return 1;
  case PSOCK_SOL_UDP:
    kinds[0] = PSOCK_KIND_UDP_OPTION; /* UDP_SEGMENT (PHP 8.5) */
    return 1;
  default:
    return 0;
  }
}

static int describe(int level, int option, option_spec *spec) {
  int kinds[2], n = level_kinds(level, kinds), i, row = -1;
  for (i = 0; i < n && row < 0; i++)
    row = psock__available_row(kinds[i], option);
  spec->nlevel = psock__native_constant(PSOCK_KIND_LEVEL, level);
  if (row < 0 || spec->nlevel == -1)
    return PSOCK_ENOPROTOOPT; /* unknown, or not on this platform */
  spec->nname = psock__constants[row].native;
  spec->type = psock__constants[row].option_type;
  spec->kind = PSOCK__OPT_INT;
  spec->size = sizeof(int);
  switch (spec->type) {
  case PSOCK__OPTTYPE_LINGER:
    spec->kind = PSOCK__OPT_LINGER;
    spec->size = sizeof(psock_linger_t);
    return 0;
  case PSOCK__OPTTYPE_TIMEVAL:
    spec->kind = PSOCK__OPT_TIMEVAL;
    spec->size = sizeof(psock_timeval_t);
    return 0;
  case PSOCK__OPTTYPE_STRING:
  case PSOCK__OPTTYPE_STRING_RO:
    spec->kind = PSOCK__OPT_BYTES;
    spec->size = 0; /* any size: the caller's buffer */
    return 0;
  case PSOCK__OPTTYPE_INT:
  case PSOCK__OPTTYPE_BOOL:
  case PSOCK__OPTTYPE_INT_RO:
  case PSOCK__OPTTYPE_TYPE_RO:
  case PSOCK__OPTTYPE_DOMAIN_RO:
  case PSOCK__OPTTYPE_ERROR_RO:
  case PSOCK__OPTTYPE_IFINDEX:
  case PSOCK__OPTTYPE_PMTUDISC:
  case PSOCK__OPTTYPE_PORTRANGE:
    return 0;
  case PSOCK__OPTTYPE_MEMINFO_RO:
    /* Linux's counters, read as bytes (get_meminfo). */
    spec->kind = PSOCK__OPT_BYTES;
    spec->size = sizeof(psock_meminfo_t);
    return 0;
#if defined(PSOCK__OS_IPV4_INTERFACE)
  case PSOCK__OPTTYPE_IP_MULTICAST_IF:
    /* An interface index, which the backend passes as the system's form
     * of it (the interface's IPv4 address). */
    spec->kind = PSOCK__OPT_IPV4_INTERFACE;
    return 0;
#endif
  default:
    /* Value types psock does not convert (yet): the multicast group
     * requests (PSOCK__OPTTYPE_GROUP_REQ, GROUP_SOURCE_REQ: the extension
     * point for socket_set_option's array values -- a case here, a
     * PSOCK__OPT_ kind for the backend, psock_option_type's answer), BPF
     * programs, OpenBSD's splice, FreeBSD's accept filter. */
    return PSOCK_ENOPROTOOPT;
  }
}

static int read_only(int type) {
  return type == PSOCK__OPTTYPE_INT_RO || type == PSOCK__OPTTYPE_TYPE_RO ||
         type == PSOCK__OPTTYPE_DOMAIN_RO || type == PSOCK__OPTTYPE_ERROR_RO ||
         type == PSOCK__OPTTYPE_MEMINFO_RO || type == PSOCK__OPTTYPE_STRING_RO;
}

int psock_option_type(int level, int option, int *read_only_out) {
  option_spec spec;
  int rc = describe(level, option, &spec);
  if (rc < 0) {
    /* Known and available, but a value psock does not convert. */
    int kinds[2], n = level_kinds(level, kinds), i;
    for (i = 0; i < n; i++) {
      int row = psock__available_row(kinds[i], option);
      if (row >= 0) {
        int t = psock__constants[row].option_type;
        if (read_only_out != NULL)
          *read_only_out = 0;
        return t == PSOCK__OPTTYPE_GROUP_REQ ? PSOCK_OPTION_GROUP_REQ
               : t == PSOCK__OPTTYPE_GROUP_SOURCE_REQ
                   ? PSOCK_OPTION_GROUP_SOURCE_REQ
                   : PSOCK_OPTION_OTHER;
      }
    }
    return rc;
  }
  if (read_only_out != NULL)
    *read_only_out = read_only(spec.type);
  switch (spec.type) {
  case PSOCK__OPTTYPE_BOOL:
    return PSOCK_OPTION_BOOL;
  case PSOCK__OPTTYPE_LINGER:
    return PSOCK_OPTION_LINGER;
  case PSOCK__OPTTYPE_TIMEVAL:
    return PSOCK_OPTION_TIMEVAL;
  case PSOCK__OPTTYPE_STRING:
  case PSOCK__OPTTYPE_STRING_RO:
    return PSOCK_OPTION_STRING;
  case PSOCK__OPTTYPE_MEMINFO_RO:
    return PSOCK_OPTION_MEMINFO;
  default:
    return PSOCK_OPTION_INT;
  }
}

/* The kind whose constants an option's int value is (0: a plain int). */
static int value_kind(int type) {
  switch (type) {
  case PSOCK__OPTTYPE_TYPE_RO:
    return PSOCK_KIND_TYPE;
  case PSOCK__OPTTYPE_DOMAIN_RO:
    return PSOCK_KIND_DOMAIN;
  case PSOCK__OPTTYPE_PMTUDISC:
    return PSOCK_KIND_PMTUDISC;
  case PSOCK__OPTTYPE_PORTRANGE:
    return PSOCK_KIND_PORTRANGE;
  default:
    return 0;
  }
}

/* A string option: read into a buffer of psock's, so that a value longer
 * than the caller's buffer is reported (PSOCK_ENOBUFS), never cut. */
static int get_string(psock__sock *sock, const option_spec *spec, char *value,
                      size_t size) {
  char text[STRING_OPTION_MAX];
  psock__optbytes bytes;
  size_t len;
  int rc;
  bytes.data = text;
  bytes.size = sizeof text - 1;
  rc = psock__os_getopt(sock->fd, spec->nlevel, spec->nname, PSOCK__OPT_BYTES,
                        &bytes);
  if (rc < 0)
    return psock__fail_native(sock, -rc);
  text[bytes.size] = '\0';
  len = strlen(text);
  if (len >= size)
    return psock__fail_code(sock, PSOCK_ENOBUFS);
  memcpy(value, text, len + 1);
  return 0;
}

/* SO_MEMINFO: the kernel's array of counters (u32 each, in SK_MEMINFO_*
 * order; its length is the kernel's, so psock reads up to its nine and
 * leaves any missing at 0). */
static int get_meminfo(psock__sock *sock, const option_spec *spec,
                       psock_meminfo_t *out) {
  uint32_t v[9];
  psock__optbytes bytes;
  int rc;
  memset(v, 0, sizeof v);
  bytes.data = v;
  bytes.size = sizeof v;
  rc = psock__os_getopt(sock->fd, spec->nlevel, spec->nname, PSOCK__OPT_BYTES,
                        &bytes);
  if (rc < 0)
    return psock__fail_native(sock, -rc);
  out->rmem_alloc = v[0];
  out->rcvbuf = v[1];
  out->wmem_alloc = v[2];
  out->sndbuf = v[3];
  out->fwd_alloc = v[4];
  out->wmem_queued = v[5];
  out->optmem = v[6];
  out->backlog = v[7];
  out->drops = v[8];
  return 0;
}

int psock_get_option(psock_t s, int level, int option, void *value,
                     size_t size) {
  option_spec spec;
  int rc, ignored;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  /* The group requests can only be set (group.c). */
  rc = psock__group_option(level, option, &ignored, &ignored, &ignored);
  if (rc != 0)
    return psock__fail_code(sock, PSOCK_ENOPROTOOPT);
  rc = describe(level, option, &spec);
  if (rc == 0 && (value == NULL || (spec.kind == PSOCK__OPT_BYTES &&
                                            spec.size == 0 /* a string */
                                        ? size == 0
                                        : size != spec.size)))
    rc = PSOCK_EINVAL;
  if (rc < 0)
    return psock__fail_code(sock, rc);
  if (spec.type == PSOCK__OPTTYPE_MEMINFO_RO)
    return get_meminfo(sock, &spec, value);
  if (spec.kind == PSOCK__OPT_BYTES)
    return get_string(sock, &spec, value, size);
  rc = psock__os_getopt(sock->fd, spec.nlevel, spec.nname, spec.kind, value);
  if (rc < 0)
    return psock__fail_native(sock, -rc);
  if (spec.kind == PSOCK__OPT_INT) {
    int *v = value;
    if (spec.type == PSOCK__OPTTYPE_BOOL)
      *v = *v != 0;
    else if (spec.type == PSOCK__OPTTYPE_ERROR_RO)
      *v = psock_error_from_native(*v);
    else if (value_kind(spec.type) != 0)
      *v = psock__portable_of_kind(value_kind(spec.type), *v);
  }
  return 0;
}

static int check_value(const option_spec *spec, const void *value,
                       int *translated) {
  if (spec->kind == PSOCK__OPT_TIMEVAL) {
    const psock_timeval_t *tv = value;
    if (tv->sec < 0 || tv->usec < 0 || tv->usec > 999999)
      return PSOCK_EINVAL;
  } else if (spec->kind == PSOCK__OPT_LINGER) {
    const psock_linger_t *l = value;
    if (l->seconds < 0)
      return PSOCK_EINVAL;
  } else if (spec->kind == PSOCK__OPT_IPV4_INTERFACE) {
    if (*(const int *)value < 0) /* an interface index: 0 or more */
      return PSOCK_EINVAL;
  } else if (value_kind(spec->type) != 0) {
    /* A constant: the native value of an available one, else EINVAL. */
    *translated =
        psock__native_constant(value_kind(spec->type), *(const int *)value);
    if (*translated == -1)
      return PSOCK_EINVAL;
  }
  return 0;
}

int psock_set_option(psock_t s, int level, int option, const void *value,
                     size_t size) {
  option_spec spec;
  int rc, translated = 0, nlevel, nname, with_source;
  psock__optbytes bytes;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  /* The group requests take psock_group_request_t (group.c). */
  rc = psock__group_option(level, option, &nlevel, &nname, &with_source);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  if (rc == 1)
    return psock__set_group_request(sock, nlevel, nname, with_source, value,
                                    size);
  rc = describe(level, option, &spec);
  if (rc == 0 && read_only(spec.type))
    rc = PSOCK_ENOPROTOOPT;
  if (rc == 0 && spec.kind == PSOCK__OPT_BYTES) {
    /* A C string in a buffer of size bytes: its NUL must be there. */
    const char *end = value != NULL ? memchr(value, '\0', size) : NULL;
    if (end == NULL)
      rc = PSOCK_EINVAL;
    bytes.data = (void *)(uintptr_t)value;
    bytes.size = end != NULL ? (size_t)(end - (const char *)value) : 0;
  } else if (rc == 0 &&
             (spec.type == PSOCK__OPTTYPE_IFINDEX ||
              spec.type == PSOCK__OPTTYPE_IP_MULTICAST_IF) &&
             value != NULL && size == sizeof(psock_interface_t)) {
    /* An interface by name (psock_interface_t), as PHP takes it. */
    const psock_interface_t *itf = value;
    unsigned index = itf->index;
    if (itf->name != NULL)
      rc = psock__os_interface_index(itf->name, &index);
    translated = (int)index;
    value = &translated;
  } else if (rc == 0 && (value == NULL || size != spec.size)) {
    rc = PSOCK_EINVAL;
  }
  if (rc == 0)
    rc = check_value(&spec, value, &translated);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  if (value_kind(spec.type) != 0)
    value = &translated;
  else if (spec.kind == PSOCK__OPT_BYTES)
    value = &bytes;
  rc = psock__os_setopt(sock->fd, spec.nlevel, spec.nname, spec.kind, value);
  return rc < 0 ? psock__fail_native(sock, -rc) : 0;
}
