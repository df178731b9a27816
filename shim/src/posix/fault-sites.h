/* SPDX-License-Identifier: MIT */
/*
 * posix/fault-sites.h -- the POSIX backend's injection points (fault.h):
 * every system call and allocation of posix/os.c, each with the errors its
 * manual page (Linux, POSIX) lists as real for a valid socket; 0 is an
 * allocation's NULL. EBADF, EFAULT, ENOTSOCK and EINVAL for bad arguments
 * are left out: psock's handle table and argument checks rule them out.
 */
#ifndef PSOCK_POSIX_FAULT_SITES_H
#define PSOCK_POSIX_FAULT_SITES_H

#include <errno.h>
#include <netdb.h>

#define PSOCK__SET_NATIVE_ERROR(e) (errno = (e))

#define PSOCK__BACKEND_FAULT_SITES(X)                                          \
  X(socket, "socket()", EMFILE, ENFILE, ENOBUFS, ENOMEM, EACCES, EAFNOSUPPORT) \
  X(socketpair, "socketpair()", EMFILE, ENFILE, ENOBUFS, ENOMEM, EAFNOSUPPORT) \
  X(fcntl_cloexec, "fcntl(F_SETFD, FD_CLOEXEC) of a new descriptor", EMFILE,   \
    EINVAL)                                                                    \
  X(ioctl_new_fd, "ioctl(FIONBIO) of a new descriptor", EINVAL)                \
  X(setsockopt_nosigpipe, "setsockopt(SO_NOSIGPIPE) of a new socket", ENOBUFS, \
    ENOMEM)                                                                    \
  X(setsockopt_v6only, "setsockopt(IPV6_V6ONLY, 0) of a new socket", ENOBUFS,  \
    ENOMEM)                                                                    \
  X(setsockopt_reuseaddr, "setsockopt(SO_REUSEADDR) of a listener", ENOBUFS,   \
    ENOMEM)                                                                    \
  X(close, "close()", EINTR, EIO)                                              \
  X(bind, "bind()", EADDRINUSE, EADDRNOTAVAIL, EACCES, ENOMEM, ENOBUFS)        \
  X(connect, "connect()", ECONNREFUSED, EINTR, ETIMEDOUT, ENETUNREACH,         \
    EADDRNOTAVAIL, EAGAIN, ENOBUFS)                                            \
  X(listen, "listen()", EADDRINUSE, ENOBUFS)                                   \
  X(fopen_somaxconn, "fopen(/proc/sys/net/core/somaxconn)", EMFILE, ENFILE,    \
    ENOENT, EACCES)                                                            \
  X(accept, "accept4() / accept()", EINTR, EAGAIN, ECONNABORTED, EMFILE,       \
    ENFILE, ENOBUFS, ENOMEM, EPERM, EPROTO)                                    \
  X(shutdown, "shutdown()", ENOTCONN, ENOBUFS)                                 \
  X(ioctl_nonblocking, "ioctl(FIONBIO) of set_block/set_nonblock", EINVAL)     \
  X(getsockname, "getsockname()", ENOBUFS)                                     \
  X(getpeername, "getpeername()", ENOTCONN, ENOBUFS)                           \
  X(sockatmark, "ioctl(SIOCATMARK): sockatmark()", ENOTTY, EINVAL)             \
  X(getsockopt_adopt, "getsockopt(SO_TYPE) of a descriptor to import", EBADF,  \
    ENOTSOCK)                                                                  \
  X(getsockname_adopt, "getsockname() of a socket to import", ENOBUFS)         \
  X(fcntl_getfl, "fcntl(F_GETFL) of a socket to import", EBADF)                \
  X(recv, "recv()", EINTR, EAGAIN, ECONNRESET, ETIMEDOUT, ENOMEM, ENOTCONN)    \
  X(send, "send()", EINTR, EAGAIN, EPIPE, ECONNRESET, ENOBUFS, ENOMEM,         \
    EMSGSIZE)                                                                  \
  X(recvfrom, "recvfrom()", EINTR, EAGAIN, ECONNREFUSED, ENOMEM)               \
  X(sendto, "sendto()", EINTR, EAGAIN, ENOBUFS, EMSGSIZE, ECONNREFUSED,        \
    EHOSTUNREACH, ENETUNREACH, EACCES)                                         \
  X(iov_alloc, "malloc: an iovec array beyond the stack's", 0)                 \
  X(sendmsg, "sendmsg()", EINTR, EAGAIN, EPIPE, ECONNRESET, ENOBUFS, EMSGSIZE) \
  X(recvmsg, "recvmsg()", EINTR, EAGAIN, ECONNRESET, ECONNREFUSED, ENOMEM)     \
  X(control_alloc, "malloc: a control buffer beyond the stack's", 0)           \
  X(key_create, "pthread_key_create: select's per-thread buffers", EAGAIN,     \
    ENOMEM)                                                                    \
  X(thread_buffers, "calloc: a thread's buffer record", 0)                     \
  X(setspecific, "pthread_setspecific of the thread's buffer record", ENOMEM)  \
  X(poll, "poll()", EINTR, ENOMEM)                                             \
  X(getsockopt, "getsockopt()", ENOBUFS, ENOMEM)                               \
  X(setsockopt, "setsockopt()", ENOBUFS, ENOMEM)                               \
  X(addrinfo_lookup, "getaddrinfo() of psock_addrinfo_lookup", EAI_AGAIN,      \
    EAI_FAIL, EAI_MEMORY, EAI_NONAME)                                          \
  X(addrinfo_entries, "malloc: the entries of a lookup", 0)                    \
  X(setsockopt_group, "setsockopt() of a multicast group request", EADDRINUSE, \
    EADDRNOTAVAIL, ENOBUFS, ENOMEM)                                            \
  X(getifaddrs, "getifaddrs(): IP_MULTICAST_IF's interface address", ENOMEM,   \
    EMFILE, ENOBUFS)

#endif
