/* SPDX-License-Identifier: MIT */
/* posix/platform.h -- native types for the POSIX backend (Linux, macOS, BSD).
 */
#ifndef PSOCK_PLATFORM_H
#define PSOCK_PLATFORM_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h> /* getaddrinfo, for scope ids */
#include <poll.h>
#include <pthread.h>

typedef int psock__fd;
typedef socklen_t psock__socklen;
#define PSOCK__FD_INVALID (-1)

/* select's entries are poll's own: no conversion on the way in or out. */
typedef struct pollfd psock__pollent;
#define PSOCK__POLLIN POLLIN
#define PSOCK__POLLOUT POLLOUT
#define PSOCK__POLLPRI POLLPRI
#define PSOCK__POLLERR POLLERR
#define PSOCK__POLLHUP POLLHUP
#define PSOCK__POLLNVAL POLLNVAL

/* A lock held across a blocking receive (the line buffer's). */
typedef pthread_mutex_t psock__mutex;

/* Linux's link-layer sockets (AF_PACKET) are named by interface: their
 * addresses are struct sockaddr_ll (posix/group.c converts). */
#if defined(__linux__) && defined(AF_PACKET)
#  define PSOCK__OS_LINK_ADDRESS 1
#  define PSOCK__OS_LINK_FAMILY AF_PACKET
#endif

/* IP_MULTICAST_IF takes the interface's IPv4 address here: the backend
 * converts psock's interface index (posix/group.c). */
#define PSOCK__OS_IPV4_INTERFACE 1

/* AF_UNIX addresses are always available on POSIX. */
typedef struct sockaddr_un psock__sockaddr_un;

#endif
