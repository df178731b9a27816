/* SPDX-License-Identifier: MIT */
/*
 * win32/fault-sites.h -- the Winsock backend's injection points (fault.h):
 * every Winsock call and allocation of win32/os.c, each with the WSA errors
 * its documentation lists as real for a valid socket; 0 is an allocation's
 * NULL. Sites doing the same job as the POSIX backend's have its names
 * (key_create is FlsAlloc here), so the two tables line up.
 * WSAEMSGSIZE is left out of the receives: Winsock reports it with the
 * buffer filled, which an injected failure cannot do; WSAEINVAL out of
 * getsockname: it means "not bound", which the backend answers itself
 * (unbound_name), and a bound socket cannot get it.
 */
#ifndef PSOCK_WIN32_FAULT_SITES_H
#define PSOCK_WIN32_FAULT_SITES_H

#include <winsock2.h>
#include <ws2tcpip.h>

#define PSOCK__SET_NATIVE_ERROR(e) WSASetLastError(e)

#define PSOCK__BACKEND_FAULT_SITES(X)                                          \
  X(wsastartup, "WSAStartup", WSASYSNOTREADY, WSAEPROCLIM)                     \
  X(socket, "WSASocketW", WSAEMFILE, WSAENOBUFS, WSAEAFNOSUPPORT, WSAEINVAL)   \
  X(socketpair, "the AF_UNIX pair's emulation (listener, connect, accept)",    \
    WSAEAFNOSUPPORT, WSAEMFILE, WSAENOBUFS)                                    \
  X(setsockopt_v6only, "setsockopt(IPV6_V6ONLY, 0) of a new socket",           \
    WSAENOBUFS, WSAENETDOWN)                                                   \
  X(ioctl_new_fd, "ioctlsocket(FIONBIO) of a new socket", WSAENETDOWN)         \
  X(setsockopt_exclusive, "setsockopt(SO_EXCLUSIVEADDRUSE)", WSAENOBUFS,       \
    WSAENETDOWN)                                                               \
  X(close, "closesocket", WSAEINTR, WSAENETDOWN)                               \
  X(bind, "bind", WSAEADDRINUSE, WSAEADDRNOTAVAIL, WSAEACCES, WSAENOBUFS)      \
  X(connect, "connect", WSAECONNREFUSED, WSAEINTR, WSAETIMEDOUT,               \
    WSAENETUNREACH, WSAEADDRNOTAVAIL, WSAENOBUFS)                              \
  X(listen, "listen", WSAEADDRINUSE, WSAEMFILE, WSAENOBUFS)                    \
  X(accept, "accept", WSAEINTR, WSAEWOULDBLOCK, WSAECONNRESET, WSAEMFILE,      \
    WSAENOBUFS)                                                                \
  X(shutdown, "shutdown", WSAENOTCONN, WSAENETDOWN)                            \
  X(ioctl_nonblocking, "ioctlsocket(FIONBIO) of set_block/set_nonblock",       \
    WSAENETDOWN, WSAEINPROGRESS)                                               \
  X(getsockname, "getsockname", WSAENETDOWN)                                   \
  X(protocol_info, "getsockopt(SO_PROTOCOL_INFOW) of an unbound socket",       \
    WSAENETDOWN)                                                               \
  X(getpeername, "getpeername", WSAENOTCONN, WSAENETDOWN)                      \
  X(ioctl_atmark, "ioctlsocket(SIOCATMARK)", WSAENETDOWN, WSAEINPROGRESS)      \
  X(wsa_duplicate, "WSADuplicateSocketW", WSAEINVAL, WSAENOBUFS, WSAENETDOWN)  \
  X(wsa_mapping, "CreateFileMappingW: a wsaprotocol_info export", 0)           \
  X(wsa_mapping_open, "OpenFileMappingW: a wsaprotocol_info import",           \
    WSAEINVAL)                                                                 \
  X(wsa_view, "MapViewOfFile of a wsaprotocol_info mapping", 0)                \
  X(getsockopt_adopt, "getsockopt(SO_PROTOCOL_INFOW) of a socket to import",   \
    WSAENOTSOCK, WSAENETDOWN)                                                  \
  X(recv, "recv", WSAEINTR, WSAEWOULDBLOCK, WSAECONNRESET, WSAECONNABORTED,    \
    WSAETIMEDOUT, WSAENETRESET)                                                \
  X(send, "send", WSAEINTR, WSAEWOULDBLOCK, WSAECONNRESET, WSAECONNABORTED,    \
    WSAENOBUFS, WSAESHUTDOWN)                                                  \
  X(recvfrom, "recvfrom", WSAEINTR, WSAEWOULDBLOCK, WSAECONNRESET,             \
    WSAETIMEDOUT)                                                              \
  X(sendto, "sendto", WSAEINTR, WSAEWOULDBLOCK, WSAENOBUFS, WSAEMSGSIZE,       \
    WSAEHOSTUNREACH, WSAENETUNREACH, WSAEACCES)                                \
  X(iov_alloc, "malloc: a WSABUF array beyond the stack's", 0)                 \
  X(sendmsg, "WSASend / WSASendTo", WSAEINTR, WSAEWOULDBLOCK, WSAECONNRESET,   \
    WSAENOBUFS, WSAEMSGSIZE)                                                   \
  X(recvmsg, "WSARecv / WSARecvFrom", WSAEINTR, WSAEWOULDBLOCK, WSAECONNRESET, \
    WSAETIMEDOUT)                                                              \
  X(key_create, "FlsAlloc: select's per-thread buffers",                       \
    WSA_NOT_ENOUGH_MEMORY)                                                     \
  X(thread_buffers, "calloc: a thread's buffer record", 0)                     \
  X(setspecific, "FlsSetValue of the thread's buffer record",                  \
    WSA_NOT_ENOUGH_MEMORY)                                                     \
  X(poll, "select", WSAEINTR, WSAENOBUFS, WSAENETDOWN)                         \
  X(getsockopt, "getsockopt", WSAENETDOWN, WSAENOBUFS)                         \
  X(setsockopt, "setsockopt", WSAENETDOWN, WSAENOBUFS)                         \
  X(addrinfo_lookup, "GetAddrInfoW of psock_addrinfo_lookup", WSATRY_AGAIN,    \
    WSANO_RECOVERY, WSA_NOT_ENOUGH_MEMORY, WSAHOST_NOT_FOUND)                  \
  X(addrinfo_entries, "malloc: the entries of a lookup", 0)                    \
  X(addrinfo_wide, "malloc: a lookup's host and service in UTF-16", 0)         \
  X(setsockopt_group, "setsockopt of a multicast group request",               \
    WSAEADDRNOTAVAIL, WSAENOBUFS, WSAENETDOWN)

#endif
