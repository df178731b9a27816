/* SPDX-License-Identifier: MIT */
/*
 * bench-posix.c -- psock against the raw calls it wraps, on loopback only.
 * POSIX-only: the reference side calls the system directly.
 *
 *   psock_bench timing            every timed comparison, one JSON object
 *                                 per line: {"name", "psock", "reference",
 *                                 "unit", "higher_is_better"}; psock and the
 *                                 reference run interleaved, REPEATS times,
 *                                 and each value is the median
 *   psock_bench ops               the operation names, one a line
 *   psock_bench op NAME SIDE N    N iterations of one operation (SIDE psock
 *                                 or raw) inside run_op(), for strace's
 *                                 system-call counts and callgrind's
 *                                 instruction counts; N = 0 measures the
 *                                 set-up alone
 *
 * Nothing here is a test: the figures are ratios from one run on a noisy
 * machine, reported, never asserted.
 */
#if defined(__linux__)
#  define _GNU_SOURCE /* glibc, musl: SOCK_CLOEXEC, accept4 */
#endif
#include "psock.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#define REPEATS 7
/* select is the closest race: more repeats for a steadier median. */
#define SELECT_REPEATS 15
#define LINE_LEN 80

static void die(const char *what) {
  fprintf(stderr, "psock_bench: %s failed (%s, psock %s)\n", what,
          strerror(errno), psock_err_name(psock_last_error(PSOCK_NONE)));
  exit(1);
}

/* The raw call psock makes: close-on-exec at creation where the system has
 * SOCK_CLOEXEC (Linux, the BSDs), else set right after it (macOS). */
static int raw_socket(int domain, int type) {
#ifdef SOCK_CLOEXEC
  return socket(domain, type | SOCK_CLOEXEC, 0);
#else
  int fd = socket(domain, type, 0);
  if (fd >= 0)
    fcntl(fd, F_SETFD, FD_CLOEXEC);
  return fd;
#endif
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return v[n / 2];
}

static void emit(const char *name, double psock_value, double reference,
                 const char *unit, int higher_is_better) {
  printf("{\"name\": \"%s\", \"psock\": %.6g, \"reference\": %.6g, "
         "\"unit\": \"%s\", \"higher_is_better\": %s}\n",
         name, psock_value, reference, unit,
         higher_is_better ? "true" : "false");
  fflush(stdout);
}

/* ---- raw helpers --------------------------------------------------------- */

static void raw_tcp_pair(int fd[2]) {
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  int l = socket(AF_INET, SOCK_STREAM, 0);
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) != 0 ||
      listen(l, 1) != 0 || getsockname(l, (struct sockaddr *)&a, &len) != 0)
    die("raw listener");
  fd[0] = socket(AF_INET, SOCK_STREAM, 0);
  if (fd[0] < 0 || connect(fd[0], (struct sockaddr *)&a, sizeof a) != 0)
    die("raw connect");
  fd[1] = accept(l, NULL, NULL);
  if (fd[1] < 0)
    die("raw accept");
  close(l);
}

static void psock_pair(int domain, psock_t p[2]) {
  if (psock_create_pair(domain, PSOCK_SOCK_STREAM, 0, p) != 0)
    die("psock_create_pair");
}

static void raw_pair(int domain, int fd[2]) {
  if (domain == PSOCK_AF_UNIX) {
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fd) != 0)
      die("socketpair");
  } else {
    raw_tcp_pair(fd);
  }
}

/* ---- throughput ---------------------------------------------------------- */

typedef struct stream_job {
  int use_psock;
  psock_t ps;
  int fd;
  size_t chunk;
  size_t total;
} stream_job;

static void *writer(void *p) {
  stream_job *j = p;
  static char buf[65536];
  size_t done = 0;
  while (done < j->total) {
    ptrdiff_t n = j->use_psock ? psock_write(j->ps, buf, j->chunk)
                               : send(j->fd, buf, j->chunk, MSG_NOSIGNAL);
    if (n <= 0)
      die("write");
    done += (size_t)n;
  }
  return NULL;
}

/* Seconds to move `total` bytes in writes of `chunk`, read as they come. */
static double transfer(int use_psock, int domain, size_t chunk, size_t total) {
  static char buf[65536];
  stream_job j;
  pthread_t t;
  size_t got = 0;
  double start;
  psock_t p[2];
  int fd[2];
  memset(&j, 0, sizeof j);
  j.use_psock = use_psock;
  j.chunk = chunk;
  j.total = total;
  if (use_psock) {
    psock_pair(domain, p);
    j.ps = p[0];
  } else {
    raw_pair(domain, fd);
    j.fd = fd[0];
  }
  start = now_s();
  pthread_create(&t, NULL, writer, &j);
  while (got < total) {
    ptrdiff_t n = use_psock ? psock_recv(p[1], buf, chunk, 0)
                            : recv(fd[1], buf, chunk, 0);
    if (n <= 0)
      die("read");
    got += (size_t)n;
  }
  pthread_join(t, NULL);
  start = now_s() - start;
  if (use_psock) {
    psock_close(p[0]);
    psock_close(p[1]);
  } else {
    close(fd[0]);
    close(fd[1]);
  }
  return start;
}

static void bench_throughput(void) {
  static const size_t chunks[] = {64, 1024, 65536};
  static const int domains[] = {PSOCK_AF_INET, PSOCK_AF_UNIX};
  size_t c, d;
  for (d = 0; d < 2; d++) {
    for (c = 0; c < 3; c++) {
      double ps[REPEATS], raw[REPEATS];
      size_t total = chunks[c] == 64 ? (8u << 20) : (64u << 20);
      char name[64];
      int r;
      for (r = 0; r < REPEATS; r++) {
        ps[r] = total / transfer(1, domains[d], chunks[c], total) / 1e6;
        raw[r] = total / transfer(0, domains[d], chunks[c], total) / 1e6;
      }
      snprintf(name, sizeof name, "throughput %s %zu B",
               domains[d] == PSOCK_AF_UNIX ? "AF_UNIX" : "TCP", chunks[c]);
      emit(name, median(ps, REPEATS), median(raw, REPEATS), "MB/s", 1);
    }
  }
}

/* ---- line reading -------------------------------------------------------- */

#define LINES 20000

typedef struct line_job {
  int fd;
  psock_t ps;
  int use_psock;
} line_job;

static void *line_writer(void *p) {
  line_job *j = p;
  static char text[LINES * LINE_LEN];
  static int made;
  size_t done = 0;
  if (!made) {
    int i, k;
    for (i = 0; i < LINES; i++) {
      for (k = 0; k < LINE_LEN - 1; k++)
        text[i * LINE_LEN + k] = (char)('a' + (i + k) % 26);
      text[i * LINE_LEN + LINE_LEN - 1] = '\n';
    }
    made = 1;
  }
  while (done < sizeof text) {
    ptrdiff_t n =
        j->use_psock
            ? psock_write(j->ps, text + done, sizeof text - done)
            : send(j->fd, text + done, sizeof text - done, MSG_NOSIGNAL);
    if (n <= 0)
      die("line write");
    done += (size_t)n;
  }
  return NULL;
}

/* The reference: a plain buffered reader (what stdio's fgets does). */
typedef struct buffered {
  int fd;
  char data[8192];
  size_t start, end;
} buffered;

static ptrdiff_t buffered_line(buffered *b, char *out, size_t len) {
  size_t total = 0;
  for (;;) {
    while (b->start < b->end && total < len) {
      char c = b->data[b->start++];
      out[total++] = c;
      if (c == '\n' || c == '\r')
        return (ptrdiff_t)total;
    }
    if (total == len)
      return (ptrdiff_t)total;
    {
      ssize_t n = recv(b->fd, b->data, sizeof b->data, 0);
      if (n <= 0)
        return n < 0 ? -1 : (ptrdiff_t)total;
      b->start = 0;
      b->end = (size_t)n;
    }
  }
}

/* PHP's way: one recv of one byte per byte (ext/sockets' php_read). */
static ptrdiff_t bytewise_line(int fd, char *out, size_t len) {
  size_t total = 0;
  while (total < len) {
    ssize_t n = recv(fd, out + total, 1, 0);
    if (n <= 0)
      break;
    if (out[total++] == '\n')
      break;
  }
  return (ptrdiff_t)total;
}

/* Seconds per line: 0 psock NORMAL_READ, 1 buffered reader, 2 bytewise. */
static double read_lines(int how) {
  char line[2 * LINE_LEN];
  line_job j;
  pthread_t t;
  buffered *b = NULL;
  double start;
  psock_t p[2];
  int fd[2], i;
  memset(&j, 0, sizeof j);
  j.use_psock = how == 0;
  if (how == 0) {
    psock_pair(PSOCK_AF_UNIX, p);
    j.ps = p[0];
  } else {
    raw_pair(PSOCK_AF_UNIX, fd);
    j.fd = fd[0];
    b = calloc(1, sizeof *b);
    b->fd = fd[1];
  }
  start = now_s();
  pthread_create(&t, NULL, line_writer, &j);
  for (i = 0; i < LINES; i++) {
    ptrdiff_t n = how == 0
                      ? psock_read(p[1], line, sizeof line, PSOCK_NORMAL_READ)
                  : how == 1 ? buffered_line(b, line, sizeof line)
                             : bytewise_line(fd[1], line, sizeof line);
    if (n != LINE_LEN)
      die("line read");
  }
  pthread_join(t, NULL);
  start = (now_s() - start) / LINES;
  if (how == 0) {
    psock_close(p[0]);
    psock_close(p[1]);
  } else {
    close(fd[0]);
    close(fd[1]);
    free(b);
  }
  return start;
}

static void bench_lines(void) {
  double ps[REPEATS], buf[REPEATS], bytes[REPEATS];
  int r;
  for (r = 0; r < REPEATS; r++) {
    ps[r] = read_lines(0) * 1e6;
    buf[r] = read_lines(1) * 1e6;
    bytes[r] = read_lines(2) * 1e6;
  }
  emit("NORMAL_READ 80-byte line vs buffered reader", median(ps, REPEATS),
       median(buf, REPEATS), "us/line", 0);
  emit("NORMAL_READ 80-byte line vs byte-at-a-time (PHP's way, in C)",
       median(ps, REPEATS), median(bytes, REPEATS), "us/line", 0);
}

/* ---- line reading at the limit ------------------------------------------- */

/* The fastest plain line reader in C: read() 64 KiB blocks, memchr() for
 * the end of the line, memcpy() the line out into the caller's buffer.
 * psock's NORMAL_READ does that work plus its own (handle lookup, the
 * socket's lock, "\r" as a line end too). Both sides read 80-byte lines
 * with length 2048 from an AF_UNIX stream pair whose writer is the same
 * thread: batches of LIMIT_BATCH lines are written, then read; only the
 * reading is timed. */
#define LIMIT_BATCH 1000
#define LIMIT_BATCHES 40
#define LIMIT_LENGTH 2048

typedef struct memchr_reader {
  int fd;
  size_t start, end;
  char data[65536];
} memchr_reader;

static ptrdiff_t memchr_line(memchr_reader *r, char *out, size_t len) {
  size_t total = 0;
  for (;;) {
    size_t avail = r->end - r->start;
    ssize_t got;
    if (avail > 0) {
      size_t want = len - total < avail ? len - total : avail;
      const char *nl = memchr(r->data + r->start, '\n', want);
      size_t n = nl != NULL ? (size_t)(nl - (r->data + r->start)) + 1 : want;
      memcpy(out + total, r->data + r->start, n);
      r->start += n;
      total += n;
      if (nl != NULL || total == len)
        return (ptrdiff_t)total;
    }
    got = read(r->fd, r->data, sizeof r->data);
    if (got <= 0)
      return got < 0 ? -1 : (ptrdiff_t)total;
    r->start = 0;
    r->end = (size_t)got;
  }
}

/* Seconds per line read: psock NORMAL_READ (psock 1) or the memchr reader. */
static double read_lines_limit(int use_psock) {
  static char batch[LIMIT_BATCH * LINE_LEN];
  static char line[LIMIT_LENGTH];
  memchr_reader *r = NULL;
  psock_t p[2];
  int fd[2], b, i;
  double reading = 0;
  for (i = 0; i < LIMIT_BATCH; i++) {
    memset(batch + i * LINE_LEN, 'x', LINE_LEN - 1);
    batch[i * LINE_LEN + LINE_LEN - 1] = '\n';
  }
  if (use_psock) {
    psock_pair(PSOCK_AF_UNIX, p);
  } else {
    raw_pair(PSOCK_AF_UNIX, fd);
    r = calloc(1, sizeof *r);
    if (r == NULL)
      die("calloc");
    r->fd = fd[1];
  }
  for (b = 0; b < LIMIT_BATCHES; b++) {
    size_t done = 0;
    double start;
    while (done < sizeof batch) {
      ptrdiff_t n =
          use_psock
              ? psock_write(p[0], batch + done, sizeof batch - done)
              : send(fd[0], batch + done, sizeof batch - done, MSG_NOSIGNAL);
      if (n <= 0)
        die("batch write");
      done += (size_t)n;
    }
    start = now_s();
    for (i = 0; i < LIMIT_BATCH; i++) {
      ptrdiff_t n = use_psock
                        ? psock_read(p[1], line, sizeof line, PSOCK_NORMAL_READ)
                        : memchr_line(r, line, sizeof line);
      if (n != LINE_LEN)
        die("line read");
    }
    reading += now_s() - start;
  }
  if (use_psock) {
    psock_close(p[0]);
    psock_close(p[1]);
  } else {
    close(fd[0]);
    close(fd[1]);
    free(r);
  }
  return reading / (LIMIT_BATCH * LIMIT_BATCHES);
}

static void bench_lines_limit(void) {
  double ps[REPEATS], ref[REPEATS];
  int r;
  for (r = 0; r < REPEATS; r++) {
    ps[r] = read_lines_limit(1) * 1e9;
    ref[r] = read_lines_limit(0) * 1e9;
  }
  emit("NORMAL_READ 80-byte line vs memchr reader (64 KiB read, memchr, "
       "memcpy)",
       median(ps, REPEATS), median(ref, REPEATS), "ns/line", 0);
}

/* ---- select vs poll ------------------------------------------------------ */

/* One phase: n sockets (AF_UNIX pairs, one of them readable) through psock
 * or raw, `rounds` calls with a zero timeout; microseconds per call. The
 * reference does what any poll caller does: fill the array, poll, and scan
 * revents for the ready descriptors (psock_select hands back the ready
 * sockets). Each phase makes and closes its own sockets, so 10,000 fit a
 * 20,000 descriptor limit. */
static double select_phase(int use_psock, int n, int rounds) {
  psock_t *socks = NULL, *set = NULL;
  int *raw = NULL, *ready = NULL;
  struct pollfd *pfd = NULL;
  double t;
  int i, k;
  if (use_psock) {
    socks = malloc((size_t)n * sizeof *socks);
    set = malloc((size_t)n * sizeof *set);
    for (i = 0; i < n; i += 2)
      psock_pair(PSOCK_AF_UNIX, socks + i);
    psock_write(socks[0], "x", 1);
  } else {
    raw = malloc((size_t)n * sizeof *raw);
    ready = malloc((size_t)n * sizeof *ready);
    pfd = malloc((size_t)n * sizeof *pfd);
    for (i = 0; i < n; i += 2)
      raw_pair(PSOCK_AF_UNIX, raw + i);
    if (send(raw[0], "x", 1, 0) != 1)
      die("send");
  }
  t = now_s();
  for (k = 0; k < rounds; k++) {
    if (use_psock) {
      size_t count = (size_t)n;
      memcpy(set, socks, (size_t)n * sizeof *set);
      if (psock_select(set, &count, NULL, NULL, NULL, NULL, 0, 0) != 1)
        die("psock_select");
    } else {
      int found = 0;
      for (i = 0; i < n; i++) {
        pfd[i].fd = raw[i];
        pfd[i].events = POLLIN;
        pfd[i].revents = 0;
      }
      if (poll(pfd, (nfds_t)n, 0) != 1)
        die("poll");
      for (i = 0; i < n; i++)
        if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
          ready[found++] = raw[i];
      if (found != 1)
        die("poll result");
    }
  }
  t = (now_s() - t) / rounds * 1e6;
  for (i = 0; i < n; i++) {
    if (use_psock)
      psock_close(socks[i]);
    else
      close(raw[i]);
  }
  free(socks);
  free(set);
  free(raw);
  free(ready);
  free(pfd);
  return t;
}

static void bench_select(void) {
  static const int sizes[] = {100, 1000, 10000};
  struct rlimit rl;
  int s;
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  for (s = 0; s < 3; s++) {
    int n = sizes[s], r, rounds = n >= 10000 ? 300 : n >= 1000 ? 3000 : 20000;
    double ps[SELECT_REPEATS], pl[SELECT_REPEATS];
    char name[64];
    if ((rlim_t)n + 64 > rl.rlim_cur) {
      fprintf(stderr, "psock_bench: descriptor limit %lu too low for %d\n",
              (unsigned long)rl.rlim_cur, n);
      continue;
    }
    /* Alternate which side goes first, so neither always runs warm. */
    for (r = 0; r < SELECT_REPEATS; r++) {
      if (r % 2 == 0) {
        ps[r] = select_phase(1, n, rounds);
        pl[r] = select_phase(0, n, rounds);
      } else {
        pl[r] = select_phase(0, n, rounds);
        ps[r] = select_phase(1, n, rounds);
      }
    }
    snprintf(name, sizeof name, "select vs poll, %d sockets", n);
    emit(name, median(ps, SELECT_REPEATS), median(pl, SELECT_REPEATS),
         "us/call", 0);
  }
}

/* ---- accept, create/close ------------------------------------------------ */

static double accept_rate(int use_psock, int count) {
  psock_t l = PSOCK_NONE;
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  int lfd = -1, i, port = 0;
  char host[PSOCK_ADDRSTRLEN];
  double t;
  if (use_psock) {
    l = psock_create_listen("127.0.0.1", 0, 128);
    if (!psock_valid(l) || psock_getsockname(l, host, sizeof host, &port) != 0)
      die("psock listener");
  } else {
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(lfd, 128) != 0 ||
        getsockname(lfd, (struct sockaddr *)&a, &len) != 0)
      die("raw listener");
    port = ntohs(a.sin_port);
  }
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons((unsigned short)port);
  t = now_s();
  for (i = 0; i < count; i++) {
    /* The client is raw on both sides: only accept differs. */
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct linger hard = {1, 0};
    if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof a) != 0)
      die("connect");
    if (use_psock) {
      psock_t s = psock_accept(l);
      if (!psock_valid(s))
        die("psock_accept");
      psock_close(s);
    } else {
      int s = accept(lfd, NULL, NULL);
      if (s < 0)
        die("accept");
      close(s);
    }
    /* A reset, so no TIME_WAIT piles up over the run. */
    setsockopt(c, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    close(c);
  }
  t = now_s() - t;
  if (use_psock)
    psock_close(l);
  else
    close(lfd);
  return count / t;
}

static void bench_accept_create(void) {
  double ps[REPEATS], raw[REPEATS];
  int r, k;
  for (r = 0; r < REPEATS; r++) {
    ps[r] = accept_rate(1, 2000);
    raw[r] = accept_rate(0, 2000);
  }
  emit("accept rate", median(ps, REPEATS), median(raw, REPEATS), "conn/s", 1);
  for (r = 0; r < REPEATS; r++) {
    double t = now_s();
    for (k = 0; k < 20000; k++)
      psock_close(psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0));
    ps[r] = (now_s() - t) / 20000 * 1e9;
    t = now_s();
    for (k = 0; k < 20000; k++)
      close(raw_socket(AF_INET, SOCK_STREAM));
    raw[r] = (now_s() - t) / 20000 * 1e9;
  }
  emit("create + close", median(ps, REPEATS), median(raw, REPEATS), "ns/pair",
       0);
}

/* ---- single operations, for strace and callgrind ------------------------- */

typedef struct op_state {
  psock_t p[2], u[2];
  psock_t many[100], many_set[100];
  int many_fd[100];
  struct pollfd many_pfd[100];
  int fd[2], ufd[2];
  int uport, raw_uport;
  char buf[LINE_LEN * 64];
} op_state;

static void udp_setup(op_state *st) {
  char host[PSOCK_ADDRSTRLEN];
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  int i;
  for (i = 0; i < 2; i++) {
    st->u[i] = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
    if (psock_bind(st->u[i], "127.0.0.1", 0) != 0)
      die("udp bind");
    st->ufd[i] = raw_socket(AF_INET, SOCK_DGRAM);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(st->ufd[i], (struct sockaddr *)&a, sizeof a) != 0)
      die("raw udp bind");
  }
  psock_getsockname(st->u[1], host, sizeof host, &st->uport);
  getsockname(st->ufd[1], (struct sockaddr *)&a, &len);
  st->raw_uport = ntohs(a.sin_port);
}

/* The loop callgrind counts (--toggle-collect=run_op): n iterations of op
 * on one side; everything outside it is set-up. */
/* The operations, by name; run_op switches on the index, resolved before
 * the loop, so its counts are the operation's alone. */
#define OPS(X)                                                                 \
  X(create_close)                                                              \
  X(write_read_64)                                                             \
  X(send_recv_64)                                                              \
  X(sendto_recvfrom_64)                                                        \
  X(set_nonblock_block)                                                        \
  X(getsockname)                                                               \
  X(select_1)                                                                  \
  X(select_100)                                                                \
  X(create_pair_inet)                                                          \
  X(normal_read_line)
enum op_id {
#define OP_ENUM(name) OP_##name,
  OPS(OP_ENUM)
#undef OP_ENUM
      OP_COUNT
};
static const char *const op_names[] = {
#define OP_NAME(name) #name,
    OPS(OP_NAME)
#undef OP_NAME
};

__attribute__((noinline)) static void run_op(enum op_id op, int psock_side,
                                             long n, op_state *st) {
  long i;
  char *b = st->buf;
  for (i = 0; i < n; i++) {
    switch (op) {
    case OP_create_close:
      if (psock_side)
        psock_close(psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0));
      else
        close(raw_socket(AF_INET, SOCK_STREAM));
      break;
    case OP_write_read_64:
      if (psock_side) {
        psock_write(st->p[0], b, 64);
        psock_read(st->p[1], b, 64, PSOCK_BINARY_READ);
      } else {
        send(st->fd[0], b, 64, MSG_NOSIGNAL);
        recv(st->fd[1], b, 64, 0);
      }
      break;
    case OP_send_recv_64:
      if (psock_side) {
        psock_send(st->p[0], b, 64, 0);
        psock_recv(st->p[1], b, 64, 0);
      } else {
        send(st->fd[0], b, 64, MSG_NOSIGNAL);
        recv(st->fd[1], b, 64, 0);
      }
      break;
    case OP_sendto_recvfrom_64:
      if (psock_side) {
        char from[PSOCK_INET_ADDRSTRLEN];
        int port;
        psock_sendto(st->u[0], b, 64, 0, "127.0.0.1", st->uport);
        psock_recvfrom(st->u[1], b, 64, 0, from, sizeof from, &port);
      } else {
        struct sockaddr_in a;
        socklen_t len = sizeof a;
        char from[INET_ADDRSTRLEN];
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
        a.sin_port = htons((unsigned short)st->raw_uport);
        sendto(st->ufd[0], b, 64, MSG_NOSIGNAL, (struct sockaddr *)&a,
               sizeof a);
        recvfrom(st->ufd[1], b, 64, 0, (struct sockaddr *)&a, &len);
        inet_ntop(AF_INET, &a.sin_addr, from, sizeof from);
      }
      break;
    case OP_set_nonblock_block:
      if (psock_side) {
        psock_set_nonblock(st->p[0]);
        psock_set_block(st->p[0]);
      } else {
        int fl = fcntl(st->fd[0], F_GETFL);
        fcntl(st->fd[0], F_SETFL, fl | O_NONBLOCK);
        fl = fcntl(st->fd[0], F_GETFL);
        fcntl(st->fd[0], F_SETFL, fl & ~O_NONBLOCK);
      }
      break;
    case OP_getsockname:
      if (psock_side) {
        char host[PSOCK_ADDRSTRLEN];
        int port;
        psock_getsockname(st->u[0], host, sizeof host, &port);
      } else {
        struct sockaddr_in a;
        socklen_t len = sizeof a;
        char host[INET_ADDRSTRLEN];
        getsockname(st->ufd[0], (struct sockaddr *)&a, &len);
        inet_ntop(AF_INET, &a.sin_addr, host, sizeof host);
      }
      break;
    case OP_select_1:
      if (psock_side) {
        psock_t set[1];
        size_t count = 1;
        set[0] = st->p[1];
        psock_select(set, &count, NULL, NULL, NULL, NULL, 0, 0);
      } else {
        struct pollfd pfd;
        /* Assigned, not a non-constant initialiser (MSVC's C4204), as
         * everywhere in the tree. */
        pfd.fd = st->fd[1];
        pfd.events = POLLIN;
        pfd.revents = 0;
        poll(&pfd, 1, 0);
      }
      break;
    case OP_select_100:
      /* 100 sockets, one readable; the reference scans revents as a poll
       * caller must. */
      if (psock_side) {
        size_t count = 100;
        memcpy(st->many_set, st->many, sizeof st->many);
        psock_select(st->many_set, &count, NULL, NULL, NULL, NULL, 0, 0);
      } else {
        int k, found = 0;
        for (k = 0; k < 100; k++) {
          st->many_pfd[k].fd = st->many_fd[k];
          st->many_pfd[k].events = POLLIN;
          st->many_pfd[k].revents = 0;
        }
        poll(st->many_pfd, 100, 0);
        for (k = 0; k < 100; k++)
          if (st->many_pfd[k].revents & (POLLIN | POLLHUP | POLLERR))
            found++;
        (void)found;
      }
      break;
    case OP_create_pair_inet:
      if (psock_side) {
        psock_t q[2];
        psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0, q);
        psock_close(q[0]);
        psock_close(q[1]);
      } else {
        int q[2];
        raw_tcp_pair(q);
        close(q[0]);
        close(q[1]);
      }
      break;
    case OP_normal_read_line:
      /* 64 lines written at once, read one by one. */
      if (i % 64 == 0) {
        if (psock_side)
          psock_write(st->p[0], st->buf, sizeof st->buf);
        else
          send(st->fd[0], st->buf, sizeof st->buf, MSG_NOSIGNAL);
      }
      if (psock_side)
        psock_read(st->p[1], b, LINE_LEN, PSOCK_NORMAL_READ);
      else
        bytewise_line(st->fd[1], b, LINE_LEN);
      break;
    case OP_COUNT:
      break;
    }
  }
}

static int run_one(const char *name, const char *side, long n) {
  op_state st;
  int psock_side = strcmp(side, "psock") == 0, i;
  enum op_id op = OP_COUNT;
  for (i = 0; i < OP_COUNT; i++)
    if (strcmp(name, op_names[i]) == 0)
      op = (enum op_id)i;
  if (op == OP_COUNT) {
    fprintf(stderr, "psock_bench: unknown op %s\n", name);
    return 2;
  }
  memset(&st, 'x', sizeof st);
  for (i = 0; i < LINE_LEN * 64; i++)
    st.buf[i] = (i % LINE_LEN == LINE_LEN - 1) ? '\n' : 'x';
  psock_pair(PSOCK_AF_UNIX, st.p);
  raw_pair(PSOCK_AF_UNIX, st.fd);
  udp_setup(&st);
  for (i = 0; i < 100; i += 2) {
    psock_pair(PSOCK_AF_UNIX, st.many + i);
    raw_pair(PSOCK_AF_UNIX, st.many_fd + i);
  }
  psock_write(st.many[0], "x", 1);
  if (send(st.many_fd[0], "x", 1, 0) != 1)
    die("send");
  /* Warm the one-time work (somaxconn, probes) outside the loop. */
  psock_close(psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0));
  run_op(op, psock_side, n, &st);
  return 0;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc == 2 && strcmp(argv[1], "timing") == 0) {
    bench_lines();
    bench_lines_limit();
    bench_select();
    bench_accept_create();
    bench_throughput();
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "lines") == 0) {
    bench_lines_limit(); /* the NORMAL_READ limit alone, to iterate on it */
    return 0;
  }
  if (argc == 5 && strcmp(argv[1], "op") == 0)
    return run_one(argv[2], argv[3], atol(argv[4]));
  if (argc == 2 && strcmp(argv[1], "ops") == 0) {
    int i;
    for (i = 0; i < OP_COUNT; i++)
      puts(op_names[i]);
    return 0;
  }
  fprintf(stderr, "usage: psock_bench timing | op NAME psock|raw N\n");
  return 2;
}
