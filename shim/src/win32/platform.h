/* SPDX-License-Identifier: MIT */
/* win32/platform.h -- native types for the Winsock 2 backend. */
#ifndef PSOCK_PLATFORM_H
#define PSOCK_PLATFORM_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <afunix.h> /* AF_UNIX sockets: Windows 10 1803 and later */

typedef SOCKET psock__fd;
typedef int psock__socklen;
#define PSOCK__FD_INVALID INVALID_SOCKET

typedef SOCKADDR_UN psock__sockaddr_un;

/* select's entries; os.c turns them into sized fd_sets. */
enum {
  PSOCK__POLLIN = 1,
  PSOCK__POLLOUT = 2,
  PSOCK__POLLPRI = 4,
  PSOCK__POLLERR = 8,
  PSOCK__POLLHUP = 16,
  PSOCK__POLLNVAL = 32
};
typedef struct psock__pollent {
  SOCKET fd;
  int events;
  int revents;
} psock__pollent;

/* A lock held across a blocking receive (the line buffer's). */
typedef SRWLOCK psock__mutex;

#endif
