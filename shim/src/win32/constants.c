/* SPDX-License-Identifier: MIT */
/*
 * win32/constants.c -- the constants table for Winsock: the headers that
 * define the native symbols, then the rows CMake generates from
 * shim/constants.tab (constants_table.inc).
 *
 * Winsock's headers define some constants no Windows provider implements;
 * the table gives those no Winsock symbol, so that psock_supports tells the
 * truth: SOCK_SEQPACKET and SOCK_RDM (no provider for the families psock
 * has), SO_SNDLOWAT/SO_RCVLOWAT ("not supported by the Windows TCP/IP
 * provider", getsockopt docs). MSG_DONTWAIT does not exist there.
 */
#include "internal.h"

#include <ws2tcpip.h>

#include "constants_table.inc"
