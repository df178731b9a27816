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

/* PHP_NORMAL_READ on a stream: peek at what has arrived, then take exactly
 * up to the first line end, so the bytes after it stay in the socket. PHP
 * reads one byte per system call; this is two per arrival of data. */
static ptrdiff_t read_line(psock__sock *sock, char *buf, size_t length) {
  size_t total = 0;
  while (total < length) {
    size_t want = length - total, take, i;
    int line_end = 0;
    ptrdiff_t n = psock__os_recv(sock->fd, buf + total, want, 
                                 psock__native_constant(PSOCK_KIND_MSG,
                                                        PSOCK_MSG_PEEK));
    if (n <= 0) {
      /* End of stream, or an error after part of a line was taken: return
       * the part; an error will show again on the next call. */
      if (total > 0 || n == 0)
        return (ptrdiff_t)total;
      return psock__fail_native_ctx(sock, (int)-n, PSOCK__CTX_IO);
    }
    take = (size_t)n;
    for (i = 0; i < (size_t)n; i++) {
      char c = buf[total + i];
      if (c == '\n' || c == '\r') {
        take = i + 1;
        line_end = 1;
        break;
      }
    }
    n = psock__os_recv(sock->fd, buf + total, take, 0);
    if (n <= 0) {
      if (total > 0 || n == 0)
        return (ptrdiff_t)total;
      return psock__fail_native_ctx(sock, (int)-n, PSOCK__CTX_IO);
    }
    total += (size_t)n;
    if (line_end || sock->nonblocking)
      break;
  }
  return (ptrdiff_t)total;
}

ptrdiff_t psock_read(psock_t s, void *buf, size_t length, int mode) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_buffer(buf, length);
  if (rc == 0 && (length == 0 ||
                  (mode != PSOCK_BINARY_READ && mode != PSOCK_NORMAL_READ)))
    rc = PSOCK_EINVAL;
  if (rc < 0)
    return psock__fail_code(sock, rc);
  if (sock->shut_rd)
    return 0;
  if (mode == PSOCK_NORMAL_READ && sock->type == PSOCK_SOCK_STREAM)
    return read_line(sock, buf, length);
  return result(sock, psock__os_recv(sock->fd, buf, length, 0));
}

ptrdiff_t psock_write(psock_t s, const void *buf, size_t length) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_buffer(buf, length);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  return result(sock, psock__os_send(sock->fd, buf, length, 0));
}

ptrdiff_t psock_recv(psock_t s, void *buf, size_t length, int flags) {
  int rc, nflags = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_transfer(buf, length, flags, &nflags);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  if (sock->shut_rd)
    return 0;
  return result(sock, psock__os_recv(sock->fd, buf, length, nflags));
}

ptrdiff_t psock_send(psock_t s, const void *buf, size_t length, int flags) {
  int rc, nflags = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_transfer(buf, length, flags, &nflags);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  return result(sock, psock__os_send(sock->fd, buf, length, nflags));
}

ptrdiff_t psock_recvfrom(psock_t s, void *buf, size_t length, int flags,
                         char *address, size_t address_size, int *port) {
  psock__addr from;
  ptrdiff_t n;
  int rc, nflags = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_transfer(buf, length, flags, &nflags);
  if (rc == 0 && address != NULL && address_size == 0)
    rc = PSOCK_EINVAL;
  if (rc < 0)
    return psock__fail_code(sock, rc);
  if (sock->shut_rd)
    return 0;
  memset(&from, 0, sizeof from);
  n = psock__os_recvfrom(sock->fd, buf, length, nflags, &from);
  if (n < 0)
    return psock__fail_native_ctx(sock, (int)-n, PSOCK__CTX_IO);
  if (address != NULL) {
    rc = psock__addr_format(&from, address, address_size, port);
    if (rc < 0)
      return psock__fail_code(sock, rc);
  } else if (port != NULL) {
    char ignored[PSOCK_ADDRSTRLEN];
    psock__addr_format(&from, ignored, sizeof ignored, port);
  }
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
  return result(sock, psock__os_sendto(sock->fd, buf, length, nflags, &to));
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
  if (sock->shut_rd)
    return 0;
  return result(sock, psock__os_recvv(sock->fd, iov, count, 0, NULL, NULL));
}

ptrdiff_t psock_writev(psock_t s, const psock_iovec_t *iov, size_t count) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = check_iov(iov, count);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  return result(sock, psock__os_sendv(sock->fd, iov, count, 0, NULL));
}

ptrdiff_t psock_recvmsg(psock_t s, psock_msg_t *msg, int flags) {
  psock__addr from;
  ptrdiff_t n;
  int rc, nflags = 0, truncated = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = msg == NULL ? PSOCK_EINVAL : check_iov(msg->iov, msg->iov_count);
  if (rc == 0 && msg->address != NULL && msg->address_size == 0)
    rc = PSOCK_EINVAL;
  if (rc == 0)
    rc = psock__native_msg_flags(flags, &nflags);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  if (sock->shut_rd) {
    msg->truncated = 0;
    msg->port = 0;
    return 0;
  }
  memset(&from, 0, sizeof from);
  n = psock__os_recvv(sock->fd, msg->iov, msg->iov_count, nflags, &from,
                      &truncated);
  if (n < 0)
    return psock__fail_native_ctx(sock, (int)-n, PSOCK__CTX_IO);
  msg->truncated = truncated;
  msg->port = 0;
  if (msg->address != NULL) {
    rc = psock__addr_format(&from, msg->address, msg->address_size,
                            &msg->port);
    if (rc < 0)
      return psock__fail_code(sock, rc);
  }
  return n;
}

ptrdiff_t psock_sendmsg(psock_t s, const psock_msg_t *msg, int flags) {
  psock__addr to;
  int rc, nflags = 0;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = msg == NULL ? PSOCK_EINVAL : check_iov(msg->iov, msg->iov_count);
  if (rc == 0)
    rc = psock__native_msg_flags(flags, &nflags);
  if (rc == 0 && msg->address != NULL)
    rc = psock__addr_parse(sock->domain, msg->address, msg->port, &to);
  if (rc < 0)
    return psock__fail_code(sock, rc);
  return result(sock, psock__os_sendv(sock->fd, msg->iov, msg->iov_count,
                                      nflags,
                                      msg->address != NULL ? &to : NULL));
}
