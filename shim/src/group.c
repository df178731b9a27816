/* SPDX-License-Identifier: MIT */
/*
 * group.c -- the multicast group requests of psock_set_option (MCAST_*):
 * PHP's array ({group, interface[, source]}) as psock_group_request_t, the
 * addresses parsed and the interface found here, the system's struct made
 * by the backend (psock__os_group_request).
 */
#include "internal.h"

int psock__group_option(int level, int option, int *nlevel, int *nname,
                        int *with_source) {
  if ((level != PSOCK_IPPROTO_IP && level != PSOCK_IPPROTO_IPV6) ||
      psock_constant_name(PSOCK_KIND_MCAST_OPTION, option) == NULL)
    return 0;
  *nlevel = psock__native_constant(PSOCK_KIND_LEVEL, level);
  *nname = psock__native_constant(PSOCK_KIND_MCAST_OPTION, option);
  if (*nlevel == -1 || *nname == -1)
    return PSOCK_ENOPROTOOPT;
  *with_source =
      option != PSOCK_MCAST_JOIN_GROUP && option != PSOCK_MCAST_LEAVE_GROUP;
  return 1;
}

/* A numeric IPv4 or IPv6 address (port 0); 0 or PSOCK_EINVAL. */
static int parse_any(const char *text, psock__addr *out) {
  if (text == NULL)
    return PSOCK_EINVAL;
  if (psock__addr_parse(PSOCK_AF_INET, text, 0, out) == 0)
    return 0;
  return psock__addr_parse(PSOCK_AF_INET6, text, 0, out) == 0 ? 0
                                                              : PSOCK_EINVAL;
}

int psock__set_group_request(psock__sock *sock, int nlevel, int nname,
                             int with_source, const void *value, size_t size) {
  const psock_group_request_t *req = value;
  psock__addr group, source;
  unsigned index;
  int rc;
  if (req == NULL || size != sizeof *req)
    return psock__fail_code(sock, PSOCK_EINVAL);
  /* A group request is an IP socket's (PHP 8.5 refuses one on any other
   * family with a ValueError, which is EINVAL here), before the system
   * answers something of its own (Linux: EOPNOTSUPP for AF_UNIX). */
  if (sock->domain != PSOCK_AF_INET && sock->domain != PSOCK_AF_INET6)
    return psock__fail_code(sock, PSOCK_EINVAL);
  rc = parse_any(req->group, &group);
  if (rc == 0 && with_source) {
    rc = parse_any(req->source, &source);
    if (rc == 0 && source.ss.ss_family != group.ss.ss_family)
      rc = PSOCK_EINVAL;
  }
  index = req->interface;
  if (rc == 0 && req->interface_name != NULL)
    rc = psock__os_interface_index(req->interface_name, &index);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  rc = psock__os_group_request(sock->fd, nlevel, nname, index, &group,
                               with_source ? &source : NULL);
  return rc < 0 ? psock__fail_native(sock, -rc) : 0;
}

int psock_interface_index(const char *name, unsigned *index) {
  int rc;
  if (name == NULL || index == NULL)
    return psock__fail_code(NULL, PSOCK_EINVAL);
  rc = psock__os_interface_index(name, index);
  return rc < 0 ? psock__fail_code(NULL, rc) : 0;
}
