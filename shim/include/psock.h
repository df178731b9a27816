/* SPDX-License-Identifier: MIT */
/*
 * psock.h -- portable BSD sockets with one behaviour on every platform.
 *
 * The API mirrors PHP's ext/sockets function set one to one (socket_accept ->
 * psock_accept, ...). The specification is the PHP sockets manual as kept in
 * shared/seeds/; each function below names the page and sentence it
 * implements ("spec:" lines, seed file and quoted text).
 *
 * Conventions, the same for every function:
 *   - Sockets are opaque handles (psock_t). A handle that was never valid,
 *     or whose socket has been closed, is detected: the call fails with
 *     PSOCK_EBADF and nothing crashes. PSOCK_NONE is the "no socket" value.
 *   - Functions returning int or ptrdiff_t return >= 0 on success and a
 *     negative portable error code (PSOCK_E...) on failure.
 *   - Functions returning psock_t return PSOCK_NONE on failure.
 *   - Every failure is recorded twice, as socket_last_error() does: on the
 *     socket concerned (psock_last_error(s)) and in the calling thread's
 *     global last error (psock_last_error(PSOCK_NONE)). Both keep the
 *     portable code and the native one (errno or WSAGetLastError()).
 *   - A successful call never clears a recorded error; psock_clear_error does.
 *   - psock never retries an interrupted call: EINTR reaches the caller as
 *     PSOCK_EINTR, and no call ever raises SIGPIPE.
 *
 * Thread safety: every function may be called from any thread, and one
 * handle may be used by several threads at once (as a descriptor may):
 * handle lookups take no lock and are safe against concurrent creation and
 * closing of other handles; a socket's mode, backlog and error record are
 * atomic. Two rules remain the caller's: closing a handle while another
 * thread is still inside a call on it is an error (the call may act on a
 * descriptor number the system has given to a new socket; later calls get
 * PSOCK_EBADF), and concurrent reads of one stream interleave their bytes
 * as they would on a descriptor. The global last error is per thread, as
 * errno is; a socket's last error is shared by the threads using it (the
 * last failure recorded wins; code and native code always match).
 * Strings (addresses, paths) end at their first NUL, as C strings do.
 */
#ifndef PSOCK_H
#define PSOCK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(PSOCK_SHARED)
#  if defined(PSOCK_BUILDING)
#    define PSOCK_API __declspec(dllexport)
#  else
#    define PSOCK_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && defined(PSOCK_BUILDING)
#  define PSOCK_API __attribute__((visibility("default")))
#else
#  define PSOCK_API
#endif

/* PSOCK_VERSION_MAJOR, _MINOR, _PATCH and PSOCK_VERSION_STRING: generated
 * from the build's one version (CMakeLists.txt). */
#include "psock_version.h"
/* PSOCK_VERSION_STRING, e.g. "0.1.0": the library's own, which may differ
 * from the header's when a program runs against another build. */
PSOCK_API const char *psock_version(void);

/* ------------------------------------------------------------------------
 * Handles
 * ------------------------------------------------------------------------ */

/* A socket handle: an index into psock's table plus a generation number, so
 * that a stale handle (closed, or never created) is recognised rather than
 * reaching whatever socket reuses the slot. Compare with psock_same(). */
typedef struct psock_handle {
  uint64_t id;
} psock_t;

/* The "no socket" value: what failed constructors return, and the argument
 * that selects the global last error in psock_last_error/psock_clear_error. */
#define PSOCK_NONE_INIT                                                        \
  { 0 }
PSOCK_API extern const psock_t PSOCK_NONE;

/* 1 if s refers to an open socket, 0 otherwise. */
PSOCK_API int psock_valid(psock_t s);
/* 1 if a and b are the same handle. */
PSOCK_API int psock_same(psock_t a, psock_t b);
/* Number of psock sockets open in this process: for leak checks. */
PSOCK_API size_t psock_open_count(void);

/* ------------------------------------------------------------------------
 * Errors: one portable set with POSIX names, stable numbers and stable
 * English messages. One list generates the enum, psock_err_name and
 * psock_strerror; each platform maps its native codes onto it in one place.
 *
 *   XX(name, number, English message)
 * ------------------------------------------------------------------------ */
#define PSOCK_ERRNO_MAP(XX)                                                    \
  XX(EACCES, 1, "permission denied")                                           \
  XX(EADDRINUSE, 2, "address already in use")                                  \
  XX(EADDRNOTAVAIL, 3, "address not available")                                \
  XX(EAFNOSUPPORT, 4, "address family not supported")                          \
  XX(EWOULDBLOCK, 5, "operation would block")                                  \
  XX(EALREADY, 6, "connection already in progress")                            \
  XX(EBADF, 7, "bad socket handle")                                            \
  XX(ECONNABORTED, 8, "connection aborted")                                    \
  XX(ECONNREFUSED, 9, "connection refused")                                    \
  XX(ECONNRESET, 10, "connection reset by peer")                               \
  XX(EDESTADDRREQ, 11, "destination address required")                         \
  XX(EFAULT, 12, "bad address in system call argument")                        \
  XX(EHOSTUNREACH, 13, "host is unreachable")                                  \
  XX(EINPROGRESS, 14, "operation in progress")                                 \
  XX(EINTR, 15, "interrupted system call")                                     \
  XX(EINVAL, 16, "invalid argument")                                           \
  XX(EISCONN, 17, "socket is already connected")                               \
  XX(EMFILE, 18, "too many open files")                                        \
  XX(EMSGSIZE, 19, "message too long")                                         \
  XX(ENAMETOOLONG, 20, "name too long")                                        \
  XX(ENETDOWN, 21, "network is down")                                          \
  XX(ENETUNREACH, 22, "network is unreachable")                                \
  XX(ENFILE, 23, "file table overflow")                                        \
  XX(ENOBUFS, 24, "no buffer space available")                                 \
  XX(ENOMEM, 25, "not enough memory")                                          \
  XX(ENOPROTOOPT, 26, "protocol not available")                                \
  XX(ENOTCONN, 27, "socket is not connected")                                  \
  XX(ENOTSOCK, 28, "socket operation on non-socket")                           \
  XX(EOPNOTSUPP, 29, "operation not supported on socket")                      \
  XX(EPIPE, 30, "broken pipe")                                                 \
  XX(EPROTONOSUPPORT, 31, "protocol not supported")                            \
  XX(EPROTOTYPE, 32, "protocol wrong type for socket")                         \
  XX(ESOCKTNOSUPPORT, 33, "socket type not supported")                         \
  XX(ETIMEDOUT, 34, "connection timed out")                                    \
  XX(ENOENT, 35, "no such file or directory")                                  \
  XX(ENOTDIR, 36, "not a directory")                                           \
  XX(ELOOP, 37, "too many symbolic links encountered")                         \
  XX(EROFS, 38, "read-only file system")                                       \
  XX(ESHUTDOWN, 39, "cannot send after socket shutdown")                       \
  XX(EHOSTDOWN, 40, "host is down")                                            \
  XX(EPFNOSUPPORT, 41, "protocol family not supported")                        \
  XX(EPERM, 42, "operation not permitted")                                     \
  XX(EOTHER, 99, "unknown system error")

/* The resolver's errors (getaddrinfo's EAI_*, GetAddrInfoW's WSA codes), for
 * psock_addrinfo_lookup: portable codes of their own, apart from the errno
 * list because their native codes are the resolver's, not errno values
 * (glibc's EAI_NONAME is -2, Winsock's is WSAHOST_NOT_FOUND). The native
 * code recorded with them is the resolver's own. glibc's EAI_NODATA and
 * EAI_ADDRFAMILY (no address of the asked family) are PSOCK_EAI_NONAME, as
 * POSIX has only that; EAI_SYSTEM is the errno it carries; EAI_MEMORY is
 * PSOCK_ENOMEM.
 *   XX(name, number, English message) */
#define PSOCK_RESOLVER_ERROR_MAP(XX)                                           \
  XX(EAI_AGAIN, 60, "temporary failure in name resolution")                    \
  XX(EAI_BADFLAGS, 61, "bad value for the lookup's flags")                     \
  XX(EAI_FAIL, 62, "non-recoverable failure in name resolution")               \
  XX(EAI_FAMILY, 63, "address family not supported by the resolver")           \
  XX(EAI_NONAME, 64, "name or service not known")                              \
  XX(EAI_SERVICE, 65, "service not available for the socket type")             \
  XX(EAI_SOCKTYPE, 66, "socket type not supported by the resolver")

/* Portable error codes are negative, so that a call's return value can carry
 * them: PSOCK_EADDRINUSE == -2 on every platform. 0 is success. PSOCK_EAGAIN
 * is PSOCK_EWOULDBLOCK; PSOCK_ENOTSUP is PSOCK_EOPNOTSUPP. A native code with
 * no portable name becomes PSOCK_EOTHER, and keeps its number as the native
 * code of the recorded error. */
typedef enum psock_errno {
  PSOCK_OK = 0,
#define PSOCK__ERRNO_ENUM(name, number, message) PSOCK_##name = -(number),
  PSOCK_ERRNO_MAP(PSOCK__ERRNO_ENUM) PSOCK_RESOLVER_ERROR_MAP(PSOCK__ERRNO_ENUM)
#undef PSOCK__ERRNO_ENUM
      PSOCK_EAGAIN = PSOCK_EWOULDBLOCK,
  PSOCK_ENOTSUP = PSOCK_EOPNOTSUPP
} psock_errno_t;

/* spec 002 "socket_last_error -- Returns the last error on the socket";
 * 000 "Le code d'erreur généré peut être obtenu en appelant la fonction
 * socket_last_error()".
 * The portable code of the last error recorded on s, or, when s is
 * PSOCK_NONE, of the last error of any psock call in this thread. 0 if none.
 * A stale or invalid s (not PSOCK_NONE) gives PSOCK_EBADF. */
PSOCK_API int psock_last_error(psock_t s);
/* The native code (errno value, or WSA error code) of the same error, 0 if
 * none. For errors psock detects itself (a bad handle, a bad argument) it is
 * the platform's code for the same condition (EBADF, EINVAL, ...). */
PSOCK_API int psock_last_native_error(psock_t s);
/* spec 002 "socket_clear_error -- Clears the error on the socket or the last
 * error code". Clears the error of s, or the thread's global one when s is
 * PSOCK_NONE. */
PSOCK_API void psock_clear_error(psock_t s);

/* spec 002 "You may call the socket_strerror() function with this error code
 * to retrieve a string describing the error" and "The E_WARNING messages
 * generated by the socket extension are in English".
 * The stable English message of a portable code: the same bytes on every
 * platform, in every locale. Never NULL; an unknown code gives
 * "unknown error". Static storage. */
PSOCK_API const char *psock_strerror(int code);
/* "EADDRINUSE" for PSOCK_EADDRINUSE; "OK" for 0; "UNKNOWN" otherwise. */
PSOCK_API const char *psock_err_name(int code);
/* spec 002 "the retrieved error message will appear depending on the current
 * locale (LC_MESSAGES): ... Die Adresse wird bereits verwendet".
 * The operating system's message for a native code, in the language of the
 * calling thread's LC_MESSAGES (strerror_r on POSIX, FormatMessageW on
 * Windows), UTF-8, written to buf (always NUL-terminated when size > 0).
 * Where the system has no text for the code it writes the English message of
 * the code's portable equivalent. snprintf-style: returns the full length of
 * the message in bytes; when that is size or more, buf holds the longest
 * prefix that fits, cut where a UTF-8 character ends, NUL-terminated. size 0
 * writes nothing (buf may then be NULL); buf NULL with size > 0 is
 * PSOCK_EINVAL. The language is the calling thread's: a thread that called
 * uselocale() gets its own. The program must have called setlocale() (or
 * uselocale()) for anything but English to appear; on musl libc the text is
 * always English (musl ships no translations). Thread-safe. */
PSOCK_API int psock_strerror_localized(int native_code, char *buf, size_t size);
/* Map a native code to the portable one (PSOCK_EOTHER when unknown, 0 for
 * 0), and back (0 when the platform has no such code). */
PSOCK_API int psock_error_from_native(int native_code);
PSOCK_API int psock_error_to_native(int code);

/* ------------------------------------------------------------------------
 * Constants: every constant of the manual's constants page (spec: "Predefined
 * Constants", reference/sockets/constants.xml) by its PHP name, as
 * PSOCK_<name>: PSOCK_AF_INET, PSOCK_SO_LINGER, PSOCK_SOCKET_EADDRINUSE,
 * PSOCK_AI_PASSIVE, PSOCK_PHP_NORMAL_READ, ... Every name exists on every
 * platform, with one portable value everywhere (the native values differ:
 * AF_INET6 is 10 on Linux, 23 on Windows, 30 on macOS); psock translates
 * them at each call. Whether this platform has a name is a run-time answer:
 * psock_constant_by_name and psock_supports say, following the page's
 * groups -- a Windows-only name is available only on Windows, a name of the
 * page's UNIX-like group only on POSIX systems whose headers define it
 * (its IP-level names too, AI_*, IPPROTO_IP/IPV6, IPV6_*, IP_MULTICAST_*,
 * MCAST_*, SOMAXCONN, MSG_TRUNC/CTRUNC, although Winsock and PHP's Windows
 * builds define them: on Windows hints with AI_* flags and the options of
 * those levels fail as unavailable names do), one the page marks
 * "Linux only" only on Linux, and any name only where the system has its
 * counterpart. Using an unavailable name gives the error the
 * function documents for it (PSOCK_EAFNOSUPPORT for a domain,
 * PSOCK_ESOCKTNOSUPPORT for a type, PSOCK_EOPNOTSUPP for a MSG_ flag,
 * PSOCK_ENOPROTOOPT for a level or option).
 *
 * The list is shim/constants.tab (name, kind, portable value, the page's
 * group, platforms, POSIX and Winsock symbols, option value type); the
 * build generates psock_constants.h (PSOCK_CONSTANT_MAP below) and psock's
 * lookup, native mapping and availability answers from it.
 *
 * SOCKET_E* names are error codes: where psock has the portable error
 * (SOCKET_EADDRINUSE, SOCKET_ADDRINUSE) the value is that code
 * (PSOCK_EADDRINUSE), as psock_last_error reports it. The others
 * (SOCKET_EREMCHG, ...) have values from -1001 down; psock_last_error
 * reports such an error as PSOCK_EOTHER, and psock_constant_native gives the
 * system's code to compare psock_last_native_error with.
 * ------------------------------------------------------------------------ */
enum psock_constant_kind {
  PSOCK_KIND_DOMAIN = 1,     /* socket_create's domain (AF_*) */
  PSOCK_KIND_TYPE,           /* socket_create's type (SOCK_*) */
  PSOCK_KIND_MSG,            /* send/recv flags (MSG_*), combinable bits */
  PSOCK_KIND_LEVEL,          /* get/set_option level (SOL_*, IPPROTO_*);
                                SOL_TCP/SOL_UDP also serve as the protocol
                                argument, as in PHP */
  PSOCK_KIND_SOCKET_OPTION,  /* options at level SOL_SOCKET (SO_*) */
  PSOCK_KIND_TCP_OPTION,     /* options at level SOL_TCP (TCP_*) */
  PSOCK_KIND_ERROR,          /* error codes (SOCKET_E*) */
  PSOCK_KIND_IP_OPTION,      /* options at level IPPROTO_IP (IP_*) */
  PSOCK_KIND_IPV6_OPTION,    /* options at level IPPROTO_IPV6 (IPV6_*) */
  PSOCK_KIND_MCAST_OPTION,   /* MCAST_*: at IPPROTO_IP or IPPROTO_IPV6 */
  PSOCK_KIND_UDPLITE_OPTION, /* options at level SOL_UDPLITE */
  PSOCK_KIND_LOCAL_OPTION,   /* options at level SOL_LOCAL (LOCAL_*) */
  PSOCK_KIND_FILTER_OPTION,  /* options at level SOL_FILTER (FIL_*) */
  PSOCK_KIND_CMSG,           /* control message types (SCM_*) */
  PSOCK_KIND_ADDRINFO,       /* socket_addrinfo_lookup flags (AI_*), bits */
  PSOCK_KIND_PMTUDISC,       /* IP_MTU_DISCOVER's values (IP_PMTUDISC_*) */
  PSOCK_KIND_PORTRANGE,      /* IP_PORTRANGE's values (IP_PORTRANGE_*) */
  PSOCK_KIND_BPF,            /* BPF ancillary data offsets (SKF_AD_*) */
  PSOCK_KIND_READ_MODE,      /* psock_read's mode (PHP_*_READ) */
  PSOCK_KIND_BACKLOG,        /* psock_listen's backlog (SOMAXCONN) */
  PSOCK_KIND_TYPE_FLAG,      /* flags or'ed into a type (SOCK_NONBLOCK,
                                SOCK_CLOEXEC) */
  PSOCK_KIND_SHUTDOWN,       /* psock_shutdown's how (SHUT_*, PHP 8.5) */
  PSOCK_KIND_UDP_OPTION      /* options at level SOL_UDP (UDP_SEGMENT) */
};

/* PSOCK_CONSTANT_MAP(XX): XX(kind, name, value) for every name, and
 * PSOCK_CONSTANT_COUNT, generated from shim/constants.tab. */
#include "psock_constants.h"

enum psock_constant {
#define PSOCK__CONSTANT_ENUM(kind, name, value) PSOCK_##name = value,
  PSOCK_CONSTANT_MAP(PSOCK__CONSTANT_ENUM)
#undef PSOCK__CONSTANT_ENUM
      PSOCK__CONSTANT_END = 0
};

/* 1 if this platform supports the constant, 0 if not, PSOCK_EINVAL if
 * (kind, value) names no psock constant. Aliases (two names, one kind and
 * value) count as supported when either name is available here; ask by
 * name (psock_constant_by_name) for one name's answer. For domains and
 * types psock also asks the system, once per process, by creating a socket:
 * a domain is supported when a stream or datagram socket of it can be made,
 * a type when some psock domain makes it (SOCK_RAW: refused for want of
 * privilege still counts). So Wine's AF_UNIX, which its headers define and
 * its sockets refuse, says 0, and so does SOCK_RDM on Linux, which no domain
 * psock has implements. Other kinds: the platform defines it and psock passes
 * it on. Supported does not promise that every combination works.
 * Thread-safe. */
PSOCK_API int psock_supports(int kind, int value);
/* Look a constant up by its PHP name ("AF_INET", "SO_LINGER",
 * "SOCKET_EINTR"): stores its kind and value (either pointer may be NULL)
 * and returns 0 when this platform defines it (the page's group and the
 * system's headers: PHP's "defined"); stores them as well and returns
 * PSOCK_EOPNOTSUPP when psock knows the name but it is not available here
 * (a Windows-only name on Linux, say). A defined domain or type may still
 * make no socket here (SOCK_SEQPACKET on Windows, SOCK_RDM on Linux):
 * psock_supports says whether it does. Returns PSOCK_EINVAL, storing
 * nothing, for NULL, "", a name longer than 64 bytes or one that is not a
 * constant. Thread-safe; records no error. */
PSOCK_API int psock_constant_by_name(const char *name, int *kind, int *value);
/* The PHP name of (kind, value) (the first of aliases), or NULL. */
PSOCK_API const char *psock_constant_name(int kind, int value);
/* The system's own value of a constant, the native mapping psock applies:
 * stores it in *native and returns 0; PSOCK_EOPNOTSUPP when this platform
 * lacks the constant, PSOCK_EINVAL when (kind, value) names none or native
 * is NULL. For psock's own constants (PHP_NORMAL_READ) the native value is
 * the portable one; for a flag psock emulates (MSG_EOF on Linux, psock_send)
 * it is 0: no flag of the system's is passed. Thread-safe; records no
 * error. */
PSOCK_API int psock_constant_native(int kind, int value, int *native);

/* ------------------------------------------------------------------------
 * Creating, naming, connecting, closing
 * ------------------------------------------------------------------------ */

/* Large enough for any address psock_getsockname & co. write: an IPv6
 * literal or an AF_UNIX path, with its NUL. */
#define PSOCK_ADDRSTRLEN 110
/* Large enough for any IPv4 literal ("255.255.255.255"), and for any IPv6
 * literal with a numeric scope id ("fe80::1%4294967295"), with their NUL. */
#define PSOCK_INET_ADDRSTRLEN 16
#define PSOCK_INET6_ADDRSTRLEN 64

/* spec 002 "socket_create -- Create a socket (endpoint for communication)".
 * domain PSOCK_AF_*, type PSOCK_SOCK_*, protocol 0, PSOCK_SOL_TCP,
 * PSOCK_SOL_UDP or an IANA protocol number 0..255 (getprotobyname's, spec
 * 004); AF_UNIX takes protocol 0 only. A protocol outside that, or one the
 * system does not know for the domain and type, is PSOCK_EPROTONOSUPPORT
 * on every platform (Linux says EINVAL above 262, Windows WSAEINVAL).
 * The socket starts in blocking mode, close-on-exec (not inherited by child
 * processes), and never raises SIGPIPE. type may carry PSOCK_SOCK_NONBLOCK
 * (the socket starts nonblocking) and PSOCK_SOCK_CLOEXEC (changes nothing),
 * or'ed in, on every platform (Windows has no such flags: psock creates the
 * socket, then sets it nonblocking, and a failure closes it). AF_INET6
 * stream and datagram sockets are dual-stack on every platform (IPV6_V6ONLY
 * off: Linux's and macOS's default, set explicitly because a sysctl can change
 * it and Windows defaults to on), so "::" also serves IPv4 and a v4-mapped
 * address
 * ("::ffff:127.0.0.1") can be bound and connected to.
 * Errors: PSOCK_EAFNOSUPPORT (domain not a psock domain, or not on this
 * platform), PSOCK_ESOCKTNOSUPPORT (likewise for type), PSOCK_EPROTONOSUPPORT,
 * PSOCK_EMFILE, PSOCK_EACCES (SOCK_RAW without privilege), ... */
PSOCK_API psock_t psock_create(int domain, int type, int protocol);

/* spec 002 "socket_create_listen -- Opens a socket on port to accept
 * connections". An AF_INET SOCK_STREAM socket bound to address:port and
 * listening with backlog (clamped as psock_listen does). address NULL means
 * "0.0.0.0", PHP's only choice (all interfaces); pass "127.0.0.1" to stay on
 * loopback. port 0 picks a free port (psock_getsockname tells which).
 * The port can be rebound while old connections linger in TIME_WAIT, as
 * PHP's SO_REUSEADDR gives on POSIX; on Windows, where SO_REUSEADDR would let
 * another socket take the port, psock sets SO_EXCLUSIVEADDRUSE instead.
 * On failure nothing stays open. */
PSOCK_API psock_t psock_create_listen(const char *address, int port,
                                      int backlog);

/* spec 004 "socket_create_pair crée une paire de sockets identiques et les
 * stocke dans &fd" (creates a pair of indistinguishable sockets). Stores two
 * connected sockets in pair[0], pair[1] and returns 0.
 * Domains: AF_UNIX natively (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET where the
 * platform has it; where the system cannot pair an AF_UNIX stream or datagram
 * socket -- Windows has no socketpair and no AF_UNIX datagrams -- the pair
 * is made over loopback as below and psock_domain() reports AF_INET); AF_INET
 * and AF_INET6, which the spec says only Windows offers ("Supporté uniquement
 * sous Windows"), on every platform, SOCK_STREAM and SOCK_DGRAM, emulated over
 * the loopback interface only (127.0.0.1 or ::1, never the any-address), with a
 * check that the accepted peer is the socket that connected. On any failure
 * everything is closed and pair is untouched. Errors: PSOCK_EINVAL (pair NULL),
 * PSOCK_EAFNOSUPPORT, PSOCK_ESOCKTNOSUPPORT (e.g. AF_INET with SOCK_SEQPACKET),
 * PSOCK_EADDRNOTAVAIL (no ::1 here), PSOCK_ECONNABORTED (a stranger kept taking
 * the loopback listener). */
PSOCK_API int psock_create_pair(int domain, int type, int protocol,
                                psock_t pair[2]);

/* spec 002 "socket_bind -- Binds a name to a socket". address is a numeric
 * IPv4 or IPv6 literal for AF_INET/AF_INET6 (psock does no name lookups,
 * so it never blocks on DNS) or a filesystem path for AF_UNIX (port is then
 * ignored). port 0..65535.
 * An IPv6 literal may carry a scope id, by number or interface name
 * ("fe80::1%1", "fe80::1%lo"), parsed without any lookup; psock writes it
 * back by number.
 * AF_PACKET (Linux): address is a network interface's name ("lo") and
 * port is ignored; the socket then takes only that interface's frames
 * (its protocol stays the one it was made with). PHP 8.5 binds AF_PACKET
 * sockets so (manual.migration.85_other_changes.sockets.2 and .3;
 * php.net/migration85.other-changes). psock_getsockname and
 * psock_getpeername give such an address back as the interface's name
 * ("" when none, as before bind) with its index as the port, as PHP 8.5's
 * socket_getsockname does (manual.socket_getsockname.changelog.2).
 * Errors besides the others: PSOCK_EINVAL (no interface of that name, ""),
 * PSOCK_ENAMETOOLONG (longer than an interface name can be).
 * Errors: PSOCK_EINVAL (NULL or malformed address, port out of range),
 * PSOCK_ENAMETOOLONG (AF_UNIX path longer than the platform's sun_path),
 * PSOCK_ENOMEM (no memory to parse a scoped literal; the address is not
 * called malformed), PSOCK_EADDRINUSE, PSOCK_EADDRNOTAVAIL, PSOCK_EACCES,
 * ... */
PSOCK_API int psock_bind(psock_t s, const char *address, int port);

/* PSOCK_SOMAXCONN (0x7fffffff, the constants above) asks for the
 * platform's listen backlog maximum. The number works on every platform, as
 * any backlog above the maximum does; the name is the page's UNIX-like
 * group's, so psock_supports answers 0 for it on Windows. */

/* spec 003 "Un nombre maximum de backlog connexions seront mises en attente
 * de traitement" (at most backlog connections are queued) and "Sur Linux,
 * c'est tronqué automatiquement à SOMAXCONN ... Il n'y a pas de méthode pour
 * deviner la valeur réellement choisie" (truncated to SOMAXCONN on Linux; no
 * way to learn the value chosen).
 * psock clamps backlog itself, the same way everywhere: negative -> 0, above
 * the platform maximum -> the maximum (Linux: /proc/sys/net/core/somaxconn,
 * read once per process), and psock_listen_backlog() tells the value in force.
 * spec 003 "socket_listen ne fonctionne qu'avec des sockets de type
 * SOCK_STREAM et SOCK_SEQPACKET": other types fail with PSOCK_EOPNOTSUPP.
 * Errors: PSOCK_EOPNOTSUPP, PSOCK_EADDRINUSE (port taken since bind), ... */
PSOCK_API int psock_listen(psock_t s, int backlog);
/* The backlog in force on a listening socket (what psock_listen passed to
 * the system after clamping). PSOCK_EINVAL if s is not listening. */
PSOCK_API int psock_listen_backlog(psock_t s);
/* The largest backlog this platform takes (what PSOCK_SOMAXCONN becomes). */
PSOCK_API int psock_listen_max_backlog(void);

/* spec 000 "socket_accept() va accepter les connexions sur ce socket ... une
 * nouvelle instance de Socket est retournée ... S'il n'y a pas de connexion
 * en attente, socket_accept() se bloquera ... Si socket a été rendue
 * non-bloquante ... false sera retourné" and "Le socket original socket, qui
 * est en attente, reste ouvert et peut être réutilisé".
 * Returns the new connection; the listener stays open and usable. The one
 * rule for the accepted socket's mode on every platform: it takes the
 * listener's blocking mode (as BSD and Windows do; Linux does not, psock
 * makes it so with accept4's flags, no extra system call). It is close-on-exec.
 * A nonblocking listener with nothing pending fails at once with
 * PSOCK_EWOULDBLOCK. A queued connection that was reset before it could be
 * accepted fails with PSOCK_ECONNABORTED where the system refuses it (BSD;
 * Windows: WSAECONNRESET; Linux: EPROTO) -- the listener stays usable, call
 * again; Linux usually hands such a connection out, and its first read
 * reports PSOCK_ECONNRESET. Out of descriptors: PSOCK_EMFILE on the
 * listener and globally, and the connection stays queued; so does it when
 * psock's handle table cannot grow (PSOCK_ENOMEM). A signal delivered to
 * a handler installed without SA_RESTART interrupts a blocking accept with
 * PSOCK_EINTR (spec 000 notes on SIGCHLD), so a forking server can reap its
 * children and accept again. The error of a failed accept is recorded on the
 * listener. */
PSOCK_API psock_t psock_accept(psock_t listener);

/* spec 002 "socket_connect -- Initiates a connection on a socket". Address as
 * for psock_bind. On a nonblocking socket returns PSOCK_EINPROGRESS (the
 * same code on Windows, where Winsock says WSAEWOULDBLOCK); completion is
 * seen with psock_select for writing and SO_ERROR. Errors: PSOCK_ECONNREFUSED,
 * PSOCK_ETIMEDOUT, PSOCK_EISCONN, PSOCK_ENOENT (AF_UNIX path), ... */
PSOCK_API int psock_connect(psock_t s, const char *address, int port);

/* spec 002 "socket_shutdown -- Shuts down a socket for receiving, sending, or
 * both". how: 0 receiving, 1 sending, 2 both (PHP's values). After shutting
 * down receiving, every read gives end of stream (0) on every platform:
 * Windows does so, while Linux would still deliver data arriving later.
 * After shutting down sending, writes fail with PSOCK_EPIPE. */
PSOCK_API int psock_shutdown(psock_t s, int how);

/* spec 002 "socket_close -- Closes a socket resource". The handle becomes
 * stale at once (later use gives PSOCK_EBADF), even when the system reports
 * an error while closing, which is returned. */
PSOCK_API int psock_close(psock_t s);

/* spec 002 "socket_set_block -- Sets blocking mode on a socket resource",
 * "socket_set_nonblock -- Sets nonblocking mode". */
PSOCK_API int psock_set_block(psock_t s);
PSOCK_API int psock_set_nonblock(psock_t s);
/* 1 if s is in nonblocking mode, 0 if blocking, or an error. */
PSOCK_API int psock_is_nonblocking(psock_t s);

/* spec 002 "socket_getsockname / socket_getpeername -- Queries the local /
 * remote side of the given socket which may either result in host/port or in
 * a Unix filesystem path, dependent on its type". Writes the numeric address
 * (or the path; "" for an unnamed AF_UNIX socket; "0.0.0.0" or "::" with port 0
 * for a socket not bound yet, on Windows too) to address, and the port
 * (0 for AF_UNIX) to *port when port is not NULL.
 * Errors: PSOCK_EINVAL (address NULL), PSOCK_ENOBUFS (size too small: use
 * PSOCK_ADDRSTRLEN), PSOCK_ENOTCONN (getpeername, not connected). */
PSOCK_API int psock_getsockname(psock_t s, char *address, size_t size,
                                int *port);
PSOCK_API int psock_getpeername(psock_t s, char *address, size_t size,
                                int *port);

/* The domain and type s was created with (PSOCK_AF_*, PSOCK_SOCK_*). */
PSOCK_API int psock_domain(psock_t s);
PSOCK_API int psock_type(psock_t s);

/* ------------------------------------------------------------------------
 * Data
 * ------------------------------------------------------------------------ */

/* spec 002 talkback example: socket_read($msgsock, 2048, PHP_NORMAL_READ).
 * PSOCK_BINARY_READ: one receive of at most length bytes (PHP's default).
 * PSOCK_NORMAL_READ: stops after the first "\n" or "\r" (included in the
 * result, as PHP does; of "\r\n" the "\n" is left for the next read), or at
 * length bytes, or at end of stream. It receives what has arrived (up to
 * 64 KiB, a plain reader's block) in one system call and keeps the bytes after
 * the line in the socket's line buffer: a line costs a fraction of a system
 * call, where PHP's costs one per byte. Every later receive on the handle
 * (read, recv, recvfrom, readv, recvmsg) returns the buffered bytes first, a
 * MSG_PEEK sees them, psock_select reports the socket readable while any are
 * held, and shutdown for receiving or close drops them; MSG_OOB bypasses them.
 * The buffer is the handle's: a process that forks gives the child a copy,
 * so parent and child must not both read a socket after a NORMAL_READ.
 * Concurrent receives on one socket are serialized once it has a buffer.
 * A blocking
 * socket waits for the line to complete; a nonblocking one returns the part
 * already there. On a datagram socket it reads one datagram, as binary.
 * When a NORMAL_READ has taken part of a line and then meets an error (the
 * peer resets the connection, say), the part is returned and the error is
 * kept: the next receive call on the socket (any of read, recv, recvfrom,
 * readv, recvmsg) reports it, once, and psock_select calls the socket
 * readable meanwhile. A signal (PSOCK_EINTR) or a receive timeout
 * (PSOCK_EWOULDBLOCK) after part of a line only cuts the read short, as
 * read(2) returns a partial count; with nothing taken they are the call's
 * error. Nothing received is ever dropped. */
#define PSOCK_BINARY_READ 2
#define PSOCK_NORMAL_READ 1

/* spec 002 "socket_read -- Reads a maximum of length bytes from a socket".
 * Returns the number of bytes read, 0 at end of stream (PHP's ""),
 * or an error: PSOCK_EWOULDBLOCK (nonblocking, nothing there),
 * PSOCK_ECONNRESET, PSOCK_EINTR, PSOCK_EINVAL (bad mode, buf NULL with
 * length > 0, length 0, length above PTRDIFF_MAX). Length 0 is an error,
 * recorded like any other: PHP 8 returns false for it without recording
 * one, and a read of nothing cannot tell end of stream from success. buf
 * must hold length bytes; lengths above INT_MAX work (Winsock's int length
 * is clamped). Errors met after part of a NORMAL_READ line: see above. */
PSOCK_API ptrdiff_t psock_read(psock_t s, void *buf, size_t length, int mode);

/* spec 002 "socket_write -- Write to a socket". Returns the number of bytes
 * written (possibly fewer than length), or PSOCK_EPIPE when the peer of a
 * stream has closed or reset the connection -- on every platform, whatever
 * the system said (ECONNRESET, WSAECONNABORTED, WSAESHUTDOWN; the native
 * code keeps it) -- and never SIGPIPE; PSOCK_EDESTADDRREQ on a datagram
 * socket that is not connected (Windows says WSAENOTCONN); PSOCK_EWOULDBLOCK;
 * PSOCK_EINVAL (buf NULL with length > 0, length above PTRDIFF_MAX). The
 * same rules hold for psock_send, psock_writev and psock_sendmsg. */
PSOCK_API ptrdiff_t psock_write(psock_t s, const void *buf, size_t length);

/* spec 002 "socket_recv -- Receives data from a connected socket" and
 * "socket_send -- Sends data to a connected socket". flags: PSOCK_MSG_*
 * bits; an unknown bit gives PSOCK_EINVAL, an unsupported one
 * PSOCK_EOPNOTSUPP. MSG_DONTWAIT is unsupported on Windows, which has no
 * such flag: emulating it means switching the socket to nonblocking mode
 * for the call (another thread's blocking call on the same socket would
 * then fail with EWOULDBLOCK) or checking readiness first (another thread
 * can take the data in between, and the call blocks). Neither is race-free,
 * so psock_supports(PSOCK_KIND_MSG, PSOCK_MSG_DONTWAIT) says 0 there; use
 * psock_set_nonblock.
 * manual socket_send, MSG_EOF (manual.socket_send.parameters.16, anchor
 * "Close the sender", hash 7bf52203bcdaecb4; socket_sendto's
 * parameters.16 says the same; php.net/function.socket-send): the data is
 * the last, and the sending side closes after it. PSOCK_MSG_EOF works on
 * every POSIX system (psock_supports says 1): where the system has the flag
 * (the BSDs, macOS) it is passed on; where it has none (Linux, whose
 * psock_constant_native answers 0 for it) psock emulates it: once the send
 * (psock_send, psock_sendto, psock_sendmsg) has taken the whole of the data
 * on a stream or seqpacket socket, psock shuts the sending side down
 * (psock_shutdown's 1) before returning, so the peer reads the data and
 * then end of stream, and later sends fail with PSOCK_EPIPE. A send that
 * took only part of the data (nonblocking) shuts nothing down, as on the
 * BSDs, which close after the last byte: send the rest with PSOCK_MSG_EOF
 * again. On a datagram socket the flag changes nothing (the BSDs' UDP
 * ignores it): the datagram goes out, the socket stays usable. Should the
 * shutdown fail after the data went out (the peer reset the connection in
 * between: PSOCK_ENOTCONN), that error is returned and recorded. Not two
 * atomic steps: another thread sending on the same socket between them may
 * see PSOCK_EPIPE. Windows has no MSG_EOF (the constants page: not on
 * Windows): psock_supports says 0 there, and the flag gives
 * PSOCK_EOPNOTSUPP. */
PSOCK_API ptrdiff_t psock_recv(psock_t s, void *buf, size_t length, int flags);
PSOCK_API ptrdiff_t psock_send(psock_t s, const void *buf, size_t length,
                               int flags);

/* spec 002 "socket_recvfrom -- Receives data from a socket, connected or not"
 * and "socket_sendto -- Sends a message to a socket, whether it is connected
 * or not". recvfrom writes the sender's address (as psock_getpeername) when
 * address is not NULL. address_size must then be at least the room the
 * socket's domain needs -- PSOCK_INET_ADDRSTRLEN (AF_INET),
 * PSOCK_INET6_ADDRSTRLEN (AF_INET6), PSOCK_ADDRSTRLEN (AF_UNIX; always
 * enough) -- or the call fails with PSOCK_ENOBUFS before receiving anything,
 * leaving the datagram queued: a datagram once received cannot be put back,
 * so psock never receives one it could not fully report. The same rule
 * holds for psock_recvmsg's msg->address.
 * manual socket_recvfrom: on a connection-oriented socket the address and
 * port come back as null (manual.socket_recvfrom.description.7, anchor
 * "is connection-oriented, address", hash 39848371282e78d7; parameters.26,
 * hash 00ea9ae0e9d3579b; php.net/function.socket-recvfrom). Where
 * the system names no sender (a TCP socket, whose recvfrom writes no
 * address; bytes a NORMAL_READ left in the line buffer; end of stream)
 * psock writes "" and sets *port to PSOCK_PORT_NONE: C's null for the
 * pair, unlike any sender the system names (a port 0..65535; a bound
 * AF_UNIX sender is its path with port 0). An unbound AF_UNIX sender has
 * no name either: Linux reports none (PSOCK_PORT_NONE), other systems may
 * report an empty one ("" with port 0). Systems that do name the peer of
 * a stream (Linux's AF_UNIX streams) report it. The same for
 * psock_recvmsg's msg->port. */
#define PSOCK_PORT_NONE (-1)
PSOCK_API ptrdiff_t psock_recvfrom(psock_t s, void *buf, size_t length,
                                   int flags, char *address,
                                   size_t address_size, int *port);
PSOCK_API ptrdiff_t psock_sendto(psock_t s, const void *buf, size_t length,
                                 int flags, const char *address, int port);

/* One scatter/gather element, the same on every platform (POSIX struct iovec
 * and Winsock WSABUF order their fields differently; psock converts).
 * spec 002 "socket_iovec_alloc -- Builds a 'struct iovec' for use with
 * sendmsg, recvmsg, writev, and readv": in C an array of these is the iovec;
 * the socket_iovec_add/delete/fetch/set/free helpers are plain array use. */
typedef struct psock_iovec {
  void *base;
  size_t len;
} psock_iovec_t;

/* At most this many elements per call, on every platform. */
#define PSOCK_IOV_MAX 1024

/* spec 002 "socket_readv -- Reads from an fd, using the scatter-gather array
 * defined by iovec_id", "socket_writev -- Writes ... using the scatter-gather
 * array". Return the total bytes moved. Errors: PSOCK_EINVAL (iov NULL with
 * count > 0, count > PSOCK_IOV_MAX, total length above PTRDIFF_MAX). */
PSOCK_API ptrdiff_t psock_readv(psock_t s, const psock_iovec_t *iov,
                                size_t count);
PSOCK_API ptrdiff_t psock_writev(psock_t s, const psock_iovec_t *iov,
                                 size_t count);

/* Ancillary data of a message (manual socket_sendmsg/socket_recvmsg's
 * "control"; constants page: SCM_RIGHTS passes open descriptors to another
 * process). What psock carries: SCM_RIGHTS, psock sockets passed over an
 * AF_UNIX socket, where the system has it (POSIX; not Windows, where
 * psock_supports(PSOCK_KIND_CMSG, PSOCK_SCM_RIGHTS) is 0 and a control
 * record with rights or space gives PSOCK_EOPNOTSUPP).
 *   rights, rights_count: sendmsg: the sockets whose OS sockets travel
 *     (they stay open and the caller's here; at most PSOCK_RIGHTS_MAX).
 *     recvmsg: room for rights_count handles; on return rights_count is
 *     how many arrived, each a new psock handle the caller owns (close it
 *     with psock_close), close-on-exec, its domain, type and mode read
 *     from the system.
 *   space: recvmsg: the bytes of ancillary data the system may deliver, as
 *     psock_cmsg_space computes them (0: none; at most PSOCK_CMSG_SPACE_MAX).
 *   truncated: recvmsg: 1 when ancillary data was cut -- the system's
 *     MSG_CTRUNC (space too small: the descriptors that did not fit never
 *     reach this process), or more descriptors arrived than rights_count
 *     has room for (psock closes those: none leaks). */
typedef struct psock_control {
  psock_t *rights;
  size_t rights_count;
  size_t space;
  int truncated;
} psock_control_t;

/* The most sockets one message passes (Linux's SCM_MAX_FD). */
#define PSOCK_RIGHTS_MAX 253
/* The most ancillary bytes one psock_recvmsg receives. */
#define PSOCK_CMSG_SPACE_MAX 65536

/* A message for psock_sendmsg/psock_recvmsg. address/port: for sendmsg the
 * destination (address NULL: the connected peer); for recvmsg a buffer of
 * address_size bytes receiving the sender (may be NULL). recvmsg sets
 * truncated to 1 when a datagram was longer than the buffers. control:
 * ancillary data (psock_control_t), or NULL for none; set it to NULL (or
 * zero the structure) in code written before it existed. */
typedef struct psock_msg {
  char *address;
  size_t address_size;
  int port;
  const psock_iovec_t *iov;
  size_t iov_count;
  int truncated;
  psock_control_t *control;
} psock_msg_t;

/* manual socket_cmsg_space "Calculates the size of the buffer that should
 * be allocated for receiving the ancillary data" (reference/sockets/
 * functions/socket-cmsg-space.xml, description; php.net/function.socket-
 * cmsg-space). The bytes n elements of a (level, type) message take in
 * the system's control buffer (CMSG_SPACE of their length): what to put in
 * psock_control_t.space. level PSOCK_SOL_SOCKET, type PSOCK_SCM_RIGHTS:
 * n descriptors. Errors, recorded as the thread's last error:
 * PSOCK_EINVAL (a pair psock does not know, n above PSOCK_RIGHTS_MAX),
 * PSOCK_EOPNOTSUPP (the system has no such message: SCM_RIGHTS on
 * Windows). Thread-safe, no system call. */
PSOCK_API ptrdiff_t psock_cmsg_space(int level, int type, size_t n);

/* spec 002 "socket_recvmsg -- Used to receive messages on a socket, whether
 * connection-oriented or not", "socket_sendmsg -- Sends a message to a
 * socket, regardless of whether it is connection-oriented or not".
 * Control data (msg->control) as psock_control_t says; besides the
 * errors of psock_send/psock_recv: PSOCK_EINVAL (rights NULL with a
 * count, more than PSOCK_RIGHTS_MAX, space above PSOCK_CMSG_SPACE_MAX, a
 * stale handle among the rights gives PSOCK_EBADF), PSOCK_EOPNOTSUPP
 * (the platform passes no descriptors, or s is not an AF_UNIX socket --
 * an AF_UNIX pair psock_create_pair made over loopback says AF_INET),
 * PSOCK_ENOMEM (a control buffer beyond the stack's could not be made; nothing
 * was sent or received). A receive served from the NORMAL_READ line buffer
 * carries no control data (rights_count 0). */
PSOCK_API ptrdiff_t psock_recvmsg(psock_t s, psock_msg_t *msg, int flags);
PSOCK_API ptrdiff_t psock_sendmsg(psock_t s, const psock_msg_t *msg, int flags);

/* manual socket_atmark "Determines whether socket is at out-of-band mark"
 * (reference/sockets/functions/socket-atmark.xml, description, at the commit
 * of conformance/manual/source.json; php.net/function.socket-atmark).
 * Returns 1 when the next byte to read is the one at the mark (all data
 * sent before the MSG_OOB byte has been read), 0 when it is not, or an
 * error: PSOCK_EBADF; a socket with no out-of-band mark (a datagram or
 * AF_UNIX socket) fails where the system refuses the question (Linux:
 * ENOTTY for UDP, EOPNOTSUPP for AF_UNIX datagrams; the portable code is
 * PSOCK_EOTHER or PSOCK_EOPNOTSUPP, the native one kept). On Windows the
 * answer is Winsock's SIOCATMARK, which tells whether urgent data waits
 * only on a socket with SO_OOBINLINE and otherwise always says TRUE
 * (ioctlsocket's documentation), and Wine answers otherwise again (0 once
 * the bytes before the mark are read): there psock_atmark is Winsock's
 * answer, not POSIX's. No portable emulation exists (the mark's position
 * is the kernel's), so psock passes the system's answer on.
 * Thread-safe; changes nothing on the socket. */
PSOCK_API int psock_atmark(psock_t s);

/* manual socket_export_stream (reference/sockets/functions/
 * socket-export-stream.xml: the page gives only its signature, a stream
 * for the socket, false on failure). In C the OS socket of a handle, lent
 * out: the descriptor (POSIX) or SOCKET (Windows) in *os_socket, for
 * calls psock does not make (a poll loop, an API that takes a descriptor).
 * Ownership: psock keeps it. The caller must not close it, and it is valid
 * until psock_close(s), which closes it; what the caller changes on it
 * (its mode, options) psock does not see, except as the system reports it
 * (psock_is_nonblocking keeps the mode psock set). Returns 0, or
 * PSOCK_EBADF, PSOCK_EINVAL (os_socket NULL; recorded on s). Thread-safe. */
PSOCK_API int psock_export(psock_t s, uintptr_t *os_socket);

/* manual socket_import_stream "Imports a stream that encapsulates a socket
 * into a socket extension resource" (reference/sockets/functions/
 * socket-import-stream.xml, description; php.net/function.socket-import-
 * stream). In C: adopt an OS socket (a descriptor or SOCKET the program
 * made, inherited or received) into a new handle. Ownership passes to
 * psock on success: psock_close closes it, and the caller must not. On
 * failure nothing changes and the caller still owns it. It must not be one
 * psock already holds (psock_export's): two handles would close it twice.
 * psock reads its domain and type (PSOCK_AF_*, PSOCK_SOCK_*), and its mode
 * on POSIX (Winsock cannot report one: it is recorded as blocking there;
 * call psock_set_nonblock if it is not), and makes it close-on-exec and
 * free of SIGPIPE as every psock socket is. Errors: PSOCK_EBADF (not an
 * open descriptor), PSOCK_ENOTSOCK (not a socket), PSOCK_EAFNOSUPPORT or
 * PSOCK_ESOCKTNOSUPPORT (a domain or type psock has no name for),
 * PSOCK_ENOMEM (the handle table cannot grow). Thread-safe. */
PSOCK_API psock_t psock_import(uintptr_t os_socket);

/* The longest identifier psock_wsaprotocol_info_export writes, with its
 * NUL. */
#define PSOCK_WSAPROTOCOL_ID_MAX 64

/* manual socket_wsaprotocol_info_export "Exports the WSAPROTOCOL_INFO
 * structure into shared memory and returns an identifier to be used with
 * socket_wsaprotocol_info_import" (reference/sockets/functions/
 * socket-wsaprotocol-info-export.xml, description; php.net/function.socket-
 * wsaprotocol-info-export), "only valid for the given process_id", and
 * "available only on Windows". WSADuplicateSocket for process_id, the
 * structure in a named file mapping; the mapping's name, the identifier,
 * goes to id (NUL-terminated, at most PSOCK_WSAPROTOCOL_ID_MAX bytes).
 * The mapping lives until psock_wsaprotocol_info_release(id) in this
 * process (or until it exits): the importing process must open it before.
 * Returns 0, or PSOCK_EBADF, PSOCK_EINVAL (id NULL, id_size too small, a
 * process_id the system refuses), PSOCK_ENOMEM, and PSOCK_EOPNOTSUPP on
 * POSIX, where the function does not exist (the manual's "only on
 * Windows"; SCM_RIGHTS passes sockets there). Thread-safe. */
PSOCK_API int psock_wsaprotocol_info_export(psock_t s, int process_id, char *id,
                                            size_t id_size);
/* manual socket_wsaprotocol_info_import "Imports a socket which has formerly
 * been exported from another process" (socket-wsaprotocol-info-import.xml).
 * The socket whose structure id names (an export for this process), as a
 * new handle the caller owns. Errors: PSOCK_EINVAL (id NULL or naming no
 * export: recorded as the thread's last error), the errors of
 * WSASocket, and PSOCK_EOPNOTSUPP on POSIX. Thread-safe. */
PSOCK_API psock_t psock_wsaprotocol_info_import(const char *id);
/* manual socket_wsaprotocol_info_release "Releases the shared memory
 * corresponding to the given info_id" (socket-wsaprotocol-info-
 * release.xml). 0, or PSOCK_EINVAL (an id this process did not export, or
 * released already), PSOCK_EOPNOTSUPP on POSIX. Thread-safe. */
PSOCK_API int psock_wsaprotocol_info_release(const char *id);

/* ------------------------------------------------------------------------
 * Waiting
 * ------------------------------------------------------------------------ */

/* spec 002 "socket_select -- Runs the select() system call on the given
 * arrays of sockets with a specified timeout". PHP's in/out semantics: each
 * array (any may be NULL with count 0) is rewritten in place to hold only the
 * sockets that are ready, and *count set to their number. A socket is
 * readable when a read would not block (data, end of stream, an error, or a
 * pending connection on a listener), writable when a write would not block
 * (or a nonblocking connect finished), and "except" when out-of-band data is
 * waiting. seconds < 0 waits without limit; microseconds 0..999999.
 * Returns the number of ready sockets (0 on timeout).
 * Unlike select(), there is no FD_SETSIZE limit on count or descriptor
 * numbers (it is built on poll, and on Windows on select with fd_sets
 * sized to fit). A socket listed twice is reported as often as it is
 * listed; empty sets make it a timed wait. Errors: PSOCK_EBADF (a stale
 * handle; the arrays are then untouched), PSOCK_EINTR, PSOCK_EINVAL
 * (microseconds outside 0..999999, a NULL array with a count > 0),
 * PSOCK_ENOMEM (more than 256 sockets need a per-thread buffer that could
 * not be made; a later call tries again). On every error the arrays and
 * counts are untouched. */
PSOCK_API int psock_select(psock_t *read, size_t *read_count, psock_t *write,
                           size_t *write_count, psock_t *except,
                           size_t *except_count, long seconds,
                           long microseconds);

/* ------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------ */

/* SO_LINGER's value. */
typedef struct psock_linger {
  int on;
  int seconds;
} psock_linger_t;

/* SO_SNDTIMEO's and SO_RCVTIMEO's value (Windows' milliseconds and POSIX
 * struct timeval both become this). */
typedef struct psock_timeval {
  long sec;
  long usec;
} psock_timeval_t;

/* SO_MEMINFO's value: the kernel's memory counters of a socket, in bytes
 * (Linux's sk_meminfo, the order of its SK_MEMINFO_* indexes): receive
 * memory in use and the receive buffer's size, the same for sending, the
 * memory reserved ahead (fwd_alloc), the bytes queued to send
 * (wmem_queued), option memory, the backlog queue's bytes, and the
 * packets dropped. manual socket_get_option, SO_MEMINFO
 * (manual.socket_get_option.parameters.153, "meminfo"; php.net/
 * function.socket-get-option): the page's table calls the value an int,
 * but the kernel gives these nine counters, and PHP an array of them by
 * these names; psock gives them as this struct (psock_get_option with size
 * sizeof(psock_meminfo_t)). A kernel that reports fewer counters leaves
 * the rest 0. */
typedef struct psock_meminfo {
  uint32_t rmem_alloc;
  uint32_t rcvbuf;
  uint32_t wmem_alloc;
  uint32_t sndbuf;
  uint32_t fwd_alloc;
  uint32_t wmem_queued;
  uint32_t optmem;
  uint32_t backlog;
  uint32_t drops;
} psock_meminfo_t;

/* The value of the multicast group requests: level PSOCK_IPPROTO_IP or
 * PSOCK_IPPROTO_IPV6 with PSOCK_MCAST_JOIN_GROUP or PSOCK_MCAST_LEAVE_GROUP
 * (group and interface), or with PSOCK_MCAST_BLOCK_SOURCE,
 * PSOCK_MCAST_UNBLOCK_SOURCE, PSOCK_MCAST_JOIN_SOURCE_GROUP,
 * PSOCK_MCAST_LEAVE_SOURCE_GROUP (also source): PHP's array ("group",
 * "interface", "source") as a struct, size sizeof(psock_group_request_t).
 * group and source are numeric addresses of one family; the interface is
 * interface_name when not NULL, else the index interface (0: the routing
 * table chooses). */
typedef struct psock_group_request {
  const char *group;
  const char *source;
  const char *interface_name;
  unsigned interface;
} psock_group_request_t;

/* An interface by name or by index, as PHP's socket_set_option takes
 * IPV6_MULTICAST_IF's (and IP_MULTICAST_IF's) value: "either an interface
 * index or the name of an interface" (manual socket_get_option,
 * parameters). psock_set_option of IPV6_MULTICAST_IF and IP_MULTICAST_IF
 * takes either an int (the index; size sizeof(int)) or this struct (size
 * sizeof(psock_interface_t)): name when not NULL, else index. A get gives
 * the int index. */
typedef struct psock_interface {
  const char *name;
  unsigned index;
} psock_interface_t;

/* spec 002 "socket_get_option -- Gets socket options for the socket",
 * "socket_set_option -- Sets socket options for the socket"; the options of
 * socket_get_option's table (reference/sockets/functions/
 * socket-get-option.xml) and every other option of the constants page.
 * level: PSOCK_SOL_SOCKET (PSOCK_SO_* options), PSOCK_SOL_TCP (PSOCK_TCP_*),
 * PSOCK_IPPROTO_IP (PSOCK_IP_*, PSOCK_MCAST_*), PSOCK_IPPROTO_IPV6
 * (PSOCK_IPV6_*, PSOCK_MCAST_*), PSOCK_SOL_UDPLITE (PSOCK_UDPLITE_*),
 * PSOCK_SOL_LOCAL (PSOCK_LOCAL_*), PSOCK_SOL_FILTER (PSOCK_FIL_*),
 * PSOCK_SOL_UDP (PSOCK_UDP_SEGMENT: Linux's UDP segmentation offload, an
 * int, the size of the datagrams one send is cut into, 0 for none; PHP
 * 8.5's migration guide adds the name, manual.migration.85_constants.
 * sockets.13).
 * Each option has one value type on every platform (psock_option_type
 * tells it; shim/constants.tab's option column lists it):
 *   PSOCK_OPTION_INT    an int, size sizeof(int): the buffer sizes and low
 *                       water marks, SO_TYPE (a PSOCK_SOCK_* value),
 *                       SO_ERROR (a portable error code, 0 or negative),
 *                       SO_FAMILY (PSOCK_AF_*), IP_MTU_DISCOVER
 *                       (PSOCK_IP_PMTUDISC_*), IP_PORTRANGE
 *                       (PSOCK_IP_PORTRANGE_*), IPV6_MULTICAST_IF (an
 *                       interface index), IP_MULTICAST_IF (an interface
 *                       index on POSIX, 0: the routing table chooses;
 *                       below), IP_MULTICAST_TTL,
 *                       IPV6_MULTICAST_HOPS, the
 *                       TCP keepalive times, ...; a set of
 *                       IPV6_MULTICAST_IF or IP_MULTICAST_IF also
 *                       takes a psock_interface_t (an interface by
 *                       name)
 *   PSOCK_OPTION_BOOL   an int read back as 0 or 1 (SO_REUSEADDR,
 *                       SO_KEEPALIVE, TCP_NODELAY, IP_MULTICAST_LOOP,
 *                       IPV6_V6ONLY, ...); any non-zero value sets it
 *   PSOCK_OPTION_LINGER psock_linger_t (SO_LINGER)
 *   PSOCK_OPTION_TIMEVAL psock_timeval_t (SO_RCVTIMEO, SO_SNDTIMEO): Windows'
 *                       DWORD milliseconds and POSIX's struct timeval both
 *                       become this (a set on Windows rounds up to the
 *                       next millisecond)
 *   PSOCK_OPTION_STRING a C string (TCP_CONGESTION, SO_BINDTODEVICE,
 *                       SO_LABEL, SO_PEERLABEL, FIL_ATTACH, FIL_DETACH):
 *                       value is a buffer of size bytes; get writes the
 *                       value NUL-terminated, or fails with PSOCK_ENOBUFS
 *                       when it does not fit (nothing cut); set takes the
 *                       string up to its NUL, which must lie within size
 *   PSOCK_OPTION_GROUP_REQ, _GROUP_SOURCE_REQ  the multicast group
 *                       requests (MCAST_JOIN_GROUP & co.): a
 *                       psock_group_request_t (above)
 *   PSOCK_OPTION_MEMINFO psock_meminfo_t (SO_MEMINFO, Linux, read-only:
 *                       below)
 *   PSOCK_OPTION_OTHER  a value psock does not convert (yet):
 *                       SO_ATTACH_REUSEPORT_CBPF's BPF program, OpenBSD's
 *                       SO_SPLICE, FreeBSD's SO_ACCEPTFILTER: both calls
 *                       fail with PSOCK_ENOPROTOOPT
 * Read-only options (SO_TYPE, SO_ERROR, SO_FAMILY, SO_LISTENQLEN,
 * SO_BPF_EXTENSIONS, SO_PEERLABEL, SO_MEMINFO) fail to set with
 * PSOCK_ENOPROTOOPT.
 * Errors: PSOCK_ENOPROTOOPT (unknown level/option, or not on this
 * platform: psock_supports says 0 for its name), PSOCK_EINVAL (value NULL,
 * wrong size, no interface of a psock_interface_t's name, negative timeout,
 * usec >= 1000000, a string with no NUL within size, an
 * IP_MTU_DISCOVER/IP_PORTRANGE value that is no available constant),
 * PSOCK_ENOBUFS (a string value longer than the buffer), and what the system
 * reports (PSOCK_EPERM for SO_BINDTODEVICE without the privilege, ...). */
PSOCK_API int psock_get_option(psock_t s, int level, int option, void *value,
                               size_t size);
PSOCK_API int psock_set_option(psock_t s, int level, int option,
                               const void *value, size_t size);
/* manual socket_get_option, MCAST_JOIN_GROUP: "Joins a multicast group";
 * MCAST_LEAVE_GROUP "Leaves a multicast group"; MCAST_BLOCK_SOURCE and
 * _UNBLOCK_SOURCE, MCAST_JOIN_SOURCE_GROUP and _LEAVE_SOURCE_GROUP, each
 * "only with socket_set_option()" (parameters).
 * psock_set_option with one of these options takes a psock_group_request_t
 * and makes the system's group request of it (struct group_req or
 * group_source_req, GROUP_REQ or GROUP_SOURCE_REQ on Windows); psock_get_option
 * of them is PSOCK_ENOPROTOOPT, as the manual says they cannot be read.
 * Errors: PSOCK_EINVAL (value NULL, wrong size, group NULL or not a numeric
 * address, source NULL for a source option or not numeric, group and
 * source of two families, no interface of that name, a socket neither
 * AF_INET nor AF_INET6: PHP 8.5 migration guide, "throws a ValueError"
 * there), PSOCK_ENOPROTOOPT
 * (level not IPPROTO_IP/IPPROTO_IPV6, or the platform lacks the option),
 * and the system's: PSOCK_EINVAL (not a multicast group, not joined),
 * PSOCK_EADDRINUSE (joined already), PSOCK_EADDRNOTAVAIL, PSOCK_ENOBUFS.
 * Thread-safe like every option call. */

/* ------------------------------------------------------------------------
 * Address lookup: socket_addrinfo_lookup, _bind, _connect, _explain
 * ------------------------------------------------------------------------ */

/* An opaque list of the ways to reach a host: what psock_addrinfo_lookup
 * makes and psock_addrinfo_free releases (PHP's array of AddressInfo). */
typedef struct psock_addrinfo psock_addrinfo_t;

/* socket_addrinfo_lookup's hints. flags: PSOCK_AI_* bits; family 0 (any),
 * PSOCK_AF_INET or PSOCK_AF_INET6; socktype 0 (any) or a PSOCK_SOCK_*;
 * protocol 0 (any), PSOCK_SOL_TCP, PSOCK_SOL_UDP or an IANA number. */
typedef struct psock_addrinfo_hints {
  int flags;
  int family;
  int socktype;
  int protocol;
} psock_addrinfo_hints_t;

/* One entry, as socket_addrinfo_explain shows it, the same on every
 * platform: the portable family and type, the protocol number (6 and 17
 * for stream and datagram entries, also where the resolver leaves it 0),
 * the flags the lookup was made with (PSOCK_AI_* bits, as glibc reports
 * them; musl reports none), the address as text with its port, and the
 * canonical name on the first entry where AI_CANONNAME asked for one (else
 * NULL, whatever the resolver gave; it lives as long as the list). */
typedef struct psock_addrinfo_entry {
  int flags;
  int family;
  int socktype;
  int protocol;
  char address[PSOCK_ADDRSTRLEN];
  int port;
  const char *canonname;
} psock_addrinfo_entry_t;

/* Longest host and service psock passes to the resolver, in bytes (RFC
 * 1035 names are 253; NI_MAXHOST is 1025 with its NUL). */
#define PSOCK_ADDRINFO_HOST_MAX 1024
#define PSOCK_ADDRINFO_SERVICE_MAX 255

/* manual socket_addrinfo_lookup: "Lookup different ways we can connect to
 * host" (description; its hints "are those of getaddrinfo", parameters).
 * Looks host and service up (getaddrinfo; GetAddrInfoW on Windows, names in
 * UTF-8) and stores the list in *out: at least one entry. service is a port
 * number or a service name, or NULL (port 0); hints may be NULL (any family,
 * type and protocol, no flags). Returns the number of entries, or a
 * negative code with *out NULL: PSOCK_EINVAL (out or host NULL, hints
 * outside the values above), PSOCK_EAI_NONAME (host empty: psock asks
 * nothing; or the name is not known), PSOCK_ENAMETOOLONG (host longer than
 * PSOCK_ADDRINFO_HOST_MAX, service than PSOCK_ADDRINFO_SERVICE_MAX bytes),
 * PSOCK_EAI_BADFLAGS (a flag this platform lacks, psock_supports 0),
 * PSOCK_EAI_FAMILY, PSOCK_EAI_SOCKTYPE, PSOCK_EAI_SERVICE, PSOCK_EAI_AGAIN,
 * PSOCK_EAI_FAIL, PSOCK_ENOMEM, and the resolver's PSOCK_E* of EAI_SYSTEM;
 * recorded in the thread's last error with the resolver's native code.
 * Entries whose family or type psock does not have (AF_UNSPEC answers, raw
 * sockets of other families) are left out; when none remains,
 * PSOCK_EAI_FAMILY. Without a type in the hints, glibc answers one entry
 * per type (stream, datagram, raw) and Winsock one of type 0, any type,
 * which psock_addrinfo_explain reports as socktype 0 and which
 * psock_addrinfo_bind and _connect refuse (PSOCK_ESOCKTNOSUPPORT): name the
 * type in the hints for the same entries everywhere. Thread-safe (getaddrinfo
 * is); a lookup may wait on the network when host is not numeric. */
PSOCK_API int psock_addrinfo_lookup(const char *host, const char *service,
                                    const psock_addrinfo_hints_t *hints,
                                    psock_addrinfo_t **out);
/* The number of entries of list; 0 for NULL. */
PSOCK_API size_t psock_addrinfo_count(const psock_addrinfo_t *list);
/* manual socket_addrinfo_explain: "exposed the underlying addrinfo
 * structure" (description). Fills *out with entry index of list: 0, or
 * PSOCK_EINVAL (list or out NULL, index not below the count). Records
 * nothing but that error. Thread-safe: a list is read-only once made. */
PSOCK_API int psock_addrinfo_explain(const psock_addrinfo_t *list, size_t index,
                                     psock_addrinfo_entry_t *out);
/* manual socket_addrinfo_bind: "Create a Socket instance, and bind it to
 * the provided AddressInfo" (description). A socket of the entry's family,
 * type and protocol (as psock_create makes it: blocking, close-on-exec,
 * dual-stack for AF_INET6), bound to the entry's address, no option set
 * (PHP sets none). Returns it, or PSOCK_NONE with the error recorded in the
 * thread's last error and nothing left open: PSOCK_EINVAL (list NULL, index
 * not below the count), psock_create's errors, psock_bind's
 * (PSOCK_EADDRINUSE, PSOCK_EADDRNOTAVAIL, PSOCK_EACCES, ...). Thread-safe. */
PSOCK_API psock_t psock_addrinfo_bind(const psock_addrinfo_t *list,
                                      size_t index);
/* manual socket_addrinfo_connect: "Create a Socket instance, and connect it
 * to the provided AddressInfo" (description). As psock_addrinfo_bind, but
 * connected (blocking) to the entry's address: psock_connect's errors
 * (PSOCK_ECONNREFUSED, PSOCK_ETIMEDOUT, ...). Thread-safe. */
PSOCK_API psock_t psock_addrinfo_connect(const psock_addrinfo_t *list,
                                         size_t index);
/* Release a list (NULL is a no-op). The sockets made from it stay open; the
 * list and its canonical name must not be used after. Not to be called
 * while another thread still uses the list. */
PSOCK_API void psock_addrinfo_free(psock_addrinfo_t *list);

/* The manual's other names of the two (reference/sockets/functions/
 * socket-getopt.xml "Alias of socket_get_option", socket-setopt.xml): the
 * same functions, as PHP's aliases are, with the same returns and errors. */
#define psock_getopt psock_get_option
#define psock_setopt psock_set_option

/* The value types of options (psock_option_type). */
enum psock_option_type {
  PSOCK_OPTION_INT = 1,
  PSOCK_OPTION_BOOL,
  PSOCK_OPTION_LINGER,
  PSOCK_OPTION_TIMEVAL,
  PSOCK_OPTION_STRING,
  PSOCK_OPTION_GROUP_REQ,
  PSOCK_OPTION_GROUP_SOURCE_REQ,
  PSOCK_OPTION_OTHER,
  PSOCK_OPTION_MEMINFO
};
/* The value type (PSOCK_OPTION_*) of an option at a level, and in
 * *read_only (may be NULL) 1 when it cannot be set; PSOCK_ENOPROTOOPT when
 * psock has no such option on this platform. What a generic caller (a
 * binding, the conformance driver) needs to pick the value's type.
 * Thread-safe; records no error. */
PSOCK_API int psock_option_type(int level, int option, int *read_only);

/* manual socket_get_option, IP_MULTICAST_IF (manual.socket_get_option.
 * parameters.100-104: the outgoing interface of multicast datagrams, an
 * index or an interface's name; php.net/function.socket-get-option).
 * psock_set_option takes the index (an int) or a psock_interface_t (an
 * interface by name, as PHP takes it), psock_get_option gives the index
 * back. POSIX
 * systems take the interface as one of its IPv4 addresses (Linux's
 * getsockopt gives only that address back), so psock converts as PHP
 * does: the index goes in as the first IPv4 address of that interface
 * (getifaddrs) and comes back as the interface holding the address the
 * system reports; 0 is INADDR_ANY both ways. Errors besides the options'
 * own: PSOCK_EINVAL (a negative index), PSOCK_EADDRNOTAVAIL (no interface
 * of that index has an IPv4 address; on get, the address set is no
 * interface's any more), PSOCK_ENOMEM (getifaddrs). Thread-safe; the
 * interface list is read at each call. */
/* manual socket_get_option, IP_MULTICAST_IF: "The value is either an
 * interface index or the name of an interface" (parameters); also
 * MCAST_JOIN_GROUP's interface. The index of the network interface called
 * name (if_nametoindex): 0 and *index set, or PSOCK_EINVAL (name or index
 * NULL, no interface of that name), recorded in the thread's last error.
 * Thread-safe. */
PSOCK_API int psock_interface_index(const char *name, unsigned *index);

#ifdef __cplusplus
}
#endif

#endif /* PSOCK_H */
