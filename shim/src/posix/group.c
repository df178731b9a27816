/* SPDX-License-Identifier: MIT */
/*
 * posix/group.c -- multicast group requests: struct group_req and
 * group_source_req (RFC 3678), interfaces by name (if_nametoindex),
 * IP_MULTICAST_IF's interface by its IPv4 address (getifaddrs), and
 * Linux's AF_PACKET addresses by interface name.
 */
/* RFC 3678's structs and MCAST_* are outside POSIX: glibc shows them with
 * _DEFAULT_SOURCE; defined before any header. */
#define _DEFAULT_SOURCE
#include "internal.h"
#include "fault.h" /* PSOCK__OS & co.: the plain call unless injecting */

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>
#if defined(PSOCK__OS_LINK_ADDRESS)
#  include <netpacket/packet.h> /* struct sockaddr_ll */
#endif

int psock__os_interface_index(const char *name, unsigned *index) {
  *index = if_nametoindex(name);
  return *index == 0 ? PSOCK_EINVAL : 0;
}

int psock__os_group_request(psock__fd fd, int nlevel, int nname, unsigned index,
                            const psock__addr *group,
                            const psock__addr *source) {
  struct group_source_req gsr;
  struct group_req gr;
  const void *value;
  socklen_t len;
  if (source == NULL) {
    memset(&gr, 0, sizeof gr);
    gr.gr_interface = index;
    memcpy(&gr.gr_group, &group->ss, sizeof gr.gr_group);
    value = &gr;
    len = sizeof gr;
  } else {
    memset(&gsr, 0, sizeof gsr);
    gsr.gsr_interface = index;
    memcpy(&gsr.gsr_group, &group->ss, sizeof gsr.gsr_group);
    memcpy(&gsr.gsr_source, &source->ss, sizeof gsr.gsr_source);
    value = &gsr;
    len = sizeof gsr;
  }
  if (PSOCK__OS(setsockopt_group, -1,
                setsockopt(fd, nlevel, nname, value, len)) != 0)
    return -errno;
  return 0;
}

/* The interface of index *index and its IPv4 address, found by one or the
 * other (by_index): the first IPv4 address of that interface, or the
 * first interface holding that address. 0, or -EADDRNOTAVAIL (none),
 * -errno of getifaddrs. */
static int ipv4_interface(int by_index, int *index, struct in_addr *addr) {
  struct ifaddrs *list, *it;
  int rc = -EADDRNOTAVAIL;
  if (PSOCK__OS(getifaddrs, -1, getifaddrs(&list)) != 0)
    return -errno;
  for (it = list; it != NULL && rc != 0; it = it->ifa_next) {
    const struct sockaddr_in *sin = (const struct sockaddr_in *)it->ifa_addr;
    int i;
    if (sin == NULL || sin->sin_family != AF_INET)
      continue;
    i = (int)if_nametoindex(it->ifa_name);
    if (by_index ? i == *index : sin->sin_addr.s_addr == addr->s_addr) {
      if (by_index)
        *addr = sin->sin_addr;
      else
        *index = i;
      rc = 0;
    }
  }
  freeifaddrs(list);
  return rc;
}

/* IP_MULTICAST_IF names the interface by its address on every POSIX
 * system (Linux's struct ip_mreqn would take an index, but getsockopt
 * gives only the address back), as PHP converts it: an index goes in as
 * its interface's IPv4 address and comes back from it. 0 is INADDR_ANY. */
int psock__os_ipv4_interface_get(psock__fd fd, int nlevel, int nname,
                                 int *index) {
  struct in_addr addr;
  socklen_t len = sizeof addr;
  memset(&addr, 0, sizeof addr);
  if (PSOCK__OS(getsockopt, -1, getsockopt(fd, nlevel, nname, &addr, &len)) !=
      0)
    return -errno;
  *index = 0;
  return addr.s_addr == htonl(INADDR_ANY) ? 0 : ipv4_interface(0, index, &addr);
}

int psock__os_ipv4_interface_set(psock__fd fd, int nlevel, int nname,
                                 int index) {
  struct in_addr addr;
  int rc = 0;
  addr.s_addr = htonl(INADDR_ANY);
  if (index != 0)
    rc = ipv4_interface(1, &index, &addr);
  if (rc < 0)
    return rc;
  return PSOCK__OS(setsockopt, -1,
                   setsockopt(fd, nlevel, nname, &addr, sizeof addr)) != 0
             ? -errno
             : 0;
}

#if defined(PSOCK__OS_LINK_ADDRESS)
int psock__os_link_addr_parse(const char *name, psock__addr *out) {
  struct sockaddr_ll *sll = (struct sockaddr_ll *)&out->ss;
  unsigned index;
  if (strlen(name) >= IF_NAMESIZE)
    return PSOCK_ENAMETOOLONG;
  index = name[0] != '\0' ? if_nametoindex(name) : 0;
  if (index == 0)
    return PSOCK_EINVAL;
  /* Protocol 0: the socket keeps the one it was made with. */
  sll->sll_family = AF_PACKET;
  sll->sll_ifindex = (int)index;
  out->len = (psock__socklen)sizeof *sll;
  return 0;
}

int psock__os_link_addr_format(const psock__addr *addr, char *text, size_t size,
                               int *port) {
  const struct sockaddr_ll *sll = (const struct sockaddr_ll *)&addr->ss;
  char name[IF_NAMESIZE];
  size_t len;
  /* Index 0 (not bound) names no interface, nor does a removed one's. */
  if (if_indextoname((unsigned)sll->sll_ifindex, name) == NULL)
    name[0] = '\0';
  len = strlen(name);
  if (len >= size)
    return PSOCK_ENOBUFS;
  memcpy(text, name, len + 1);
  if (port != NULL)
    *port = sll->sll_ifindex;
  return 0;
}
#endif
