/* SPDX-License-Identifier: MIT */
/*
 * internal.h -- what the shared sources and the platform backends agree on.
 *
 * Shared code (the .c files of shim/src/) never calls the operating system. It
 * validates arguments, translates portable constants, keeps the handle table
 * and the error records, and calls the psock__os_* functions below, which live
 * in exactly one backend directory: shim/src/posix/ or shim/src/win32/. The
 * build (CMakeLists.txt) picks the directory, which also supplies
 * "platform.h" with the native types.
 *
 * Backend return convention: >= 0 on success, or the negated native error
 * code (-errno, -WSAGetLastError()) on failure.
 */
#ifndef PSOCK_INTERNAL_H
#define PSOCK_INTERNAL_H

#include "psock.h"
#include "platform.h" /* psock__fd, PSOCK__FD_INVALID, sockaddr types */

#include <stddef.h>
#include <stdatomic.h> /* MSVC: /experimental:c11atomics, set by CMake */
#include <stdint.h>

/* Thread-local storage is spelled differently by MSVC; C11 elsewhere. */
#if defined(_MSC_VER) && !defined(__clang__)
#  define PSOCK__THREAD_LOCAL __declspec(thread)
#else
#  define PSOCK__THREAD_LOCAL _Thread_local
#endif

/* A slow path kept out of line, so that the fast path it leaves stays
 * small (no registers saved for the slow path's sake). */
#if defined(_MSC_VER) && !defined(__clang__)
#  define PSOCK__NOINLINE __declspec(noinline)
#elif defined(__GNUC__)
#  define PSOCK__NOINLINE __attribute__((noinline))
#else
#  define PSOCK__NOINLINE
#endif

/* ---- the socket record kept in the handle table ------------------------ */

/* One handle may be used by several threads at once (psock.h), so every
 * field that a call can change after creation is atomic. Relaxed order is
 * enough for them: each is a value in its own right, and the record itself
 * is published by the slot's generation (handle.c). */
#define PSOCK__LOAD(field) atomic_load_explicit(&(field), memory_order_relaxed)
#define PSOCK__STORE(field, value)                                             \
  atomic_store_explicit(&(field), (value), memory_order_relaxed)

/* An error record: the portable code (0 or negative) and the native one
 * (errno or WSA code) packed into one word, so a reader never sees the code
 * of one failure with the native code of another. */
typedef _Atomic uint64_t psock__error;
uint64_t psock__error_pack(int code, int native);
int psock__error_code(uint64_t packed);
int psock__error_native(uint64_t packed);

typedef struct psock__sock {
  /* First, beside the slot's generation: what every call and each socket
   * of a select reads, so a lookup touches one cache line. */
  psock__fd fd;
  /* 1 while the line buffer (line.c) holds bytes; read without the lock,
   * to skip the buffer on the fast path. */
  atomic_int buffered;
  /* Native code of an error met after a NORMAL_READ had already taken part
   * of a line: that part was returned, and the next read reports this. */
  atomic_int pending_read_error;
  atomic_int shut_rd;     /* shutdown(0 or 2) done: reads give end of stream */
  atomic_int nonblocking; /* the mode psock set; accept passes it on */
  int domain;             /* portable PSOCK_AF_* */
  int type;               /* portable PSOCK_SOCK_* */
  atomic_int backlog;     /* in force while listening, -1 otherwise */
  psock__error error;
  /* The line buffer: what NORMAL_READ took from the system beyond the line
   * it returned. Made by the first NORMAL_READ on a stream; while it
   * exists, receives take line_lock. */
  struct psock__line_buffer *_Atomic line;
  /* line.c's two locks: line_busy (a spin lock, held only while bytes are
   * moved) and line_lock (held across a receive by a reader that owns the
   * buffer meanwhile: line_owned, read and written under line_busy). */
  atomic_int line_busy;
  int line_owned;
  psock__mutex line_lock;
} psock__sock;

/* line.c: drop what the line buffer holds and free it (close, shutdown). */
void psock__line_buffer_discard(psock__sock *sock);
/* line.c: serve a receive from the line buffer (peek: leave the bytes);
 * -1 when it holds nothing, else the bytes copied into iov. */
ptrdiff_t psock__line_buffer_serve(psock__sock *sock, const psock_iovec_t *iov,
                                   size_t count, int peek);
/* line.c: PSOCK_NORMAL_READ on a stream socket. */
ptrdiff_t psock__read_line(psock__sock *sock, unsigned char *buf,
                           size_t length);
/* io.c: an error met after a NORMAL_READ took `total` bytes: the error now
 * when nothing was taken, else `total`, the error kept for the next
 * receive (interruptions and timeouts only cut the read short). */
ptrdiff_t psock__line_error(psock__sock *sock, size_t total, int native);

/* handle.c's table, here so that a lookup is inlined into every call: a
 * handle is (generation << 32) | (slot index + 1); slots live in chunks that
 * never move. A lookup takes no lock: it loads the chunk pointer and the
 * slot's generation with acquire order, pairing with the release stores
 * that publish them (handle.c). */
#define PSOCK__CHUNK_BITS 8
#define PSOCK__CHUNK_SIZE (1u << PSOCK__CHUNK_BITS)
#define PSOCK__MAX_CHUNKS 4096 /* 1,048,576 sockets */

typedef struct psock__slot {
  _Atomic uint32_t generation; /* odd while in use */
  _Atomic uint32_t next_free;  /* index + 1 of the next free slot, 0 = none */
  psock__sock sock;
} psock__slot;

extern psock__slot *_Atomic psock__chunks[PSOCK__MAX_CHUNKS];

/* The socket a handle names while it is open, else NULL; records nothing
 * (psock_last_error & co. must not change the error they report). */
static inline psock__sock *psock__find(psock_t s) {
  /* index1 0 wraps to the largest index, so one compare checks both. */
  uint32_t index = (uint32_t)(s.id & 0xffffffffu) - 1u;
  uint32_t generation = (uint32_t)(s.id >> 32);
  psock__slot *chunk, *sl;
  if (index >= PSOCK__MAX_CHUNKS * PSOCK__CHUNK_SIZE || (generation & 1u) == 0)
    return NULL;
  chunk = atomic_load_explicit(&psock__chunks[index >> PSOCK__CHUNK_BITS],
                               memory_order_acquire);
  if (chunk == NULL)
    return NULL;
  sl = &chunk[index & (PSOCK__CHUNK_SIZE - 1)];
  return atomic_load_explicit(&sl->generation, memory_order_acquire) ==
                 generation
             ? &sl->sock
             : NULL;
}

/* Records PSOCK_EBADF in the thread's last error (handle.c). */
void psock__bad_handle(void);

/* Look a handle up: NULL for a stale or invalid handle, after recording
 * PSOCK_EBADF in the global last error. */
static inline psock__sock *psock__lookup(psock_t s) {
  psock__sock *sock = psock__find(s);
  if (sock == NULL)
    psock__bad_handle();
  return sock;
}
/* Declare sock for handle s, or return failure (PSOCK_EBADF recorded). */
#define LOOKUP_OR_RETURN(sock, s, failure)                                     \
  psock__sock *sock = psock__lookup(s);                                        \
  if (sock == NULL)                                                            \
  return failure
/* Put an open descriptor into the table and store its handle in *out.
 * Returns 0, or a portable error (table full: PSOCK_EMFILE, no memory:
 * PSOCK_ENOMEM) after closing fd; the caller records it where it belongs. */
int psock__register(psock__fd fd, int domain, int type, int nonblocking,
                    psock_t *out);
/* Make sure the table has a free slot (grow it if not): 0, PSOCK_ENOMEM
 * or PSOCK_EMFILE. accept calls it first, so that a table that cannot grow
 * leaves the connection queued instead of closing it once accepted. */
int psock__reserve(void);
/* Remove s from the table and hand back its descriptor. */
psock__fd psock__unregister(psock_t s);

/* A receive call's first step: 0, or the portable code of an error left
 * pending by a NORMAL_READ (recorded now, and cleared). */
int psock__take_pending_read_error(psock__sock *sock);

/* Start the backend once (psock__os_init); 0 or -native. */
int psock__ensure_os(void);

/* Where a native code was returned. The same native code can mean different
 * portable things by context: Winsock's WSAEWOULDBLOCK from connect is
 * POSIX's EINPROGRESS, its WSAETIMEDOUT from recv is POSIX's EAGAIN. */
typedef enum psock__ctx {
  PSOCK__CTX_ANY,
  PSOCK__CTX_CREATE,             /* socket(): an unknown protocol */
  PSOCK__CTX_CONNECT,            /* connect(): "would block" is "in progress" */
  PSOCK__CTX_ACCEPT,             /* accept(): a queued connection died */
  PSOCK__CTX_IO,                 /* receiving */
  PSOCK__CTX_SEND,               /* sending on a connection: the peer is gone */
  PSOCK__CTX_SEND_NO_DESTINATION /* a datagram sent with no address */
} psock__ctx;

/* error.c: record a failure on sock (may be NULL) and in the thread's global
 * last error. Returns the portable code, so callers can write
 * `return psock__fail_code(sock, err);`. The native code is kept as is. */
int psock__fail_native(psock__sock *sock, int native);
int psock__fail_native_ctx(psock__sock *sock, int native, psock__ctx ctx);
int psock__fail_code(psock__sock *sock, int code);
/* Record exactly this pair (to restore an error a later call overwrote). */
int psock__fail_as(psock__sock *sock, int code, int native);
/* socket.c: the protocol argument of create/create_pair; 0 or
 * PSOCK_EPROTONOSUPPORT. */
int psock__check_protocol(int domain, int protocol);

/* ---- constants (constants.c shared; the table from the backend) -------- */

/* The value type of an option (shim/constants.tab's last column; option.c
 * converts each). */
enum psock__opttype {
  PSOCK__OPTTYPE_NONE, /* not an option */
  PSOCK__OPTTYPE_INT,
  PSOCK__OPTTYPE_BOOL,            /* int read back as 0 or 1 */
  PSOCK__OPTTYPE_INT_RO,          /* int, read-only */
  PSOCK__OPTTYPE_LINGER,          /* psock_linger_t */
  PSOCK__OPTTYPE_TIMEVAL,         /* psock_timeval_t */
  PSOCK__OPTTYPE_TYPE_RO,         /* a PSOCK_SOCK_* value, read-only */
  PSOCK__OPTTYPE_DOMAIN_RO,       /* a PSOCK_AF_* value, read-only */
  PSOCK__OPTTYPE_ERROR_RO,        /* a portable error code, read-only */
  PSOCK__OPTTYPE_STRING,          /* a NUL-terminated string */
  PSOCK__OPTTYPE_STRING_RO,       /* the same, read-only */
  PSOCK__OPTTYPE_PMTUDISC,        /* a PSOCK_IP_PMTUDISC_* value */
  PSOCK__OPTTYPE_PORTRANGE,       /* a PSOCK_IP_PORTRANGE_* value */
  PSOCK__OPTTYPE_IFINDEX,         /* an interface index (int) */
  PSOCK__OPTTYPE_MEMINFO_RO,      /* Linux's SO_MEMINFO array */
  PSOCK__OPTTYPE_BPF_PROGRAM,     /* a classic BPF program */
  PSOCK__OPTTYPE_SPLICE,          /* OpenBSD's struct splice */
  PSOCK__OPTTYPE_ACCEPT_FILTER,   /* FreeBSD's struct accept_filter_arg */
  PSOCK__OPTTYPE_IP_MULTICAST_IF, /* an index the OS takes as an address or
                                     struct ip_mreqn: multicast's to do */
  PSOCK__OPTTYPE_GROUP_REQ,       /* a multicast group request (addrinfo's) */
  PSOCK__OPTTYPE_GROUP_SOURCE_REQ
};

/* One row of shim/constants.tab as the backend in use sees it. */
typedef struct psock__constant {
  int kind;          /* PSOCK_KIND_* */
  int value;         /* the portable value */
  const char *name;  /* the PHP name */
  const char *group; /* the page's group */
  int option_type;   /* enum psock__opttype */
  int available;     /* 1 if this platform has it */
  int native;        /* the system's value when available */
} psock__constant;

/* The backend's generated table (constants_table.inc), in the data file's
 * order, and the row of a (kind, value), the first of aliases: -1 if none. */
extern const psock__constant psock__constants[];
extern const size_t psock__constant_count;
int psock__constant_row(int kind, int value);
/* (kind, value) as one switch key: 24 bits of the value, kinds 7 bits;
 * psock__constant_row checks the row's own value. */
#define PSOCK__CONSTANT_KEY(kind, value)                                       \
  ((int)(((unsigned)(kind) << 24) | ((unsigned)(value)&0xffffffu)))

/* The native value of a portable constant, or -1 when the platform lacks it
 * (no native value psock maps is -1). */
int psock__native_constant(int kind, int value);
/* The row of an available name of (kind, value) -- the constant or one of
 * its aliases -- or -1. */
int psock__available_row(int kind, int value);
/* The portable value of an available constant of kind with this native
 * value (SO_TYPE's PSOCK_SOCK_*, IP_MTU_DISCOVER's PSOCK_IP_PMTUDISC_*), or
 * -1. */
int psock__portable_of_kind(int kind, int native);
/* Validated native values for socket creation. Return 0 or a portable code
 * (PSOCK_EAFNOSUPPORT, PSOCK_ESOCKTNOSUPPORT). */
int psock__native_domain_type(int domain, int type, int *ndomain, int *ntype);
/* Validated native MSG flags: 0 or PSOCK_EINVAL / PSOCK_EOPNOTSUPP. */
int psock__native_msg_flags(int flags, int *nflags);

/* ---- addresses (address.c, shared: sockaddr types exist everywhere) ---- */

typedef struct psock__addr {
  struct sockaddr_storage ss;
  psock__socklen len;
} psock__addr;

/* Parse address/port for a socket of the given portable domain. Returns 0,
 * PSOCK_EINVAL or PSOCK_ENAMETOOLONG. */
int psock__addr_parse(int domain, const char *address, int port,
                      psock__addr *out);
/* Format a native address into address/size and *port. Returns 0 or
 * PSOCK_ENOBUFS. */
int psock__addr_format(const psock__addr *addr, char *address, size_t size,
                       int *port);

/* socket.c: psock_accept that also gives the peer's address (the system
 * returns it with the connection: no further call). peer may be NULL. */
psock_t psock__accept_from(psock_t listener, psock__addr *peer);

/* ---- the backend ------------------------------------------------------- */

/* One-time process set-up (Winsock start-up); 0 or -native. Called by the
 * handle table before the first socket exists; must be thread-safe. */
int psock__os_init(void);
/* The global lock guarding the handle table's allocation. */
void psock__os_lock(void);
void psock__os_unlock(void);
/* A socket's own lock (psock__mutex, platform.h). */
void psock__os_mutex_init(psock__mutex *m);
void psock__os_mutex_lock(psock__mutex *m);
void psock__os_mutex_unlock(psock__mutex *m);
/* Let another thread run (a spin lock's waiter, line.c). Cannot fail, so
 * it is no fault-injection site. */
void psock__os_yield(void);

/* Native error code for errors psock detects itself, and both directions of
 * the error mapping (backend's errors.c, generated from PSOCK_ERRNO_MAP). */
int psock__os_native_of(int code);
int psock__os_portable_of(int native);
/* The same in a context; backends without context differences return
 * psock__os_portable_of(native). */
int psock__os_portable_of_ctx(int native, psock__ctx ctx);
/* Localized message of a native code; length written, or -1 if none. */
int psock__os_strerror_localized(int native, char *buf, size_t size);

/* Sockets. New sockets are close-on-exec and never raise SIGPIPE; AF_INET6
 * ones are dual-stack (IPV6_V6ONLY off), whatever the system's default. */
int psock__os_socket(int ndomain, int ntype, int protocol, int nonblocking,
                     psock__fd *out);
/* Forbid other sockets from binding this one's address (Windows'
 * SO_EXCLUSIVEADDRUSE); a no-op where ports are never shared uninvited. */
int psock__os_exclusive(psock__fd fd);
/* Let a server rebind its port while old connections linger in TIME_WAIT
 * (POSIX: SO_REUSEADDR). Windows allows that by default, and its
 * SO_REUSEADDR would instead let another socket take a bound port, so there
 * this is SO_EXCLUSIVEADDRUSE. */
int psock__os_server_address_reuse(psock__fd fd);
int psock__os_socketpair_unix(int ntype, int protocol, psock__fd out[2]);
int psock__os_close(psock__fd fd);
int psock__os_bind(psock__fd fd, const psock__addr *addr);
int psock__os_connect(psock__fd fd, const psock__addr *addr);
int psock__os_listen(psock__fd fd, int backlog);
int psock__os_listen_max(void);
/* Accept; the new descriptor is nonblocking iff nonblocking, and
 * close-on-exec. peer may be NULL. */
int psock__os_accept(psock__fd fd, int nonblocking, psock__fd *out,
                     psock__addr *peer);
int psock__os_shutdown(psock__fd fd, int how /* 0, 1, 2 */);
int psock__os_set_nonblocking(psock__fd fd, int on);
int psock__os_getsockname(psock__fd fd, psock__addr *out);
int psock__os_getpeername(psock__fd fd, psock__addr *out);
/* sockatmark / ioctlsocket(SIOCATMARK): 1 at the mark, 0 not, or -native. */
int psock__os_atmark(psock__fd fd);
/* Adopt an OS socket (psock_import): check it is one, give its native
 * domain and type and whether it is nonblocking, and make it close-on-exec
 * and SIGPIPE-free as psock's own sockets are. 0 or -native; on failure the
 * descriptor is left as it was, and not closed. */
int psock__os_adopt(uintptr_t os_socket, psock__fd *fd, int *ndomain,
                    int *ntype, int *nonblocking);

/* Data. Return bytes (>= 0) or -native. nflags are native MSG flags. */
ptrdiff_t psock__os_recv(psock__fd fd, void *buf, size_t len, int nflags);
ptrdiff_t psock__os_send(psock__fd fd, const void *buf, size_t len, int nflags);
ptrdiff_t psock__os_recvfrom(psock__fd fd, void *buf, size_t len, int nflags,
                             psock__addr *from);
ptrdiff_t psock__os_sendto(psock__fd fd, const void *buf, size_t len,
                           int nflags, const psock__addr *to);
/* Scatter/gather; to/from may be NULL; *truncated set when not NULL. */
ptrdiff_t psock__os_sendv(psock__fd fd, const psock_iovec_t *iov, size_t n,
                          int nflags, const psock__addr *to);
ptrdiff_t psock__os_recvv(psock__fd fd, const psock_iovec_t *iov, size_t n,
                          int nflags, psock__addr *from, int *truncated);

/* Ancillary data across the backend (psock_sendmsg/psock_recvmsg's
 * SCM_RIGHTS). send: fds[0..count) travel. recv: fds has room for count
 * (at most PSOCK_RIGHTS_MAX), set to how many arrived; the backend closes
 * those beyond the room and sets truncated, as it does for MSG_CTRUNC;
 * space is the control buffer's size. Received descriptors are
 * close-on-exec. */
typedef struct psock__control {
  psock__fd *fds;
  size_t count;
  size_t space;
  int truncated;
} psock__control;
ptrdiff_t psock__os_sendv_control(psock__fd fd, const psock_iovec_t *iov,
                                  size_t n, int nflags, const psock__addr *to,
                                  const psock__control *control);
ptrdiff_t psock__os_recvv_control(psock__fd fd, const psock_iovec_t *iov,
                                  size_t n, int nflags, psock__addr *from,
                                  int *truncated, psock__control *control);
/* CMSG_SPACE of n descriptors; -native where none can be passed. */
ptrdiff_t psock__os_rights_space(size_t n);

/* wsaprotocol_info (Windows; -EOPNOTSUPP elsewhere): export s's socket for
 * process_id into a named mapping whose name goes to id; import the socket
 * a mapping describes (adopted as psock__os_adopt does); release a mapping
 * this process made. 0 or -native. */
int psock__os_wsa_export(psock__fd fd, int process_id, char *id,
                         size_t id_size);
int psock__os_wsa_import(const char *id, psock__fd *fd, int *ndomain,
                         int *ntype);
int psock__os_wsa_release(const char *id);

/* Waiting: poll-like. psock__pollent and the PSOCK__POLL* bits come from
 * platform.h (POSIX: struct pollfd itself, so the array goes to poll() as
 * it is); it has fd, events and revents. timeout_ms < 0: no limit. Returns
 * ready count or -native. */
int psock__os_poll(psock__pollent *ents, size_t n, int timeout_ms);

/* Scratch storage for the calling thread, kept between calls (select needs
 * arrays the size of its sets on every call; allocating them each time
 * costs more than the poll itself at 10,000 sockets). One buffer per slot:
 * select.c's entries, and the backend's own (Winsock's fd_sets). */
enum { PSOCK__BUF_SELECT, PSOCK__BUF_POLL, PSOCK__BUF_COUNT };
typedef struct psock__thread_buffers {
  void *p[PSOCK__BUF_COUNT];
  size_t cap[PSOCK__BUF_COUNT];
} psock__thread_buffers;
/* select.c: at least `bytes` in the thread's buffer `slot`, grown as
 * needed; NULL when out of memory. */
void *psock__thread_buffer(int slot, size_t bytes);
/* select.c: free a thread's buffers (the backend's thread-exit hook). */
void psock__thread_buffers_free(psock__thread_buffers *b);
/* The backend: this thread's record (zeroed when new), which it frees with
 * psock__thread_buffers_free when the thread ends; NULL when none can be
 * made. */
psock__thread_buffers *psock__os_thread_buffers(void);

/* Options at native level/name; value conversions are the backend's. */
enum psock__optkind {
  PSOCK__OPT_INT,
  PSOCK__OPT_LINGER,
  PSOCK__OPT_TIMEVAL,
  PSOCK__OPT_BYTES, /* value is a psock__optbytes */
  /* An int interface index the system takes as that interface's IPv4
   * address (IP_MULTICAST_IF on POSIX): only from a backend that defines
   * PSOCK__OS_IPV4_INTERFACE (platform.h) and converts it. */
  PSOCK__OPT_IPV4_INTERFACE
};
/* A PSOCK__OPT_BYTES value: the bytes and their count; getopt sets size
 * to the count the system wrote. */
typedef struct psock__optbytes {
  void *data;
  size_t size;
} psock__optbytes;
int psock__os_getopt(psock__fd fd, int nlevel, int nname,
                     enum psock__optkind kind, void *value);
int psock__os_setopt(psock__fd fd, int nlevel, int nname,
                     enum psock__optkind kind, const void *value);
#if defined(PSOCK__OS_LINK_ADDRESS)
/* posix/group.c: an AF_PACKET address as PHP 8.5 gives it, the interface
 * by name (the port: its index). Parse: 0, PSOCK_EINVAL (no interface of
 * that name, "" included), PSOCK_ENAMETOOLONG (longer than an interface
 * name can be). Format: the interface's name ("" when the index names
 * none, as for an unbound socket) and its index in *port (may be NULL);
 * 0 or PSOCK_ENOBUFS. */
int psock__os_link_addr_parse(const char *name, psock__addr *out);
int psock__os_link_addr_format(const psock__addr *addr, char *text, size_t size,
                               int *port);
#endif
#if defined(PSOCK__OS_IPV4_INTERFACE)
/* posix/group.c: PSOCK__OPT_IPV4_INTERFACE's two directions, an interface
 * index (0: none, the routing table chooses) as the system's address of
 * the interface: 0 or -errno (EADDRNOTAVAIL: no interface of that index
 * has an IPv4 address; or the address read back is no interface's). */
int psock__os_ipv4_interface_get(psock__fd fd, int nlevel, int nname,
                                 int *index);
int psock__os_ipv4_interface_set(psock__fd fd, int nlevel, int nname,
                                 int index);
#endif

/* ---- multicast group requests (group.c shared; the call from the backend) */

/* option.c: 1 when (level, option) is a group request (*with_source set),
 * 0 when not, PSOCK_ENOPROTOOPT when it is one the platform lacks. */
int psock__group_option(int level, int option, int *nlevel, int *nname,
                        int *with_source);
/* group.c: psock_set_option of a group request. */
int psock__set_group_request(psock__sock *sock, int nlevel, int nname,
                             int with_source, const void *value, size_t size);
/* The index of the interface called name: 0 and *index, or PSOCK_EINVAL. */
int psock__os_interface_index(const char *name, unsigned *index);
/* setsockopt of struct group_req (source NULL) or group_source_req (GROUP_REQ
 * and GROUP_SOURCE_REQ on Windows); 0 or -native. */
int psock__os_group_request(psock__fd fd, int nlevel, int nname, unsigned index,
                            const psock__addr *group,
                            const psock__addr *source);

/* ---- address lookup (addrinfo.c shared; the resolver from the backend) -- */

/* One entry of a lookup with the system's (native) family, type, protocol
 * and flags; canonname points into the same allocation, or is NULL. */
typedef struct psock__ai_entry {
  int nflags;
  int nfamily;
  int ntype;
  int protocol;
  psock__addr addr;
  const char *canonname;
} psock__ai_entry;

/* getaddrinfo (POSIX) or GetAddrInfoW (Windows, host and service UTF-8) of
 * host and service (NULL: none) with native hints. On success 0, with
 * *entries one allocation (free() it) of *count >= 1 entries and their
 * canonical names. On failure a portable code (PSOCK_EAI_*, PSOCK_ENOMEM,
 * or the errno's of EAI_SYSTEM) with *native the resolver's own code. */
int psock__os_addrinfo(const char *host, const char *service, int nflags,
                       int nfamily, int ntype, int protocol,
                       psock__ai_entry **entries, size_t *count, int *native);

#endif /* PSOCK_INTERNAL_H */
