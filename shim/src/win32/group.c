/* SPDX-License-Identifier: MIT */
/*
 * win32/group.c -- multicast group requests: GROUP_REQ and
 * GROUP_SOURCE_REQ (ws2ipdef.h, Vista on), and interfaces by name
 * (if_nametoindex, iphlpapi).
 */
#include "internal.h"
#include "fault.h" /* PSOCK__OS & co.: the plain call unless injecting */

#include <netioapi.h>
#include <string.h>

int psock__os_interface_index(const char *name, unsigned *index) {
  *index = (unsigned)if_nametoindex(name);
  return *index == 0 ? PSOCK_EINVAL : 0;
}

int psock__os_group_request(psock__fd fd, int nlevel, int nname, unsigned index,
                            const psock__addr *group,
                            const psock__addr *source) {
  GROUP_SOURCE_REQ gsr;
  GROUP_REQ gr;
  const char *value;
  int len;
  if (source == NULL) {
    memset(&gr, 0, sizeof gr);
    gr.gr_interface = index;
    memcpy(&gr.gr_group, &group->ss, sizeof gr.gr_group);
    value = (const char *)&gr;
    len = (int)sizeof gr;
  } else {
    memset(&gsr, 0, sizeof gsr);
    gsr.gsr_interface = index;
    memcpy(&gsr.gsr_group, &group->ss, sizeof gsr.gsr_group);
    memcpy(&gsr.gsr_source, &source->ss, sizeof gsr.gsr_source);
    value = (const char *)&gsr;
    len = (int)sizeof gsr;
  }
  if (PSOCK__OS(setsockopt_group, SOCKET_ERROR,
                setsockopt(fd, nlevel, nname, value, len)) != 0)
    return -WSAGetLastError();
  return 0;
}
