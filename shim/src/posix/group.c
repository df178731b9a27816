/* SPDX-License-Identifier: MIT */
/*
 * posix/group.c -- multicast group requests: struct group_req and
 * group_source_req (RFC 3678), and interfaces by name (if_nametoindex).
 */
/* RFC 3678's structs and MCAST_* are outside POSIX: glibc shows them with
 * _DEFAULT_SOURCE; defined before any header. */
#define _DEFAULT_SOURCE
#include "internal.h"
#include "fault.h" /* PSOCK__OS & co.: the plain call unless injecting */

#include <errno.h>
#include <net/if.h>
#include <string.h>

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
