/* SPDX-License-Identifier: MIT */
/*
 * io.c -- reading and writing: read/write, recv/send, recvfrom/sendto,
 * readv/writev, recvmsg/sendmsg.
 */
#include "internal.h"

#include <stdint.h>
#include <string.h>

/* Arguments every data call checks the same way. */
static int check_buffer(const void *buf, size_t length) {
  if (buf == NULL && length > 0)
    return PSOCK_EINVAL;
  if (length > (size_t)PTRDIFF_MAX)
    return PSOCK_EINVAL;
  return 0;
}

/* The buffer and flags of recv/send/recvfrom/sendto: 0 with *nflags set, or
 * a portable error. */
static int check_transfer(const void *buf, size_t length, int flags,
                          int *nflags) {
  int rc = check_buffer(buf, length);
  return rc < 0 ? rc : psock__native_msg_flags(flags, nflags);
}

static ptrdiff_t result(psock__sock *sock, ptrdiff_t n) {
  return n < 0 ? psock__fail_native_ctx(sock, (int)-n, PSOCK__CTX_IO) : n;
}

static int is_connection(const psock__sock *sock) {
  return sock->type == PSOCK_SOCK_STREAM || sock->type == PSOCK_SOCK_SEQPACKET;
}

/* The context of a send's failure: on a connection, a peer that closed or
 * reset is PSOCK_EPIPE everywhere; a datagram socket sending without a
 * destination and not connected is PSOCK_EDESTADDRREQ everywhere. */
static psock__ctx send_ctx(const psock__sock *sock, int has_destination) {
  if (is_connection(sock))
    return PSOCK__CTX_SEND;
  return has_destination ? PSOCK__CTX_IO : PSOCK__CTX_SEND_NO_DESTINATION;
}

static ptrdiff_t sent(psock__sock *sock, ptrdiff_t n, int has_destination) {
  return n < 0 ? psock__fail_native_ctx(sock, (int)-n,
                                        send_ctx(sock, has_destination))
               : n;
}

/* Every receive starts here: 1 when reads give end of stream (shut down for
 * receiving), a negative code when a NORMAL_READ left an error pending
 * (reported now, once), 0 to go on. */
static int receive_start(psock__sock *sock) {
  /* Loaded here first: a call per receive only when one is pending. */
  if (PSOCK__LOAD(sock->pending_read_error) != 0) {
    int rc = psock__take_pending_read_error(sock);
    if (rc < 0)
      return rc;
  }
  return PSOCK__LOAD(sock->shut_rd) ? 1 : 0;
}

/* A NORMAL_READ that met native error `native` after taking `total` bytes
 * of a line. Nothing taken: the error, now. Otherwise the part is returned
 * and the error kept for the next receive -- except an interruption or a
 * receive timeout (or, nonblocking, no more data), which, as for read(2),
 * only cut the read short. */
ptrdiff_t psock__line_error(psock__sock *sock, size_t total, int native) {
  int code;
  if (total == 0)
    return psock__fail_native_ctx(sock, native, PSOCK__CTX_IO);
  code = psock__os_portable_of_ctx(native, PSOCK__CTX_IO);
  if (code != PSOCK_EINTR && code != PSOCK_EWOULDBLOCK)
    PSOCK__STORE(sock->pending_read_error, native);
  return (ptrdiff_t)total;
}

/* Bytes a NORMAL_READ left in the line buffer come before the system's,
 * for every receive but out-of-band data (portable MSG_* flags): -1 when
 * none are held (receive from the system), else the bytes served; a peek
 * leaves them held. */
static ptrdiff_t buffered_first_v(psock__sock *sock, const psock_iovec_t *iov,
                                  size_t count, int flags) {
  if (flags & PSOCK_MSG_OOB)
    return -1;
  return psock__line_buffer_serve(sock, iov, count, flags & PSOCK_MSG_PEEK);
}

static ptrdiff_t buffered_first(psock__sock *sock, void *buf, size_t length,
                                int flags) {
  psock_iovec_t one;
  one.base = buf;
  one.len = length;
  return buffered_first_v(sock, &one, 1, flags);
}

static PSOCK__NOINLINE ptrdiff_t read_general(psock_t s, void *buf,
                                              size_t length, int mode);

ptrdiff_t psock_read(psock_t s, void *buf, size_t length, int mode) {
  /* A line from a stream with nothing to report first: straight to the
   * line buffer (the NORMAL_READ of a line-by-line reader). Anything else,
   * errors included, takes the general path. */
  psock__sock *sock = psock__find(s);
  if (sock != NULL && mode == PSOCK_NORMAL_READ && buf != NULL &&
      length - 1 < (size_t)PTRDIFF_MAX && sock->type == PSOCK_SOCK_STREAM &&
      PSOCK__LOAD(sock->pending_read_error) == 0 && !PSOCK__LOAD(sock->shut_rd))
    return psock__read_line(sock, buf, length);
  return read_general(s, buf, length, mode);
}

static ptrdiff_t read_general(psock_t s, void *buf, size_t length, int mode) {
  ptrdiff_t n;
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_buffer(buf, length);
  if (rc == 0 &&
      (length == 0 || (mode != PSOCK_BINARY_READ && mode != PSOCK_NORMAL_READ)))
    rc = PSOCK_EINVAL;
  if (rc < 0)
    return psock__fail_code(sock, rc);
  rc = receive_start(sock);
  if (rc != 0)
    return rc < 0 ? rc : 0;
  if (mode == PSOCK_NORMAL_READ && sock->type == PSOCK_SOCK_STREAM)
    return psock__read_line(sock, buf, length);
  n = buffered_first(sock, buf, length, 0);
  if (n >= 0)
    return n;
  return result(sock, psock__os_recv(sock->fd, buf, length, 0));
}

ptrdiff_t psock_write(psock_t s, const void *buf, size_t length) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_buffer(buf, length);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  return sent(sock, psock__os_send(sock->fd, buf, length, 0), 0);
}

ptrdiff_t psock_recv(psock_t s, void *buf, size_t length, int flags) {
  ptrdiff_t n;
  int rc, nflags = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_transfer(buf, length, flags, &nflags);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  rc = receive_start(sock);
  if (rc != 0)
    return rc < 0 ? rc : 0;
  n = buffered_first(sock, buf, length, flags);
  if (n < 0)
    return result(sock, psock__os_recv(sock->fd, buf, length, nflags));
  /* MSG_WAITALL on a blocking socket: the rest from the system. */
  if ((flags & PSOCK_MSG_WAITALL) && !(flags & PSOCK_MSG_PEEK) &&
      (size_t)n < length && !PSOCK__LOAD(sock->nonblocking)) {
    ptrdiff_t more =
        psock__os_recv(sock->fd, (char *)buf + n, length - (size_t)n, nflags);
    if (more < 0)
      return psock__line_error(sock, (size_t)n, (int)-more);
    n += more;
  }
  return n;
}

/* MSG_EOF where the system has no such flag (its native value is 0:
 * Linux): once the whole of the data has gone out on a connection (stream
 * or seqpacket), the sending side is shut down, as the BSDs' MSG_EOF does
 * in the same call. A partial send (nonblocking) shuts nothing down (the
 * BSDs close after the last byte only), and a datagram socket sends as
 * without the flag (the BSDs' UDP ignores it). n is what the send gave. */
static ptrdiff_t send_eof(psock__sock *sock, ptrdiff_t n, size_t length,
                          int flags) {
  int rc;
  if (n < 0 || !(flags & PSOCK_MSG_EOF) || (size_t)n != length ||
      !is_connection(sock) ||
      psock__native_constant(PSOCK_KIND_MSG, PSOCK_MSG_EOF) != 0)
    return n;
  rc = psock__os_shutdown(sock->fd, 1);
  return rc < 0 ? psock__fail_native_ctx(sock, -rc, PSOCK__CTX_SEND) : n;
}

ptrdiff_t psock_send(psock_t s, const void *buf, size_t length, int flags) {
  int rc, nflags = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_transfer(buf, length, flags, &nflags);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  return send_eof(sock,
                  sent(sock, psock__os_send(sock->fd, buf, length, nflags), 0),
                  length, flags);
}

/* recvfrom/recvmsg check the sender's buffer before receiving anything: a
 * datagram, once received, cannot be put back, so a buffer that might be
 * too small for the sender's address is refused while the datagram is
 * still queued (PSOCK_ENOBUFS). The room needed depends only on the
 * socket's domain, never on who sent. */
static int check_address_room(const psock__sock *sock, const char *address,
                              size_t size) {
  size_t need = sock->domain == PSOCK_AF_INET    ? PSOCK_INET_ADDRSTRLEN
                : sock->domain == PSOCK_AF_INET6 ? PSOCK_INET6_ADDRSTRLEN
                                                 : PSOCK_ADDRSTRLEN;
  if (address == NULL)
    return 0;
  return size < need ? PSOCK_ENOBUFS : 0;
}

/* Write the sender of a received datagram (the room was checked). A
 * receive the system named no sender for (a connection-oriented socket
 * such as TCP: no address written, so the family stays unspecified; and
 * bytes served from the line buffer) gives "" and PSOCK_PORT_NONE, so that
 * "no sender" differs from an unnamed AF_UNIX sender ("" and port 0). */
static void sender(const psock__addr *from, char *address, size_t size,
                   int *port) {
  char ignored[PSOCK_ADDRSTRLEN];
  if (address == NULL) {
    address = ignored;
    size = sizeof ignored;
  }
  if (from->ss.ss_family == AF_UNSPEC) {
    address[0] = '\0';
    if (port != NULL)
      *port = PSOCK_PORT_NONE;
    return;
  }
  if (psock__addr_format(from, address, size, port) < 0)
    address[0] = '\0'; /* cannot happen: the room fits the domain */
}

ptrdiff_t psock_recvfrom(psock_t s, void *buf, size_t length, int flags,
                         char *address, size_t address_size, int *port) {
  psock__addr from;
  ptrdiff_t n;
  int rc, nflags = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_transfer(buf, length, flags, &nflags);
  if (rc == 0)
    rc = check_address_room(sock, address, address_size);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  memset(&from, 0, sizeof from);
  rc = receive_start(sock);
  if (rc != 0) {
    if (rc > 0) /* end of stream: no sender */
      sender(&from, address, address_size, port);
    return rc < 0 ? rc : 0;
  }
  /* Bytes held for a stream come first; a stream names no sender (Linux
   * gives no address for TCP either). */
  n = buffered_first(sock, buf, length, flags);
  if (n >= 0) {
    sender(&from, address, address_size, port);
    return n;
  }
  n = psock__os_recvfrom(sock->fd, buf, length, nflags, &from);
  if (n < 0)
    return psock__fail_native_ctx(sock, (int)-n, PSOCK__CTX_IO);
  sender(&from, address, address_size, port);
  return n;
}

ptrdiff_t psock_sendto(psock_t s, const void *buf, size_t length, int flags,
                       const char *address, int port) {
  psock__addr to;
  int rc, nflags = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_transfer(buf, length, flags, &nflags);
  if (rc == 0)
    rc = psock__addr_parse(sock->domain, address, port, &to);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  return send_eof(
      sock, sent(sock, psock__os_sendto(sock->fd, buf, length, nflags, &to), 1),
      length, flags);
}

/* Arguments of the scatter/gather calls. */
static int check_iov(const psock_iovec_t *iov, size_t count) {
  size_t i, total = 0;
  if (count > PSOCK_IOV_MAX || (iov == NULL && count > 0))
    return PSOCK_EINVAL;
  for (i = 0; i < count; i++) {
    if (iov[i].base == NULL && iov[i].len > 0)
      return PSOCK_EINVAL;
    if (iov[i].len > (size_t)PTRDIFF_MAX - total)
      return PSOCK_EINVAL;
    total += iov[i].len;
  }
  return 0;
}

ptrdiff_t psock_readv(psock_t s, const psock_iovec_t *iov, size_t count) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_iov(iov, count);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  rc = receive_start(sock);
  if (rc != 0)
    return rc < 0 ? rc : 0;
  {
    ptrdiff_t n = buffered_first_v(sock, iov, count, 0);
    if (n >= 0)
      return n;
  }
  return result(sock, psock__os_recvv(sock->fd, iov, count, 0, NULL, NULL));
}

ptrdiff_t psock_writev(psock_t s, const psock_iovec_t *iov, size_t count) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_iov(iov, count);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  return sent(sock, psock__os_sendv(sock->fd, iov, count, 0, NULL), 0);
}

/* A control record's own checks, the same for both directions. */
static int check_control(const psock_control_t *control) {
  if (control == NULL)
    return 0;
  if ((control->rights == NULL && control->rights_count > 0) ||
      control->rights_count > PSOCK_RIGHTS_MAX ||
      control->space > PSOCK_CMSG_SPACE_MAX)
    return PSOCK_EINVAL;
  return 0;
}

/* The descriptors a receive brought, as new handles of the caller's; one
 * psock cannot take (a family it has no name for, a full table) is closed,
 * and the control data reported cut. */
static void adopt_rights(psock_control_t *control, const psock__fd *fds,
                         size_t count) {
  size_t i, kept = 0;
  for (i = 0; i < count; i++) {
    psock_t h = psock_import((uintptr_t)fds[i]);
    if (psock_valid(h))
      control->rights[kept++] = h;
    else {
      psock__os_close(fds[i]);
      control->truncated = 1;
    }
  }
  control->rights_count = kept;
}

ptrdiff_t psock_recvmsg(psock_t s, psock_msg_t *msg, int flags) {
  psock__addr from;
  psock__fd fds[PSOCK_RIGHTS_MAX];
  psock__control native;
  psock_control_t *control;
  ptrdiff_t n;
  int rc, nflags = 0, truncated = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = msg == NULL ? PSOCK_EINVAL : check_iov(msg->iov, msg->iov_count);
  if (rc == 0)
    rc = check_address_room(sock, msg->address, msg->address_size);
  if (rc == 0)
    rc = check_control(msg->control);
  if (rc == 0)
    rc = psock__native_msg_flags(flags, &nflags);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  control = msg->control;
  memset(&from, 0, sizeof from);
  rc = receive_start(sock);
  if (rc != 0) {
    msg->truncated = 0;
    if (rc > 0) /* end of stream: no sender */
      sender(&from, msg->address, msg->address_size, &msg->port);
    return rc < 0 ? rc : 0;
  }
  if (control != NULL) {
    control->truncated = 0;
    native.fds = fds;
    native.count = control->rights_count;
    native.space = control->space;
    native.truncated = 0;
  }
  memset(&from, 0, sizeof from);
  n = buffered_first_v(sock, msg->iov, msg->iov_count, flags);
  if (n >= 0) {
    msg->truncated = 0;
    if (control != NULL)
      control->rights_count = 0; /* the line buffer keeps no control data */
    sender(&from, msg->address, msg->address_size, &msg->port);
    return n;
  }
  n = control == NULL
          ? psock__os_recvv(sock->fd, msg->iov, msg->iov_count, nflags, &from,
                            &truncated)
          : psock__os_recvv_control(sock->fd, msg->iov, msg->iov_count, nflags,
                                    &from, &truncated, &native);
  if (n < 0)
    return psock__fail_native_ctx(sock, (int)-n, PSOCK__CTX_IO);
  msg->truncated = truncated;
  if (control != NULL) {
    control->truncated = native.truncated;
    adopt_rights(control, fds, native.count);
  }
  sender(&from, msg->address, msg->address_size, &msg->port);
  return n;
}

ptrdiff_t psock_sendmsg(psock_t s, const psock_msg_t *msg, int flags) {
  psock__addr to;
  psock__fd fds[PSOCK_RIGHTS_MAX];
  psock__control native;
  size_t i, length = 0;
  int rc, nflags = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = msg == NULL ? PSOCK_EINVAL : check_iov(msg->iov, msg->iov_count);
  if (rc == 0)
    rc = check_control(msg->control);
  if (rc == 0)
    rc = psock__native_msg_flags(flags, &nflags);
  if (rc == 0 && msg->address != NULL)
    rc = psock__addr_parse(sock->domain, msg->address, msg->port, &to);
  /* Descriptors travel over AF_UNIX only: one rule on every system (an
   * inet socket's sendmsg fails, or drops them, system by system). */
  if (rc == 0 && msg->control != NULL && msg->control->rights_count > 0 &&
      sock->domain != PSOCK_AF_UNIX)
    rc = PSOCK_EOPNOTSUPP;
  for (i = 0; rc == 0 && msg->control != NULL && i < msg->control->rights_count;
       i++) {
    psock__sock *passed = psock__find(msg->control->rights[i]);
    if (passed == NULL)
      rc = PSOCK_EBADF;
    else
      fds[i] = passed->fd;
  }
  if (rc < 0)
    return psock__fail_code(sock, rc);
  for (i = 0; i < msg->iov_count; i++)
    length += msg->iov[i].len; /* check_iov: no overflow */
  if (msg->control == NULL)
    return send_eof(
        sock,
        sent(sock,
             psock__os_sendv(sock->fd, msg->iov, msg->iov_count, nflags,
                             msg->address != NULL ? &to : NULL),
             msg->address != NULL),
        length, flags);
  native.fds = fds;
  native.count = msg->control->rights_count;
  native.space = 0;
  native.truncated = 0;
  return send_eof(
      sock,
      sent(sock,
           psock__os_sendv_control(sock->fd, msg->iov, msg->iov_count, nflags,
                                   msg->address != NULL ? &to : NULL, &native),
           msg->address != NULL),
      length, flags);
}
