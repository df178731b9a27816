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
#define PSOCK__CONSTANT_ROW(kind, name, value)                                \
  {PSOCK_KIND_##kind, value, #name},
    PSOCK_CONSTANT_MAP(PSOCK__CONSTANT_ROW)
#undef PSOCK__CONSTANT_ROW
};

#define CONSTANT_COUNT (sizeof constants / sizeof constants[0])

static const constant *find(int kind, int value) {
  size_t i;
  for (i = 0; i < CONSTANT_COUNT; i++)
    if (constants[i].kind == kind && constants[i].value == value)
      return &constants[i];
  return NULL;
}

int psock_supports(int kind, int value) {
  if (find(kind, value) == NULL)
    return PSOCK_EINVAL;
  return psock__native_constant(kind, value) != -1;
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
  *ndomain = find(PSOCK_KIND_DOMAIN, domain) != NULL
                 ? psock__native_constant(PSOCK_KIND_DOMAIN, domain)
                 : -1;
  if (*ndomain == -1)
    return PSOCK_EAFNOSUPPORT;
  *ntype = find(PSOCK_KIND_TYPE, type) != NULL
               ? psock__native_constant(PSOCK_KIND_TYPE, type)
               : -1;
  if (*ntype == -1)
    return PSOCK_ESOCKTNOSUPPORT;
  return 0;
}

int psock__native_msg_flags(int flags, int *nflags) {
  const int known = PSOCK_MSG_OOB | PSOCK_MSG_PEEK | PSOCK_MSG_WAITALL |
                    PSOCK_MSG_DONTWAIT;
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
