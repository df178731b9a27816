/* SPDX-License-Identifier: MIT */
/*
 * posix/constants.c -- the constants table for POSIX systems: the headers
 * that define the native symbols, then the rows CMake generates from
 * shim/constants.tab (constants_table.inc). A symbol these headers do not
 * define makes its constant unavailable here.
 */
#define _GNU_SOURCE /* SCM_CREDENTIALS, AI_IDN, MSG_CMSG_CLOEXEC (glibc) */
#include "internal.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <sys/socket.h>

/* Linux has UDP-Lite's checksum coverage options, and glibc's <netinet/udp.h>
 * does not name them (<linux/udp.h> does, and clashes with it): the
 * kernel's values (include/uapi/linux/udp.h), as PHP defines them too. */
#if defined(__linux__) && defined(IPPROTO_UDPLITE)
#  if !defined(UDPLITE_SEND_CSCOV)
#    define UDPLITE_SEND_CSCOV 10
#  endif
#  if !defined(UDPLITE_RECV_CSCOV)
#    define UDPLITE_RECV_CSCOV 11
#  endif
#endif

/* UDP_SEGMENT (Linux 4.18): where the C library's <netinet/udp.h> lacks
 * it, the kernel's value (include/uapi/linux/udp.h). */
#if defined(__linux__) && !defined(UDP_SEGMENT)
#  define UDP_SEGMENT 103
#endif

/* MSG_EOF: the BSDs' flag (the data is the last; the sending side closes
 * after it). Where the system has none (Linux), psock emulates it, so its
 * native value is 0 -- no flag reaches the system -- and the send calls
 * shut the sending side down after the data (io.c, send_eof). */
#if defined(MSG_EOF)
#  define PSOCK__OS_MSG_EOF MSG_EOF
#else
#  define PSOCK__OS_MSG_EOF 0
#endif

#include "constants_table.inc"
