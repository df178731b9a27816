/* SPDX-License-Identifier: MIT */
/*
 * win32/os.c -- the system calls of the Winsock 2 backend.
 *
 * Every function returns >= 0 or -WSAGetLastError(). Differences from POSIX
 * that only the call site can see are normalized here (each with its
 * reason); context-dependent error meanings are in errors.c.
 */
#include "internal.h"
#include "fault.h" /* PSOCK__OS & co.: the plain call unless injecting */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Documented as -(b) (listen docs); mingw-w64's headers lack it. */
#ifndef SOMAXCONN_HINT
#  define SOMAXCONN_HINT(b) (-(b))
#endif

#ifndef WSA_FLAG_NO_HANDLE_INHERIT
#  define WSA_FLAG_NO_HANDLE_INHERIT 0x80
#endif

static int last_error(void) { return -WSAGetLastError(); }

/* Winsock takes int lengths. */
static int clamp_len(size_t len) { return len > INT_MAX ? INT_MAX : (int)len; }

/* ---- start-up, the lock ------------------------------------------------- */

static SRWLOCK init_lock = SRWLOCK_INIT;
static LONG winsock_started;
static SRWLOCK table_lock = SRWLOCK_INIT;

static void cleanup_at_exit(void) { WSACleanup(); }

/* Not InitOnce: a WSAStartup that failed (WSASYSNOTREADY, WSAEPROCLIM) is
 * tried again by the next call instead of failing every call for the rest
 * of the process. */
int psock__os_init(void) {
  int rc = 0;
  if (InterlockedCompareExchange(&winsock_started, 0, 0))
    return 0;
  AcquireSRWLockExclusive(&init_lock);
  if (!winsock_started) {
    WSADATA data;
    rc = PSOCK__OS_CODE(wsastartup, WSAStartup(MAKEWORD(2, 2), &data));
    if (rc == 0) {
      atexit(cleanup_at_exit);
      InterlockedExchange(&winsock_started, 1);
    }
  }
  ReleaseSRWLockExclusive(&init_lock);
  return rc != 0 ? -rc : 0;
}

void psock__os_lock(void) { AcquireSRWLockExclusive(&table_lock); }
void psock__os_unlock(void) { ReleaseSRWLockExclusive(&table_lock); }

void psock__os_mutex_init(psock__mutex *m) { InitializeSRWLock(m); }
void psock__os_mutex_lock(psock__mutex *m) { AcquireSRWLockExclusive(m); }
void psock__os_mutex_unlock(psock__mutex *m) { ReleaseSRWLockExclusive(m); }
void psock__os_yield(void) { SwitchToThread(); }

/* ---- descriptors -------------------------------------------------------- */

/* Not inherited by child processes: POSIX's close-on-exec. Systems before
 * Windows 7 SP1 reject WSA_FLAG_NO_HANDLE_INHERIT; clear the flag then. */
static int new_socket(int af, int type, int protocol, SOCKET *out) {
  SOCKET s =
      PSOCK__OS(socket, INVALID_SOCKET,
                WSASocketW(af, type, protocol, NULL, 0,
                           WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT));
  if (s == INVALID_SOCKET && WSAGetLastError() == WSAEINVAL) {
    s = PSOCK__OS(socket, INVALID_SOCKET,
                  WSASocketW(af, type, protocol, NULL, 0, WSA_FLAG_OVERLAPPED));
    if (s != INVALID_SOCKET)
      SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0);
  }
  if (s == INVALID_SOCKET)
    return last_error();
  *out = s;
  return 0;
}

int psock__os_socket(int ndomain, int ntype, int protocol, int nonblocking,
                     psock__fd *out) {
  SOCKET s = INVALID_SOCKET;
  int rc = new_socket(ndomain, ntype, protocol, &s);
  if (rc < 0)
    return rc;
  if (ndomain == AF_INET6 && (ntype == SOCK_STREAM || ntype == SOCK_DGRAM)) {
    /* psock's rule is dual stack; Windows' default is IPv6 only. */
    DWORD off = 0;
    if (PSOCK__OS(setsockopt_v6only, SOCKET_ERROR,
                  setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&off,
                             sizeof off)) == SOCKET_ERROR) {
      rc = last_error();
      psock__os_close(s);
      return rc;
    }
  }
  if (nonblocking) {
    u_long on = 1;
    if (PSOCK__OS(ioctl_new_fd, SOCKET_ERROR, ioctlsocket(s, FIONBIO, &on)) ==
        SOCKET_ERROR) {
      rc = last_error();
      psock__os_close(s);
      return rc;
    }
  }
  *out = s;
  return 0;
}

int psock__os_exclusive(psock__fd fd) {
  /* Without it another socket with SO_REUSEADDR may bind the same port and
   * take connections meant for this one. */
  BOOL on = TRUE;
  return PSOCK__OS(setsockopt_exclusive, SOCKET_ERROR,
                   setsockopt(fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
                              (const char *)&on, sizeof on)) == SOCKET_ERROR
             ? last_error()
             : 0;
}

int psock__os_server_address_reuse(psock__fd fd) {
  return psock__os_exclusive(fd);
}

/* Windows has no socketpair(). AF_UNIX stream sockets (Windows 10 1803+) are
 * paired through a listener on a fresh path in the temporary directory,
 * removed again at once. Other types, or a system without AF_UNIX, report
 * the family or type unsupported; psock_create_pair then builds the pair
 * over loopback instead. */
int psock__os_socketpair_unix(int ntype, int protocol, psock__fd out[2]) {
  static LONG counter;
  SOCKADDR_UN addr;
  char dir[MAX_PATH];
  SOCKET l = INVALID_SOCKET, c = INVALID_SOCKET, a = INVALID_SOCKET;
  DWORD n;
  int rc = 0;

  if (ntype != SOCK_STREAM)
    return -WSAESOCKTNOSUPPORT;
  n = GetTempPathA(sizeof dir, dir);
  if (n == 0 || n >= sizeof dir)
    return -WSAENAMETOOLONG;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if (snprintf(addr.sun_path, sizeof addr.sun_path, "%spsock-%lu-%ld-%lu.sock",
               dir, (unsigned long)GetCurrentProcessId(),
               (long)InterlockedIncrement(&counter),
               (unsigned long)GetTickCount()) >= (int)sizeof addr.sun_path)
    return -WSAENAMETOOLONG;

  /* The emulation as a whole is an injection point, as socketpair() is on
   * POSIX (no AF_UNIX here: the loopback fallback). */
  rc = PSOCK__OS(socketpair, SOCKET_ERROR, 0) == SOCKET_ERROR
           ? last_error()
           : new_socket(AF_UNIX, SOCK_STREAM, protocol, &l);
  if (rc == 0 &&
      PSOCK__OS(bind, SOCKET_ERROR,
                bind(l, (struct sockaddr *)&addr, sizeof addr)) == SOCKET_ERROR)
    rc = last_error();
  if (rc == 0 && PSOCK__OS(listen, SOCKET_ERROR, listen(l, 1)) == SOCKET_ERROR)
    rc = last_error();
  if (rc == 0)
    rc = new_socket(AF_UNIX, SOCK_STREAM, protocol, &c);
  if (rc == 0 && PSOCK__OS(connect, SOCKET_ERROR,
                           connect(c, (struct sockaddr *)&addr, sizeof addr)) ==
                     SOCKET_ERROR)
    rc = last_error();
  if (rc == 0) {
    a = PSOCK__OS(accept, INVALID_SOCKET, accept(l, NULL, NULL));
    if (a == INVALID_SOCKET)
      rc = last_error();
    else
      SetHandleInformation((HANDLE)a, HANDLE_FLAG_INHERIT, 0);
  }
  if (l != INVALID_SOCKET) {
    psock__os_close(l);
    DeleteFileA(addr.sun_path);
  }
  if (rc < 0) {
    if (c != INVALID_SOCKET)
      psock__os_close(c);
    return rc;
  }
  out[0] = c;
  out[1] = a;
  return 0;
}

int psock__os_close(psock__fd fd) {
  /* An injected failure comes after the socket is closed, as Winsock's
   * WSAEINTR does. */
  return PSOCK__OS_AFTER(close, SOCKET_ERROR, closesocket(fd)) == SOCKET_ERROR
             ? last_error()
             : 0;
}

int psock__os_bind(psock__fd fd, const psock__addr *addr) {
  return PSOCK__OS(bind, SOCKET_ERROR,
                   bind(fd, (const struct sockaddr *)&addr->ss, addr->len)) ==
                 SOCKET_ERROR
             ? last_error()
             : 0;
}

int psock__os_connect(psock__fd fd, const psock__addr *addr) {
  return PSOCK__OS(connect, SOCKET_ERROR,
                   connect(fd, (const struct sockaddr *)&addr->ss,
                           addr->len)) == SOCKET_ERROR
             ? last_error()
             : 0;
}

/* SOMAXCONN alone lets the provider pick a value it never tells (spec 003).
 * SOMAXCONN_HINT(n) asks for n itself, which the provider keeps within
 * 200..65535; so psock passes backlogs from 200 up as a hint (exact), smaller
 * ones plainly, and the maximum is the hint's ceiling. */
#define HINT_MIN 200
#define HINT_MAX 65535

int psock__os_listen(psock__fd fd, int backlog) {
  int native = backlog >= HINT_MIN ? SOMAXCONN_HINT(backlog) : backlog;
  return PSOCK__OS(listen, SOCKET_ERROR, listen(fd, native)) == SOCKET_ERROR
             ? last_error()
             : 0;
}

int psock__os_listen_max(void) { return HINT_MAX; }

int psock__os_accept(psock__fd fd, int nonblocking, psock__fd *out,
                     psock__addr *peer) {
  struct sockaddr_storage ss;
  int len = sizeof ss;
  SOCKET a = PSOCK__OS(accept, INVALID_SOCKET,
                       accept(fd, (struct sockaddr *)&ss, &len));
  /* Winsock's accepted socket already has the listener's blocking mode,
   * which is psock's rule, so nonblocking needs no call here. */
  (void)nonblocking;
  if (a == INVALID_SOCKET)
    return last_error();
  SetHandleInformation((HANDLE)a, HANDLE_FLAG_INHERIT, 0);
  if (peer != NULL) {
    memcpy(&peer->ss, &ss, sizeof ss);
    peer->len = len;
  }
  *out = a;
  return 0;
}

int psock__os_shutdown(psock__fd fd, int how) {
  static const int native_how[3] = {SD_RECEIVE, SD_SEND, SD_BOTH};
  return PSOCK__OS(shutdown, SOCKET_ERROR, shutdown(fd, native_how[how])) ==
                 SOCKET_ERROR
             ? last_error()
             : 0;
}

int psock__os_set_nonblocking(psock__fd fd, int on) {
  u_long value = (u_long)on;
  return PSOCK__OS(ioctl_nonblocking, SOCKET_ERROR,
                   ioctlsocket(fd, FIONBIO, &value)) == SOCKET_ERROR
             ? last_error()
             : 0;
}

/* A socket not bound yet: POSIX names the unspecified address of its family
 * with port 0, Winsock refuses with WSAEINVAL. Answer as POSIX does. */
static int unbound_name(psock__fd fd, psock__addr *out) {
  WSAPROTOCOL_INFOW info;
  int len = sizeof info;
  if (PSOCK__OS(protocol_info, SOCKET_ERROR,
                getsockopt(fd, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *)&info,
                           &len)) == SOCKET_ERROR ||
      (info.iAddressFamily != AF_INET && info.iAddressFamily != AF_INET6))
    return -WSAEINVAL;
  memset(&out->ss, 0, sizeof out->ss);
  out->ss.ss_family = (ADDRESS_FAMILY)info.iAddressFamily;
  /* A size_t conditional into an int: MSVC's C4267 even for constants. */
  out->len = (psock__socklen)(info.iAddressFamily == AF_INET6
                                  ? sizeof(struct sockaddr_in6)
                                  : sizeof(struct sockaddr_in));
  return 0;
}

int psock__os_getsockname(psock__fd fd, psock__addr *out) {
  out->len = sizeof out->ss;
  if (PSOCK__OS(getsockname, SOCKET_ERROR,
                getsockname(fd, (struct sockaddr *)&out->ss, &out->len)) !=
      SOCKET_ERROR)
    return 0;
  return WSAGetLastError() == WSAEINVAL ? unbound_name(fd, out) : last_error();
}

int psock__os_getpeername(psock__fd fd, psock__addr *out) {
  out->len = sizeof out->ss;
  return PSOCK__OS(getpeername, SOCKET_ERROR,
                   getpeername(fd, (struct sockaddr *)&out->ss, &out->len)) ==
                 SOCKET_ERROR
             ? last_error()
             : 0;
}

/* ---- data --------------------------------------------------------------- */

/* A receive's failure, normalized to what POSIX returns: WSAEMSGSIZE means
 * the datagram was longer than the buffer, which Winsock filled; POSIX
 * returns the bytes stored and drops the rest. (Reads after shutdown for
 * receiving never get here: shared code answers them with end of stream.) */
static ptrdiff_t recv_failure(size_t filled) {
  int err = WSAGetLastError();
  if (err == WSAEMSGSIZE)
    return (ptrdiff_t)filled;
  return -err;
}

ptrdiff_t psock__os_recv(psock__fd fd, void *buf, size_t len, int nflags) {
  int n = PSOCK__OS(recv, SOCKET_ERROR, recv(fd, buf, clamp_len(len), nflags));
  return n == SOCKET_ERROR ? recv_failure((size_t)clamp_len(len)) : n;
}

ptrdiff_t psock__os_send(psock__fd fd, const void *buf, size_t len,
                         int nflags) {
  int n = PSOCK__OS(send, SOCKET_ERROR, send(fd, buf, clamp_len(len), nflags));
  return n == SOCKET_ERROR ? last_error() : n;
}

ptrdiff_t psock__os_recvfrom(psock__fd fd, void *buf, size_t len, int nflags,
                             psock__addr *from) {
  int n;
  from->len = sizeof from->ss;
  n = PSOCK__OS(recvfrom, SOCKET_ERROR,
                recvfrom(fd, buf, clamp_len(len), nflags,
                         (struct sockaddr *)&from->ss, &from->len));
  return n == SOCKET_ERROR ? recv_failure((size_t)clamp_len(len)) : n;
}

ptrdiff_t psock__os_sendto(psock__fd fd, const void *buf, size_t len,
                           int nflags, const psock__addr *to) {
  int n = PSOCK__OS(sendto, SOCKET_ERROR,
                    sendto(fd, buf, clamp_len(len), nflags,
                           (const struct sockaddr *)&to->ss, to->len));
  return n == SOCKET_ERROR ? last_error() : n;
}

/* psock_iovec_t is {base, len}; WSABUF is {len, buf} with a ULONG length. */
#define IOV_ON_STACK 64

static WSABUF *native_iov(const psock_iovec_t *iov, size_t n, WSABUF *stack,
                          size_t *total) {
  WSABUF *v = n <= IOV_ON_STACK
                  ? stack
                  : PSOCK__ALLOC(iov_alloc, malloc(n * sizeof *v));
  size_t i;
  *total = 0;
  if (v == NULL)
    return NULL;
  for (i = 0; i < n; i++) {
    v[i].buf = iov[i].base;
    v[i].len = iov[i].len > ULONG_MAX ? ULONG_MAX : (ULONG)iov[i].len;
    *total += v[i].len;
  }
  return v;
}

ptrdiff_t psock__os_sendv(psock__fd fd, const psock_iovec_t *iov, size_t n,
                          int nflags, const psock__addr *to) {
  WSABUF stack[IOV_ON_STACK];
  size_t total;
  WSABUF *v = native_iov(iov, n, stack, &total);
  DWORD sent = 0;
  int rc;
  if (v == NULL)
    return -WSA_NOT_ENOUGH_MEMORY;
  rc = to != NULL ? PSOCK__OS(sendmsg, SOCKET_ERROR,
                              WSASendTo(fd, v, (DWORD)n, &sent, (DWORD)nflags,
                                        (const struct sockaddr *)&to->ss,
                                        to->len, NULL, NULL))
                  : PSOCK__OS(sendmsg, SOCKET_ERROR,
                              WSASend(fd, v, (DWORD)n, &sent, (DWORD)nflags,
                                      NULL, NULL));
  if (rc == SOCKET_ERROR)
    rc = last_error();
  if (v != stack)
    free(v);
  return rc < 0 ? rc : (ptrdiff_t)sent;
}

ptrdiff_t psock__os_recvv(psock__fd fd, const psock_iovec_t *iov, size_t n,
                          int nflags, psock__addr *from, int *truncated) {
  WSABUF stack[IOV_ON_STACK];
  size_t total;
  WSABUF *v = native_iov(iov, n, stack, &total);
  DWORD got = 0, flags = (DWORD)nflags;
  ptrdiff_t result;
  int rc;
  if (v == NULL)
    return -WSA_NOT_ENOUGH_MEMORY;
  if (from != NULL) {
    from->len = sizeof from->ss;
    rc = PSOCK__OS(recvmsg, SOCKET_ERROR,
                   WSARecvFrom(fd, v, (DWORD)n, &got, &flags,
                               (struct sockaddr *)&from->ss, &from->len, NULL,
                               NULL));
  } else {
    rc = PSOCK__OS(recvmsg, SOCKET_ERROR,
                   WSARecv(fd, v, (DWORD)n, &got, &flags, NULL, NULL));
  }
  if (truncated != NULL)
    *truncated = 0;
  if (rc == SOCKET_ERROR) {
    if (WSAGetLastError() == WSAEMSGSIZE && truncated != NULL)
      *truncated = 1;
    result = recv_failure(total);
  } else {
    result = (ptrdiff_t)got;
    if (truncated != NULL && (flags & MSG_PARTIAL))
      *truncated = 1;
  }
  if (v != stack)
    free(v);
  return result;
}

/* ---- waiting ------------------------------------------------------------ */

static SRWLOCK buffers_lock = SRWLOCK_INIT;
static DWORD buffers_index = FLS_OUT_OF_INDEXES;
static LONG buffers_index_made;

static void WINAPI free_buffers(PVOID v) { psock__thread_buffers_free(v); }

/* The index is made by the first select that needs it. Not InitOnce: an
 * index the system could not give then is tried again by the next call,
 * rather than failing every select for the rest of the process. Fiber-
 * local storage with a callback: freed when the thread ends. */
static int make_buffers_index(void) {
  if (InterlockedCompareExchange(&buffers_index_made, 0, 0))
    return 1;
  AcquireSRWLockExclusive(&buffers_lock);
  if (!buffers_index_made) {
    buffers_index =
        PSOCK__OS(key_create, FLS_OUT_OF_INDEXES, FlsAlloc(free_buffers));
    if (buffers_index != FLS_OUT_OF_INDEXES)
      InterlockedExchange(&buffers_index_made, 1);
  }
  ReleaseSRWLockExclusive(&buffers_lock);
  return buffers_index_made != 0;
}

psock__thread_buffers *psock__os_thread_buffers(void) {
  psock__thread_buffers *b;
  if (!make_buffers_index())
    return NULL;
  b = FlsGetValue(buffers_index);
  if (b == NULL) {
    b = PSOCK__ALLOC(thread_buffers, calloc(1, sizeof *b));
    if (b == NULL ||
        !PSOCK__OS(setspecific, FALSE, FlsSetValue(buffers_index, b))) {
      free(b);
      return NULL;
    }
  }
  return b;
}

/* select() with fd_sets sized to fit: Winsock's fd_set is a counted array,
 * and FD_SETSIZE (64) only sizes the default declaration. Unlike WSAPoll it
 * reports out-of-band data and, in the except set, failed connects. The
 * three sets live in the thread's buffer: no allocation per call. */
static size_t set_size(size_t n) {
  size_t size = offsetof(fd_set, fd_array) + n * sizeof(SOCKET);
  size = size > sizeof(fd_set) ? size : sizeof(fd_set);
  return (size + sizeof(SOCKET) - 1) / sizeof(SOCKET) * sizeof(SOCKET);
}

static void add_to_set(fd_set *set, SOCKET s) {
  u_int i;
  for (i = 0; i < set->fd_count; i++)
    if (set->fd_array[i] == s)
      return;
  set->fd_array[set->fd_count++] = s;
}

static int in_set(const fd_set *set, SOCKET s) {
  u_int i;
  for (i = 0; i < set->fd_count; i++)
    if (set->fd_array[i] == s)
      return 1;
  return 0;
}

int psock__os_poll(psock__pollent *ents, size_t n, int timeout_ms) {
  size_t one = set_size(n), i;
  char *sets = psock__thread_buffer(PSOCK__BUF_POLL, 3 * one);
  fd_set *rd = (fd_set *)sets, *wr = (fd_set *)(sets + one),
         *ex = (fd_set *)(sets + 2 * one);
  struct timeval tv;
  int rc, ready = 0;

  if (sets == NULL)
    return -WSA_NOT_ENOUGH_MEMORY;
  rd->fd_count = wr->fd_count = ex->fd_count = 0;
  for (i = 0; i < n; i++) {
    if (ents[i].events & PSOCK__POLLIN)
      add_to_set(rd, ents[i].fd);
    if (ents[i].events & PSOCK__POLLOUT) {
      add_to_set(wr, ents[i].fd);
      add_to_set(ex, ents[i].fd); /* a failed connect shows here */
    }
    if (ents[i].events & PSOCK__POLLPRI)
      add_to_set(ex, ents[i].fd);
  }
  if (timeout_ms >= 0) {
    tv.tv_sec = timeout_ms / 1000;
    tv.tv_usec = (timeout_ms % 1000) * 1000;
  }
  if (rd->fd_count == 0 && wr->fd_count == 0 && ex->fd_count == 0) {
    /* Winsock's select rejects three empty sets; it is a sleep. */
    Sleep(timeout_ms >= 0 ? (DWORD)timeout_ms : INFINITE);
    rc = 0;
  } else {
    rc = PSOCK__OS(poll, SOCKET_ERROR,
                   select(0, rd, wr, ex, timeout_ms >= 0 ? &tv : NULL));
    if (rc == SOCKET_ERROR)
      rc = last_error();
  }
  for (i = 0; rc > 0 && i < n; i++) {
    int re = 0;
    if ((ents[i].events & PSOCK__POLLIN) && in_set(rd, ents[i].fd))
      re |= PSOCK__POLLIN;
    if ((ents[i].events & PSOCK__POLLOUT) && in_set(wr, ents[i].fd))
      re |= PSOCK__POLLOUT;
    if (in_set(ex, ents[i].fd)) {
      if (ents[i].events & PSOCK__POLLPRI)
        re |= PSOCK__POLLPRI;
      if (ents[i].events & PSOCK__POLLOUT)
        re |= PSOCK__POLLERR;
    }
    ents[i].revents = re;
    ready += re != 0;
  }
  return rc < 0 ? rc : ready;
}

/* ---- options ------------------------------------------------------------ */

int psock__os_getopt(psock__fd fd, int nlevel, int nname,
                     enum psock__optkind kind, void *value) {
  int rc;
  if (kind == PSOCK__OPT_LINGER) {
    struct linger l;
    int len = sizeof l;
    psock_linger_t *out = value;
    memset(&l, 0, sizeof l);
    rc = PSOCK__OS(getsockopt, SOCKET_ERROR,
                   getsockopt(fd, nlevel, nname, (char *)&l, &len));
    out->on = l.l_onoff != 0;
    out->seconds = l.l_linger;
  } else if (kind == PSOCK__OPT_TIMEVAL) {
    /* Winsock keeps SO_RCVTIMEO/SO_SNDTIMEO as a DWORD of milliseconds. */
    DWORD ms = 0;
    int len = sizeof ms;
    psock_timeval_t *out = value;
    rc = PSOCK__OS(getsockopt, SOCKET_ERROR,
                   getsockopt(fd, nlevel, nname, (char *)&ms, &len));
    out->sec = (long)(ms / 1000);
    out->usec = (long)(ms % 1000) * 1000;
  } else if (kind == PSOCK__OPT_BYTES) {
    psock__optbytes *out = value;
    int len = (int)out->size;
    rc = PSOCK__OS(getsockopt, SOCKET_ERROR,
                   getsockopt(fd, nlevel, nname, (char *)out->data, &len));
    out->size = (size_t)len;
  } else {
    int v = 0;
    int len = sizeof v;
    rc = PSOCK__OS(getsockopt, SOCKET_ERROR,
                   getsockopt(fd, nlevel, nname, (char *)&v, &len));
    /* Some options are a one-byte BOOL; only those bytes were written. */
    *(int *)value = len == 1 ? (unsigned char)v : v;
  }
  return rc == SOCKET_ERROR ? last_error() : 0;
}

int psock__os_setopt(psock__fd fd, int nlevel, int nname,
                     enum psock__optkind kind, const void *value) {
  int rc;
  if (kind == PSOCK__OPT_LINGER) {
    const psock_linger_t *in = value;
    struct linger l;
    if (in->seconds > USHRT_MAX)
      return -WSAEINVAL;
    l.l_onoff = (u_short)(in->on != 0);
    l.l_linger = (u_short)in->seconds;
    rc = PSOCK__OS(setsockopt, SOCKET_ERROR,
                   setsockopt(fd, nlevel, nname, (const char *)&l, sizeof l));
  } else if (kind == PSOCK__OPT_TIMEVAL) {
    const psock_timeval_t *in = value;
    unsigned long long ms = (unsigned long long)in->sec * 1000u +
                            ((unsigned long)in->usec + 999u) / 1000u;
    DWORD dms = ms > 0xfffffffeull ? 0xfffffffeul : (DWORD)ms;
    rc = PSOCK__OS(
        setsockopt, SOCKET_ERROR,
        setsockopt(fd, nlevel, nname, (const char *)&dms, sizeof dms));
  } else if (kind == PSOCK__OPT_BYTES) {
    const psock__optbytes *in = value;
    rc = PSOCK__OS(
        setsockopt, SOCKET_ERROR,
        setsockopt(fd, nlevel, nname, (const char *)in->data, (int)in->size));
  } else {
    rc = PSOCK__OS(
        setsockopt, SOCKET_ERROR,
        setsockopt(fd, nlevel, nname, (const char *)value, sizeof(int)));
  }
  return rc == SOCKET_ERROR ? last_error() : 0;
}
