/* SPDX-License-Identifier: MIT */
/*
 * line.c -- PHP_NORMAL_READ at the cost of a buffered reader.
 *
 * PHP reads a line one byte per system call. psock receives whatever has
 * arrived, up to the line buffer's size, in one call, returns the line and
 * keeps the rest in the socket's line buffer, where every later receive on
 * the handle finds it first (read, recv, recvfrom, readv, recvmsg; a peek
 * sees it without taking it) and psock_select counts it as readable. So a
 * line costs a fraction of a system call, and no byte is lost or
 * reordered. The buffer has a fixed size (it never grows), is made by the
 * first NORMAL_READ on a stream socket, and is dropped by shutdown for
 * receiving and by close.
 *
 * Receives take the socket's line lock once a buffer exists, so that two
 * threads never take the same bytes; a socket that never saw a NORMAL_READ
 * never takes it.
 */
#include "internal.h"
#include "fault.h"

#include <stdlib.h>
#include <string.h>

#define LINE_BUFFER_SIZE 8192

struct psock__line_buffer {
  size_t start, end; /* the bytes held: data[start..end) */
  unsigned char data[LINE_BUFFER_SIZE];
};

void psock__line_buffer_discard(psock__sock *sock) {
  struct psock__line_buffer *line;
  if (PSOCK__LOAD(sock->line) == NULL)
    return; /* never had one: no lock (close's fast path) */
  psock__os_mutex_lock(&sock->line_lock);
  line = PSOCK__LOAD(sock->line);
  PSOCK__STORE(sock->line, NULL);
  PSOCK__STORE(sock->buffered, 0);
  psock__os_mutex_unlock(&sock->line_lock);
  free(line);
}

/* Under the lock: take up to `want` bytes into dst (or only look, when
 * peek). Returns how many. */
static size_t take(psock__sock *sock, struct psock__line_buffer *line,
                   unsigned char *dst, size_t want, int peek) {
  size_t n = line->end - line->start;
  if (n > want)
    n = want;
  memcpy(dst, line->data + line->start, n);
  if (!peek) {
    line->start += n;
    if (line->start == line->end) {
      line->start = line->end = 0;
      PSOCK__STORE(sock->buffered, 0);
    }
  }
  return n;
}

ptrdiff_t psock__line_buffer_serve(psock__sock *sock, const psock_iovec_t *iov,
                                   size_t count, int peek) {
  struct psock__line_buffer *line;
  size_t i, total = 0;
  if (!PSOCK__LOAD(sock->buffered))
    return -1; /* the fast path: nothing held, no lock */
  psock__os_mutex_lock(&sock->line_lock);
  line = PSOCK__LOAD(sock->line);
  if (line == NULL || line->end == line->start) {
    psock__os_mutex_unlock(&sock->line_lock);
    return -1;
  }
  /* A peek looks at the same bytes for every element: keep an offset. */
  for (i = 0; i < count && line->end - line->start > (peek ? total : 0); i++) {
    if (peek) {
      size_t held = line->end - line->start - total;
      size_t n = iov[i].len < held ? iov[i].len : held;
      memcpy(iov[i].base, line->data + line->start + total, n);
      total += n;
    } else {
      total += take(sock, line, iov[i].base, iov[i].len, 0);
    }
  }
  psock__os_mutex_unlock(&sock->line_lock);
  return (ptrdiff_t)total;
}

/* The first line end ("\n" or "\r") among n bytes, or NULL. */
static const unsigned char *line_end(const unsigned char *p, size_t n) {
  const unsigned char *lf = memchr(p, '\n', n);
  const unsigned char *cr = memchr(p, '\r', lf != NULL ? (size_t)(lf - p) : n);
  return cr != NULL ? cr : lf;
}

ptrdiff_t psock__read_line(psock__sock *sock, unsigned char *buf,
                           size_t length) {
  struct psock__line_buffer *line;
  size_t total = 0;
  ptrdiff_t n;
  psock__os_mutex_lock(&sock->line_lock);
  line = PSOCK__LOAD(sock->line);
  if (line == NULL) {
    line = PSOCK__ALLOC(line_buffer, malloc(sizeof *line));
    if (line == NULL) {
      psock__os_mutex_unlock(&sock->line_lock);
      return psock__fail_code(sock, PSOCK_ENOMEM);
    }
    line->start = line->end = 0;
    PSOCK__STORE(sock->line, line);
  }
  for (;;) {
    if (line->end > line->start) {
      size_t want = length - total, held = line->end - line->start;
      const unsigned char *end =
          line_end(line->data + line->start, held < want ? held : want);
      if (end != NULL)
        want = (size_t)(end - (line->data + line->start)) + 1;
      total += take(sock, line, buf + total, want, 0);
      if (end != NULL || total == length)
        break;
    }
    /* Nothing held: what has arrived, up to the buffer's size, in one
     * call. A blocking socket waits here for the rest of the line; a
     * nonblocking one ends the read with the part it has. */
    n = psock__os_recv(sock->fd, line->data, sizeof line->data, 0);
    if (n == 0)
      break; /* end of stream: what was taken is the last line */
    if (n < 0) {
      psock__os_mutex_unlock(&sock->line_lock);
      return psock__line_error(sock, total, (int)-n);
    }
    line->start = 0;
    line->end = (size_t)n;
    PSOCK__STORE(sock->buffered, 1);
  }
  psock__os_mutex_unlock(&sock->line_lock);
  return (ptrdiff_t)total;
}
