/* SPDX-License-Identifier: MIT */
/*
 * fault.h -- fault injection: every OS call and allocation of the shim is an
 * injection point that a test can tell "your Nth call fails with error E".
 *
 * In an ordinary build (PSOCK_FAULT_INJECTION undefined, the default) each
 * macro below is the plain call: no counter, no branch, no code. In a fault
 * build (CMake: PSOCK_FAULT_INJECTION=ON, which builds the extra static
 * library psock_fault beside psock) each call first asks fault.c whether it
 * is the armed one; if so it does not happen (or, for close, happens and
 * still reports the error, as Linux releases the descriptor anyway), and
 * the call site sees the failure the system would give: the native error
 * set where the call sets it (errno, WSAGetLastError), NULL for an
 * allocation, the code returned for calls that return one.
 *
 * The sites are data: PSOCK__SHARED_FAULT_SITES below (allocations and the
 * one library call of shared code) and the backend's PSOCK__BACKEND_FAULT_SITES
 * (fault-sites.h in shim/src/posix/ or shim/src/win32/), each with the
 * native errors the call can really return on that platform; 0 stands for
 * an allocation's NULL. The torture runner (shim/test/torture.c) reads them
 * through the control functions at the end of this file.
 */
#ifndef PSOCK_FAULT_H
#define PSOCK_FAULT_H

#include "fault-sites.h" /* the backend's: sites, PSOCK__SET_NATIVE_ERROR */

/* Shared code's own sites. getaddrinfo (numeric only, for scope ids) is the
 * same call in POSIX and Winsock, and so are its EAI_* codes. */
#define PSOCK__SHARED_FAULT_SITES(X)                                           \
  X(handle_chunk, "calloc: a chunk of the handle table", 0)                    \
  X(line_buffer, "malloc: a socket's NORMAL_READ line buffer", 0)              \
  X(select_buffer, "realloc: select's entries beyond the stack's", 0)          \
  X(getaddrinfo, "getaddrinfo: a scoped IPv6 literal", EAI_MEMORY)             \
  X(addrinfo_list, "malloc: psock_addrinfo_lookup's list", 0)

#define PSOCK__FAULT_SITES(X)                                                  \
  PSOCK__SHARED_FAULT_SITES(X) PSOCK__BACKEND_FAULT_SITES(X)

enum psock__fault_site {
#define PSOCK__FAULT_SITE_ENUM(name, what, ...) PSOCK__SITE_##name,
  PSOCK__FAULT_SITES(PSOCK__FAULT_SITE_ENUM)
#undef PSOCK__FAULT_SITE_ENUM
      PSOCK__SITE_COUNT
};

#if defined(PSOCK_FAULT_INJECTION)
/* Counts a call of site; 1 when it is the armed call, which must fail with
 * psock__fault_native(). */
int psock__fault_fires(int site);
int psock__fault_native(void);
/* A call that reports failure as `failure` with the native error set. */
#  define PSOCK__OS(site, failure, call)                                       \
    (psock__fault_fires(PSOCK__SITE_##site)                                    \
         ? (PSOCK__SET_NATIVE_ERROR(psock__fault_native()), (failure))         \
         : (call))
/* A call that returns its error code (pthread_*, getaddrinfo). */
#  define PSOCK__OS_CODE(site, call)                                           \
    (psock__fault_fires(PSOCK__SITE_##site) ? psock__fault_native() : (call))
/* A call whose effect happens even when it reports failure (close). */
#  define PSOCK__OS_AFTER(site, failure, call)                                 \
    (((call) == (failure) ||                                                   \
      (psock__fault_fires(PSOCK__SITE_##site) &&                               \
       (PSOCK__SET_NATIVE_ERROR(psock__fault_native()), 1)))                   \
         ? (failure)                                                           \
         : 0)
/* An allocation. */
#  define PSOCK__ALLOC(site, call)                                             \
    (psock__fault_fires(PSOCK__SITE_##site) ? NULL : (call))
#else
#  define PSOCK__OS(site, failure, call) (call)
#  define PSOCK__OS_CODE(site, call) (call)
#  define PSOCK__OS_AFTER(site, failure, call)                                 \
    ((call) == (failure) ? (failure) : 0)
#  define PSOCK__ALLOC(site, call) (call)
#endif

/* ---- control, for the torture runner (fault builds only) --------------- */
#if defined(PSOCK_FAULT_INJECTION)
/* Forget counts and the armed fault. */
void psock__fault_reset(void);
/* The nth call (1-based, counted from the last reset) of site fails with
 * native error `native` (0 for an allocation). Once. */
void psock__fault_arm(int site, long nth, int native);
/* Calls of site since the last reset. */
long psock__fault_count(int site);
/* 1 once the armed fault has fired. */
int psock__fault_fired(void);
const char *psock__fault_site_name(int site);
const char *psock__fault_site_what(int site);
/* The site's plausible errors (0: NULL from an allocation) and their names. */
int psock__fault_site_error_count(int site);
int psock__fault_site_error(int site, int i);
/* Writes the i-th error's name into buf ("EINTR", "NULL"). */
void psock__fault_site_error_name(int site, int i, char *buf, size_t size);
/* A site by name, or -1. */
int psock__fault_site_by_name(const char *name);
/* Reads PSOCK_FAULT="site:nth:index-of-error" (arms) and, with
 * PSOCK_FAULT_COUNTS=path, writes "site count" lines there at exit: the
 * same control for a program run whole (the load test). Called by the
 * first injectable call; idempotent. */
void psock__fault_from_environment(void);
#endif

#endif /* PSOCK_FAULT_H */
