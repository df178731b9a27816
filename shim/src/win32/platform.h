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

/* A lock held across a blocking receive (the line buffer's). */
typedef SRWLOCK psock__mutex;

#endif
