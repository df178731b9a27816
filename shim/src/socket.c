/* SPDX-License-Identifier: MIT */
/*
 * socket.c -- creating, naming, connecting, listening, accepting, closing.
 * Shared by every platform: validation and bookkeeping here, system calls in
 * the backend.
 */
#include "internal.h"

/* The protocol argument, checked the same way on every platform before the
 * system sees it: IANA protocol numbers are 0..255 (Linux says EINVAL above
 * its IPPROTO_MAX, Windows says WSAEINVAL for any it does not know), and an
 * AF_UNIX socket has no protocol but 0 (Linux also takes PF_UNIX, 1;
 * Windows' AF_UNIX fails differently). */
int psock__check_protocol(int domain, int protocol) {
  if (protocol < 0 || protocol > 255)
    return PSOCK_EPROTONOSUPPORT;
  if (domain == PSOCK_AF_UNIX && protocol != 0)
    return PSOCK_EPROTONOSUPPORT;
  return 0;
}

/* SOCK_NONBLOCK and SOCK_CLOEXEC or'ed into a type: split them off. psock's
 * sockets are always close-on-exec, so SOCK_CLOEXEC changes nothing; either
 * flag is refused (PSOCK_ESOCKTNOSUPPORT) where the table makes it
 * unavailable (the backend sets the mode: Windows has no type flags). */
static int type_flags(int *type, int *nonblocking) {
  const int flags = PSOCK_SOCK_NONBLOCK | PSOCK_SOCK_CLOEXEC;
  int given = *type & flags;
  *nonblocking = 0;
  if (given == 0)
    return 0;
  *type &= ~flags;
  if (((given & PSOCK_SOCK_NONBLOCK) &&
       psock__available_row(PSOCK_KIND_TYPE_FLAG, PSOCK_SOCK_NONBLOCK) < 0) ||
      ((given & PSOCK_SOCK_CLOEXEC) &&
       psock__available_row(PSOCK_KIND_TYPE_FLAG, PSOCK_SOCK_CLOEXEC) < 0))
    return PSOCK_ESOCKTNOSUPPORT;
  *nonblocking = (given & PSOCK_SOCK_NONBLOCK) != 0;
  return 0;
}

psock_t psock_create(int domain, int type, int protocol) {
  int ndomain, ntype, rc, nonblocking;
  psock__fd fd;
  psock_t s = PSOCK_NONE;

  rc = psock__ensure_os();
  if (rc < 0) {
    psock__fail_native(NULL, -rc);
    return PSOCK_NONE;
  }
  rc = type_flags(&type, &nonblocking);
  if (rc == 0)
    rc = psock__native_domain_type(domain, type, &ndomain, &ntype);
  if (rc == 0)
    rc = psock__check_protocol(domain, protocol);
  if (rc < 0) {
    psock__fail_code(NULL, rc);
    return PSOCK_NONE;
  }
  rc = psock__os_socket(ndomain, ntype, protocol, nonblocking, &fd);
  if (rc < 0) {
    psock__fail_native_ctx(NULL, -rc, PSOCK__CTX_CREATE);
    return PSOCK_NONE;
  }
  rc = psock__register(fd, domain, type, nonblocking, &s);
  if (rc < 0)
    psock__fail_code(NULL, rc);
  return s;
}

psock_t psock_create_listen(const char *address, int port, int backlog) {
  int rc;
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  psock__sock *sock;

  /* psock_create recorded why it failed; a lookup would overwrite that. */
  if (!psock_valid(s))
    return PSOCK_NONE;
  sock = psock__find(s);
  rc = psock__os_server_address_reuse(sock->fd);
  if (rc < 0)
    rc = psock__fail_native(sock, -rc);
  if (rc == 0)
    rc = psock_bind(s, address != NULL ? address : "0.0.0.0", port);
  if (rc == 0)
    rc = psock_listen(s, backlog);
  if (rc < 0) {
    /* The thread's last error must tell why creation failed, whatever
     * closing reports. */
    int native = psock_last_native_error(PSOCK_NONE);
    psock_close(s);
    psock__fail_as(NULL, rc, native);
    return PSOCK_NONE;
  }
  return s;
}

/* bind and connect: parse the address for the socket's domain, make the
 * call, record a failure in the call's context. */
static int address_call(psock_t s, const char *address, int port,
                        int (*call)(psock__fd, const psock__addr *),
                        psock__ctx ctx) {
  psock__addr addr;
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = psock__addr_parse(sock->domain, address, port, &addr);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  rc = call(sock->fd, &addr);
  return rc < 0 ? psock__fail_native_ctx(sock, -rc, ctx) : 0;
}

int psock_bind(psock_t s, const char *address, int port) {
  return address_call(s, address, port, psock__os_bind, PSOCK__CTX_ANY);
}

int psock_connect(psock_t s, const char *address, int port) {
  return address_call(s, address, port, psock__os_connect, PSOCK__CTX_CONNECT);
}

int psock_listen_max_backlog(void) { return psock__os_listen_max(); }

int psock_listen(psock_t s, int backlog) {
  int max, rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  /* spec 003: only SOCK_STREAM and SOCK_SEQPACKET listen. Checked here so
   * every platform gives the same code for the same mistake. */
  if (sock->type != PSOCK_SOCK_STREAM && sock->type != PSOCK_SOCK_SEQPACKET)
    return psock__fail_code(sock, PSOCK_EOPNOTSUPP);
  max = psock__os_listen_max();
  if (backlog < 0)
    backlog = 0;
  if (backlog > max)
    backlog = max;
  rc = psock__os_listen(sock->fd, backlog);
  if (rc < 0)
    return psock__fail_native(sock, -rc);
  PSOCK__STORE(sock->backlog, backlog);
  return 0;
}

int psock_listen_backlog(psock_t s) {
  int backlog;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  backlog = PSOCK__LOAD(sock->backlog);
  if (backlog < 0)
    return psock__fail_code(sock, PSOCK_EINVAL);
  return backlog;
}

psock_t psock_accept(psock_t listener) {
  return psock__accept_from(listener, NULL);
}

psock_t psock__accept_from(psock_t listener, psock__addr *peer) {
  psock__fd fd;
  psock_t s = PSOCK_NONE;
  int rc, nonblocking;
  LOOKUP_OR_RETURN(sock, listener, PSOCK_NONE);
  nonblocking = PSOCK__LOAD(sock->nonblocking);
  /* Room in the table before the connection leaves the queue: no memory
   * for it then means PSOCK_ENOMEM with the connection still queued. */
  rc = psock__reserve();
  if (rc < 0) {
    psock__fail_code(sock, rc);
    return PSOCK_NONE;
  }
  rc = psock__os_accept(sock->fd, nonblocking, &fd, peer);
  if (rc < 0) {
    /* On the listener, as PHP records it. */
    psock__fail_native_ctx(sock, -rc, PSOCK__CTX_ACCEPT);
    return PSOCK_NONE;
  }
  rc = psock__register(fd, sock->domain, sock->type, nonblocking, &s);
  if (rc < 0)
    psock__fail_code(sock, rc);
  return s;
}

int psock_shutdown(psock_t s, int how) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  if (how < 0 || how > 2)
    return psock__fail_code(sock, PSOCK_EINVAL);
  rc = psock__os_shutdown(sock->fd, how);
  if (rc < 0)
    return psock__fail_native(sock, -rc);
  if (how != 1) {
    PSOCK__STORE(sock->shut_rd, 1);
    psock__line_buffer_discard(sock); /* reads give end of stream now */
  }
  return 0;
}

int psock_close(psock_t s) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  /* Before the slot is released: once it is, another thread may reuse it
   * for a new socket with a line buffer of its own. */
  psock__line_buffer_discard(sock);
  rc = psock__os_close(psock__unregister(s));
  return rc < 0 ? psock__fail_native(NULL, -rc) : 0;
}

static int set_mode(psock_t s, int nonblocking) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = psock__os_set_nonblocking(sock->fd, nonblocking);
  if (rc < 0)
    return psock__fail_native(sock, -rc);
  PSOCK__STORE(sock->nonblocking, nonblocking);
  return 0;
}

int psock_set_block(psock_t s) { return set_mode(s, 0); }
int psock_set_nonblock(psock_t s) { return set_mode(s, 1); }

int psock_is_nonblocking(psock_t s) {
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  return PSOCK__LOAD(sock->nonblocking);
}

static int name_of(psock_t s, int peer, char *address, size_t size, int *port) {
  psock__addr addr;
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  if (address == NULL || size == 0)
    return psock__fail_code(sock, PSOCK_EINVAL);
  rc = peer ? psock__os_getpeername(sock->fd, &addr)
            : psock__os_getsockname(sock->fd, &addr);
  if (rc < 0)
    return psock__fail_native(sock, -rc);
  rc = psock__addr_format(&addr, address, size, port);
  return rc < 0 ? psock__fail_code(sock, rc) : 0;
}

int psock_getsockname(psock_t s, char *address, size_t size, int *port) {
  return name_of(s, 0, address, size, port);
}

int psock_getpeername(psock_t s, char *address, size_t size, int *port) {
  return name_of(s, 1, address, size, port);
}

int psock_domain(psock_t s) {
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  return sock->domain;
}

int psock_type(psock_t s) {
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  return sock->type;
}
