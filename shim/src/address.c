/* SPDX-License-Identifier: MIT */
/*
 * address.c -- PHP's (address, port) pairs <-> native socket addresses.
 *
 * Numeric literals only: psock never resolves names, so bind and connect
 * never block on DNS (PHP falls back to gethostbyname; callers who want
 * that resolve first).
 */
#include "internal.h"
#include "fault.h"

#include <stdio.h>
#include <string.h>

static int parse_inet(const char *address, int port, psock__addr *out) {
  struct sockaddr_in *sin = (struct sockaddr_in *)&out->ss;
  sin->sin_family = AF_INET;
  sin->sin_port = htons((unsigned short)port);
  if (inet_pton(AF_INET, address, &sin->sin_addr) != 1)
    return PSOCK_EINVAL;
  out->len = (psock__socklen)sizeof *sin;
  return 0;
}

/* An IPv6 literal with a scope id ("fe80::1%1", "fe80::1%lo") into sin6's
 * address and scope, without any name lookup (AI_NUMERICHOST): inet_pton
 * knows no scope ids. getaddrinfo is the same call in POSIX and Winsock,
 * as inet_pton is. 0, PSOCK_EINVAL for a malformed literal, or
 * PSOCK_ENOMEM when getaddrinfo had no memory: a valid address must not be
 * called malformed. */
static int parse_scoped_inet6(const char *address, struct sockaddr_in6 *sin6) {
  struct addrinfo hints, *res = NULL;
  int ok, rc;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET6;
  hints.ai_flags = AI_NUMERICHOST; /* never a DNS query */
  rc = PSOCK__OS_CODE(getaddrinfo, getaddrinfo(address, NULL, &hints, &res));
  if (rc == EAI_MEMORY)
    return PSOCK_ENOMEM;
  if (rc != 0 || res == NULL)
    return PSOCK_EINVAL;
  ok = res->ai_family == AF_INET6 && res->ai_addrlen >= sizeof *sin6;
  if (ok) {
    const struct sockaddr_in6 *got = (const struct sockaddr_in6 *)res->ai_addr;
    sin6->sin6_addr = got->sin6_addr;
    sin6->sin6_scope_id = got->sin6_scope_id;
  }
  freeaddrinfo(res);
  return ok ? 0 : PSOCK_EINVAL;
}

static int parse_inet6(const char *address, int port, psock__addr *out) {
  struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&out->ss;
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons((unsigned short)port);
  if (inet_pton(AF_INET6, address, &sin6->sin6_addr) != 1) {
    int rc;
    if (strchr(address, '%') == NULL)
      return PSOCK_EINVAL;
    rc = parse_scoped_inet6(address, sin6);
    if (rc < 0)
      return rc;
  }
  out->len = (psock__socklen)sizeof *sin6;
  return 0;
}

static int parse_unix(const char *path, psock__addr *out) {
  psock__sockaddr_un *sun = (psock__sockaddr_un *)&out->ss;
  size_t len = strlen(path);
  if (len == 0)
    return PSOCK_EINVAL;
  /* sun_path must hold the path and its NUL (Linux 108, macOS 104). */
  if (len >= sizeof sun->sun_path)
    return PSOCK_ENAMETOOLONG;
  sun->sun_family = AF_UNIX;
  memcpy(sun->sun_path, path, len + 1);
  out->len = (psock__socklen)(offsetof(psock__sockaddr_un, sun_path) + len + 1);
  return 0;
}

int psock__addr_parse(int domain, const char *address, int port,
                      psock__addr *out) {
  memset(out, 0, sizeof *out);
  if (address == NULL)
    return PSOCK_EINVAL;
  if (domain == PSOCK_AF_UNIX)
    return parse_unix(address, out);
#if defined(PSOCK__OS_LINK_ADDRESS)
  if (domain == PSOCK_AF_PACKET) /* an interface's name; port ignored */
    return psock__os_link_addr_parse(address, out);
#endif
  if (port < 0 || port > 65535)
    return PSOCK_EINVAL;
  if (domain == PSOCK_AF_INET)
    return parse_inet(address, port, out);
  if (domain == PSOCK_AF_INET6)
    return parse_inet6(address, port, out);
  return PSOCK_EAFNOSUPPORT;
}

static int copy_out(const char *text, char *address, size_t size) {
  size_t len = strlen(text);
  if (len >= size)
    return PSOCK_ENOBUFS;
  memcpy(address, text, len + 1);
  return 0;
}

int psock__addr_format(const psock__addr *addr, char *address, size_t size,
                       int *port) {
  char text[PSOCK_ADDRSTRLEN];
  int family = addr->ss.ss_family;
  int p = 0;
#if defined(PSOCK__OS_LINK_ADDRESS)
  if (family == PSOCK__OS_LINK_FAMILY)
    return psock__os_link_addr_format(addr, address, size, port);
#endif

  text[0] = '\0';
  if (family == AF_INET) {
    const struct sockaddr_in *sin = (const struct sockaddr_in *)&addr->ss;
    inet_ntop(AF_INET, (void *)&sin->sin_addr, text, sizeof text);
    p = ntohs(sin->sin_port);
  } else if (family == AF_INET6) {
    const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&addr->ss;
    inet_ntop(AF_INET6, (void *)&sin6->sin6_addr, text, sizeof text);
    if (sin6->sin6_scope_id != 0) {
      /* The scope in its numeric form, which every system parses back. */
      size_t len = strlen(text);
      snprintf(text + len, sizeof text - len, "%%%lu",
               (unsigned long)sin6->sin6_scope_id);
    }
    p = ntohs(sin6->sin6_port);
  } else if (family == AF_UNIX) {
    /* An unnamed socket has a length that stops before sun_path; a named
     * one's path may or may not carry its NUL within the length. */
    const psock__sockaddr_un *sun = (const psock__sockaddr_un *)&addr->ss;
    size_t off = offsetof(psock__sockaddr_un, sun_path);
    size_t n = (size_t)addr->len > off ? (size_t)addr->len - off : 0;
    if (n > sizeof sun->sun_path)
      n = sizeof sun->sun_path;
    if (n > 0 && sun->sun_path[0] != '\0') {
      size_t len = strnlen(sun->sun_path, n);
      memcpy(text, sun->sun_path, len);
      text[len] = '\0';
    }
  }
  if (port != NULL)
    *port = p;
  return copy_out(text, address, size);
}
