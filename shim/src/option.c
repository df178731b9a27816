/* SPDX-License-Identifier: MIT */
/*
 * option.c -- psock_get_option / psock_set_option: one value type per
 * option on every platform (Windows' DWORD milliseconds and BOOL bytes, POSIX
 * struct timeval and int, are the backend's business).
 */
#include "internal.h"

typedef struct option_spec {
  int nlevel, nname;
  enum psock__optkind kind;
  size_t size;
  int boolean;
  int read_only;
} option_spec;

static int describe(int level, int option, option_spec *spec) {
  int kind;
  if (level == PSOCK_SOL_SOCKET)
    kind = PSOCK_KIND_SOCKET_OPTION;
  else if (level == PSOCK_SOL_TCP)
    kind = PSOCK_KIND_TCP_OPTION;
  else
    return PSOCK_ENOPROTOOPT; /* SOL_UDP has no option psock knows */
  if (psock_constant_name(kind, option) == NULL)
    return PSOCK_ENOPROTOOPT;
  spec->nlevel = psock__native_constant(PSOCK_KIND_LEVEL, level);
  spec->nname = psock__native_constant(kind, option);
  if (spec->nlevel == -1 || spec->nname == -1)
    return PSOCK_ENOPROTOOPT;
  spec->kind = PSOCK__OPT_INT;
  spec->size = sizeof(int);
  spec->boolean = 0;
  spec->read_only = 0;
  if (kind == PSOCK_KIND_TCP_OPTION) {
    spec->boolean = 1; /* TCP_NODELAY */
    return 0;
  }
  switch (option) {
  case PSOCK_SO_LINGER:
    spec->kind = PSOCK__OPT_LINGER;
    spec->size = sizeof(psock_linger_t);
    break;
  case PSOCK_SO_SNDTIMEO:
  case PSOCK_SO_RCVTIMEO:
    spec->kind = PSOCK__OPT_TIMEVAL;
    spec->size = sizeof(psock_timeval_t);
    break;
  case PSOCK_SO_DEBUG:
  case PSOCK_SO_REUSEADDR:
  case PSOCK_SO_KEEPALIVE:
  case PSOCK_SO_DONTROUTE:
  case PSOCK_SO_BROADCAST:
  case PSOCK_SO_OOBINLINE:
    spec->boolean = 1;
    break;
  case PSOCK_SO_TYPE:
  case PSOCK_SO_ERROR:
    spec->read_only = 1;
    break;
  }
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
  if (rc == 0 && (value == NULL || size != spec.size))
    rc = PSOCK_EINVAL;
  if (rc < 0)
    return psock__fail_code(sock, rc);
  rc = psock__os_getopt(sock->fd, spec.nlevel, spec.nname, spec.kind, value);
  if (rc < 0)
    return psock__fail_native(sock, -rc);
  if (spec.kind == PSOCK__OPT_INT) {
    int *v = value;
    if (spec.boolean)
      *v = *v != 0;
    else if (level == PSOCK_SOL_SOCKET && option == PSOCK_SO_TYPE)
      *v = psock__portable_type(*v);
    else if (level == PSOCK_SOL_SOCKET && option == PSOCK_SO_ERROR)
      *v = psock_error_from_native(*v);
  }
  return 0;
}

static int check_value(const option_spec *spec, const void *value) {
  if (spec->kind == PSOCK__OPT_TIMEVAL) {
    const psock_timeval_t *tv = value;
    if (tv->sec < 0 || tv->usec < 0 || tv->usec > 999999)
      return PSOCK_EINVAL;
  } else if (spec->kind == PSOCK__OPT_LINGER) {
    const psock_linger_t *l = value;
    if (l->seconds < 0)
      return PSOCK_EINVAL;
  }
  return 0;
}

int psock_set_option(psock_t s, int level, int option, const void *value,
                     size_t size) {
  option_spec spec;
  int rc, nlevel, nname, with_source;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = psock__group_option(level, option, &nlevel, &nname, &with_source);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  if (rc == 1)
    return psock__set_group_request(sock, nlevel, nname, with_source, value,
                                    size);
  rc = describe(level, option, &spec);
  if (rc == 0 && spec.read_only)
    rc = PSOCK_ENOPROTOOPT;
  if (rc == 0 && (value == NULL || size != spec.size))
    rc = PSOCK_EINVAL;
  if (rc == 0)
    rc = check_value(&spec, value);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  rc = psock__os_setopt(sock->fd, spec.nlevel, spec.nname, spec.kind, value);
  return rc < 0 ? psock__fail_native(sock, -rc) : 0;
}
