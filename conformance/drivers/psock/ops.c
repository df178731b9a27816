/* SPDX-License-Identifier: MIT */
/*
 * psock/ops.c -- the conformance operations through the psock shim.
 * Each operation is the PHP function of the same name, with PHP's parameter
 * names; outcomes are reported raw (PROTOCOL.md).
 */
#include "../driver.h"
#include "psock.h"
#if defined(PSOCK_MUTANT)
#  include "../mutant/mutant.h" /* a deliberately wrong driver (./psock mutants) */
#endif

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const impl_name = "psock";

static drv_handle to_h(psock_t s) { return s.id; }
static psock_t to_s(drv_handle h) {
  psock_t s;
  s.id = h;
  return s;
}

/* PHP's constant names as psock values; -1 unknown. psock knows every
 * constant the manual's constants page names (shim/constants.tab): one it
 * does not is a broken case (or a broken psock), never a quiet UNSUPPORTED.
 * A name psock knows but this platform lacks still has its value, so that
 * the call using it gives the error psock documents for it. */
const int impl_unknown_constant_unsupported = 0;

int impl_value_of(const char *name) {
  int kind, value;
  int rc = psock_constant_by_name(name, &kind, &value);
  return rc == 0 || rc == PSOCK_EOPNOTSUPP ? value : -1;
}

static void error_fields(cJSON *out, int code, int native) {
  char localized[256];
  cJSON_AddStringToObject(out, "error", psock_err_name(code));
  cJSON_AddNumberToObject(out, "native_value", native);
  cJSON_AddStringToObject(out, "message", psock_strerror(code));
  psock_strerror_localized(native, localized, sizeof localized);
  cJSON_AddStringToObject(out, "localized", localized);
}

#if !defined(PSOCK_MUTANT)
#  define succeeded(rc) ((rc) >= 0)
/* A constant's value as the outcome carries it (an int). */
#  define constant_number(value) ((double)(value))
/* What a function returning nothing (void) gave: the protocol's null. */
#  define void_result(out) cJSON_AddNullToObject((out), "ret")
#endif

/* A call's result: >= 0 is success (ret), < 0 a portable error. */
static void result(cJSON *out, long long rc) {
  cJSON_AddBoolToObject(out, "ok", succeeded(rc));
  cJSON_AddNumberToObject(out, "ret", (double)rc);
  if (rc < 0)
    error_fields(out, (int)rc, psock_last_native_error(PSOCK_NONE));
}

static void bad_argument(cJSON *out, const char *what) {
  cJSON_AddBoolToObject(out, "ok", 0);
  cJSON_AddStringToObject(out, "error", "BAD_CASE");
  cJSON_AddStringToObject(out, "message", what);
}

/* A constructor's result, named `as` on success. */
static void new_socket(cJSON *out, psock_t s, const cJSON *as) {
  if (psock_valid(s)) {
    cJSON_AddBoolToObject(out, "ok", 1);
    if (cJSON_IsString(as))
      drv_name(as->valuestring, to_h(s));
    else
      psock_close(s);
  } else {
    result(out, psock_last_error(PSOCK_NONE));
  }
}

static void add_name(cJSON *out, psock_t s, int peer) {
  char addr[PSOCK_ADDRSTRLEN];
  int port = 0;
  int rc = peer ? psock_getpeername(s, addr, sizeof addr, &port)
                : psock_getsockname(s, addr, sizeof addr, &port);
  result(out, rc);
  if (rc == 0) {
    cJSON_AddStringToObject(out, "address", addr);
    cJSON_AddNumberToObject(out, "port", port);
  }
}

int impl_port_of(drv_handle h) {
  char addr[PSOCK_ADDRSTRLEN];
  int port;
  return psock_getsockname(to_s(h), addr, sizeof addr, &port) == 0 ? port : -1;
}

void impl_close(drv_handle h) { psock_close(to_s(h)); }

int impl_descriptor_of(drv_handle h, uintptr_t *os) {
  return psock_export(to_s(h), os) == 0 ? 0 : -1;
}
long impl_open_count(void) { return (long)psock_open_count(); }

void impl_describe(cJSON *reply) {
  cJSON *features = cJSON_CreateArray();
  psock_t s;
  cJSON_AddStringToObject(reply, "version", psock_version());
  s = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0);
  if (psock_valid(s)) {
    cJSON_AddItemToArray(features, cJSON_CreateString("af_unix"));
    psock_close(s);
  }
  s = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_STREAM, 0);
  if (psock_valid(s)) {
    if (psock_bind(s, "::1", 0) == 0)
      cJSON_AddItemToArray(features, cJSON_CreateString("ipv6"));
    psock_close(s);
  }
  if (psock_supports(PSOCK_KIND_TYPE, PSOCK_SOCK_SEQPACKET) == 1)
    cJSON_AddItemToArray(features, cJSON_CreateString("seqpacket"));
  cJSON_AddItemToObject(reply, "features", features);
  /* psock implements every behaviour of extensions.json's "psock" family. */
  cJSON_AddItemToObject(reply, "extensions",
                        cJSON_CreateStringArray((const char *[]){"psock"}, 1));
}

/* ---- operations ---------------------------------------------------------- */

#define SOCKET_ARG(s)                                                          \
  drv_handle h_;                                                               \
  psock_t s;                                                                   \
  if (arg_sock(args, "socket", &h_, out) != 0)                                 \
    return;                                                                    \
  s = to_s(h_)

/* A constant argument, which drv_run_step has made a number. */
#define CONST_ARG(var, key, dflt) int var = (int)arg_long(args, key, dflt)

/* An operation that is one psock call on the named socket. */
#define UNARY_OP(name, call)                                                   \
  static void name(const cJSON *args, const cJSON *as, cJSON *out) {           \
    SOCKET_ARG(s);                                                             \
    (void)as;                                                                  \
    result(out, call(s));                                                      \
  }

static void op_create(const cJSON *args, const cJSON *as, cJSON *out) {
  CONST_ARG(domain, "domain", 0);
  CONST_ARG(type, "type", 0);
  CONST_ARG(protocol, "protocol", 0);
  new_socket(out, psock_create(domain, type, protocol), as);
}

static void op_create_listen(const cJSON *args, const cJSON *as, cJSON *out) {
  CONST_ARG(backlog, "backlog", PSOCK_SOMAXCONN);
  new_socket(out,
             psock_create_listen(arg_str(args, "address", NULL),
                                 (int)arg_long(args, "port", 0), backlog),
             as);
}

static void op_create_pair(const cJSON *args, const cJSON *as, cJSON *out) {
  psock_t p[2];
  int rc;
  CONST_ARG(domain, "domain", 0);
  CONST_ARG(type, "type", 0);
  CONST_ARG(protocol, "protocol", 0);
  rc = psock_create_pair(domain, type, protocol, p);
  result(out, rc);
  if (rc == 0) {
    if (cJSON_GetArraySize(as) == 2) {
      drv_name(cJSON_GetArrayItem(as, 0)->valuestring, to_h(p[0]));
      drv_name(cJSON_GetArrayItem(as, 1)->valuestring, to_h(p[1]));
    } else {
      psock_close(p[0]);
      psock_close(p[1]);
    }
    cJSON_AddStringToObject(
        out, "domain",
        psock_constant_name(PSOCK_KIND_DOMAIN, psock_domain(p[0]) > 0
                                                   ? psock_domain(p[0])
                                                   : domain));
  }
}

static void op_bind(const cJSON *args, const cJSON *as, cJSON *out) {
  SOCKET_ARG(s);
  (void)as;
  result(out, psock_bind(s, arg_str(args, "address", NULL),
                         (int)arg_long(args, "port", 0)));
}

static void op_connect(const cJSON *args, const cJSON *as, cJSON *out) {
  SOCKET_ARG(s);
  (void)as;
  result(out, psock_connect(s, arg_str(args, "address", NULL),
                            (int)arg_long(args, "port", 0)));
}

static void op_listen(const cJSON *args, const cJSON *as, cJSON *out) {
  int rc;
  SOCKET_ARG(s);
  CONST_ARG(backlog, "backlog", 0);
  (void)as;
  rc = psock_listen(s, backlog);
  result(out, rc);
  if (rc == 0)
    cJSON_AddNumberToObject(out, "backlog", psock_listen_backlog(s));
}

static void op_accept(const cJSON *args, const cJSON *as, cJSON *out) {
  SOCKET_ARG(s);
  new_socket(out, psock_accept(s), as);
}

/* Reads of `length` bytes through fn; data reported base64. */
static void op_read(const cJSON *args, const cJSON *as, cJSON *out) {
  long length = arg_long(args, "length", 0);
  char *buf;
  ptrdiff_t n;
  SOCKET_ARG(s);
  CONST_ARG(mode, "mode", PSOCK_BINARY_READ);
  (void)as;
  buf = malloc(length > 0 ? (size_t)length : 1);
  n = psock_read(s, buf, length >= 0 ? (size_t)length : (size_t)-1, mode);
  result(out, n);
  if (n >= 0)
    out_bytes(out, "data_b64", buf, (size_t)n);
  free(buf);
}

/* The sender a receive named; PSOCK_PORT_NONE is "none" (a connected
 * stream), the protocol's null address and port. */
static void add_sender(cJSON *out, const char *addr, int port) {
  if (port == PSOCK_PORT_NONE) {
    cJSON_AddNullToObject(out, "address");
    cJSON_AddNullToObject(out, "port");
  } else {
    cJSON_AddStringToObject(out, "address", addr);
    cJSON_AddNumberToObject(out, "port", port);
  }
}

/* socket_recv, and socket_recvfrom (from = 1), which also names the sender. */
static void recv_common(const cJSON *args, cJSON *out, int from) {
  long length = arg_long(args, "length", 0);
  size_t size = length >= 0 ? (size_t)length : (size_t)-1;
  char addr[PSOCK_ADDRSTRLEN];
  int flags, port = 0;
  char *buf;
  ptrdiff_t n;
  SOCKET_ARG(s);
  flags = (int)arg_long(args, "flags", 0);
  buf = malloc(length > 0 ? (size_t)length : 1);
  n = from ? psock_recvfrom(s, buf, size, flags, addr, sizeof addr, &port)
           : psock_recv(s, buf, size, flags);
  result(out, n);
  if (n >= 0) {
    out_bytes(out, "data_b64", buf, (size_t)n);
    if (from)
      add_sender(out, addr, port);
  }
  free(buf);
}

static void op_recv(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  recv_common(args, out, 0);
}

static void op_recvfrom(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  recv_common(args, out, 1);
}

static void op_write(const cJSON *args, const cJSON *as, cJSON *out) {
  size_t len;
  unsigned char *data;
  SOCKET_ARG(s);
  (void)as;
  data = arg_bytes(args, &len);
  if (arg_has(args, "length") && (size_t)arg_long(args, "length", 0) < len)
    len = (size_t)arg_long(args, "length", 0); /* PHP's optional length */
  result(out, psock_write(s, data, len));
  free(data);
}

/* socket_send, and socket_sendto when the step names an address. */
static void op_send(const cJSON *args, const cJSON *as, cJSON *out) {
  size_t len;
  unsigned char *data;
  int flags;
  SOCKET_ARG(s);
  (void)as;
  flags = (int)arg_long(args, "flags", 0);
  data = arg_bytes(args, &len);
  if (arg_has(args, "length") && (size_t)arg_long(args, "length", 0) < len)
    len = (size_t)arg_long(args, "length", 0); /* PHP's length */
  result(out, psock_send(s, data, len, flags));
  free(data);
}

/* socket_sendto: always psock_sendto (never psock_send in its place). */
static void op_sendto(const cJSON *args, const cJSON *as, cJSON *out) {
  size_t len;
  unsigned char *data;
  int flags;
  SOCKET_ARG(s);
  (void)as;
  flags = (int)arg_long(args, "flags", 0);
  data = arg_bytes(args, &len);
  if (arg_has(args, "length") && (size_t)arg_long(args, "length", 0) < len)
    len = (size_t)arg_long(args, "length", 0); /* PHP's length */
  result(out, psock_sendto(s, data, len, flags, arg_str(args, "address", NULL),
                           (int)arg_long(args, "port", 0)));
  free(data);
}

/* Scatter/gather: "vectors" (strings) to send, "lengths" to receive. */
#define MAX_VEC 64

static size_t make_vectors(const cJSON *args, psock_iovec_t *iov) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, "vectors");
  const cJSON *item;
  size_t n = 0;
  cJSON_ArrayForEach(item, v) {
    if (n == MAX_VEC || !cJSON_IsString(item))
      break;
    iov[n].base = item->valuestring;
    iov[n].len = strlen(item->valuestring);
    n++;
  }
  return n;
}

static size_t make_buffers(const cJSON *args, psock_iovec_t *iov) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, "lengths");
  const cJSON *item;
  size_t n = 0;
  cJSON_ArrayForEach(item, v) {
    if (n == MAX_VEC)
      break;
    iov[n].len = (size_t)item->valuedouble;
    iov[n].base = malloc(iov[n].len > 0 ? iov[n].len : 1);
    n++;
  }
  return n;
}

static void report_buffers(cJSON *out, psock_iovec_t *iov, size_t n,
                           ptrdiff_t got) {
  cJSON *list = cJSON_CreateArray();
  size_t i;
  for (i = 0; i < n; i++) {
    size_t take =
        got > 0 ? ((size_t)got < iov[i].len ? (size_t)got : iov[i].len) : 0;
    cJSON *o = cJSON_CreateObject();
    out_bytes(o, "b64", iov[i].base, take);
    cJSON_AddItemToArray(list, cJSON_DetachItemFromObject(o, "b64"));
    cJSON_Delete(o);
    got -= (ptrdiff_t)take;
    free(iov[i].base);
  }
  cJSON_AddItemToObject(out, "vectors_b64", list);
}

static void op_writev(const cJSON *args, const cJSON *as, cJSON *out) {
  psock_iovec_t iov[MAX_VEC];
  size_t n = make_vectors(args, iov);
  SOCKET_ARG(s);
  (void)as;
  result(out, psock_writev(s, iov, n));
}

static void op_readv(const cJSON *args, const cJSON *as, cJSON *out) {
  psock_iovec_t iov[MAX_VEC];
  size_t n;
  ptrdiff_t got;
  SOCKET_ARG(s);
  (void)as;
  n = make_buffers(args, iov);
  got = psock_readv(s, iov, n);
  result(out, got);
  report_buffers(out, iov, n, got);
}

/* What psock does not have yet: the implementation's lack, said as such. */
static void lacks(cJSON *out, const char *why) {
  cJSON_AddBoolToObject(out, "unsupported", 1);
  cJSON_AddStringToObject(out, "why", why);
}

/* A level/type pair inside a control entry (not decoded by the table:
 * nested), as psock's constants; 0, or -1 with out set. */
static int control_pair(const cJSON *entry, int *level, int *type, cJSON *out) {
  const char *keys[2] = {"level", "type"};
  int *values[2];
  int i;
  values[0] = level;
  values[1] = type;
  for (i = 0; i < 2; i++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, keys[i]);
    *values[i] = cJSON_IsString(v) ? impl_value_of(v->valuestring)
                                   : (int)arg_long(entry, keys[i], -1);
    if (*values[i] == -1) {
      bad_argument(out, "unknown constant in a control message");
      return -1;
    }
  }
  if (*level != PSOCK_SOL_SOCKET || *type != PSOCK_SCM_RIGHTS) {
    lacks(out, "psock carries SCM_RIGHTS only: no credentials or packet "
               "information yet");
    return -1;
  }
  return 0;
}

/* socket_sendmsg's control list: SCM_RIGHTS entries' sockets. */
static int control_rights(const cJSON *args, psock_t *rights,
                          psock_control_t *control, cJSON *out) {
  const cJSON *entry, *name;
  int level, type;
  control->rights = rights;
  cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(args, "control")) {
    if (control_pair(entry, &level, &type, out) != 0)
      return -1;
    cJSON_ArrayForEach(name,
                       cJSON_GetObjectItemCaseSensitive(entry, "sockets")) {
      drv_handle h;
      if (!cJSON_IsString(name) || drv_lookup(name->valuestring, &h) != 0) {
        cJSON_AddBoolToObject(out, "ok", 0);
        cJSON_AddStringToObject(out, "error", "NO_SUCH_NAME");
        return -1;
      }
      if (control->rights_count == PSOCK_RIGHTS_MAX) {
        bad_argument(out, "more sockets than one message passes");
        return -1;
      }
      rights[control->rights_count++] = to_s(h);
    }
  }
  return 0;
}

/* socket_recvmsg's room for control data: controllen bytes, or
 * psock_cmsg_space's for control_space. */
static int control_room(const cJSON *args, psock_control_t *control,
                        cJSON *out) {
  const cJSON *cs = cJSON_GetObjectItemCaseSensitive(args, "control_space");
  int level, type;
  ptrdiff_t space;
  if (cs == NULL) {
    control->space = (size_t)arg_long(args, "controllen", 64);
    return 0;
  }
  if (control_pair(cs, &level, &type, out) != 0)
    return -1;
  space = psock_cmsg_space(level, type, (size_t)arg_long(cs, "n", 0));
  if (space < 0) {
    result(out, space);
    return -1;
  }
  control->space = (size_t)space;
  return 0;
}

/* The control data received, as the protocol's outcome; the sockets
 * received are named by fd_names in order (closed when unnamed). */
static void report_rights(const cJSON *args, psock_control_t *control,
                          cJSON *out) {
  const cJSON *names = cJSON_GetObjectItemCaseSensitive(args, "fd_names");
  const cJSON *name = names != NULL ? names->child : NULL;
  cJSON *list = cJSON_AddArrayToObject(out, "control");
  cJSON *types = cJSON_AddArrayToObject(out, "control_types");
  size_t i;
  cJSON_AddBoolToObject(out, "ctrunc", control->truncated);
  cJSON_AddNumberToObject(out, "fds", (double)control->rights_count);
  if (control->rights_count > 0) {
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "level", "SOL_SOCKET");
    cJSON_AddStringToObject(e, "type", "SCM_RIGHTS");
    cJSON_AddNumberToObject(e, "fds", (double)control->rights_count);
    cJSON_AddItemToArray(list, e);
    cJSON_AddItemToArray(types, cJSON_CreateString("SCM_RIGHTS"));
  }
  for (i = 0; i < control->rights_count; i++) {
    if (cJSON_IsString(name)) {
      drv_name(name->valuestring, to_h(control->rights[i]));
      name = name->next;
    } else {
      psock_close(control->rights[i]);
    }
  }
}

static void op_sendmsg(const cJSON *args, const cJSON *as, cJSON *out) {
  psock_iovec_t iov[MAX_VEC];
  psock_msg_t msg;
  const char *address = arg_str(args, "address", NULL);
  psock_t rights[PSOCK_RIGHTS_MAX];
  psock_control_t control;
  SOCKET_ARG(s);
  (void)as;
  memset(&msg, 0, sizeof msg);
  memset(&control, 0, sizeof control);
  if (arg_has(args, "control")) {
    if (control_rights(args, rights, &control, out) != 0)
      return;
    msg.control = &control;
  }
  msg.iov = iov;
  msg.iov_count = make_vectors(args, iov);
  msg.address = (char *)address;
  msg.port = (int)arg_long(args, "port", 0);
  result(out, psock_sendmsg(s, &msg, 0));
}

static void op_recvmsg(const cJSON *args, const cJSON *as, cJSON *out) {
  psock_iovec_t iov[MAX_VEC];
  psock_msg_t msg;
  char addr[PSOCK_ADDRSTRLEN];
  ptrdiff_t got;
  psock_t rights[16];
  psock_control_t control;
  int want = arg_has(args, "controllen") || arg_has(args, "control_space") ||
             arg_has(args, "fd_names");
  SOCKET_ARG(s);
  (void)as;
  memset(&msg, 0, sizeof msg);
  memset(&control, 0, sizeof control);
  if (want) {
    if (control_room(args, &control, out) != 0)
      return;
    control.rights = rights;
    control.rights_count = sizeof rights / sizeof rights[0];
    msg.control = &control;
  }
  msg.iov = iov;
  msg.iov_count = make_buffers(args, iov);
  msg.address = addr;
  msg.address_size = sizeof addr;
  got = psock_recvmsg(s, &msg, 0);
  result(out, got);
  if (got >= 0) {
    add_sender(out, addr, msg.port);
    cJSON_AddBoolToObject(out, "truncated", msg.truncated);
    if (want)
      report_rights(args, &control, out);
  }
  report_buffers(out, iov, msg.iov_count, got);
}

/* socket_select: arrays of names in, names of the ready sockets out. */
static const char *SET_KEYS[3] = {"read", "write", "except"};

static void op_select(const cJSON *args, const cJSON *as, cJSON *out) {
  psock_t sets[3][MAX_VEC];
  const char *set_names[3][MAX_VEC];
  size_t counts[3], given[3];
  const cJSON *secs = cJSON_GetObjectItemCaseSensitive(args, "seconds");
  int set, rc;
  (void)as;
  for (set = 0; set < 3; set++) {
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(args, SET_KEYS[set]);
    const cJSON *item;
    counts[set] = 0;
    cJSON_ArrayForEach(item, list) {
      drv_handle h;
      if (counts[set] == MAX_VEC || !cJSON_IsString(item) ||
          drv_lookup(item->valuestring, &h) != 0) {
        bad_argument(out, "unknown socket name in select");
        return;
      }
      set_names[set][counts[set]] = item->valuestring;
      sets[set][counts[set]++] = to_s(h);
    }
  }
  for (set = 0; set < 3; set++)
    given[set] = counts[set];
  rc = psock_select(sets[0], &counts[0], sets[1], &counts[1], sets[2],
                    &counts[2],
                    cJSON_IsNumber(secs) ? (long)secs->valuedouble : -1,
                    arg_long(args, "microseconds", 0));
  result(out, rc);
  if (rc >= 0) {
    for (set = 0; set < 3; set++) {
      cJSON *ready = cJSON_CreateArray();
      size_t i, j;
      for (i = 0; i < counts[set]; i++) {
        drv_handle h;
        for (j = 0; j < given[set]; j++)
          if (drv_lookup(set_names[set][j], &h) == 0 &&
              h == to_h(sets[set][i])) {
            cJSON_AddItemToArray(ready, cJSON_CreateString(set_names[set][j]));
            break;
          }
      }
      cJSON_AddItemToObject(out, SET_KEYS[set], ready);
    }
  }
}

static int is_timeval(int option) {
  return option == PSOCK_SO_RCVTIMEO || option == PSOCK_SO_SNDTIMEO;
}

/* An option's value as psock_get_option and psock_set_option take it
 * (psock.h, "Options"): one form for both of the manual's names of each
 * function (socket_get_option/socket_getopt, socket_set_option/
 * socket_setopt), so that each op calls its own name and nothing else
 * differs. */
typedef struct {
  union {
    psock_linger_t linger;
    psock_timeval_t tv;
    psock_group_request_t group;
    psock_interface_t itf;
    psock_meminfo_t meminfo;
    char text[256];
    int number;
  } u;
  enum { FORM_INT, FORM_LINGER, FORM_TIMEVAL, FORM_TEXT, FORM_MEMINFO } form;
  const void *in; /* what a set passes */
  void *buf;      /* where a get writes */
  size_t size;
} option_value;

/* Where a get of (level, option) writes, by the option's value type. */
static void option_buffer(int level, int option, option_value *v) {
  if (level == PSOCK_SOL_SOCKET && option == PSOCK_SO_LINGER) {
    v->form = FORM_LINGER;
    v->buf = &v->u.linger;
    v->size = sizeof v->u.linger;
  } else if (level == PSOCK_SOL_SOCKET && is_timeval(option)) {
    v->form = FORM_TIMEVAL;
    v->buf = &v->u.tv;
    v->size = sizeof v->u.tv;
  } else if (psock_option_type(level, option, NULL) == PSOCK_OPTION_STRING) {
    v->form = FORM_TEXT;
    v->buf = v->u.text;
    v->size = sizeof v->u.text;
  } else if (psock_option_type(level, option, NULL) == PSOCK_OPTION_MEMINFO) {
    v->form = FORM_MEMINFO;
    v->buf = &v->u.meminfo;
    v->size = sizeof v->u.meminfo;
  } else {
    v->form = FORM_INT;
    v->u.number = 0;
    v->buf = &v->u.number;
    v->size = sizeof v->u.number;
  }
}

/* A get's outcome: the call's result and, on success, its value as PHP
 * gives it (SO_TYPE and SO_ERROR by name). */
static void option_outcome(cJSON *out, int rc, int level, int option,
                           const option_value *v) {
  result(out, rc);
  if (rc != 0)
    return;
  if (v->form == FORM_LINGER) {
    cJSON *o = cJSON_AddObjectToObject(out, "value");
    cJSON_AddNumberToObject(o, "l_onoff", v->u.linger.on);
    cJSON_AddNumberToObject(o, "l_linger", v->u.linger.seconds);
  } else if (v->form == FORM_TIMEVAL) {
    cJSON *o = cJSON_AddObjectToObject(out, "value");
    cJSON_AddNumberToObject(o, "sec", v->u.tv.sec);
    cJSON_AddNumberToObject(o, "usec", v->u.tv.usec);
  } else if (v->form == FORM_TEXT) {
    cJSON_AddStringToObject(out, "value", v->u.text);
  } else if (v->form == FORM_MEMINFO) {
    /* The counters by the kernel's names, as PHP's array has them. */
    const psock_meminfo_t *m = &v->u.meminfo;
    cJSON *o = cJSON_AddObjectToObject(out, "value");
    cJSON_AddNumberToObject(o, "rmem_alloc", m->rmem_alloc);
    cJSON_AddNumberToObject(o, "rcvbuf", m->rcvbuf);
    cJSON_AddNumberToObject(o, "wmem_alloc", m->wmem_alloc);
    cJSON_AddNumberToObject(o, "sndbuf", m->sndbuf);
    cJSON_AddNumberToObject(o, "fwd_alloc", m->fwd_alloc);
    cJSON_AddNumberToObject(o, "wmem_queued", m->wmem_queued);
    cJSON_AddNumberToObject(o, "optmem", m->optmem);
    cJSON_AddNumberToObject(o, "backlog", m->backlog);
    cJSON_AddNumberToObject(o, "drops", m->drops);
  } else if (level == PSOCK_SOL_SOCKET && option == PSOCK_SO_TYPE) {
    const char *name = psock_constant_name(PSOCK_KIND_TYPE, v->u.number);
    cJSON_AddStringToObject(out, "value", name ? name : "?");
  } else if (level == PSOCK_SOL_SOCKET && option == PSOCK_SO_ERROR) {
    cJSON_AddStringToObject(out, "value", psock_err_name(v->u.number));
  } else {
    cJSON_AddNumberToObject(out, "value", v->u.number);
  }
}

/* What a set passes for the step's value, converted to no other value
 * than psock_set_option's own forms (an interface name stays a name). */
static void option_input(const cJSON *args, int level, int option,
                         option_value *v) {
  const cJSON *value = cJSON_GetObjectItemCaseSensitive(args, "value");
  if (level == PSOCK_SOL_SOCKET && option == PSOCK_SO_LINGER) {
    v->u.linger.on = (int)arg_long(value, "l_onoff", 0);
    v->u.linger.seconds = (int)arg_long(value, "l_linger", 0);
    v->in = &v->u.linger;
    v->size = sizeof v->u.linger;
  } else if (level == PSOCK_SOL_SOCKET && is_timeval(option)) {
    v->u.tv.sec = arg_long(value, "sec", 0);
    v->u.tv.usec = arg_long(value, "usec", 0);
    v->in = &v->u.tv;
    v->size = sizeof v->u.tv;
  } else if (cJSON_IsObject(value) && cJSON_HasObjectItem(value, "group")) {
    /* A multicast group request: PHP's array as psock_group_request_t. */
    const cJSON *itf = cJSON_GetObjectItemCaseSensitive(value, "interface");
    v->u.group.group = arg_str(value, "group", NULL);
    v->u.group.source = arg_str(value, "source", NULL);
    v->u.group.interface_name = cJSON_IsString(itf) ? itf->valuestring : NULL;
    v->u.group.interface = (unsigned)arg_long(value, "interface", 0);
    v->in = &v->u.group;
    v->size = sizeof v->u.group;
  } else if (cJSON_IsString(value) &&
             psock_option_type(level, option, NULL) != PSOCK_OPTION_STRING) {
    /* An interface by name where the option takes an index
     * (IPV6_MULTICAST_IF; IP_MULTICAST_IF), as PHP takes it: psock's
     * psock_interface_t, the name resolved by psock_set_option itself. */
    v->u.itf.name = value->valuestring;
    v->u.itf.index = 0;
    v->in = &v->u.itf;
    v->size = sizeof v->u.itf;
  } else if (cJSON_IsString(value)) {
    /* A string option (TCP_CONGESTION, ...): the C string. */
    v->in = value->valuestring;
    v->size = strlen(value->valuestring) + 1;
  } else {
    v->u.number = (int)arg_long(args, "value", 0);
    v->in = &v->u.number;
    v->size = sizeof v->u.number;
  }
}

static void op_get_option(const cJSON *args, const cJSON *as, cJSON *out) {
  option_value v;
  SOCKET_ARG(s);
  CONST_ARG(level, "level", 0);
  CONST_ARG(option, "option", 0);
  (void)as;
  option_buffer(level, option, &v);
  option_outcome(out, psock_get_option(s, level, option, v.buf, v.size), level,
                 option, &v);
}

static void op_set_option(const cJSON *args, const cJSON *as, cJSON *out) {
  option_value v;
  SOCKET_ARG(s);
  CONST_ARG(level, "level", 0);
  CONST_ARG(option, "option", 0);
  (void)as;
  option_input(args, level, option, &v);
  result(out, psock_set_option(s, level, option, v.in, v.size));
}

/* socket_getopt and socket_setopt: the same calls by the manual's other
   names (psock_getopt/psock_setopt, psock.h), so that each op calls the
   function it is named after. */
static void op_getopt(const cJSON *args, const cJSON *as, cJSON *out) {
  option_value v;
  SOCKET_ARG(s);
  CONST_ARG(level, "level", 0);
  CONST_ARG(option, "option", 0);
  (void)as;
  option_buffer(level, option, &v);
  option_outcome(out, psock_getopt(s, level, option, v.buf, v.size), level,
                 option, &v);
}

static void op_setopt(const cJSON *args, const cJSON *as, cJSON *out) {
  option_value v;
  SOCKET_ARG(s);
  CONST_ARG(level, "level", 0);
  CONST_ARG(option, "option", 0);
  (void)as;
  option_input(args, level, option, &v);
  result(out, psock_setopt(s, level, option, v.in, v.size));
}

static void op_getsockname(const cJSON *args, const cJSON *as, cJSON *out) {
  SOCKET_ARG(s);
  (void)as;
  add_name(out, s, 0);
}

static void op_getpeername(const cJSON *args, const cJSON *as, cJSON *out) {
  SOCKET_ARG(s);
  (void)as;
  add_name(out, s, 1);
}

static void op_shutdown(const cJSON *args, const cJSON *as, cJSON *out) {
  SOCKET_ARG(s);
  (void)as;
  result(out, psock_shutdown(s, (int)arg_long(args, "how", 2)));
}

UNARY_OP(op_set_block, psock_set_block)

UNARY_OP(op_set_nonblock, psock_set_nonblock)

/* socket_close keeps the name, so that later steps can use the closed
 * socket and see how the implementation treats it. */
UNARY_OP(op_close, psock_close)

static void op_last_error(const cJSON *args, const cJSON *as, cJSON *out) {
  psock_t s = PSOCK_NONE;
  drv_handle h;
  (void)as;
  if (arg_has(args, "socket")) {
    if (arg_sock(args, "socket", &h, out) != 0)
      return;
    s = to_s(h);
  }
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddStringToObject(out, "value", psock_err_name(psock_last_error(s)));
  cJSON_AddNumberToObject(out, "native", psock_last_native_error(s));
}

static void op_clear_error(const cJSON *args, const cJSON *as, cJSON *out) {
  psock_t s = PSOCK_NONE;
  drv_handle h;
  (void)as;
  if (arg_has(args, "socket")) {
    if (arg_sock(args, "socket", &h, out) != 0)
      return;
    s = to_s(h);
  }
  psock_clear_error(s);
  cJSON_AddBoolToObject(out, "ok", 1);
  /* psock_clear_error returns nothing (void, as PHP's does): the protocol's
   * null ret (outcomes.json zero_or_null), not a value the call never gave. */
  void_result(out);
}

/* socket_strerror of a portable error name ("EADDRINUSE"); with "locale",
 * the localized text under that LC_MESSAGES as well. */
static void op_strerror(const cJSON *args, const cJSON *as, cJSON *out) {
  const char *name = arg_str(args, "code", "");
  const char *locale = arg_str(args, "locale", NULL);
  int code = 0, c;
  char localized[256];
  (void)as;
  for (c = -1; c >= -99; c--)
    if (strcmp(psock_err_name(c), name) == 0)
      code = c;
  /* {"last_error": true}: socket_strerror(socket_last_error()), as the
   * examples write it. */
  if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(args, "code"), "last_error")))
    code = psock_last_error(PSOCK_NONE);
  cJSON_AddBoolToObject(out, "ok", code != 0);
  cJSON_AddStringToObject(out, "message", psock_strerror(code));
  if (locale != NULL) {
    if (!drv_locale_has_messages(locale) || setlocale(LC_ALL, locale) == NULL) {
      cJSON_AddBoolToObject(out, "locale_missing", 1);
    } else {
      psock_strerror_localized(psock_error_to_native(code), localized,
                               sizeof localized);
      cJSON_AddStringToObject(out, "localized", localized);
      cJSON_AddStringToObject(out, "message_in_locale", psock_strerror(code));
      setlocale(LC_ALL, "C");
    }
  }
}

/* psock.backlog-reported: the backlog in force, which the spec says no
 * implementation tells. */
UNARY_OP(op_listen_backlog, psock_listen_backlog)

/* A constant by name: whether this platform has it (supported), psock's
 * portable value, and the system's value psock maps it to (native). */
static void op_constant(const cJSON *args, const cJSON *as, cJSON *out) {
  int kind, value, native, rc;
  (void)as;
  rc = psock_constant_by_name(arg_str(args, "name", ""), &kind, &value);
  if (rc != 0 && rc != PSOCK_EOPNOTSUPP) {
    /* A name psock does not define: an observation, never a failed call
     * (PROTOCOL.md, "Unknown constants, one rule"). */
    cJSON_AddBoolToObject(out, "ok", 1);
    cJSON_AddBoolToObject(out, "supported", 0);
    cJSON_AddStringToObject(out, "why", "not in psock's constant table");
    return;
  }
  cJSON_AddBoolToObject(out, "ok", 1);
  /* Defined here, by name (an alias may be available where this name is
   * not): PHP's "defined". Whether a socket of a defined domain or type can
   * be made is psock_supports's answer, which the cases that make one see. */
  cJSON_AddBoolToObject(out, "supported", rc == 0);
  cJSON_AddNumberToObject(out, "value", constant_number(value));
  if (rc == 0 && psock_constant_native(kind, value, &native) == 0)
    cJSON_AddNumberToObject(out, "native_value", native);
}

static void op_atmark(const cJSON *args, const cJSON *as, cJSON *out) {
  int rc;
  SOCKET_ARG(s);
  (void)as;
  rc = psock_atmark(s);
  result(out, rc);
  if (rc >= 0)
    cJSON_AddBoolToObject(out, "value", rc == 1);
}

static void op_cmsg_space(const cJSON *args, const cJSON *as, cJSON *out) {
  long n = arg_long(args, "n", 0);
  (void)as;
  /* A negative count is psock's EINVAL, as a count above the maximum. */
  result(out,
         psock_cmsg_space((int)arg_long(args, "level", 0),
                          (int)arg_long(args, "type", 0),
                          n < 0 ? (size_t)PSOCK_RIGHTS_MAX + 1 : (size_t)n));
}

/* socket_export_stream: the OS socket lent out of the handle, named as a
 * stream the handle keeps owning. */
static void op_export_stream(const cJSON *args, const cJSON *as, cJSON *out) {
  uintptr_t os;
  int rc;
  SOCKET_ARG(s);
  rc = psock_export(s, &os);
  result(out, rc);
  if (rc == 0) {
    cJSON_AddStringToObject(out, "handle", "descriptor");
    if (cJSON_IsString(as))
      drv_name_stream(as->valuestring, os, 0);
  }
}

/* socket_import_stream: psock_import takes ownership, so the driver gives it
 * a duplicate of the named stream's descriptor, which stays usable as a
 * PHP stream does beside the socket imported from it. */
static void op_import_stream(const cJSON *args, const cJSON *as, cJSON *out) {
  uintptr_t os, dup;
  psock_t s;
  if (drv_lookup_stream(arg_str(args, "stream", NULL), &os) != 0) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "NO_SUCH_NAME");
    return;
  }
  if (drv_descriptor_dup(os, &dup) != 0) {
    lacks(out, "the driver cannot duplicate a descriptor on this host");
    return;
  }
  s = psock_import(dup);
  if (!psock_valid(s))
    drv_descriptor_close(dup); /* refused: still the driver's */
  new_socket(out, s, as);
}

/* The identifiers socket_wsaprotocol_info_export returned, by the name its
 * step's "as" gave (id_of names one). */
#define WSA_IDS 8
static struct {
  char name[DRV_NAME_MAX + 1];
  char id[PSOCK_WSAPROTOCOL_ID_MAX];
} wsa_ids[WSA_IDS];
static unsigned wsa_next;

/* A name given again names the new identifier only. */
static void wsa_forget(const char *name) {
  size_t i;
  for (i = 0; i < WSA_IDS; i++)
    if (strcmp(wsa_ids[i].name, name) == 0)
      wsa_ids[i].name[0] = '\0';
}

static const char *wsa_id(const cJSON *args) {
  const char *of = arg_str(args, "id_of", NULL);
  size_t i;
  if (of == NULL)
    return arg_str(args, "id", "");
  for (i = 0; i < WSA_IDS; i++)
    if (strcmp(wsa_ids[i].name, of) == 0)
      return wsa_ids[i].id;
  return NULL;
}

/* The manual: "This function is available only on Windows". */
static void wsa_windows_only(cJSON *out) {
  lacks(out, "the wsaprotocol_info functions exist on Windows only (psock: "
             "EOPNOTSUPP elsewhere)");
}

static int no_such_id(cJSON *out) {
  cJSON_AddBoolToObject(out, "ok", 0);
  cJSON_AddStringToObject(out, "error", "NO_SUCH_NAME");
  return -1;
}

static void op_wsa_export(const cJSON *args, const cJSON *as, cJSON *out) {
  char id[PSOCK_WSAPROTOCOL_ID_MAX];
  int rc;
  SOCKET_ARG(s);
  rc = psock_wsaprotocol_info_export(s, drv_process_id(), id, sizeof id);
  if (rc == PSOCK_EOPNOTSUPP) {
    wsa_windows_only(out);
    return;
  }
  result(out, rc);
  if (rc == 0) {
    size_t slot = wsa_next++ % WSA_IDS;
    cJSON_AddStringToObject(out, "value", id);
    wsa_forget(cJSON_IsString(as) ? as->valuestring : "");
    snprintf(wsa_ids[slot].name, sizeof wsa_ids[slot].name, "%s",
             cJSON_IsString(as) ? as->valuestring : "");
    snprintf(wsa_ids[slot].id, sizeof wsa_ids[slot].id, "%s", id);
  }
}

static void op_wsa_import(const cJSON *args, const cJSON *as, cJSON *out) {
  const char *id = wsa_id(args);
  if (id == NULL) {
    no_such_id(out);
    return;
  }
  {
    psock_t s = psock_wsaprotocol_info_import(id);
    if (!psock_valid(s) && psock_last_error(PSOCK_NONE) == PSOCK_EOPNOTSUPP)
      wsa_windows_only(out);
    else
      new_socket(out, s, as);
  }
}

static void op_wsa_release(const cJSON *args, const cJSON *as, cJSON *out) {
  const char *id = wsa_id(args);
  (void)as;
  if (id == NULL) {
    no_such_id(out);
    return;
  }
  {
    int rc = psock_wsaprotocol_info_release(id);
    if (rc == PSOCK_EOPNOTSUPP)
      wsa_windows_only(out);
    else
      result(out, rc);
  }
}

/* ---- socket_addrinfo_*: a list named by the lookup's as ---------------- */

static void release_list(void *p) { psock_addrinfo_free(p); }

/* The service argument as text: a string as it is, a number (or a decoded
 * {port_of}) in decimal; NULL when absent or null. */
static const char *service_arg(const cJSON *args, char *buf, size_t size) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, "service");
  if (cJSON_IsString(v))
    return v->valuestring;
  if (cJSON_IsNumber(v)) {
    snprintf(buf, size, "%ld", arg_long(args, "service", 0));
    return buf;
  }
  return NULL;
}

static void op_addrinfo_lookup(const cJSON *args, const cJSON *as, cJSON *out) {
  const cJSON *h = cJSON_GetObjectItemCaseSensitive(args, "hints");
  psock_addrinfo_hints_t hints;
  psock_addrinfo_t *list = NULL;
  char service[32];
  int rc;
  hints.flags = (int)arg_long(h, "ai_flags", 0);
  hints.family = (int)arg_long(h, "ai_family", 0);
  hints.socktype = (int)arg_long(h, "ai_socktype", 0);
  hints.protocol = (int)arg_long(h, "ai_protocol", 0);
  rc = psock_addrinfo_lookup(arg_str(args, "host", ""),
                             service_arg(args, service, sizeof service),
                             h != NULL ? &hints : NULL, &list);
  if (rc < 0) {
    result(out, rc);
    return;
  }
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddNumberToObject(out, "count", rc);
  if (!cJSON_IsString(as) || drv_keep(as->valuestring, list, release_list) != 0)
    psock_addrinfo_free(list); /* drv_keep released it when full */
}

/* The named list and the entry's index; NULL (out set) when there is none. */
static const psock_addrinfo_t *entry_arg(const cJSON *args, size_t *index,
                                         cJSON *out) {
  const psock_addrinfo_t *list = drv_kept(arg_str(args, "list", ""));
  *index = (size_t)arg_long(args, "index", 0);
  if (list == NULL || *index >= psock_addrinfo_count(list)) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "NO_SUCH_NAME");
    return NULL;
  }
  return list;
}

static void op_addrinfo_explain(const cJSON *args, const cJSON *as,
                                cJSON *out) {
  size_t index;
  const psock_addrinfo_t *list = entry_arg(args, &index, out);
  psock_addrinfo_entry_t e;
  cJSON *value, *addr;
  int rc;
  (void)as;
  if (list == NULL)
    return;
  rc = psock_addrinfo_explain(list, index, &e);
  result(out, rc);
  if (rc < 0)
    return;
  value = cJSON_AddObjectToObject(out, "value");
  cJSON_AddNumberToObject(value, "ai_flags", e.flags);
  cJSON_AddStringToObject(value, "ai_family",
                          psock_constant_name(PSOCK_KIND_DOMAIN, e.family));
  if (e.socktype == 0) /* any type: Winsock's entry when the hints name none */
    cJSON_AddNumberToObject(value, "ai_socktype", 0);
  else
    cJSON_AddStringToObject(value, "ai_socktype",
                            psock_constant_name(PSOCK_KIND_TYPE, e.socktype));
  cJSON_AddNumberToObject(value, "ai_protocol", e.protocol);
  if (e.canonname != NULL)
    cJSON_AddStringToObject(value, "ai_canonname", e.canonname);
  addr = cJSON_AddObjectToObject(value, "ai_addr");
  if (e.family == PSOCK_AF_INET6) {
    cJSON_AddNumberToObject(addr, "sin6_port", e.port);
    cJSON_AddStringToObject(addr, "sin6_addr", e.address);
  } else {
    cJSON_AddNumberToObject(addr, "sin_port", e.port);
    cJSON_AddStringToObject(addr, "sin_addr", e.address);
  }
}

static void op_addrinfo_bind(const cJSON *args, const cJSON *as, cJSON *out) {
  size_t index;
  const psock_addrinfo_t *list = entry_arg(args, &index, out);
  if (list != NULL)
    new_socket(out, psock_addrinfo_bind(list, index), as);
}

static void op_addrinfo_connect(const cJSON *args, const cJSON *as,
                                cJSON *out) {
  size_t index;
  const psock_addrinfo_t *list = entry_arg(args, &index, out);
  if (list != NULL)
    new_socket(out, psock_addrinfo_connect(list, index), as);
}

const drv_op impl_ops[] = {
    {"socket_create", op_create},
    {"socket_create_listen", op_create_listen},
    {"socket_create_pair", op_create_pair},
    {"socket_bind", op_bind},
    {"socket_connect", op_connect},
    {"socket_listen", op_listen},
    {"socket_accept", op_accept},
    {"socket_read", op_read},
    {"socket_write", op_write},
    {"socket_recv", op_recv},
    {"socket_send", op_send},
    {"socket_recvfrom", op_recvfrom},
    {"socket_sendto", op_sendto},
    {"socket_readv", op_readv},
    {"socket_writev", op_writev},
    {"socket_recvmsg", op_recvmsg},
    {"socket_sendmsg", op_sendmsg},
    {"socket_select", op_select},
    {"socket_get_option", op_get_option},
    {"socket_set_option", op_set_option},
    {"socket_getopt", op_getopt},
    {"socket_setopt", op_setopt},
    {"socket_getsockname", op_getsockname},
    {"socket_getpeername", op_getpeername},
    {"socket_shutdown", op_shutdown},
    {"socket_set_block", op_set_block},
    {"socket_set_nonblock", op_set_nonblock},
    {"socket_close", op_close},
    {"socket_last_error", op_last_error},
    {"socket_clear_error", op_clear_error},
    {"socket_strerror", op_strerror},
    {"listen_backlog", op_listen_backlog},
    {"constant", op_constant},
    {"socket_atmark", op_atmark},
    {"socket_cmsg_space", op_cmsg_space},
    {"socket_export_stream", op_export_stream},
    {"socket_import_stream", op_import_stream},
    {"socket_wsaprotocol_info_export", op_wsa_export},
    {"socket_wsaprotocol_info_import", op_wsa_import},
    {"socket_wsaprotocol_info_release", op_wsa_release},
    {"socket_addrinfo_lookup", op_addrinfo_lookup},
    {"socket_addrinfo_explain", op_addrinfo_explain},
    {"socket_addrinfo_bind", op_addrinfo_bind},
    {"socket_addrinfo_connect", op_addrinfo_connect},
};

const size_t impl_op_count = sizeof impl_ops / sizeof impl_ops[0];
