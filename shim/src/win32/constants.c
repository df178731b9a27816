/* SPDX-License-Identifier: MIT */
/*
 * win32/constants.c -- the constants table for Winsock: the headers that
 * define the native symbols, then the rows CMake generates from
 * shim/constants.tab (constants_table.inc).
 *
 * Winsock's headers define some constants no provider psock uses
 * implements; they are named all the same, as the page's first group wants
 * (a name is available where the system defines it), and the call says
 * what the system says: SOCK_SEQPACKET and SOCK_RDM (socket() refuses them
 * for AF_INET, AF_INET6 and AF_UNIX: WSAESOCKTNOSUPPORT), SO_SNDLOWAT and
 * SO_RCVLOWAT (the TCP/IP provider refuses them, "not supported",
 * getsockopt docs). MSG_DONTWAIT does not exist there.
 */
#include "internal.h"

#include <ws2tcpip.h>

/* The TCP keepalive options of Windows 10 1709 and later (ws2ipdef.h of
 * the Windows SDK), which older mingw-w64 headers lack: the same values. */
#ifndef TCP_KEEPIDLE
#  define TCP_KEEPIDLE 3
#endif
#ifndef TCP_KEEPCNT
#  define TCP_KEEPCNT 16
#endif
#ifndef TCP_KEEPINTVL
#  define TCP_KEEPINTVL 17
#endif

#include "constants_table.inc"
