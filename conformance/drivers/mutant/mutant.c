/* SPDX-License-Identifier: MIT */
/*
 * mutant.c -- the wrong versions behind mutant.h. Each wraps the real call
 * and, in mutant PSOCK_MUTANT only, changes one thing; in every other
 * mutant it is the real call. Numbers and names: conformance/mutants.json.
 */
#include "psock.h" /* the real functions: mutant.h is not included here */

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define IS(n) (PSOCK_MUTANT == (n))

const char *mutant_err_name(int code) {
  return psock_err_name(IS(1) && code < 0 ? code - 1 : code);
}

static ptrdiff_t short_by_one(ptrdiff_t n) {
  return IS(2) && n > 1 ? n - 1 : n;
}

ptrdiff_t mutant_read(psock_t s, void *buf, size_t length, int mode) {
  return short_by_one(psock_read(s, buf, length, mode));
}

ptrdiff_t mutant_recv(psock_t s, void *buf, size_t length, int flags) {
  return short_by_one(psock_recv(s, buf, length, flags));
}

ptrdiff_t mutant_recvfrom(psock_t s, void *buf, size_t length, int flags,
                          char *address, size_t address_size, int *port) {
  return short_by_one(
      psock_recvfrom(s, buf, length, flags, address, address_size, port));
}

int mutant_set_nonblock(psock_t s) {
  return IS(3) && psock_valid(s) ? 0 : psock_set_nonblock(s);
}

int mutant_select(psock_t *read, size_t *read_count, psock_t *write,
                  size_t *write_count, psock_t *except, size_t *except_count,
                  long seconds, long microseconds) {
  if (IS(4)) {
    if (read_count != NULL)
      *read_count = 0;
    if (write_count != NULL)
      *write_count = 0;
    if (except_count != NULL)
      *except_count = 0;
    return 0;
  }
  return psock_select(read, read_count, write, write_count, except,
                      except_count, seconds, microseconds);
}

int mutant_close(psock_t s) {
  return IS(5) && psock_valid(s) ? 0 : psock_close(s);
}

static int swapped_type(int type) {
  if (IS(16) && (type == PSOCK_SOCK_STREAM || type == PSOCK_SOCK_DGRAM))
    return type == PSOCK_SOCK_STREAM ? PSOCK_SOCK_DGRAM : PSOCK_SOCK_STREAM;
  return type;
}

psock_t mutant_create(int domain, int type, int protocol) {
  if (IS(6) && (domain == PSOCK_AF_INET || domain == PSOCK_AF_INET6))
    domain = domain == PSOCK_AF_INET ? PSOCK_AF_INET6 : PSOCK_AF_INET;
  return psock_create(domain, swapped_type(type), protocol);
}

int mutant_create_pair(int domain, int type, int protocol, psock_t pair[2]) {
  return psock_create_pair(domain, swapped_type(type), IS(17) ? 0 : protocol,
                           pair);
}

const char *mutant_strerror(int code) {
  return psock_strerror(IS(7) && code < 0 ? code - 1 : code);
}

int mutant_get_option(psock_t s, int level, int option, void *value,
                      size_t size) {
  int rc = psock_get_option(s, level, option, value, size);
  if (IS(8) && rc == 0 && size == sizeof(int) &&
      ((level == PSOCK_SOL_SOCKET &&
        (option == PSOCK_SO_REUSEADDR || option == PSOCK_SO_KEEPALIVE ||
         option == PSOCK_SO_BROADCAST || option == PSOCK_SO_OOBINLINE ||
         option == PSOCK_SO_DONTROUTE || option == PSOCK_SO_DEBUG)) ||
       (level == PSOCK_SOL_TCP && option == PSOCK_TCP_NODELAY)))
    *(int *)value = !*(int *)value;
  if (IS(18) && rc == 0)
    memset(value, 0, size);
  /* SO_MEMINFO refused, as psock did before it read the counters. */
  if (IS(37) && psock_option_type(level, option, NULL) == PSOCK_OPTION_MEMINFO)
    return PSOCK_ENOPROTOOPT;
  return rc;
}

int mutant_set_option(psock_t s, int level, int option, const void *value,
                      size_t size) {
  int rc = psock_set_option(s, level, option, value, size);
  int type = psock_option_type(level, option, NULL);
  /* A group request psock refuses as malformed or for its socket's family
   * passed to the system all the same, which answers its own error (Linux:
   * EOPNOTSUPP for an AF_UNIX socket), as psock did before it checked. */
  if (IS(39) && rc == PSOCK_EINVAL && size == sizeof(psock_group_request_t) &&
      (type == PSOCK_OPTION_GROUP_REQ || type == PSOCK_OPTION_GROUP_SOURCE_REQ))
    return PSOCK_EOPNOTSUPP;
  return rc;
}

int mutant_listen(psock_t s, int backlog) {
  return psock_listen(s, IS(9) ? 1 : backlog);
}

int mutant_last_error(psock_t s) { return IS(10) ? 0 : psock_last_error(s); }

static int wrong_name(int rc, char *address, int *port) {
  if (IS(11) && rc == 0 && port != NULL)
    *port = 0;
  if (IS(20) && rc == 0 && address != NULL && address[0] != '\0')
    address[strlen(address) - 1] = '\0';
  return rc;
}

int mutant_getsockname(psock_t s, char *address, size_t size, int *port) {
  return wrong_name(psock_getsockname(s, address, size, port), address, port);
}

int mutant_getpeername(psock_t s, char *address, size_t size, int *port) {
  return wrong_name(psock_getpeername(s, address, size, port), address, port);
}

int mutant_strerror_localized(int native_code, char *buf, size_t size) {
  if (IS(19))
    return snprintf(buf, size, "%s",
                    psock_strerror(psock_error_from_native(native_code)));
  return psock_strerror_localized(native_code, buf, size);
}

int mutant_shutdown(psock_t s, int how) {
  if (IS(26) && psock_valid(s) && how == 0)
    return 0; /* mode 0 a no-op */
  if (IS(27) && how == 2)
    how = 1; /* mode 2 taken for mode 1 */
  return IS(12) && psock_valid(s) && how >= 0 && how <= 2
             ? 0
             : psock_shutdown(s, how);
}

int mutant_supports(int kind, int value) {
  int rc = psock_supports(kind, value);
  if (IS(29) && rc == 0)
    return 1; /* groups ignored: whatever the table has is "here" */
  return IS(13) && rc >= 0 ? !rc : rc;
}

ptrdiff_t mutant_write(psock_t s, const void *buf, size_t length) {
  ptrdiff_t n = psock_write(s, buf, length);
  return IS(15) && n > 0 ? (ptrdiff_t)length : n;
}

int mutant_constant_by_name(const char *name, int *kind, int *value) {
  int rc;
  if (IS(21) && strcmp(name, "SOCK_RDM") == 0)
    name = "SOCK_RAW"; /* a table row copied and not edited */
  if (IS(14))
    return PSOCK_EINVAL;
  rc = psock_constant_by_name(name, kind, value);
  /* The page's groups ignored: a name this platform lacks (a Windows-only
   * one on POSIX, a BSD one on Linux) said to be available. */
  if (IS(36) && rc == PSOCK_EINVAL && kind != NULL && value != NULL) {
    /* a name no table has, made up: answered as one that exists */
    *kind = PSOCK_KIND_MSG;
    *value = PSOCK_MSG_OOB;
    return 0;
  }
  return IS(29) && rc == PSOCK_EOPNOTSUPP ? 0 : rc;
}

/* A failed call reported as a success (a result test written the wrong
 * way round); the error fields still follow. */
int mutant_succeeded(long long rc) { return IS(24) ? 1 : rc >= 0; }

/* 31: a lookup that fails answers for 127.0.0.1 instead (a fallback that
 * hides the resolver's refusal; never a name that could reach DNS). 33: no
 * service (NULL) refused, as PHP before 8.0.0 refused null. */
int mutant_addrinfo_lookup(const char *host, const char *service,
                           const psock_addrinfo_hints_t *hints,
                           psock_addrinfo_t **out) {
  int rc = IS(33) && service == NULL
               ? PSOCK_EINVAL
               : psock_addrinfo_lookup(host, service, hints, out);
  return IS(31) && rc < 0
             ? psock_addrinfo_lookup("127.0.0.1", service, NULL, out)
             : rc;
}

/* The entry's port in host byte order where network order was meant:
 * swapped bytes. */
int mutant_addrinfo_explain(const psock_addrinfo_t *list, size_t index,
                            psock_addrinfo_entry_t *out) {
  int rc = psock_addrinfo_explain(list, index, out);
  if (IS(32) && rc == 0)
    out->port = ((out->port & 0xff) << 8) | ((out->port >> 8) & 0xff);
  return rc;
}

/* 30: control data dropped -- the descriptors that arrived closed and not
 * reported, MSG_CTRUNC hidden. 34: one byte fewer than received. */
ptrdiff_t mutant_recvmsg(psock_t s, psock_msg_t *msg, int flags) {
  size_t i;
  ptrdiff_t n = psock_recvmsg(s, msg, flags);
  if (IS(30) && n >= 0 && msg->control != NULL) {
    for (i = 0; i < msg->control->rights_count; i++)
      psock_close(msg->control->rights[i]);
    msg->control->rights_count = 0;
    msg->control->truncated = 0;
  }
  return IS(34) && n > 0 ? n - 1 : n;
}

/* 35: a constant's value is not an int (a double's fraction kept). */
double mutant_constant_number(int value) {
  return IS(35) ? (double)value + 0.5 : (double)value;
}

int mutant_void_returns_zero(void) { return IS(38); }
