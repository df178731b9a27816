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
 * receiving and by close. It holds up to 64 KiB: a plain reader's read()
 * size, so that a busy stream costs one system call per 800 short lines.
 *
 * Two locks keep two threads from taking the same bytes (a socket that
 * never saw a NORMAL_READ takes neither):
 *   - line_busy, a spin lock, is held while bytes are looked at or moved,
 *     never across a system call: one atomic exchange to take, a store to
 *     give back. A NORMAL_READ whose whole line is in the buffer takes only
 *     this one -- the cost of a line is a plain reader's memchr and memcpy
 *     plus that exchange.
 *   - line_lock, the socket's mutex, is held by a reader that must receive
 *     from the system before its line is complete, across that receive; it
 *     marks the buffer owned (line_owned, under line_busy) so that other
 *     receives wait for it on the mutex instead of taking bytes out of the
 *     middle of its line. So each receive stays whole, as before.
 */
#include "internal.h"
#include "fault.h"

#include <stdlib.h>
#include <string.h>

#define LINE_BUFFER_SIZE 65536

/* How far ahead a search for "\r" runs (cr_cut). */
#define CR_AHEAD 4096

struct psock__line_buffer {
  size_t start, end; /* the bytes held: data[start..end) */
  /* No "\r" among data[start..clean_to) when clean_to > start; a "\r" at
   * clean_to itself if clean_to < end and the search stopped there. */
  size_t clean_to;
  unsigned char data[LINE_BUFFER_SIZE];
};

/* The socket's buffer pointer. A function of its own: GCC's
 * -Wdangling-pointer (at -O0, as coverage builds) takes pointers derived
 * from an atomic_load's result for pointers into its temporary. */
static struct psock__line_buffer *line_of(psock__sock *sock) {
  return PSOCK__LOAD(sock->line);
}

/* A waiter spins this many times between yields of the processor: the
 * holder of line_busy only copies bytes. */
#define SPINS_PER_YIELD 64

static void busy_wait(psock__sock *sock) {
  unsigned spins = 0;
  do {
    while (atomic_load_explicit(&sock->line_busy, memory_order_relaxed))
      if (++spins % SPINS_PER_YIELD == 0)
        psock__os_yield();
  } while (atomic_exchange_explicit(&sock->line_busy, 1, memory_order_acquire));
}

static inline void busy_take(psock__sock *sock) {
  if (atomic_exchange_explicit(&sock->line_busy, 1, memory_order_acquire))
    busy_wait(sock);
}

static void busy_give(psock__sock *sock) {
  atomic_store_explicit(&sock->line_busy, 0, memory_order_release);
}

/* Takes line_busy with no other reader owning the buffer; 1 when that
 * meant waiting for the owner on the mutex, which the caller then holds
 * too (release() gives both back). */
static int own(psock__sock *sock) {
  busy_take(sock);
  if (!sock->line_owned)
    return 0;
  busy_give(sock);
  psock__os_mutex_lock(&sock->line_lock);
  busy_take(sock); /* only a mutex holder owns the buffer: none now */
  return 1;
}

static void release(psock__sock *sock, int locked) {
  busy_give(sock);
  if (locked)
    psock__os_mutex_unlock(&sock->line_lock);
}

void psock__line_buffer_discard(psock__sock *sock) {
  struct psock__line_buffer *line;
  if (PSOCK__LOAD(sock->line) == NULL)
    return; /* never had one: no lock (close's fast path) */
  psock__os_mutex_lock(&sock->line_lock);
  busy_take(sock);
  line = line_of(sock);
  PSOCK__STORE(sock->line, NULL);
  PSOCK__STORE(sock->buffered, 0);
  release(sock, 1);
  free(line);
}

/* Under line_busy: take up to `want` bytes into dst (or only look, when
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
      line->start = line->end = line->clean_to = 0;
      PSOCK__STORE(sock->buffered, 0);
    }
  }
  return n;
}

ptrdiff_t psock__line_buffer_serve(psock__sock *sock, const psock_iovec_t *iov,
                                   size_t count, int peek) {
  struct psock__line_buffer *line;
  size_t i, total = 0;
  int locked;
  if (!PSOCK__LOAD(sock->buffered))
    return -1; /* the fast path: nothing held, no lock */
  locked = own(sock);
  line = line_of(sock);
  if (line == NULL || line->end == line->start) {
    release(sock, locked);
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
  release(sock, locked);
  return (ptrdiff_t)total;
}

/* The line ends at the first "\n" or "\r". memchr finds the "\n" for each
 * line; the "\r", rare in lines that end with "\n", is searched CR_AHEAD
 * bytes at a time and the result kept (clean_to), so that a line costs one
 * memchr, as a plain reader's does, rather than two. Returns span cut after
 * the first "\r" among data[start..start+span). */
static size_t cr_search(struct psock__line_buffer *line, size_t span) {
  size_t stop = line->start + span;
  /* Called when clean_to < stop, so from < stop too: there is a search. */
  size_t from = line->clean_to > line->start ? line->clean_to : line->start;
  size_t ahead = from + CR_AHEAD > stop ? from + CR_AHEAD : stop;
  const unsigned char *cr;
  if (ahead > line->end)
    ahead = line->end;
  cr = memchr(line->data + from, '\r', ahead - from);
  line->clean_to = cr != NULL ? (size_t)(cr - line->data) : ahead;
  return line->clean_to < stop ? line->clean_to - line->start + 1 : span;
}

/* Usually the bytes are known to be clean already: no call. */
static inline size_t cr_cut(struct psock__line_buffer *line, size_t span) {
  return line->clean_to >= line->start + span ? span : cr_search(line, span);
}

/* The general case: a line that needs a receive, or a buffer still to be
 * made or owned by another reader. */
static PSOCK__NOINLINE ptrdiff_t read_line_slow(psock__sock *sock,
                                                unsigned char *buf,
                                                size_t length) {
  struct psock__line_buffer *line;
  size_t total = 0;
  ptrdiff_t n;
  int locked = own(sock);
  line = line_of(sock);
  if (line == NULL) {
    line = PSOCK__ALLOC(line_buffer, malloc(sizeof *line));
    if (line == NULL) {
      release(sock, locked);
      return psock__fail_code(sock, PSOCK_ENOMEM);
    }
    line->start = line->end = line->clean_to = 0;
    PSOCK__STORE(sock->line, line);
  }
  for (;;) {
    if (line->end > line->start) {
      const unsigned char *p = line->data + line->start;
      size_t span = length - total, held = line->end - line->start;
      const unsigned char *lf;
      int ends;
      if (held < span)
        span = held;
      lf = memchr(p, '\n', span);
      if (lf != NULL)
        span = (size_t)(lf - p) + 1;
      span = cr_cut(line, span);
      ends =
          p[span - 1] == '\n' || p[span - 1] == '\r' || total + span == length;
      if (!ends && !locked) {
        /* The line needs a receive: wait for the mutex before taking any
         * of it, so that no other reader takes bytes from its middle. */
        busy_give(sock);
        psock__os_mutex_lock(&sock->line_lock);
        locked = 1;
        busy_take(sock);
        continue; /* another reader may have moved the bytes meanwhile */
      }
      memcpy(buf + total, p, span);
      total += span;
      line->start += span;
      if (line->start == line->end) {
        line->start = line->end = line->clean_to = 0;
        PSOCK__STORE(sock->buffered, 0);
      }
      if (ends)
        break;
    } else if (!locked) {
      busy_give(sock);
      psock__os_mutex_lock(&sock->line_lock);
      locked = 1;
      busy_take(sock);
      continue;
    }
    /* Nothing held: what has arrived, up to the buffer's size, in one
     * call. A blocking socket waits here for the rest of the line; a
     * nonblocking one ends the read with the part it has. The buffer is
     * this reader's meanwhile (line_owned): others wait on the mutex. */
    sock->line_owned = 1;
    busy_give(sock);
    n = psock__os_recv(sock->fd, line->data, sizeof line->data, 0);
    busy_take(sock);
    sock->line_owned = 0;
    if (n == 0)
      break; /* end of stream: what was taken is the last line */
    if (n < 0) {
      release(sock, locked);
      return psock__line_error(sock, total, (int)-n);
    }
    line->start = line->clean_to = 0;
    line->end = (size_t)n;
    PSOCK__STORE(sock->buffered, 1);
  }
  release(sock, locked);
  return (ptrdiff_t)total;
}

ptrdiff_t psock__read_line(psock__sock *sock, unsigned char *buf,
                           size_t length) {
  /* The common case first, under line_busy alone: the whole line (or
   * length bytes of it) is in the buffer. */
  struct psock__line_buffer *line;
  busy_take(sock);
  line = line_of(sock);
  if (line != NULL && !sock->line_owned && line->end > line->start) {
    const unsigned char *p = line->data + line->start;
    size_t span = line->end - line->start;
    const unsigned char *lf;
    if (length < span)
      span = length;
    lf = memchr(p, '\n', span);
    if (lf != NULL)
      span = (size_t)(lf - p) + 1;
    span = cr_cut(line, span);
    if (p[span - 1] == '\n' || p[span - 1] == '\r' || span == length) {
      memcpy(buf, p, span);
      line->start += span;
      if (line->start == line->end) {
        line->start = line->end = line->clean_to = 0;
        PSOCK__STORE(sock->buffered, 0);
      }
      busy_give(sock);
      return (ptrdiff_t)span;
    }
  }
  busy_give(sock);
  return read_line_slow(sock, buf, length);
}
