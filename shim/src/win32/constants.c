/* SPDX-License-Identifier: MIT */
/*
 * win32/constants.c -- Winsock values of the portable constants.
 *
 * Winsock's headers define some constants no Windows provider implements;
 * those report -1 (unsupported) so that psock_supports tells the truth:
 * SOCK_SEQPACKET and SOCK_RDM (no provider for the families psock has),
 * MSG_DONTWAIT (absent), SO_SNDLOWAT/SO_RCVLOWAT ("not supported by the
 * Windows TCP/IP provider", getsockopt docs).
 */
#include "internal.h"

int psock__native_constant(int kind, int value) {
  switch (kind) {
  case PSOCK_KIND_DOMAIN:
    switch (value) {
    case PSOCK_AF_UNIX:
      return AF_UNIX;
    case PSOCK_AF_INET:
      return AF_INET;
    case PSOCK_AF_INET6:
      return AF_INET6;
    }
    break;
  case PSOCK_KIND_TYPE:
    switch (value) {
    case PSOCK_SOCK_STREAM:
      return SOCK_STREAM;
    case PSOCK_SOCK_DGRAM:
      return SOCK_DGRAM;
    case PSOCK_SOCK_RAW:
      return SOCK_RAW;
    }
    break;
  case PSOCK_KIND_MSG:
    switch (value) {
    case PSOCK_MSG_OOB:
      return MSG_OOB;
    case PSOCK_MSG_PEEK:
      return MSG_PEEK;
    case PSOCK_MSG_WAITALL:
      return MSG_WAITALL;
    }
    break;
  case PSOCK_KIND_LEVEL:
    switch (value) {
    case PSOCK_SOL_SOCKET:
      return SOL_SOCKET;
    case PSOCK_SOL_TCP:
      return IPPROTO_TCP;
    case PSOCK_SOL_UDP:
      return IPPROTO_UDP;
    case PSOCK_IPPROTO_IP:
      return IPPROTO_IP;
    case PSOCK_IPPROTO_IPV6:
      return IPPROTO_IPV6;
    }
    break;
  case PSOCK_KIND_SOCKET_OPTION:
    switch (value) {
    case PSOCK_SO_DEBUG:
      return SO_DEBUG;
    case PSOCK_SO_REUSEADDR:
      return SO_REUSEADDR;
    case PSOCK_SO_KEEPALIVE:
      return SO_KEEPALIVE;
    case PSOCK_SO_DONTROUTE:
      return SO_DONTROUTE;
    case PSOCK_SO_LINGER:
      return SO_LINGER;
    case PSOCK_SO_BROADCAST:
      return SO_BROADCAST;
    case PSOCK_SO_OOBINLINE:
      return SO_OOBINLINE;
    case PSOCK_SO_SNDBUF:
      return SO_SNDBUF;
    case PSOCK_SO_RCVBUF:
      return SO_RCVBUF;
    case PSOCK_SO_SNDTIMEO:
      return SO_SNDTIMEO;
    case PSOCK_SO_RCVTIMEO:
      return SO_RCVTIMEO;
    case PSOCK_SO_TYPE:
      return SO_TYPE;
    case PSOCK_SO_ERROR:
      return SO_ERROR;
    }
    break;
  case PSOCK_KIND_MCAST_OPTION:
    switch (value) {
#ifdef MCAST_JOIN_GROUP
    case PSOCK_MCAST_JOIN_GROUP:
      return MCAST_JOIN_GROUP;
    case PSOCK_MCAST_LEAVE_GROUP:
      return MCAST_LEAVE_GROUP;
    case PSOCK_MCAST_BLOCK_SOURCE:
      return MCAST_BLOCK_SOURCE;
    case PSOCK_MCAST_UNBLOCK_SOURCE:
      return MCAST_UNBLOCK_SOURCE;
    case PSOCK_MCAST_JOIN_SOURCE_GROUP:
      return MCAST_JOIN_SOURCE_GROUP;
    case PSOCK_MCAST_LEAVE_SOURCE_GROUP:
      return MCAST_LEAVE_SOURCE_GROUP;
#endif
    }
    break;
  case PSOCK_KIND_ADDRINFO:
    switch (value) {
    case PSOCK_AI_PASSIVE:
      return AI_PASSIVE;
    case PSOCK_AI_CANONNAME:
      return AI_CANONNAME;
    case PSOCK_AI_NUMERICHOST:
      return AI_NUMERICHOST;
#ifdef AI_NUMERICSERV
    case PSOCK_AI_NUMERICSERV:
      return AI_NUMERICSERV;
#endif
#ifdef AI_V4MAPPED
    case PSOCK_AI_V4MAPPED:
      return AI_V4MAPPED;
#endif
#ifdef AI_ALL
    case PSOCK_AI_ALL:
      return AI_ALL;
#endif
#ifdef AI_ADDRCONFIG
    case PSOCK_AI_ADDRCONFIG:
      return AI_ADDRCONFIG;
#endif
    }
    break;
  case PSOCK_KIND_TCP_OPTION:
    switch (value) {
    case PSOCK_TCP_NODELAY:
      return TCP_NODELAY;
    }
    break;
  }
  return -1;
}
