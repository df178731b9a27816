/* SPDX-License-Identifier: MIT */
/*
 * native/ops.c -- the conformance operations straight on the platform's
 * sockets (BSD sockets, or Winsock), the way PHP's ext/sockets calls them,
 * with nothing normalized: errors are the raw errno/WSA names, messages
 * strerror()'s, backlogs passed as given. The report sets these results
 * beside psock's to show what the shim changes.
 */
#if !defined(_WIN32)
#  define _GNU_SOURCE
#endif
#include "../driver.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the one platform switch of this driver ------------------------------ */
#if defined(_WIN32)
#  include <winsock2.h>
#  include <ws2tcpip.h>
#  include <afunix.h>
typedef SOCKET sock_t;
typedef int socklen_type;
#  define BAD_SOCK INVALID_SOCKET
#  define last_errno() WSAGetLastError()
#  define close_sock closesocket
#  define SHUT_RD SD_RECEIVE
#  define SHUT_WR SD_SEND
#  define SHUT_RDWR SD_BOTH
#  define E(name)                                                              \
    { WSA##name, "WSA" #name }
#  define BAD_ARGUMENT WSAEINVAL
#else
#  include <dirent.h>
#  include <fcntl.h>
#  include <netinet/in.h>
#  include <netinet/tcp.h>
#  include <arpa/inet.h>
#  include <netdb.h>
#  include <net/if.h>
#  include <sys/select.h>
#  include <sys/socket.h>
#  include <sys/time.h>
#  include <sys/uio.h>
#  include <sys/un.h>
#  include <unistd.h>
typedef int sock_t;
typedef socklen_t socklen_type;
#  define BAD_SOCK (-1)
#  define last_errno() errno
#  define close_sock close
#  define E(name)                                                              \
    { name, #name }
#  define BAD_ARGUMENT EINVAL
#endif

const char *const impl_name = "native";

static int saved_error; /* the last failure's code: PHP's global error */

static const struct {
  int code;
  const char *name;
} error_names[] = {
    E(EACCES),       E(EADDRINUSE),      E(EADDRNOTAVAIL), E(EAFNOSUPPORT),
    E(EWOULDBLOCK),  E(EALREADY),        E(EBADF),         E(ECONNABORTED),
    E(ECONNREFUSED), E(ECONNRESET),      E(EDESTADDRREQ),  E(EFAULT),
    E(EHOSTUNREACH), E(EINPROGRESS),     E(EINTR),         E(EINVAL),
    E(EISCONN),      E(EMFILE),          E(EMSGSIZE),      E(ENAMETOOLONG),
    E(ENETDOWN),     E(ENETUNREACH),     E(ENOBUFS),       E(ENOPROTOOPT),
    E(ENOTCONN),     E(ENOTSOCK),        E(EOPNOTSUPP),    E(EPROTONOSUPPORT),
    E(EPROTOTYPE),   E(ESOCKTNOSUPPORT), E(ETIMEDOUT),     E(ELOOP),
    E(ESHUTDOWN),    E(EHOSTDOWN),       E(EPFNOSUPPORT),
#if !defined(_WIN32)
    E(EPIPE),        E(ENOENT),          E(ENOTDIR),       E(EROFS),
    E(EPERM),        E(ENOMEM),          E(ENFILE),
#endif
};

static const char *error_name(int code) {
  size_t i;
  for (i = 0; i < sizeof error_names / sizeof error_names[0]; i++)
    if (error_names[i].code == code)
      return error_names[i].name;
  return "EOTHER";
}

static int error_by_name(const char *name) {
  size_t i;
  for (i = 0; i < sizeof error_names / sizeof error_names[0]; i++)
    if (strcmp(error_names[i].name, name) == 0 ||
        (strncmp(error_names[i].name, "WSA", 3) == 0 &&
         strcmp(error_names[i].name + 3, name) == 0))
      return error_names[i].code;
  return 0;
}

static const char *text_of(int code) {
#if defined(_WIN32)
  static char text[256];
  if (FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                     NULL, (DWORD)code, 0, text, sizeof text, NULL) == 0)
    text[0] = '\0';
  return text;
#else
  return strerror(code);
#endif
}

static void fail_with(cJSON *out, int code) {
  saved_error = code;
  cJSON_AddBoolToObject(out, "ok", 0);
  cJSON_AddNumberToObject(out, "ret", -1);
  cJSON_AddStringToObject(out, "error", error_name(code));
  cJSON_AddNumberToObject(out, "native", code);
  cJSON_AddStringToObject(out, "message", text_of(code));
  cJSON_AddStringToObject(out, "localized", text_of(code));
}

static void result(cJSON *out, long long rc) {
  if (rc < 0) {
    fail_with(out, last_errno());
    return;
  }
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddNumberToObject(out, "ret", (double)rc);
}

static void bad_argument(cJSON *out, const char *what) {
  cJSON_AddBoolToObject(out, "ok", 0);
  cJSON_AddStringToObject(out, "error", "BAD_CASE");
  cJSON_AddStringToObject(out, "message", what);
}

/* ---- constants: native values by PHP name ------------------------------- */

static const struct {
  const char *name;
  int value;
} constants[] = {
    {"AF_UNIX", AF_UNIX},
    {"AF_INET", AF_INET},
    {"AF_INET6", AF_INET6},
    {"SOCK_STREAM", SOCK_STREAM},
    {"SOCK_DGRAM", SOCK_DGRAM},
    {"SOCK_RAW", SOCK_RAW},
    {"SOCK_SEQPACKET", SOCK_SEQPACKET},
    {"SOCK_RDM", SOCK_RDM},
    {"MSG_OOB", MSG_OOB},
    {"MSG_PEEK", MSG_PEEK},
    {"MSG_WAITALL", MSG_WAITALL},
#if defined(MSG_DONTWAIT)
    {"MSG_DONTWAIT", MSG_DONTWAIT},
#endif
    {"SOL_SOCKET", SOL_SOCKET},
    {"SOL_TCP", IPPROTO_TCP},
    {"SOL_UDP", IPPROTO_UDP},
    {"SO_DEBUG", SO_DEBUG},
    {"SO_REUSEADDR", SO_REUSEADDR},
    {"SO_KEEPALIVE", SO_KEEPALIVE},
    {"SO_DONTROUTE", SO_DONTROUTE},
    {"SO_LINGER", SO_LINGER},
    {"SO_BROADCAST", SO_BROADCAST},
    {"SO_OOBINLINE", SO_OOBINLINE},
    {"SO_SNDBUF", SO_SNDBUF},
    {"SO_RCVBUF", SO_RCVBUF},
    {"SO_SNDLOWAT", SO_SNDLOWAT},
    {"SO_RCVLOWAT", SO_RCVLOWAT},
    {"SO_SNDTIMEO", SO_SNDTIMEO},
    {"SO_RCVTIMEO", SO_RCVTIMEO},
    {"SO_TYPE", SO_TYPE},
    {"SO_ERROR", SO_ERROR},
    {"TCP_NODELAY", TCP_NODELAY},
    {"SOMAXCONN", SOMAXCONN},
    {"PHP_NORMAL_READ", 1},
    {"PHP_BINARY_READ", 2},
    {"AI_PASSIVE", AI_PASSIVE},
    {"AI_CANONNAME", AI_CANONNAME},
    {"AI_NUMERICHOST", AI_NUMERICHOST},
#if defined(AI_NUMERICSERV)
    {"AI_NUMERICSERV", AI_NUMERICSERV},
#endif
#if defined(AI_V4MAPPED)
    {"AI_V4MAPPED", AI_V4MAPPED},
#endif
#if defined(AI_ALL)
    {"AI_ALL", AI_ALL},
#endif
#if defined(AI_ADDRCONFIG)
    {"AI_ADDRCONFIG", AI_ADDRCONFIG},
#endif
    {"IPPROTO_IP", IPPROTO_IP},
    {"IPPROTO_IPV6", IPPROTO_IPV6},
    {"IP_MULTICAST_IF", IP_MULTICAST_IF},
    {"IP_MULTICAST_TTL", IP_MULTICAST_TTL},
    {"IP_MULTICAST_LOOP", IP_MULTICAST_LOOP},
    {"IPV6_MULTICAST_IF", IPV6_MULTICAST_IF},
    {"IPV6_MULTICAST_HOPS", IPV6_MULTICAST_HOPS},
    {"IPV6_MULTICAST_LOOP", IPV6_MULTICAST_LOOP},
#if defined(MCAST_JOIN_GROUP)
    {"MCAST_JOIN_GROUP", MCAST_JOIN_GROUP},
    {"MCAST_LEAVE_GROUP", MCAST_LEAVE_GROUP},
    {"MCAST_BLOCK_SOURCE", MCAST_BLOCK_SOURCE},
    {"MCAST_UNBLOCK_SOURCE", MCAST_UNBLOCK_SOURCE},
    {"MCAST_JOIN_SOURCE_GROUP", MCAST_JOIN_SOURCE_GROUP},
    {"MCAST_LEAVE_SOURCE_GROUP", MCAST_LEAVE_SOURCE_GROUP},
#endif
};

/* A constant these headers lack is the platform's lack (MSG_DONTWAIT on
 * Windows): the step is unsupported, not a broken case. */
const int impl_unknown_constant_unsupported = 1;

int impl_value_of(const char *name) {
  size_t i;
  for (i = 0; i < sizeof constants / sizeof constants[0]; i++)
    if (strcmp(constants[i].name, name) == 0)
      return constants[i].value;
  return -1;
}

static const char *type_name(int value) {
  static const char *const types[] = {"SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW",
                                      "SOCK_SEQPACKET", "SOCK_RDM"};
  size_t i;
  for (i = 0; i < 5; i++)
    if (impl_value_of(types[i]) == value)
      return types[i];
  return "?";
}

/* ---- sockets and addresses ---------------------------------------------- */

static drv_handle to_h(sock_t s) { return (drv_handle)s; }
static sock_t to_s(drv_handle h) { return (sock_t)h; }

static int family_of(sock_t s) {
  struct sockaddr_storage ss;
  socklen_type len = sizeof ss;
  memset(&ss, 0, sizeof ss);
  if (getsockname(s, (struct sockaddr *)&ss, &len) != 0)
    return AF_INET;
  return ss.ss_family;
}

/* PHP's address argument for the socket's family; 0 or -1 (EINVAL). */
static int make_addr(sock_t s, const char *address, int port,
                     struct sockaddr_storage *ss, socklen_type *len) {
  int family = family_of(s);
  memset(ss, 0, sizeof *ss);
  if (address == NULL)
    return -1;
  if (family == AF_UNIX) {
    struct sockaddr_un *sun = (struct sockaddr_un *)ss;
    sun->sun_family = AF_UNIX;
    strncpy(sun->sun_path, address, sizeof sun->sun_path - 1);
    *len = (socklen_type)sizeof *sun;
    return 0;
  }
  if (family == AF_INET6) {
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons((unsigned short)port);
    *len = (socklen_type)sizeof *sin6;
    return inet_pton(AF_INET6, address, &sin6->sin6_addr) == 1 ? 0 : -1;
  }
  {
    struct sockaddr_in *sin = (struct sockaddr_in *)ss;
    sin->sin_family = AF_INET;
    sin->sin_port = htons((unsigned short)port);
    *len = (socklen_type)sizeof *sin;
    return inet_pton(AF_INET, address, &sin->sin_addr) == 1 ? 0 : -1;
  }
}

static void report_addr(cJSON *out, const struct sockaddr_storage *ss) {
  char text[128] = "";
  int port = 0;
  if (ss->ss_family == AF_INET) {
    const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
    inet_ntop(AF_INET, (void *)&sin->sin_addr, text, sizeof text);
    port = ntohs(sin->sin_port);
  } else if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
    inet_ntop(AF_INET6, (void *)&sin6->sin6_addr, text, sizeof text);
    port = ntohs(sin6->sin6_port);
  } else if (ss->ss_family == AF_UNIX) {
    snprintf(text, sizeof text, "%s",
             ((const struct sockaddr_un *)ss)->sun_path);
  }
  cJSON_AddStringToObject(out, "address", text);
  cJSON_AddNumberToObject(out, "port", port);
}

int impl_port_of(drv_handle h) {
  struct sockaddr_storage ss;
  socklen_type len = sizeof ss;
  if (getsockname(to_s(h), (struct sockaddr *)&ss, &len) != 0)
    return -1;
  if (ss.ss_family == AF_INET)
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
  if (ss.ss_family == AF_INET6)
    return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
  return -1;
}

void impl_close(drv_handle h) { close_sock(to_s(h)); }

long impl_open_count(void) {
#if defined(_WIN32)
  return -1;
#else
  DIR *d = opendir("/proc/self/fd");
  long n = 0;
  struct dirent *e;
  if (d == NULL)
    return -1;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.')
      n++;
  closedir(d);
  return n - 1;
#endif
}

void impl_describe(cJSON *reply) {
  cJSON *features = cJSON_CreateArray();
  sock_t s;
#if defined(_WIN32)
  WSADATA data;
  WSAStartup(MAKEWORD(2, 2), &data);
  cJSON_AddStringToObject(reply, "version", "winsock 2.2");
#else
  cJSON_AddStringToObject(reply, "version", "bsd sockets");
#endif
  s = socket(AF_UNIX, SOCK_STREAM, 0);
  if (s != BAD_SOCK) {
    cJSON_AddItemToArray(features, cJSON_CreateString("af_unix"));
    close_sock(s);
  }
#if defined(SOCK_SEQPACKET)
  s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  if (s != BAD_SOCK) {
    cJSON_AddItemToArray(features, cJSON_CreateString("seqpacket"));
    close_sock(s);
  }
#endif
  s = socket(AF_INET6, SOCK_STREAM, 0);
  if (s != BAD_SOCK) {
    struct sockaddr_storage ss;
    socklen_type len;
    if (make_addr(s, "::1", 0, &ss, &len) == 0 &&
        bind(s, (struct sockaddr *)&ss, len) == 0)
      cJSON_AddItemToArray(features, cJSON_CreateString("ipv6"));
    close_sock(s);
  }
  cJSON_AddItemToObject(reply, "features", features);
}

static void named(const cJSON *as, sock_t s) {
  if (cJSON_IsString(as))
    drv_name(as->valuestring, to_h(s));
  else
    close_sock(s);
}

/* ---- operations ---------------------------------------------------------- */

#define SOCKET_ARG(s)                                                          \
  drv_handle h_;                                                               \
  sock_t s;                                                                    \
  if (arg_sock(args, "socket", &h_, out) != 0)                                 \
    return;                                                                    \
  s = to_s(h_)

/* A constant argument, which drv_run_step has made a number. */
#define CONST_ARG(var, key, dflt) int var = (int)arg_long(args, key, dflt)

static void op_create(const cJSON *args, const cJSON *as, cJSON *out) {
  sock_t s;
  CONST_ARG(domain, "domain", 0);
  CONST_ARG(type, "type", 0);
  CONST_ARG(protocol, "protocol", 0);
  s = socket(domain, type, protocol);
  result(out, s == BAD_SOCK ? -1 : 0);
  if (s != BAD_SOCK)
    named(as, s);
}

/* bind and connect: the address for the socket's family, then the call. */
static void address_op(const cJSON *args, cJSON *out, int connecting) {
  struct sockaddr_storage ss;
  socklen_type len;
  SOCKET_ARG(s);
  if (make_addr(s, arg_str(args, "address", NULL),
                (int)arg_long(args, "port", 0), &ss, &len) != 0) {
    fail_with(out, BAD_ARGUMENT);
    return;
  }
  result(out, connecting ? connect(s, (struct sockaddr *)&ss, len)
                         : bind(s, (struct sockaddr *)&ss, len));
}

static void op_bind(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  address_op(args, out, 0);
}

static void op_connect(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  address_op(args, out, 1);
}

static void op_listen(const cJSON *args, const cJSON *as, cJSON *out) {
  SOCKET_ARG(s);
  CONST_ARG(backlog, "backlog", 0);
  (void)as;
  result(out, listen(s, backlog));
}

/* PHP's socket_create_listen: any address, SO_REUSEADDR, bind, listen. */
static void op_create_listen(const cJSON *args, const cJSON *as, cJSON *out) {
  struct sockaddr_in sin;
  int on = 1;
  sock_t s;
  CONST_ARG(backlog, "backlog", SOMAXCONN);
  s = socket(AF_INET, SOCK_STREAM, 0);
  if (s == BAD_SOCK) {
    result(out, -1);
    return;
  }
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons((unsigned short)arg_long(args, "port", 0));
  inet_pton(AF_INET, arg_str(args, "address", "0.0.0.0"), &sin.sin_addr);
  if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof on) !=
          0 ||
      bind(s, (struct sockaddr *)&sin, sizeof sin) != 0 ||
      listen(s, backlog) != 0) {
    result(out, -1);
    close_sock(s);
    return;
  }
  result(out, 0);
  named(as, s);
}

static void op_create_pair(const cJSON *args, const cJSON *as, cJSON *out) {
  CONST_ARG(domain, "domain", 0);
  CONST_ARG(type, "type", 0);
  CONST_ARG(protocol, "protocol", 0);
#if defined(_WIN32)
  (void)as;
  (void)domain;
  (void)type;
  (void)protocol;
  cJSON_AddBoolToObject(out, "unsupported", 1); /* Winsock has no socketpair */
#else
  {
    int fds[2];
    int rc = socketpair(domain, type, protocol, fds);
    result(out, rc);
    if (rc == 0 && cJSON_GetArraySize(as) == 2) {
      drv_name(cJSON_GetArrayItem(as, 0)->valuestring, to_h(fds[0]));
      drv_name(cJSON_GetArrayItem(as, 1)->valuestring, to_h(fds[1]));
      cJSON_AddStringToObject(out, "domain",
                              domain == AF_UNIX ? "AF_UNIX" : "AF_INET");
    }
  }
#endif
}

static void op_accept(const cJSON *args, const cJSON *as, cJSON *out) {
  sock_t a;
  SOCKET_ARG(s);
  a = accept(s, NULL, NULL);
  result(out, a == BAD_SOCK ? -1 : 0);
  if (a != BAD_SOCK)
    named(as, a);
}

/* PHP_NORMAL_READ as PHP implements it: one byte per recv() until "\n" or
 * "\r" or length (php_read in ext/sockets). */
static long normal_read(sock_t s, char *buf, long length) {
  long n = 0;
  while (n < length) {
    int r = recv(s, buf + n, 1, 0);
    if (r < 0)
      return n > 0 ? n : -1;
    if (r == 0)
      break;
    n++;
    if (buf[n - 1] == '\n' || buf[n - 1] == '\r')
      break;
  }
  return n;
}

static void op_read(const cJSON *args, const cJSON *as, cJSON *out) {
  long length = arg_long(args, "length", 0), n;
  char *buf;
  SOCKET_ARG(s);
  CONST_ARG(mode, "mode", 2);
  (void)as;
  if (length <= 0) {
    fail_with(out, BAD_ARGUMENT);
    return;
  }
  buf = malloc((size_t)length);
  n = mode == 1 ? normal_read(s, buf, length) : recv(s, buf, (int)length, 0);
  result(out, n);
  if (n >= 0)
    out_bytes(out, "data_b64", buf, (size_t)n);
  free(buf);
}

static void op_recv_common(const cJSON *args, cJSON *out, int from) {
  long length = arg_long(args, "length", 0), n;
  struct sockaddr_storage ss;
  socklen_type len = sizeof ss;
  int flags = (int)arg_long(args, "flags", 0);
  char *buf;
  SOCKET_ARG(s);
  buf = malloc(length > 0 ? (size_t)length : 1);
  memset(&ss, 0, sizeof ss);
  n = from ? recvfrom(s, buf, (int)length, flags, (struct sockaddr *)&ss, &len)
           : recv(s, buf, (int)length, flags);
  result(out, n);
  if (n >= 0) {
    out_bytes(out, "data_b64", buf, (size_t)n);
    if (from)
      report_addr(out, &ss);
  }
  free(buf);
}

static void op_recv(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  op_recv_common(args, out, 0);
}

static void op_recvfrom(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  op_recv_common(args, out, 1);
}

static void op_send_common(const cJSON *args, cJSON *out, int mode) {
  size_t len;
  unsigned char *data;
  int flags = mode != 0 ? (int)arg_long(args, "flags", 0) : 0;
  SOCKET_ARG(s);
  data = arg_bytes(args, &len);
  if (arg_has(args, "length") && (size_t)arg_long(args, "length", 0) < len)
    len = (size_t)arg_long(args, "length", 0);
  if (mode == 2) {
    struct sockaddr_storage ss;
    socklen_type slen;
    if (make_addr(s, arg_str(args, "address", NULL),
                  (int)arg_long(args, "port", 0), &ss, &slen) != 0)
      fail_with(out, BAD_ARGUMENT);
    else
      result(out, sendto(s, (const char *)data, (int)len, flags,
                         (struct sockaddr *)&ss, slen));
  } else {
    /* write() on POSIX as PHP's socket_write; send() where there is none. */
#if defined(_WIN32)
    result(out, send(s, (const char *)data, (int)len, flags));
#else
    result(out, mode == 0 ? write(s, data, len) : send(s, data, len, flags));
#endif
  }
  free(data);
}

/* ---- scatter/gather: "vectors" to send, "lengths" to receive ------------ */

#define MAX_VEC 64

#if defined(_WIN32)
typedef WSABUF vec_t;
#  define VEC_SET(v, p, n) ((v).buf = (char *)(p), (v).len = (ULONG)(n))
#  define VEC_BASE(v) ((v).buf)
#  define VEC_LEN(v) ((size_t)(v).len)
#else
typedef struct iovec vec_t;
#  define VEC_SET(v, p, n) ((v).iov_base = (void *)(p), (v).iov_len = (n))
#  define VEC_BASE(v) ((char *)(v).iov_base)
#  define VEC_LEN(v) ((v).iov_len)
#endif

static size_t send_vectors(const cJSON *args, vec_t *v) {
  const cJSON *item;
  size_t n = 0;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(args, "vectors")) {
    if (n == MAX_VEC || !cJSON_IsString(item))
      break;
    VEC_SET(v[n], item->valuestring, strlen(item->valuestring));
    n++;
  }
  return n;
}

static size_t recv_buffers(const cJSON *args, vec_t *v) {
  const cJSON *item;
  size_t n = 0;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(args, "lengths")) {
    size_t len;
    if (n == MAX_VEC)
      break;
    len = cJSON_IsNumber(item) && item->valuedouble > 0
              ? (size_t)item->valuedouble
              : 0;
    VEC_SET(v[n], malloc(len > 0 ? len : 1), len);
    n++;
  }
  return n;
}

static void report_buffers(cJSON *out, vec_t *v, size_t n, long got) {
  cJSON *list = cJSON_CreateArray();
  size_t i;
  for (i = 0; i < n; i++) {
    size_t take =
        got > 0 ? ((size_t)got < VEC_LEN(v[i]) ? (size_t)got : VEC_LEN(v[i]))
                : 0;
    cJSON *o = cJSON_CreateObject();
    out_bytes(o, "b64", VEC_BASE(v[i]), take);
    cJSON_AddItemToArray(list, cJSON_DetachItemFromObject(o, "b64"));
    cJSON_Delete(o);
    got -= (long)take;
    free(VEC_BASE(v[i]));
  }
  cJSON_AddItemToObject(out, "vectors_b64", list);
}

/* writev (msg 0) or sendmsg (msg 1, to an address when to is set). */
static long gather(sock_t s, vec_t *v, size_t n, int msg,
                   const struct sockaddr *to, socklen_type tolen) {
#if defined(_WIN32)
  DWORD sent = 0;
  int rc = to != NULL
               ? WSASendTo(s, v, (DWORD)n, &sent, 0, to, tolen, NULL, NULL)
               : WSASend(s, v, (DWORD)n, &sent, 0, NULL, NULL);
  (void)msg;
  return rc == 0 ? (long)sent : -1;
#else
  struct msghdr m;
  if (!msg)
    return (long)writev(s, v, (int)n);
  memset(&m, 0, sizeof m);
  m.msg_iov = v;
  m.msg_iovlen = n;
  m.msg_name = (void *)to;
  m.msg_namelen = to != NULL ? tolen : 0;
  return (long)sendmsg(s, &m, 0);
#endif
}

/* readv (from NULL) or recvmsg, which names the sender and says whether a
 * datagram was cut (Winsock: WSARecvFrom fails with WSAEMSGSIZE then). */
static long scatter(sock_t s, vec_t *v, size_t n, struct sockaddr_storage *from,
                    int *truncated) {
#if defined(_WIN32)
  DWORD got = 0, flags = 0;
  int fromlen = sizeof *from;
  int rc = from != NULL
               ? WSARecvFrom(s, v, (DWORD)n, &got, &flags,
                             (struct sockaddr *)from, &fromlen, NULL, NULL)
               : WSARecv(s, v, (DWORD)n, &got, &flags, NULL, NULL);
  *truncated = (flags & MSG_PARTIAL) != 0;
  return rc == 0 ? (long)got : -1;
#else
  struct msghdr m;
  long got;
  if (from == NULL)
    return (long)readv(s, v, (int)n);
  memset(&m, 0, sizeof m);
  m.msg_iov = v;
  m.msg_iovlen = n;
  m.msg_name = from;
  m.msg_namelen = sizeof *from;
  got = (long)recvmsg(s, &m, 0);
  *truncated = (m.msg_flags & MSG_TRUNC) != 0;
  return got;
#endif
}

static void op_writev(const cJSON *args, const cJSON *as, cJSON *out) {
  vec_t v[MAX_VEC];
  size_t n = send_vectors(args, v);
  SOCKET_ARG(s);
  (void)as;
  result(out, gather(s, v, n, 0, NULL, 0));
}

static void op_readv(const cJSON *args, const cJSON *as, cJSON *out) {
  vec_t v[MAX_VEC];
  size_t n;
  long got;
  int truncated = 0;
  SOCKET_ARG(s);
  (void)as;
  n = recv_buffers(args, v);
  got = scatter(s, v, n, NULL, &truncated);
  result(out, got);
  report_buffers(out, v, n, got);
}

static void op_sendmsg(const cJSON *args, const cJSON *as, cJSON *out) {
  vec_t v[MAX_VEC];
  size_t n = send_vectors(args, v);
  struct sockaddr_storage ss;
  socklen_type len = 0;
  SOCKET_ARG(s);
  (void)as;
  if (arg_has(args, "address") &&
      make_addr(s, arg_str(args, "address", NULL),
                (int)arg_long(args, "port", 0), &ss, &len) != 0) {
    fail_with(out, BAD_ARGUMENT);
    return;
  }
  result(out,
         gather(s, v, n, 1,
                arg_has(args, "address") ? (struct sockaddr *)&ss : NULL, len));
}

static void op_recvmsg(const cJSON *args, const cJSON *as, cJSON *out) {
  vec_t v[MAX_VEC];
  struct sockaddr_storage ss;
  size_t n;
  long got;
  int truncated = 0;
  SOCKET_ARG(s);
  (void)as;
  memset(&ss, 0, sizeof ss);
  n = recv_buffers(args, v);
  got = scatter(s, v, n, &ss, &truncated);
  result(out, got);
  if (got >= 0) {
    report_addr(out, &ss);
    cJSON_AddBoolToObject(out, "truncated", truncated);
  }
  report_buffers(out, v, n, got);
}

static void op_write(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  op_send_common(args, out, 0);
}

static void op_send(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  op_send_common(args, out, 1);
}

static void op_sendto(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  op_send_common(args, out, 2);
}

static void op_select(const cJSON *args, const cJSON *as, cJSON *out) {
  static const char *const keys[3] = {"read", "write", "except"};
  fd_set sets[3];
  const cJSON *secs = cJSON_GetObjectItemCaseSensitive(args, "seconds");
  struct timeval tv;
  int set, rc;
  sock_t maxfd = 0;
  (void)as;
  for (set = 0; set < 3; set++) {
    const cJSON *item;
    FD_ZERO(&sets[set]);
    cJSON_ArrayForEach(item,
                       cJSON_GetObjectItemCaseSensitive(args, keys[set])) {
      drv_handle h;
      if (!cJSON_IsString(item) || drv_lookup(item->valuestring, &h) != 0) {
        bad_argument(out, "unknown socket name in select");
        return;
      }
#if !defined(_WIN32)
      if (to_s(h) >= FD_SETSIZE) { /* FD_SET would write out of bounds */
        fail_with(out, BAD_ARGUMENT);
        return;
      }
#endif
      FD_SET(to_s(h), &sets[set]);
      if (to_s(h) > maxfd)
        maxfd = to_s(h);
    }
  }
  tv.tv_sec = cJSON_IsNumber(secs) ? (long)secs->valuedouble : 0;
  tv.tv_usec = arg_long(args, "microseconds", 0);
  rc = select((int)maxfd + 1, &sets[0], &sets[1], &sets[2],
              cJSON_IsNumber(secs) ? &tv : NULL);
  result(out, rc);
  if (rc >= 0) {
    for (set = 0; set < 3; set++) {
      cJSON *ready = cJSON_CreateArray();
      const cJSON *item;
      cJSON_ArrayForEach(item,
                         cJSON_GetObjectItemCaseSensitive(args, keys[set])) {
        drv_handle h;
        drv_lookup(item->valuestring, &h);
        if (FD_ISSET(to_s(h), &sets[set]))
          cJSON_AddItemToArray(ready, cJSON_CreateString(item->valuestring));
      }
      cJSON_AddItemToObject(out, keys[set], ready);
    }
  }
}

static void op_get_option(const cJSON *args, const cJSON *as, cJSON *out) {
  int rc;
  SOCKET_ARG(s);
  CONST_ARG(level, "level", 0);
  CONST_ARG(option, "option", 0);
  (void)as;
  if (level == SOL_SOCKET && option == SO_LINGER) {
    struct linger l;
    socklen_type len = sizeof l;
    memset(&l, 0, sizeof l);
    rc = getsockopt(s, level, option, (char *)&l, &len);
    result(out, rc);
    if (rc == 0) {
      cJSON *v = cJSON_AddObjectToObject(out, "value");
      cJSON_AddNumberToObject(v, "l_onoff", l.l_onoff);
      cJSON_AddNumberToObject(v, "l_linger", l.l_linger);
    }
  } else if (level == SOL_SOCKET &&
             (option == SO_RCVTIMEO || option == SO_SNDTIMEO)) {
#if defined(_WIN32)
    DWORD ms = 0;
    socklen_type len = sizeof ms;
    rc = getsockopt(s, level, option, (char *)&ms, &len);
    result(out, rc);
    if (rc == 0) {
      cJSON *v = cJSON_AddObjectToObject(out, "value");
      cJSON_AddNumberToObject(v, "sec", ms / 1000);
      cJSON_AddNumberToObject(v, "usec", (ms % 1000) * 1000);
    }
#else
    struct timeval tv;
    socklen_type len = sizeof tv;
    rc = getsockopt(s, level, option, &tv, &len);
    result(out, rc);
    if (rc == 0) {
      cJSON *v = cJSON_AddObjectToObject(out, "value");
      cJSON_AddNumberToObject(v, "sec", (double)tv.tv_sec);
      cJSON_AddNumberToObject(v, "usec", (double)tv.tv_usec);
    }
#endif
  } else {
    int v = 0;
    socklen_type len = sizeof v;
    rc = getsockopt(s, level, option, (char *)&v, &len);
    result(out, rc);
    if (rc == 0 && level == SOL_SOCKET && option == SO_TYPE)
      cJSON_AddStringToObject(out, "value", type_name(v));
    else if (rc == 0 && level == SOL_SOCKET && option == SO_ERROR)
      cJSON_AddStringToObject(out, "value", v == 0 ? "OK" : error_name(v));
    else if (rc == 0)
      cJSON_AddNumberToObject(out, "value", v);
  }
}

/* ---- multicast: PHP's arrays as the system's group requests ------------- */

/* An interface by index or name; -1 for a name the system does not know. */
static long interface_index(const cJSON *v) {
  if (cJSON_IsString(v)) {
#if defined(_WIN32)
    return -1; /* by name: the cases needing it run in a Linux namespace */
#else
    unsigned idx = if_nametoindex(v->valuestring);
    return idx == 0 ? -1 : (long)idx;
#endif
  }
  return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

/* A numeric IPv4 or IPv6 address into ss; 0 or -1. */
static int group_addr(const char *text, struct sockaddr_storage *ss) {
  struct sockaddr_in *sin = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
  memset(ss, 0, sizeof *ss);
  if (text != NULL && inet_pton(AF_INET, text, &sin->sin_addr) == 1) {
    sin->sin_family = AF_INET;
    return 0;
  }
  if (text != NULL && inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1) {
    sin6->sin6_family = AF_INET6;
    return 0;
  }
  return -1;
}

#if defined(MCAST_JOIN_GROUP)
/* MCAST_* with {group, interface[, source]}: struct group_req or
 * group_source_req, as ext/sockets builds them. 1 when it was one. */
static int group_request(sock_t s, int level, int option, const cJSON *value,
                         cJSON *out) {
  long idx;
  if (!cJSON_IsObject(value) ||
      !(option == MCAST_JOIN_GROUP || option == MCAST_LEAVE_GROUP ||
        option == MCAST_BLOCK_SOURCE || option == MCAST_UNBLOCK_SOURCE ||
        option == MCAST_JOIN_SOURCE_GROUP ||
        option == MCAST_LEAVE_SOURCE_GROUP))
    return 0;
  idx = interface_index(cJSON_GetObjectItemCaseSensitive(value, "interface"));
  if (idx < 0) {
    fail_with(out, BAD_ARGUMENT); /* ext/sockets: no such interface */
    return 1;
  }
  if (option == MCAST_JOIN_GROUP || option == MCAST_LEAVE_GROUP) {
    struct group_req req;
    memset(&req, 0, sizeof req);
    req.gr_interface = (unsigned long)idx;
    if (group_addr(arg_str(value, "group", NULL), &req.gr_group) != 0)
      fail_with(out, BAD_ARGUMENT);
    else
      result(out, setsockopt(s, level, option, (const char *)&req, sizeof req));
  } else {
    struct group_source_req req;
    memset(&req, 0, sizeof req);
    req.gsr_interface = (unsigned long)idx;
    if (group_addr(arg_str(value, "group", NULL), &req.gsr_group) != 0 ||
        group_addr(arg_str(value, "source", NULL), &req.gsr_source) != 0)
      fail_with(out, BAD_ARGUMENT);
    else
      result(out, setsockopt(s, level, option, (const char *)&req, sizeof req));
  }
  return 1;
}
#else
static int group_request(sock_t s, int level, int option, const cJSON *value,
                         cJSON *out) {
  (void)s, (void)level, (void)option, (void)value, (void)out;
  return 0;
}
#endif

static void op_set_option(const cJSON *args, const cJSON *as, cJSON *out) {
  const cJSON *value = cJSON_GetObjectItemCaseSensitive(args, "value");
  SOCKET_ARG(s);
  CONST_ARG(level, "level", 0);
  CONST_ARG(option, "option", 0);
  (void)as;
  if (level == SOL_SOCKET && option == SO_LINGER) {
    struct linger l;
    l.l_onoff = (unsigned short)arg_long(value, "l_onoff", 0);
    l.l_linger = (unsigned short)arg_long(value, "l_linger", 0);
    result(out, setsockopt(s, level, option, (const char *)&l, sizeof l));
  } else if (level == SOL_SOCKET &&
             (option == SO_RCVTIMEO || option == SO_SNDTIMEO)) {
#if defined(_WIN32)
    DWORD ms = (DWORD)(arg_long(value, "sec", 0) * 1000 +
                       arg_long(value, "usec", 0) / 1000);
    result(out, setsockopt(s, level, option, (const char *)&ms, sizeof ms));
#else
    struct timeval tv;
    tv.tv_sec = arg_long(value, "sec", 0);
    tv.tv_usec = arg_long(value, "usec", 0);
    result(out, setsockopt(s, level, option, &tv, sizeof tv));
#endif
  } else if (group_request(s, level, option, value, out)) {
    /* done */
  } else if (cJSON_IsString(value)) {
    /* An interface by name: IP_MULTICAST_IF takes it as ext/sockets passes
     * it on Linux (struct ip_mreqn), IPV6_MULTICAST_IF as an index. */
    long idx = interface_index(value);
    if (idx < 0) {
      fail_with(out, BAD_ARGUMENT);
    } else if (level == IPPROTO_IP) {
#if defined(__linux__)
      struct ip_mreqn mreq;
      memset(&mreq, 0, sizeof mreq);
      mreq.imr_ifindex = (int)idx;
      result(out, setsockopt(s, level, option, &mreq, sizeof mreq));
#else
      fail_with(out, BAD_ARGUMENT); /* an in_addr elsewhere: not by name */
#endif
    } else {
      int v = (int)idx;
      result(out, setsockopt(s, level, option, (const char *)&v, sizeof v));
    }
  } else {
    int v = (int)arg_long(args, "value", 0);
    result(out, setsockopt(s, level, option, (const char *)&v, sizeof v));
  }
}

static void op_name(const cJSON *args, cJSON *out, int peer) {
  struct sockaddr_storage ss;
  socklen_type len = sizeof ss;
  int rc;
  SOCKET_ARG(s);
  memset(&ss, 0, sizeof ss);
  rc = peer ? getpeername(s, (struct sockaddr *)&ss, &len)
            : getsockname(s, (struct sockaddr *)&ss, &len);
  result(out, rc);
  if (rc == 0)
    report_addr(out, &ss);
}

static void op_getsockname(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  op_name(args, out, 0);
}

static void op_getpeername(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  op_name(args, out, 1);
}

static void op_shutdown(const cJSON *args, const cJSON *as, cJSON *out) {
  static const int how[3] = {SHUT_RD, SHUT_WR, SHUT_RDWR};
  long h = arg_long(args, "how", 2);
  SOCKET_ARG(s);
  (void)as;
  if (h < 0 || h > 2) {
    fail_with(out, BAD_ARGUMENT);
    return;
  }
  result(out, shutdown(s, how[h]));
}

static int set_nonblocking(sock_t s, int on) {
#if defined(_WIN32)
  u_long v = (u_long)on;
  return ioctlsocket(s, FIONBIO, &v);
#else
  int flags = fcntl(s, F_GETFL);
  if (flags == -1)
    return -1;
  return fcntl(s, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
#endif
}

static void op_set_block(const cJSON *args, const cJSON *as, cJSON *out) {
  SOCKET_ARG(s);
  (void)as;
  result(out, set_nonblocking(s, 0));
}

static void op_set_nonblock(const cJSON *args, const cJSON *as, cJSON *out) {
  SOCKET_ARG(s);
  (void)as;
  result(out, set_nonblocking(s, 1));
}

static void op_close(const cJSON *args, const cJSON *as, cJSON *out) {
  SOCKET_ARG(s);
  (void)as;
  result(out, close_sock(s));
}

/* Plain sockets have one error per thread; none per socket. */
static void op_last_error(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  if (arg_has(args, "socket")) {
    cJSON_AddBoolToObject(out, "unsupported", 1);
    return;
  }
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddStringToObject(out, "value",
                          saved_error == 0 ? "OK" : error_name(saved_error));
  cJSON_AddNumberToObject(out, "native", saved_error);
}

static void op_clear_error(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)as;
  if (arg_has(args, "socket")) {
    cJSON_AddBoolToObject(out, "unsupported", 1);
    return;
  }
  saved_error = 0;
  cJSON_AddBoolToObject(out, "ok", 1);
}

static void op_strerror(const cJSON *args, const cJSON *as, cJSON *out) {
  int code = error_by_name(arg_str(args, "code", ""));
  const char *locale = arg_str(args, "locale", NULL);
  (void)as;
  /* {"last_error": true}: strerror of the thread's last error. */
  if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(args, "code"), "last_error")))
    code = saved_error;
  cJSON_AddBoolToObject(out, "ok", code != 0);
  cJSON_AddStringToObject(out, "message", text_of(code));
  if (locale != NULL) {
    if (setlocale(LC_ALL, locale) == NULL) {
      cJSON_AddBoolToObject(out, "locale_missing", 1);
    } else {
      cJSON_AddStringToObject(out, "localized", text_of(code));
      cJSON_AddStringToObject(out, "message_in_locale", text_of(code));
      setlocale(LC_ALL, "C");
    }
  }
}

static void op_constant(const cJSON *args, const cJSON *as, cJSON *out) {
  int value = impl_value_of(arg_str(args, "name", ""));
  (void)as;
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddBoolToObject(out, "supported", value != -1);
  if (value != -1)
    cJSON_AddNumberToObject(out, "value", value);
}

/* ---- socket_addrinfo_*: getaddrinfo, as ext/sockets calls it (the same
 * char-based call in Winsock) ---------------------------------------------- */

static void release_list(void *p) { freeaddrinfo(p); }

/* The resolver's code by name: its own EAI_* (Winsock's are WSA codes). */
static const char *eai_name(int code) {
  static const struct {
    int code;
    const char *name;
  } names[] = {
    {EAI_AGAIN, "EAI_AGAIN"},
    {EAI_BADFLAGS, "EAI_BADFLAGS"},
    {EAI_FAIL, "EAI_FAIL"},
    {EAI_FAMILY, "EAI_FAMILY"},
    {EAI_MEMORY, "EAI_MEMORY"},
    {EAI_NONAME, "EAI_NONAME"},
    {EAI_SERVICE, "EAI_SERVICE"},
    {EAI_SOCKTYPE, "EAI_SOCKTYPE"},
#if defined(EAI_SYSTEM)
    {EAI_SYSTEM, "EAI_SYSTEM"},
#endif
#if defined(EAI_NODATA) && EAI_NODATA != EAI_NONAME
    {EAI_NODATA, "EAI_NODATA"},
#endif
#if defined(EAI_ADDRFAMILY)
    {EAI_ADDRFAMILY, "EAI_ADDRFAMILY"},
#endif
  };
  size_t i;
  for (i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].code == code)
      return names[i].name;
  return "EAI_OTHER";
}

static void op_addrinfo_lookup(const cJSON *args, const cJSON *as, cJSON *out) {
  const cJSON *h = cJSON_GetObjectItemCaseSensitive(args, "hints");
  const cJSON *sv = cJSON_GetObjectItemCaseSensitive(args, "service");
  struct addrinfo hints, *res = NULL, *ai;
  char service[32];
  const char *svc = NULL;
  int rc, n = 0;
  memset(&hints, 0, sizeof hints);
  hints.ai_flags = (int)arg_long(h, "ai_flags", 0);
  hints.ai_family = (int)arg_long(h, "ai_family", 0);
  hints.ai_socktype = (int)arg_long(h, "ai_socktype", 0);
  hints.ai_protocol = (int)arg_long(h, "ai_protocol", 0);
  if (cJSON_IsString(sv)) {
    svc = sv->valuestring;
  } else if (cJSON_IsNumber(sv)) {
    snprintf(service, sizeof service, "%ld", arg_long(args, "service", 0));
    svc = service;
  }
  rc = getaddrinfo(arg_str(args, "host", ""), svc, &hints, &res);
  if (rc != 0) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", eai_name(rc));
    cJSON_AddNumberToObject(out, "native", rc);
    cJSON_AddStringToObject(out, "message", gai_strerror(rc));
    return;
  }
  for (ai = res; ai != NULL; ai = ai->ai_next)
    n++;
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddNumberToObject(out, "count", n);
  if (!cJSON_IsString(as) || drv_keep(as->valuestring, res, release_list) != 0)
    freeaddrinfo(res); /* drv_keep released it when full */
}

/* The entry index of the named list; NULL (out set) when there is none. */
static const struct addrinfo *entry_arg(const cJSON *args, cJSON *out) {
  const struct addrinfo *ai = drv_kept(arg_str(args, "list", ""));
  long index = arg_long(args, "index", 0);
  while (ai != NULL && index-- > 0)
    ai = ai->ai_next;
  if (ai == NULL) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "NO_SUCH_NAME");
  }
  return ai;
}

static void op_addrinfo_explain(const cJSON *args, const cJSON *as,
                                cJSON *out) {
  const struct addrinfo *ai = entry_arg(args, out);
  const char *family = NULL;
  cJSON *value, *addr;
  char text[128] = "";
  int port = 0;
  (void)as;
  if (ai == NULL)
    return;
  value = cJSON_CreateObject();
  cJSON_AddNumberToObject(value, "ai_flags", ai->ai_flags);
  if (ai->ai_family == AF_INET)
    family = "AF_INET";
  else if (ai->ai_family == AF_INET6)
    family = "AF_INET6";
  if (family != NULL)
    cJSON_AddStringToObject(value, "ai_family", family);
  else
    cJSON_AddNumberToObject(value, "ai_family", ai->ai_family);
  cJSON_AddStringToObject(value, "ai_socktype", type_name(ai->ai_socktype));
  cJSON_AddNumberToObject(value, "ai_protocol", ai->ai_protocol);
  if (ai->ai_canonname != NULL)
    cJSON_AddStringToObject(value, "ai_canonname", ai->ai_canonname);
  addr = cJSON_AddObjectToObject(value, "ai_addr");
  if (ai->ai_family == AF_INET6) {
    const struct sockaddr_in6 *sin6 = (const void *)ai->ai_addr;
    inet_ntop(AF_INET6, (void *)&sin6->sin6_addr, text, sizeof text);
    port = ntohs(sin6->sin6_port);
    cJSON_AddNumberToObject(addr, "sin6_port", port);
    cJSON_AddStringToObject(addr, "sin6_addr", text);
  } else if (ai->ai_family == AF_INET) {
    const struct sockaddr_in *sin = (const void *)ai->ai_addr;
    inet_ntop(AF_INET, (void *)&sin->sin_addr, text, sizeof text);
    port = ntohs(sin->sin_port);
    cJSON_AddNumberToObject(addr, "sin_port", port);
    cJSON_AddStringToObject(addr, "sin_addr", text);
  }
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddItemToObject(out, "value", value);
}

/* ext/sockets' socket_addrinfo_bind and _connect: socket() of the entry's
 * family, type and protocol, then bind() or connect(); on failure the
 * socket is closed and the error is the call's. */
static void entry_socket(const cJSON *args, const cJSON *as, cJSON *out,
                         int connecting) {
  const struct addrinfo *ai = entry_arg(args, out);
  sock_t s;
  int rc, code;
  if (ai == NULL)
    return;
  s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
  if (s == BAD_SOCK) {
    result(out, -1);
    return;
  }
  rc = connecting ? connect(s, ai->ai_addr, (socklen_type)ai->ai_addrlen)
                  : bind(s, ai->ai_addr, (socklen_type)ai->ai_addrlen);
  if (rc != 0) {
    code = last_errno();
    close_sock(s);
    fail_with(out, code);
    return;
  }
  result(out, 0);
  named(as, s);
}

static void op_addrinfo_bind(const cJSON *args, const cJSON *as, cJSON *out) {
  entry_socket(args, as, out, 0);
}

static void op_addrinfo_connect(const cJSON *args, const cJSON *as,
                                cJSON *out) {
  entry_socket(args, as, out, 1);
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
    {"socket_writev", op_writev},
    {"socket_readv", op_readv},
    {"socket_sendmsg", op_sendmsg},
    {"socket_recvmsg", op_recvmsg},
    {"socket_select", op_select},
    {"socket_get_option", op_get_option},
    {"socket_set_option", op_set_option},
    {"socket_getsockname", op_getsockname},
    {"socket_getpeername", op_getpeername},
    {"socket_shutdown", op_shutdown},
    {"socket_set_block", op_set_block},
    {"socket_set_nonblock", op_set_nonblock},
    {"socket_close", op_close},
    {"socket_last_error", op_last_error},
    {"socket_clear_error", op_clear_error},
    {"socket_strerror", op_strerror},
    {"constant", op_constant},
    {"socket_addrinfo_lookup", op_addrinfo_lookup},
    {"socket_addrinfo_explain", op_addrinfo_explain},
    {"socket_addrinfo_bind", op_addrinfo_bind},
    {"socket_addrinfo_connect", op_addrinfo_connect},
};

const size_t impl_op_count = sizeof impl_ops / sizeof impl_ops[0];
