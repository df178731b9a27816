/* SPDX-License-Identifier: MIT */
/*
 * posix/os.c -- the system calls of the POSIX backend.
 *
 * Every function returns >= 0 or -errno, and never retries EINTR: the caller
 * decides (a forking server wants accept to return on SIGCHLD).
 */
#define _GNU_SOURCE /* accept4, SOCK_CLOEXEC, SOCK_NONBLOCK (glibc, musl) */
#include "internal.h"
#include "fault.h" /* PSOCK__OS & co.: the plain call unless injecting */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

/* MSG_NOSIGNAL (Linux, BSDs) keeps send from raising SIGPIPE; macOS lacks it
 * and gets SO_NOSIGPIPE on every socket instead (see new_fd_setup). */
#ifdef MSG_NOSIGNAL
#  define NOSIGNAL MSG_NOSIGNAL
#else
#  define NOSIGNAL 0
#endif

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

int psock__os_init(void) { return 0; }
void psock__os_lock(void) { pthread_mutex_lock(&table_lock); }
void psock__os_unlock(void) { pthread_mutex_unlock(&table_lock); }

void psock__os_mutex_init(psock__mutex *m) { pthread_mutex_init(m, NULL); }
void psock__os_mutex_lock(psock__mutex *m) { pthread_mutex_lock(m); }
void psock__os_mutex_unlock(psock__mutex *m) { pthread_mutex_unlock(m); }
void psock__os_yield(void) { sched_yield(); }

/* ---- descriptors ------------------------------------------------------- */

/* Where socket()/accept4() could not set the flags atomically (macOS, old
 * systems), set them now. Returns 0 or -errno. */
static int new_fd_setup(int fd, int cloexec_done, int nonblock_want,
                        int nonblock_done) {
  if (!cloexec_done &&
      PSOCK__OS(fcntl_cloexec, -1, fcntl(fd, F_SETFD, FD_CLOEXEC)) == -1)
    return -errno;
  if (nonblock_want != nonblock_done) {
    int on = nonblock_want;
    if (PSOCK__OS(ioctl_new_fd, -1, ioctl(fd, FIONBIO, &on)) == -1)
      return -errno;
  }
#if defined(SO_NOSIGPIPE)
  {
    int one = 1;
    if (PSOCK__OS(setsockopt_nosigpipe, -1,
                  setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one)) ==
        -1)
      return -errno;
  }
#endif
  return 0;
}

static int finish_new_fd(int fd, int cloexec_done, int nonblock_want,
                         int nonblock_done, psock__fd *out) {
  int rc = new_fd_setup(fd, cloexec_done, nonblock_want, nonblock_done);
  if (rc < 0) {
    psock__os_close(fd);
    return rc;
  }
  *out = fd;
  return 0;
}

/* psock's one rule for AF_INET6 sockets: dual stack, so "::" also takes
 * IPv4 and "::ffff:127.0.0.1" binds -- Linux's and macOS's default, which
 * a sysctl (net.ipv6.bindv6only) can change, and Windows' opposite. Only
 * for the types that have the option; raw sockets keep the default. */
static int dual_stack(int fd, int ndomain, int ntype) {
  int off = 0;
  if (ndomain != AF_INET6 || (ntype != SOCK_STREAM && ntype != SOCK_DGRAM))
    return 0;
  return PSOCK__OS(
             setsockopt_v6only, -1,
             setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off)) == -1
             ? -errno
             : 0;
}

int psock__os_socket(int ndomain, int ntype, int protocol, int nonblocking,
                     psock__fd *out) {
  int fd, rc;
#if defined(SOCK_CLOEXEC) && defined(SOCK_NONBLOCK)
  fd = PSOCK__OS(
      socket, -1,
      socket(ndomain, ntype | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0),
             protocol));
  if (fd == -1)
    return -errno;
  rc = finish_new_fd(fd, 1, nonblocking, nonblocking, out);
#else
  fd = PSOCK__OS(socket, -1, socket(ndomain, ntype, protocol));
  if (fd == -1)
    return -errno;
  rc = finish_new_fd(fd, 0, nonblocking, 0, out);
#endif
  if (rc == 0 && (rc = dual_stack(fd, ndomain, ntype)) < 0)
    psock__os_close(fd);
  return rc;
}

int psock__os_socketpair_unix(int ntype, int protocol, psock__fd out[2]) {
  int fds[2], rc, i;
#if defined(SOCK_CLOEXEC)
  if (PSOCK__OS(socketpair, -1,
                socketpair(AF_UNIX, ntype | SOCK_CLOEXEC, protocol, fds)) == -1)
    return -errno;
#else
  if (PSOCK__OS(socketpair, -1, socketpair(AF_UNIX, ntype, protocol, fds)) ==
      -1)
    return -errno;
#endif
  for (i = 0; i < 2; i++) {
#if defined(SOCK_CLOEXEC)
    rc = new_fd_setup(fds[i], 1, 0, 0);
#else
    rc = new_fd_setup(fds[i], 0, 0, 0);
#endif
    if (rc < 0) {
      psock__os_close(fds[0]);
      psock__os_close(fds[1]);
      return rc;
    }
  }
  out[0] = fds[0];
  out[1] = fds[1];
  return 0;
}

int psock__os_exclusive(psock__fd fd) {
  /* POSIX shares a bound port only with sockets that both set SO_REUSEPORT
   * (or SO_REUSEADDR on BSD for multicast); ours never does. */
  (void)fd;
  return 0;
}

int psock__os_server_address_reuse(psock__fd fd) {
  int on = 1;
  return PSOCK__OS(setsockopt_reuseaddr, -1,
                   setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on)) ==
                 -1
             ? -errno
             : 0;
}

int psock__os_close(psock__fd fd) {
  /* On Linux the descriptor is released even when close reports EINTR;
   * retrying could close a descriptor another thread just got. */
  return PSOCK__OS_AFTER(close, -1, close(fd)) == -1 ? -errno : 0;
}

int psock__os_bind(psock__fd fd, const psock__addr *addr) {
  return PSOCK__OS(bind, -1,
                   bind(fd, (const struct sockaddr *)&addr->ss, addr->len)) ==
                 -1
             ? -errno
             : 0;
}

int psock__os_connect(psock__fd fd, const psock__addr *addr) {
  return PSOCK__OS(
             connect, -1,
             connect(fd, (const struct sockaddr *)&addr->ss, addr->len)) == -1
             ? -errno
             : 0;
}

int psock__os_listen(psock__fd fd, int backlog) {
  return PSOCK__OS(listen, -1, listen(fd, backlog)) == -1 ? -errno : 0;
}

/* ---- the backlog maximum ------------------------------------------------ */

static pthread_once_t listen_max_once = PTHREAD_ONCE_INIT;
static int listen_max = SOMAXCONN;

static void read_listen_max(void) {
#if defined(__linux__)
  /* The kernel silently truncates backlog to this sysctl (listen(2)). Read
   * once per process: listen stays one system call. */
  FILE *f = PSOCK__OS(fopen_somaxconn, NULL,
                      fopen("/proc/sys/net/core/somaxconn", "re"));
  int value;
  if (f != NULL) {
    if (fscanf(f, "%d", &value) == 1 && value > 0)
      listen_max = value;
    fclose(f);
  }
#endif
}

int psock__os_listen_max(void) {
  pthread_once(&listen_max_once, read_listen_max);
  return listen_max;
}

int psock__os_accept(psock__fd fd, int nonblocking, psock__fd *out,
                     psock__addr *peer) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  int nfd, rc;
#if defined(PSOCK_HAVE_ACCEPT4)
  /* Linux does not pass O_NONBLOCK on to the accepted socket; the flags
   * give psock's rule (the listener's mode) without another system call. */
  nfd = PSOCK__OS(accept, -1,
                  accept4(fd, (struct sockaddr *)&ss, &len,
                          SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0)));
  const int cloexec_done = 1;
#else
  /* BSD and macOS: the accepted socket inherits the listener's O_NONBLOCK,
   * which is the mode psock tracks for it (nonblocking). */
  nfd = PSOCK__OS(accept, -1, accept(fd, (struct sockaddr *)&ss, &len));
  const int cloexec_done = 0;
#endif
  if (nfd == -1)
    return -errno;
  rc = finish_new_fd(nfd, cloexec_done, nonblocking, nonblocking, out);
  if (rc < 0)
    return rc;
  if (peer != NULL) {
    memcpy(&peer->ss, &ss, sizeof ss);
    peer->len = len;
  }
  return 0;
}

int psock__os_shutdown(psock__fd fd, int how) {
  static const int native_how[3] = {SHUT_RD, SHUT_WR, SHUT_RDWR};
  return PSOCK__OS(shutdown, -1, shutdown(fd, native_how[how])) == -1 ? -errno
                                                                      : 0;
}

int psock__os_set_nonblocking(psock__fd fd, int on) {
  /* FIONBIO: one system call, where F_GETFL + F_SETFL take two. */
  return PSOCK__OS(ioctl_nonblocking, -1, ioctl(fd, FIONBIO, &on)) == -1
             ? -errno
             : 0;
}

int psock__os_getsockname(psock__fd fd, psock__addr *out) {
  out->len = sizeof out->ss;
  return PSOCK__OS(getsockname, -1,
                   getsockname(fd, (struct sockaddr *)&out->ss, &out->len)) ==
                 -1
             ? -errno
             : 0;
}

int psock__os_getpeername(psock__fd fd, psock__addr *out) {
  out->len = sizeof out->ss;
  return PSOCK__OS(getpeername, -1,
                   getpeername(fd, (struct sockaddr *)&out->ss, &out->len)) ==
                 -1
             ? -errno
             : 0;
}

/* sockatmark() is this ioctl on Linux, musl and the BSDs; made directly so
 * the answer's int is initialized (glibc's is not, which memcheck reports
 * as an uninitialised ioctl argument). */
int psock__os_atmark(psock__fd fd) {
  int at = 0;
  if (PSOCK__OS(sockatmark, -1, ioctl(fd, SIOCATMARK, &at)) == -1)
    return -errno;
  return at != 0;
}

int psock__os_adopt(uintptr_t os_socket, psock__fd *fd, int *ndomain,
                    int *ntype, int *nonblocking) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof *ntype, sslen = sizeof ss;
  int d, flags, rc;
  if (os_socket > INT_MAX)
    return -EBADF; /* no descriptor has that number */
  d = (int)os_socket;
  /* SO_TYPE answers only for a socket: EBADF or ENOTSOCK otherwise. */
  if (PSOCK__OS(getsockopt_adopt, -1,
                getsockopt(d, SOL_SOCKET, SO_TYPE, ntype, &len)) == -1)
    return -errno;
  /* The family, also of a socket not bound yet (its name is all zero but
   * for sa_family on Linux and BSD). */
  memset(&ss, 0, sizeof ss);
  if (PSOCK__OS(getsockname_adopt, -1,
                getsockname(d, (struct sockaddr *)&ss, &sslen)) == -1)
    return -errno;
  flags = PSOCK__OS(fcntl_getfl, -1, fcntl(d, F_GETFL));
  if (flags == -1)
    return -errno;
  *nonblocking = (flags & O_NONBLOCK) != 0;
  rc = new_fd_setup(d, 0, *nonblocking, *nonblocking);
  if (rc < 0)
    return rc;
  *ndomain = ss.ss_family;
  *fd = d;
  return 0;
}

/* The manual's wsaprotocol_info functions exist on Windows only. */
int psock__os_wsa_export(psock__fd fd, int process_id, char *id,
                         size_t id_size) {
  (void)fd;
  (void)process_id;
  (void)id;
  (void)id_size;
  return -EOPNOTSUPP;
}

int psock__os_wsa_import(const char *id, psock__fd *fd, int *ndomain,
                         int *ntype) {
  (void)id;
  (void)fd;
  (void)ndomain;
  (void)ntype;
  return -EOPNOTSUPP;
}

int psock__os_wsa_release(const char *id) {
  (void)id;
  return -EOPNOTSUPP;
}

/* ---- data --------------------------------------------------------------- */

ptrdiff_t psock__os_recv(psock__fd fd, void *buf, size_t len, int nflags) {
  ssize_t n = PSOCK__OS(recv, -1, recv(fd, buf, len, nflags));
  return n == -1 ? -errno : (ptrdiff_t)n;
}

ptrdiff_t psock__os_send(psock__fd fd, const void *buf, size_t len,
                         int nflags) {
  ssize_t n = PSOCK__OS(send, -1, send(fd, buf, len, nflags | NOSIGNAL));
  return n == -1 ? -errno : (ptrdiff_t)n;
}

ptrdiff_t psock__os_recvfrom(psock__fd fd, void *buf, size_t len, int nflags,
                             psock__addr *from) {
  ssize_t n;
  from->len = sizeof from->ss;
  n = PSOCK__OS(
      recvfrom, -1,
      recvfrom(fd, buf, len, nflags, (struct sockaddr *)&from->ss, &from->len));
  return n == -1 ? -errno : (ptrdiff_t)n;
}

ptrdiff_t psock__os_sendto(psock__fd fd, const void *buf, size_t len,
                           int nflags, const psock__addr *to) {
  ssize_t n = PSOCK__OS(sendto, -1,
                        sendto(fd, buf, len, nflags | NOSIGNAL,
                               (const struct sockaddr *)&to->ss, to->len));
  return n == -1 ? -errno : (ptrdiff_t)n;
}

/* psock_iovec_t and struct iovec hold the same fields, but POSIX does not
 * fix their order; copy. Small arrays stay on the stack. */
#define IOV_ON_STACK 64

static struct iovec *native_iov(const psock_iovec_t *iov, size_t n,
                                struct iovec *stack) {
  struct iovec *v = n <= IOV_ON_STACK
                        ? stack
                        : PSOCK__ALLOC(iov_alloc, malloc(n * sizeof *v));
  size_t i;
  if (v == NULL)
    return NULL;
  for (i = 0; i < n; i++) {
    v[i].iov_base = iov[i].base;
    v[i].iov_len = iov[i].len;
  }
  return v;
}

/* The control buffer of one message: on the stack up to this size. */
#define CONTROL_ON_STACK 512

ptrdiff_t psock__os_rights_space(size_t n) {
  return (ptrdiff_t)CMSG_SPACE(n * sizeof(int));
}

/* A sendmsg's SCM_RIGHTS message into buf (CMSG_SPACE of the count bytes,
 * zeroed by the caller). */
static void put_rights(struct msghdr *msg, const psock__control *control) {
  struct cmsghdr *c = CMSG_FIRSTHDR(msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(control->count * sizeof(int));
  memcpy(CMSG_DATA(c), control->fds, control->count * sizeof(int));
}

/* The descriptors a recvmsg brought: kept while control has room, closed
 * beyond it (none may leak); other messages are ignored. */
static void take_rights(struct msghdr *msg, psock__control *control) {
  size_t room = control->count, got = 0;
  struct cmsghdr *c;
  control->truncated = (msg->msg_flags & MSG_CTRUNC) != 0;
  for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
    size_t i, n;
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
      continue;
    n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (i = 0; i < n; i++) {
      int fd;
      memcpy(&fd, CMSG_DATA(c) + i * sizeof fd, sizeof fd);
#if !defined(MSG_CMSG_CLOEXEC)
      fcntl(fd, F_SETFD, FD_CLOEXEC); /* a fresh descriptor: cannot fail */
#endif
      if (got < room)
        control->fds[got++] = fd;
      else {
        close(fd);
        control->truncated = 1;
      }
    }
  }
  control->count = got;
}

static ptrdiff_t msg_io(psock__fd fd, const psock_iovec_t *iov, size_t n,
                        int nflags, psock__addr *addr, int sending,
                        int *truncated, psock__control *control) {
  struct iovec stack[IOV_ON_STACK];
  union {
    struct cmsghdr align;
    unsigned char bytes[CONTROL_ON_STACK];
  } cstack;
  struct msghdr msg;
  ssize_t r;
  int err = 0;
  size_t clen = 0;

  memset(&msg, 0, sizeof msg);
  if (control != NULL)
    clen = sending ? (control->count > 0
                          ? (size_t)CMSG_SPACE(control->count * sizeof(int))
                          : 0)
                   : control->space;
  msg.msg_iov = native_iov(iov, n, stack);
  if (msg.msg_iov == NULL && n > 0)
    return -ENOMEM;
  if (clen > 0) {
    msg.msg_control = clen <= sizeof cstack.bytes
                          ? cstack.bytes
                          : PSOCK__ALLOC(control_alloc, malloc(clen));
    if (msg.msg_control == NULL) {
      if (msg.msg_iov != stack)
        free(msg.msg_iov);
      return -ENOMEM;
    }
    memset(msg.msg_control, 0, clen);
    msg.msg_controllen = clen;
    if (sending)
      put_rights(&msg, control);
  }
  msg.msg_iovlen = n;
  if (addr != NULL) {
    msg.msg_name = &addr->ss;
    msg.msg_namelen = sending ? addr->len : (socklen_t)sizeof addr->ss;
  }
#if defined(MSG_CMSG_CLOEXEC)
  if (!sending && clen > 0)
    nflags |= MSG_CMSG_CLOEXEC; /* received descriptors: close-on-exec */
#endif
  r = sending ? PSOCK__OS(sendmsg, -1, sendmsg(fd, &msg, nflags | NOSIGNAL))
              : PSOCK__OS(recvmsg, -1, recvmsg(fd, &msg, nflags));
  if (r == -1)
    err = errno;
  else if (!sending && control != NULL)
    take_rights(&msg, control);
  if (msg.msg_iov != stack)
    free(msg.msg_iov);
  if (msg.msg_control != NULL && msg.msg_control != cstack.bytes)
    free(msg.msg_control);
  if (err != 0)
    return -err;
  if (!sending && addr != NULL)
    addr->len = msg.msg_namelen;
  if (truncated != NULL)
    *truncated = (msg.msg_flags & MSG_TRUNC) != 0;
  return (ptrdiff_t)r;
}

ptrdiff_t psock__os_sendv(psock__fd fd, const psock_iovec_t *iov, size_t n,
                          int nflags, const psock__addr *to) {
  return msg_io(fd, iov, n, nflags, (psock__addr *)to, 1, NULL, NULL);
}

ptrdiff_t psock__os_recvv(psock__fd fd, const psock_iovec_t *iov, size_t n,
                          int nflags, psock__addr *from, int *truncated) {
  return msg_io(fd, iov, n, nflags, from, 0, truncated, NULL);
}

ptrdiff_t psock__os_sendv_control(psock__fd fd, const psock_iovec_t *iov,
                                  size_t n, int nflags, const psock__addr *to,
                                  const psock__control *control) {
  return msg_io(fd, iov, n, nflags, (psock__addr *)to, 1, NULL,
                (psock__control *)control);
}

ptrdiff_t psock__os_recvv_control(psock__fd fd, const psock_iovec_t *iov,
                                  size_t n, int nflags, psock__addr *from,
                                  int *truncated, psock__control *control) {
  return msg_io(fd, iov, n, nflags, from, 0, truncated, control);
}

/* ---- waiting ------------------------------------------------------------ */

static pthread_key_t buffers_key;
static pthread_mutex_t buffers_key_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int buffers_key_made;

static void free_buffers(void *v) { psock__thread_buffers_free(v); }

/* The key is made by the first select that needs it. Not pthread_once: a
 * key the system could not make then (EAGAIN, ENOMEM) is tried again by
 * the next call, rather than failing every select past the stack's
 * entries for the rest of the process. 1 when the key exists. */
static int make_buffers_key(void) {
  if (atomic_load_explicit(&buffers_key_made, memory_order_acquire))
    return 1;
  pthread_mutex_lock(&buffers_key_lock);
  if (!atomic_load_explicit(&buffers_key_made, memory_order_relaxed) &&
      PSOCK__OS_CODE(key_create,
                     pthread_key_create(&buffers_key, free_buffers)) == 0)
    atomic_store_explicit(&buffers_key_made, 1, memory_order_release);
  pthread_mutex_unlock(&buffers_key_lock);
  return atomic_load_explicit(&buffers_key_made, memory_order_relaxed);
}

psock__thread_buffers *psock__os_thread_buffers(void) {
  psock__thread_buffers *b;
  if (!make_buffers_key())
    return NULL;
  b = pthread_getspecific(buffers_key);
  if (b == NULL) {
    b = PSOCK__ALLOC(thread_buffers, calloc(1, sizeof *b));
    if (b == NULL ||
        PSOCK__OS_CODE(setspecific, pthread_setspecific(buffers_key, b)) != 0) {
      free(b);
      return NULL;
    }
  }
  return b;
}

int psock__os_poll(psock__pollent *ents, size_t n, int timeout_ms) {
  /* The entries are struct pollfd (platform.h). */
  int r = PSOCK__OS(poll, -1, poll(ents, (nfds_t)n, timeout_ms));
  return r == -1 ? -errno : r;
}

/* ---- options ------------------------------------------------------------ */

int psock__os_getopt(psock__fd fd, int nlevel, int nname,
                     enum psock__optkind kind, void *value) {
  int rc;
  if (kind == PSOCK__OPT_IPV4_INTERFACE)
    return psock__os_ipv4_interface_get(fd, nlevel, nname, value);
  if (kind == PSOCK__OPT_LINGER) {
    struct linger l;
    socklen_t len = sizeof l;
    psock_linger_t *out = value;
    memset(&l, 0, sizeof l);
    rc = PSOCK__OS(getsockopt, -1, getsockopt(fd, nlevel, nname, &l, &len));
    out->on = l.l_onoff != 0;
    out->seconds = l.l_linger;
  } else if (kind == PSOCK__OPT_TIMEVAL) {
    struct timeval tv;
    socklen_t len = sizeof tv;
    psock_timeval_t *out = value;
    memset(&tv, 0, sizeof tv);
    rc = PSOCK__OS(getsockopt, -1, getsockopt(fd, nlevel, nname, &tv, &len));
    out->sec = (long)tv.tv_sec;
    out->usec = (long)tv.tv_usec;
  } else if (kind == PSOCK__OPT_BYTES) {
    psock__optbytes *out = value;
    socklen_t len = (socklen_t)out->size;
    rc = PSOCK__OS(getsockopt, -1,
                   getsockopt(fd, nlevel, nname, out->data, &len));
    out->size = len;
  } else {
    int v = 0;
    socklen_t len = sizeof v;
    rc = PSOCK__OS(getsockopt, -1, getsockopt(fd, nlevel, nname, &v, &len));
    *(int *)value = v;
  }
  return rc == -1 ? -errno : 0;
}

int psock__os_setopt(psock__fd fd, int nlevel, int nname,
                     enum psock__optkind kind, const void *value) {
  int rc;
  if (kind == PSOCK__OPT_IPV4_INTERFACE)
    return psock__os_ipv4_interface_set(fd, nlevel, nname, *(const int *)value);
  if (kind == PSOCK__OPT_LINGER) {
    const psock_linger_t *in = value;
    struct linger l;
    l.l_onoff = in->on;
    l.l_linger = in->seconds;
    rc = PSOCK__OS(setsockopt, -1, setsockopt(fd, nlevel, nname, &l, sizeof l));
  } else if (kind == PSOCK__OPT_TIMEVAL) {
    const psock_timeval_t *in = value;
    struct timeval tv;
    tv.tv_sec = (time_t)in->sec;
    tv.tv_usec = (suseconds_t)in->usec;
    rc = PSOCK__OS(setsockopt, -1,
                   setsockopt(fd, nlevel, nname, &tv, sizeof tv));
  } else if (kind == PSOCK__OPT_BYTES) {
    const psock__optbytes *in = value;
    rc =
        PSOCK__OS(setsockopt, -1,
                  setsockopt(fd, nlevel, nname, in->data, (socklen_t)in->size));
  } else {
    rc = PSOCK__OS(setsockopt, -1,
                   setsockopt(fd, nlevel, nname, value, sizeof(int)));
  }
  return rc == -1 ? -errno : 0;
}
