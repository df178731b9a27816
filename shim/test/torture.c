/* SPDX-License-Identifier: MIT */
/*
 * torture.c -- every failure path of the shim, exercised: each injectable
 * call (fault.h: every OS call and allocation of shim/src) is failed in
 * turn, with each error it can really return, under the sanitizers.
 *
 *   psock_torture [--sample|--wide] [--seed N] [--only NAME] [--load PROG]
 *   psock_torture --run NAME SITE NTH ERROR   one run, its output shown
 *   psock_torture --test NAME                 one unit test, plainly
 *   psock_torture --child NAME SITE NTH ERROR RESULT OUTPUT
 *                         one run in a process of its own (Windows: below)
 *   psock_torture --sites                     the sites and their errors
 *
 * Targets: the checked scenarios below, which know what each psock call
 * must report when the injected fault meets it and check the data path
 * byte for byte; every unit test (test-list.h), which must not crash, trip
 * a sanitizer, hang or leak whatever fails; and the load test (--load, the
 * psock_load_fault program, run whole). For each target a first run counts
 * the calls per site; then each chosen call fails, in a process of its own
 * on POSIX (in this one on Windows), and the run is judged:
 *   - no crash, no timeout, no sanitizer report (ASan, UBSan, LSan exit
 *     with codes of their own, set below);
 *   - a run that completes leaves psock's open count and the OS's
 *     descriptors where they were;
 *   - in a scenario, a failing psock call must be the one that met the
 *     fault, report it as the portable code of the injected native error
 *     (in the thread's and the socket's record, native code kept), and a
 *     retry must continue: what was read is a prefix of what was written,
 *     nothing lost, nothing twice.
 * --sample (./psock test, via CTest) fails every site at least once with
 * each of its errors, in the scenarios, with a fixed seed; --wide (./psock
 * coverage) also fails, in every unit test, the first call of each site it
 * reaches, with one of the site's errors in turn; without either every
 * target runs, with up to FULL_PER_SITE calls of each site it reaches.
 * The last line is "torture: N runs, F failures"; a table before it gives
 * per site the errors tried, the runs and the failures.
 */
#include "test.h"
#include "test-list.h"

#include "internal.h"
#include "fault.h"

#include <stdarg.h>
#include <stdint.h>

/* Sanitizer reports end the run with codes of their own, told apart from
 * a test's failed assertion (1). */
const char *__asan_default_options(void);
const char *__lsan_default_options(void);
const char *__ubsan_default_options(void);
const char *__asan_default_options(void) { return "exitcode=66"; }
const char *__lsan_default_options(void) { return "exitcode=67"; }
const char *__ubsan_default_options(void) {
  return "halt_on_error=1:exitcode=68:print_stacktrace=1";
}

enum { EXIT_LEAK_PSOCK = 90, EXIT_LEAK_OS = 91 };
#define RUN_TIMEOUT_S 20
#define FULL_PER_SITE 8      /* calls of a site failed per scenario */
#define FULL_PER_SITE_UNIT 2 /* per unit test: the first and the last */
#define FULL_PER_SITE_LOAD 3

/* ---- checks for the scenarios ------------------------------------------ */

static struct {
  int site;
  long nth;
  int native;
} armed = {-1, 0, 0};
/* 1 once a psock call has reported the fired fault. */
static int fault_reported;

/* Sites whose failure psock reports as PSOCK_ENOMEM, whatever the native
 * code: allocations, and the resources a call cannot go on without. */
static int resource_site(int site) {
  return armed.native == 0 || site == PSOCK__SITE_getaddrinfo ||
         site == PSOCK__SITE_key_create || site == PSOCK__SITE_setspecific;
}

/* The portable code a psock call may report for the injected native error:
 * what error.c records for it in some context, or PSOCK_ENOMEM for a
 * resource. (Recording changes the thread's record: restored after.) */
static int plausible(int code, int native) {
  int ctx, ok = 0, was = psock_last_error(PSOCK_NONE);
  int was_native = psock_last_native_error(PSOCK_NONE);
  if (resource_site(armed.site))
    return code == PSOCK_ENOMEM;
  for (ctx = PSOCK__CTX_ANY; ctx <= PSOCK__CTX_SEND_NO_DESTINATION; ctx++)
    if (psock__fail_native_ctx(NULL, native, (psock__ctx)ctx) == code)
      ok = 1;
  psock__fail_as(NULL, was, was_native);
  return ok;
}

/* rc is a psock call's result. 0: it succeeded. 1: it failed, and that is
 * the injected fault, reported as it must be (the caller retries). Any
 * other failure fails the scenario. */
static int faulted(long long rc, psock_t s, const char *what, int line) {
  int native = armed.native;
  if (rc >= 0)
    return 0;
  if (!psock__fault_fired() || fault_reported)
    test_fail(__FILE__, line, "%s: %s with no fault injected", what,
              psock_err_name((int)rc));
  fault_reported = 1;
  if (!plausible((int)rc, native))
    test_fail(__FILE__, line, "%s: %s for injected native error %d", what,
              psock_err_name((int)rc), native);
  if (psock_last_error(PSOCK_NONE) != rc)
    test_fail(__FILE__, line, "%s: returned %s, thread's last error %s", what,
              psock_err_name((int)rc),
              psock_err_name(psock_last_error(PSOCK_NONE)));
  if (!resource_site(armed.site) &&
      psock_last_native_error(PSOCK_NONE) != native)
    test_fail(__FILE__, line, "%s: native error %d, injected %d", what,
              psock_last_native_error(PSOCK_NONE), native);
  if (psock_valid(s) && psock_last_error(s) != rc)
    test_fail(__FILE__, line, "%s: socket's last error %s, returned %s", what,
              psock_err_name(psock_last_error(s)), psock_err_name((int)rc));
  return 1;
}
#define FAULTED(rc, s) faulted((long long)(rc), (s), #rc, __LINE__)

/* Call until it succeeds; a failure must be the injected fault. */
#define TRY(var, s, expr)                                                      \
  do {                                                                         \
    var = (expr);                                                              \
  } while (faulted((long long)(var), (s), #expr, __LINE__))
/* The same for the calls that return a handle. */
#define TRY_SOCKET(var, expr)                                                  \
  do {                                                                         \
    var = (expr);                                                              \
  } while (!psock_valid(var) &&                                                \
           faulted(psock_last_error(PSOCK_NONE), PSOCK_NONE, #expr, __LINE__))
/* Close: a reported failure still releases the handle (psock.h). */
#define CLOSE(s)                                                               \
  do {                                                                         \
    int close_rc_ = psock_close(s);                                            \
    if (faulted(close_rc_, PSOCK_NONE, "psock_close(" #s ")", __LINE__))       \
      ASSERT(!psock_valid(s));                                                 \
  } while (0)

/* ---- scenario: a stream, written and read every way -------------------- */

#define STREAM_BYTES 6000

static void make_payload(unsigned char *p, size_t n) {
  size_t i = 0;
  unsigned line = 0;
  while (i < n) {
    char text[64];
    int len = snprintf(text, sizeof text, "line %u: %.*s%s", line,
                       (int)(line * 7 % 41),
                       "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
                       line % 5 == 3 ? "\r" : "\n");
    size_t k;
    for (k = 0; k < (size_t)len && i < n; k++)
      p[i++] = (unsigned char)text[k];
    line++;
  }
}

/* Write all of data through s, every write call in turn; faults retried. */
static void write_every_way(psock_t s, const unsigned char *data, size_t len) {
  size_t off = 0;
  unsigned method = 0;
  while (off < len) {
    size_t chunk = 97 + (method * 31) % 150;
    ptrdiff_t n;
    if (chunk > len - off)
      chunk = len - off;
    switch (method % 4) {
    case 0:
      n = psock_write(s, data + off, chunk);
      break;
    case 1:
      n = psock_send(s, data + off, chunk, 0);
      break;
    case 2: {
      psock_iovec_t v[3];
      size_t a = chunk / 3, b = chunk / 2 - chunk / 3;
      v[0].base = (void *)(data + off);
      v[0].len = a;
      v[1].base = (void *)(data + off + a);
      v[1].len = b;
      v[2].base = (void *)(data + off + a + b);
      v[2].len = chunk - a - b;
      n = psock_writev(s, v, 3);
      break;
    }
    default: {
      psock_iovec_t v[2];
      psock_msg_t msg;
      memset(&msg, 0, sizeof msg);
      v[0].base = (void *)(data + off);
      v[0].len = chunk / 2;
      v[1].base = (void *)(data + off + chunk / 2);
      v[1].len = chunk - chunk / 2;
      msg.iov = v;
      msg.iov_count = 2;
      n = psock_sendmsg(s, &msg, 0);
      break;
    }
    }
    method++;
    if (FAULTED(n, s))
      continue;
    ASSERT(n > 0 && (size_t)n <= chunk);
    off += (size_t)n;
  }
}

/* Read s to its end, every receive call in turn (and select now and then);
 * faults retried; what arrives must continue what was written. */
static void read_every_way(psock_t s, const unsigned char *want, size_t len) {
  unsigned char got[STREAM_BYTES + 64], peeked[64];
  size_t have = 0;
  unsigned method;
  for (method = 0;; method++) {
    ptrdiff_t n;
    unsigned char *at = got + have;
    if (method % 5 == 4) {
      psock_t set[1];
      size_t count = 1;
      int ready;
      set[0] = s;
      ready = psock_select(set, &count, NULL, NULL, NULL, NULL, 5, 0);
      if (FAULTED(ready, PSOCK_NONE)) {
        ASSERT_EQ(count, 1); /* a failed select leaves the sets as they were */
        ASSERT(psock_same(set[0], s));
      } else {
        ASSERT_EQ(ready, 1); /* bytes or the end: readable */
      }
    }
    switch (method % 8) {
    case 0:
    case 6:
      n = psock_read(s, at, 40, PSOCK_NORMAL_READ);
      if (n > 0 && n < 40 && have + (size_t)n < len)
        ASSERT(at[n - 1] == '\n' || at[n - 1] == '\r');
      break;
    case 1:
      n = psock_read(s, at, 123, PSOCK_BINARY_READ);
      break;
    case 2:
      n = psock_recv(s, at, 77, 0);
      break;
    case 3: {
      psock_iovec_t v[3];
      v[0].base = at;
      v[0].len = 20;
      v[1].base = at + 20;
      v[1].len = 1;
      v[2].base = at + 21;
      v[2].len = 30;
      n = psock_readv(s, v, 3);
      break;
    }
    case 4: {
      psock_iovec_t v[2];
      psock_msg_t msg;
      memset(&msg, 0, sizeof msg);
      v[0].base = at;
      v[0].len = 50;
      v[1].base = at + 50;
      v[1].len = 9;
      msg.iov = v;
      msg.iov_count = 2;
      n = psock_recvmsg(s, &msg, 0);
      break;
    }
    case 5: {
      ptrdiff_t p = psock_recv(s, peeked, sizeof peeked, PSOCK_MSG_PEEK);
      if (FAULTED(p, s))
        continue;
      /* What a peek saw is what comes next. */
      ASSERT((size_t)p <= len - have);
      ASSERT_MEM_EQ(peeked, want + have, (size_t)p);
      n = psock_recvfrom(s, at, 33, 0, NULL, 0, NULL);
      break;
    }
    default:
      n = psock_recv(s, at, 50, PSOCK_MSG_WAITALL);
      break;
    }
    if (FAULTED(n, s))
      continue;
    if (n == 0)
      break;
    if (have + (size_t)n > len)
      test_fail(__FILE__, __LINE__, "%ld bytes more than were written",
                (long)(have + (size_t)n - len));
    if (memcmp(at, want + have, (size_t)n) != 0)
      test_fail(__FILE__, __LINE__,
                "bytes %lu..%lu are not the ones written (lost or repeated)",
                (unsigned long)have, (unsigned long)(have + (size_t)n));
    have += (size_t)n;
  }
  ASSERT_EQ(have, len);
}

static void stream_through(psock_t w, psock_t r) {
  static unsigned char payload[STREAM_BYTES];
  int rc;
  make_payload(payload, sizeof payload);
  write_every_way(w, payload, sizeof payload);
  TRY(rc, w, psock_shutdown(w, 1));
  read_every_way(r, payload, sizeof payload);
}

static int scenario_stream(int domain) {
  psock_t p[2];
  int rc;
  TRY(rc, PSOCK_NONE, psock_create_pair(domain, PSOCK_SOCK_STREAM, 0, p));
  stream_through(p[0], p[1]);
  CLOSE(p[0]);
  CLOSE(p[1]);
  return 0;
}

TEST_IMPL(torture_stream_unix) { return scenario_stream(PSOCK_AF_UNIX); }
TEST_IMPL(torture_stream_inet) { return scenario_stream(PSOCK_AF_INET); }
TEST_IMPL(torture_stream_inet6) {
  if (!have_ipv6())
    return test_skip("no ::1 here");
  return scenario_stream(PSOCK_AF_INET6);
}

/* ---- scenario: datagrams, each delivered once and whole ---------------- */

static size_t datagram(unsigned i, unsigned char *buf) {
  size_t len = 1 + (i * 211u) % 900, k;
  for (k = 0; k < len; k++)
    buf[k] = (unsigned char)(i * 17u + k);
  return len;
}

static void datagrams(psock_t a, psock_t b, const char *b_host, int b_port,
                      const char *a_host, int a_port) {
  unsigned i;
  for (i = 0; i < 12; i++) {
    unsigned char out[1000], in[1000];
    char from[PSOCK_ADDRSTRLEN];
    int from_port = -1;
    size_t len = datagram(i, out);
    ptrdiff_t n;
    do {
      psock_iovec_t v[2];
      psock_msg_t msg;
      switch (i % 4) {
      case 0:
        n = b_host == NULL ? psock_send(a, out, len, 0)
                           : psock_sendto(a, out, len, 0, b_host, b_port);
        break;
      case 1:
        n = b_host == NULL ? psock_send(a, out, len, 0)
                           : psock_sendto(a, out, len, 0, b_host, b_port);
        break;
      case 2:
        memset(&msg, 0, sizeof msg);
        v[0].base = out;
        v[0].len = len / 2;
        v[1].base = out + len / 2;
        v[1].len = len - len / 2;
        msg.iov = v;
        msg.iov_count = 2;
        msg.address = (char *)b_host;
        msg.port = b_port;
        n = psock_sendmsg(a, &msg, 0);
        break;
      default:
        n = b_host == NULL ? psock_write(a, out, len)
                           : psock_sendto(a, out, len, 0, b_host, b_port);
        break;
      }
    } while (FAULTED(n, a));
    ASSERT_EQ(n, len);
    do {
      psock_iovec_t v[2];
      psock_msg_t msg;
      switch (i % 3) {
      case 0:
        n = psock_recvfrom(b, in, sizeof in, 0, from, sizeof from, &from_port);
        break;
      case 1:
        memset(&msg, 0, sizeof msg);
        v[0].base = in;
        v[0].len = 100;
        v[1].base = in + 100;
        v[1].len = sizeof in - 100;
        msg.iov = v;
        msg.iov_count = 2;
        msg.address = from;
        msg.address_size = sizeof from;
        n = psock_recvmsg(b, &msg, 0);
        from_port = msg.port;
        break;
      default:
        n = psock_recv(b, in, sizeof in, 0);
        from_port = a_port;
        break;
      }
    } while (FAULTED(n, b));
    /* The next datagram, whole: none lost, none twice. */
    ASSERT_EQ(n, len);
    ASSERT_MEM_EQ(in, out, len);
    ASSERT_EQ(from_port, a_port);
    (void)a_host;
  }
}

TEST_IMPL(torture_datagrams) {
  psock_t p[2], a, b;
  char host[2][PSOCK_ADDRSTRLEN];
  int port[2], rc;
  /* A connected pair... */
  TRY(rc, PSOCK_NONE, psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0, p));
  TRY(rc, p[0], psock_getsockname(p[0], host[0], sizeof host[0], &port[0]));
  datagrams(p[0], p[1], NULL, 0, host[0], port[0]);
  CLOSE(p[0]);
  CLOSE(p[1]);
  /* ...and two sockets addressing each other. */
  TRY_SOCKET(a, psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0));
  TRY_SOCKET(b, psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0));
  TRY(rc, a, psock_bind(a, "127.0.0.1", 0));
  TRY(rc, b, psock_bind(b, "127.0.0.1", 0));
  TRY(rc, a, psock_getsockname(a, host[0], sizeof host[0], &port[0]));
  TRY(rc, b, psock_getsockname(b, host[1], sizeof host[1], &port[1]));
  datagrams(a, b, host[1], port[1], host[0], port[0]);
  CLOSE(a);
  CLOSE(b);
  return 0;
}

/* ---- scenario: a server's life ----------------------------------------- */

TEST_IMPL(torture_server) {
  psock_t l, c, a;
  char host[PSOCK_ADDRSTRLEN], peer[PSOCK_ADDRSTRLEN], line[16];
  int port, peer_port, c_port, rc, value;
  ptrdiff_t n;
  psock_timeval_t tv = {5, 0}, tv_back;
  psock_linger_t lg = {1, 3}, lg_back;

  TRY_SOCKET(l, psock_create_listen("127.0.0.1", 0, 8));
  TRY(rc, l, psock_getsockname(l, host, sizeof host, &port));
  ASSERT_EQ(psock_listen_backlog(l), 8);
  TRY_SOCKET(c, psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0));
  TRY(rc, c, psock_connect(c, "127.0.0.1", port));
  TRY_SOCKET(a, psock_accept(l));
  TRY(rc, a, psock_getpeername(a, peer, sizeof peer, &peer_port));
  TRY(rc, c, psock_getsockname(c, host, sizeof host, &c_port));
  ASSERT_STR_EQ(peer, host);
  ASSERT_EQ(peer_port, c_port);

  /* Modes and options: a failed set changes nothing. */
  rc = psock_set_nonblock(a);
  ASSERT_EQ(psock_is_nonblocking(a), FAULTED(rc, a) ? 0 : 1);
  TRY(rc, a, psock_set_block(a));
  ASSERT_EQ(psock_is_nonblocking(a), 0);
  TRY(rc, a,
      psock_set_option(a, PSOCK_SOL_SOCKET, PSOCK_SO_RCVTIMEO, &tv, sizeof tv));
  TRY(rc, a,
      psock_get_option(a, PSOCK_SOL_SOCKET, PSOCK_SO_RCVTIMEO, &tv_back,
                       sizeof tv_back));
  ASSERT_EQ(tv_back.sec, 5);
  TRY(rc, c,
      psock_set_option(c, PSOCK_SOL_SOCKET, PSOCK_SO_LINGER, &lg, sizeof lg));
  TRY(rc, c,
      psock_get_option(c, PSOCK_SOL_SOCKET, PSOCK_SO_LINGER, &lg_back,
                       sizeof lg_back));
  ASSERT_EQ(lg_back.on, 1);
  value = 1;
  TRY(rc, c,
      psock_set_option(c, PSOCK_SOL_TCP, PSOCK_TCP_NODELAY, &value,
                       sizeof value));
  TRY(rc, c,
      psock_get_option(c, PSOCK_SOL_SOCKET, PSOCK_SO_TYPE, &value,
                       sizeof value));
  ASSERT_EQ(value, PSOCK_SOCK_STREAM);

  /* A line each way. */
  do {
    n = psock_write(c, "hello\n", 6);
  } while (FAULTED(n, c));
  ASSERT_EQ(n, 6);
  do {
    n = psock_read(a, line, sizeof line, PSOCK_NORMAL_READ);
  } while (FAULTED(n, a));
  ASSERT_EQ(n, 6);
  ASSERT_MEM_EQ(line, "hello\n", 6);
  TRY(rc, a, psock_shutdown(a, 2));
  do {
    n = psock_read(a, line, sizeof line, PSOCK_BINARY_READ);
  } while (FAULTED(n, a));
  ASSERT_EQ(n, 0);
  CLOSE(a);
  CLOSE(c);
  CLOSE(l);
  return 0;
}

/* ---- scenario: beyond the stack's arrays and the first table chunk ----- */

#define MANY_PAIRS 140 /* 280 sockets: a second chunk, select past 256 */
#define MANY_IOV 100   /* past the backend's 64 iovecs on the stack */
#define CHUNK 256      /* handle.c's slots per chunk */

TEST_IMPL(torture_many) {
  static psock_t pairs[MANY_PAIRS][2];
  psock_t set[MANY_PAIRS * 2], l, c, a;
  size_t count, i;
  unsigned char out[MANY_IOV * 3], in[MANY_IOV * 3];
  psock_iovec_t v[MANY_IOV];
  char host[PSOCK_ADDRSTRLEN];
  ptrdiff_t n;
  int rc, port;

  /* The table's second chunk is made by an accept: listener, 127 pairs
   * and a client fill the first 256 slots. */
  TRY_SOCKET(l, psock_create_listen("127.0.0.1", 0, 4));
  TRY(rc, l, psock_getsockname(l, host, sizeof host, &port));
  for (i = 0; i < (CHUNK - 2) / 2; i++)
    TRY(rc, PSOCK_NONE,
        psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pairs[i]));
  TRY_SOCKET(c, psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0));
  TRY(rc, c, psock_connect(c, "127.0.0.1", port));
  TRY_SOCKET(a, psock_accept(l));
  for (; i < MANY_PAIRS; i++)
    TRY(rc, PSOCK_NONE,
        psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pairs[i]));
  /* One byte on pair 7: select over every pair finds it alone. */
  do {
    n = psock_write(pairs[7][0], "x", 1);
  } while (FAULTED(n, pairs[7][0]));
  do {
    for (i = 0; i < MANY_PAIRS; i++) {
      set[2 * i] = pairs[i][0];
      set[2 * i + 1] = pairs[i][1];
    }
    count = MANY_PAIRS * 2;
    rc = psock_select(set, &count, NULL, NULL, NULL, NULL, 5, 0);
  } while (FAULTED(rc, PSOCK_NONE) && count == MANY_PAIRS * 2);
  ASSERT_EQ(rc, 1);
  ASSERT_EQ(count, 1);
  ASSERT(psock_same(set[0], pairs[7][1]));

  /* Scatter/gather past the stack's iovecs. */
  for (i = 0; i < sizeof out; i++)
    out[i] = (unsigned char)(i * 13u);
  for (i = 0; i < MANY_IOV; i++) {
    v[i].base = out + 3 * i;
    v[i].len = 3;
  }
  do {
    n = psock_writev(pairs[3][0], v, MANY_IOV);
  } while (FAULTED(n, pairs[3][0]));
  ASSERT_EQ(n, sizeof out);
  for (i = 0; i < MANY_IOV; i++) {
    v[i].base = in + 3 * i;
    v[i].len = 3;
  }
  do {
    n = psock_readv(pairs[3][1], v, MANY_IOV);
  } while (FAULTED(n, pairs[3][1]));
  ASSERT_EQ(n, sizeof in);
  ASSERT_MEM_EQ(in, out, sizeof in);

  for (i = 0; i < MANY_PAIRS; i++) {
    CLOSE(pairs[i][0]);
    CLOSE(pairs[i][1]);
  }
  CLOSE(a);
  CLOSE(c);
  CLOSE(l);

  /* A scoped IPv6 literal goes through getaddrinfo. */
  if (have_ipv6()) {
    psock_t u;
    TRY_SOCKET(u, psock_create(PSOCK_AF_INET6, PSOCK_SOCK_DGRAM, 0));
    TRY(rc, u, psock_bind(u, "::1%1", 0));
    CLOSE(u);
  }
  return 0;
}

/* ---- scenario: the out-of-band mark, and a socket handed over ---------- */

/* Read exactly n bytes of s, retrying what the faults cut short. */
static void read_exactly(psock_t s, char *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ptrdiff_t r = psock_recv(s, buf + got, n - got, 0);
    if (FAULTED(r, s))
      continue;
    ASSERT(r > 0);
    got += (size_t)r;
  }
}

/* q[0] passed over p (SCM_RIGHTS) until a handle arrives: a fault met while
 * adopting it closes the descriptor and reports the control data cut. */
static psock_t pass_over(psock_t p[2], psock_t pass) {
  psock_t got[1], rights[1];
  char byte = 0;
  psock_iovec_t siov, riov;
  psock_control_t sc, rc_;
  psock_msg_t sm, rm;
  ptrdiff_t n;
  siov.base = (void *)"x";
  siov.len = 1;
  riov.base = &byte;
  riov.len = 1;
  for (;;) {
    memset(&sm, 0, sizeof sm);
    memset(&sc, 0, sizeof sc);
    rights[0] = pass;
    sc.rights = rights;
    sc.rights_count = 1;
    sm.iov = &siov;
    sm.iov_count = 1;
    sm.control = &sc;
    TRY(n, p[0], psock_sendmsg(p[0], &sm, 0));
    ASSERT_EQ(n, 1);
    memset(&rm, 0, sizeof rm);
    rm.iov = &riov;
    rm.iov_count = 1;
    rm.control = &rc_;
    do {
      memset(&rc_, 0, sizeof rc_);
      rc_.rights = got;
      rc_.rights_count = 1;
      rc_.space = 1024; /* beyond the stack's buffer: the allocation too */
      n = psock_recvmsg(p[1], &rm, 0);
    } while (FAULTED(n, p[1]));
    ASSERT_EQ(n, 1);
    ASSERT_EQ(byte, 'x');
    if (rc_.rights_count == 1)
      return got[0];
    ASSERT_EQ(rc_.truncated, 1);
  }
}

TEST_IMPL(torture_handoff) {
  psock_t l, c, a, p[2], q[2], got, except[1];
  char host[PSOCK_ADDRSTRLEN], buf[4];
  int port, rc, at, before;
  size_t n_except;
  ptrdiff_t n;

  TRY_SOCKET(l, psock_create_listen("127.0.0.1", 0, 8));
  TRY(rc, l, psock_getsockname(l, host, sizeof host, &port));
  TRY_SOCKET(c, psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0));
  TRY(rc, c, psock_connect(c, "127.0.0.1", port));
  TRY_SOCKET(a, psock_accept(l));
  TRY(n, c, psock_send(c, "ab", 2, 0));
  ASSERT_EQ(n, 2);
  TRY(n, c, psock_send(c, "!", 1, PSOCK_MSG_OOB));
  do {
    except[0] = a;
    n_except = 1;
    rc = psock_select(NULL, NULL, NULL, NULL, except, &n_except, 5, 0);
  } while (FAULTED(rc, PSOCK_NONE)); /* select records no socket's error */
  ASSERT_EQ(rc, 1);
  TRY(before, a, psock_atmark(a));
  ASSERT(before == 0 || before == 1); /* 0 on POSIX; Winsock says 1 (psock.h) */
  read_exactly(a, buf, 2);
  ASSERT_MEM_EQ(buf, "ab", 2);
  TRY(at, a, psock_atmark(a));
  /* POSIX's sockatmark is exact at the mark; Winsock's SIOCATMARK answers
   * another question (psock.h), which Wine answers the other way round. */
  ASSERT(before == 1 || at == 1);
  TRY(n, a, psock_recv(a, buf, 1, PSOCK_MSG_OOB));
  ASSERT_EQ(buf[0], '!');
  CLOSE(a);
  CLOSE(c);
  CLOSE(l);

  if (psock_supports(PSOCK_KIND_CMSG, PSOCK_SCM_RIGHTS) != 1)
    return 0;
  TRY(rc, PSOCK_NONE, psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_DGRAM, 0, p));
  TRY(rc, PSOCK_NONE,
      psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, q));
  if (psock_domain(p[0]) != PSOCK_AF_UNIX) {
    /* socketpair failed and psock made the pair over loopback (pair.c):
     * no descriptors travel there. */
    psock_t rights[1];
    psock_iovec_t iov = {(void *)"x", 1};
    psock_control_t control;
    psock_msg_t msg;
    memset(&msg, 0, sizeof msg);
    memset(&control, 0, sizeof control);
    rights[0] = q[0];
    control.rights = rights;
    control.rights_count = 1;
    msg.iov = &iov;
    msg.iov_count = 1;
    msg.control = &control;
    ASSERT_EQ(psock_sendmsg(p[0], &msg, 0), PSOCK_EOPNOTSUPP);
    got = q[0];
  } else {
    got = pass_over(p, q[0]);
  }
  if (!psock_same(got, q[0]))
    CLOSE(q[0]);
  TRY(n, got, psock_write(got, "via", 3));
  ASSERT_EQ(n, 3);
  read_exactly(q[1], buf, 3);
  ASSERT_MEM_EQ(buf, "via", 3);
  CLOSE(got);
  CLOSE(q[1]);
  CLOSE(p[0]);
  CLOSE(p[1]);
  return 0;
}

#define TORTURE_SCENARIOS(X)                                                   \
  X(torture_stream_unix)                                                       \
  X(torture_stream_inet)                                                       \
  X(torture_stream_inet6)                                                      \
  X(torture_datagrams)                                                         \
  X(torture_server)                                                            \
  X(torture_many)                                                              \
  X(torture_handoff)

/* ---- the targets ------------------------------------------------------- */

#define DECLARE(name) int test_##name(void);
TEST_LIST(DECLARE)
#if defined(_WIN32)
TEST_LIST_WIN32(DECLARE)
#else
TEST_LIST_POSIX(DECLARE)
#endif
TEST_LIST_FAULT(DECLARE)
#undef DECLARE

enum { KIND_SCENARIO, KIND_UNIT, KIND_LOAD };
typedef struct target {
  const char *name;
  int (*fn)(void);
  int kind;
} target;

static const target targets[] = {
#define SCENARIO(name) {#name, test_##name, KIND_SCENARIO},
    TORTURE_SCENARIOS(SCENARIO)
#undef SCENARIO
#define UNIT(name) {#name, test_##name, KIND_UNIT},
        TEST_LIST(UNIT)
#if defined(_WIN32)
            TEST_LIST_WIN32(UNIT)
#else
            TEST_LIST_POSIX(UNIT)
#endif
                TEST_LIST_FAULT(UNIT)
#undef UNIT
                    {"load", NULL, KIND_LOAD},
};
#define TARGET_COUNT (sizeof targets / sizeof targets[0])

/* Unit tests in which a thread or process waits for a peer: when the fault
 * stops the peer, the waiter waits until the runner's timeout. Such a
 * timeout is the test's design, not the shim's: counted apart ("waits"),
 * after a short timeout. Any other timeout is a failure. */
static const char *const peer_waits[] = {
    "threads_shared_listener_and_socket", /* accept threads wait for connects */
    "threads_normal_read_shared_lines",   /* readers wait for the writer */
    "posix_fork_ipc_example",             /* the parent waits for the child */
    "posix_forking_server_example",       /* clients wait for the server */
    "posix_accept_interrupted_by_sigchld",
};
#define PEER_WAIT_TIMEOUT_S 4

static int waits_for_peer(const char *name) {
  size_t i;
  for (i = 0; i < sizeof peer_waits / sizeof peer_waits[0]; i++)
    if (strcmp(peer_waits[i], name) == 0)
      return 1;
  return 0;
}

/* ---- one run ------------------------------------------------------------ */

static const char *load_program;
static char result_path[600], output_path[600];
static const target *running;
static int in_child_run, result_written, quiet = 1;
/* The load program said its armed fault fired. */
static int load_fired;

/* The counts and whether the fault fired, for the parent to read. */
static void write_result(void) {
  FILE *f;
  int i;
  if (result_written)
    return;
  result_written = 1;
  f = fopen(result_path, "w");
  if (f == NULL)
    return;
  fprintf(f, "fired %d\n", psock__fault_fired() || load_fired);
  for (i = 0; i < PSOCK__SITE_COUNT; i++)
    fprintf(f, "%ld\n", psock__fault_count(i));
  fclose(f);
}

static void at_exit_write(void) {
  if (in_child_run)
    write_result();
}

static int run_load(void) {
  char cmd[1500], counts[700];
  int rc;
  FILE *f;
  snprintf(counts, sizeof counts, "%s.counts", result_path);
  remove(counts);
  /* The program counts its own calls (PSOCK_FAULT_COUNTS) and fails the
   * armed one (PSOCK_FAULT). Small: 20 links, 5 rounds. */
  if (armed.site >= 0)
    snprintf(cmd, sizeof cmd,
             "PSOCK_FAULT=%s:%ld:%d PSOCK_FAULT_COUNTS=%s \"%s\" 20 5",
             psock__fault_site_name(armed.site), armed.nth, armed.native,
             counts, load_program);
  else
    snprintf(cmd, sizeof cmd, "PSOCK_FAULT_COUNTS=%s \"%s\" 20 5", counts,
             load_program);
  rc = system(cmd);
  /* Its counts become this run's. */
  f = fopen(counts, "r");
  if (f != NULL) {
    char name[64];
    long n;
    int fired_here, site;
    while (fscanf(f, "%63s %ld %d", name, &n, &fired_here) == 3)
      if ((site = psock__fault_site_by_name(name)) >= 0) {
        load_fired |= fired_here;
        long k;
        for (k = 0; k < n; k++)
          psock__fault_fires(site);
      }
    fclose(f);
  }
  /* system()'s status: the program's exit code in the second byte on
   * POSIX; a signal or a sanitizer's code is a failure of the run. */
  if (rc == 0)
    return 0;
  if (rc == -1)
    return 2;
  if ((rc & 0x7f) != 0)
    return 128 + (rc & 0x7f);
  return (rc >> 8) & 0xff;
}

static int run_one(void) {
  size_t open_before;
  long os_before;
  int rc;
  in_child_run = 1;
  result_written = 0;
  fault_reported = 0;
  load_fired = 0;
  if (quiet) {
    /* The run's output to a file of its own: shown when the run fails. */
    if (freopen(output_path, "a", stdout) == NULL ||
        freopen(output_path, "a", stderr) == NULL)
      return 2;
    setvbuf(stdout, NULL, _IONBF, 0);
  }
  psock__fault_reset();
  if (armed.site >= 0 && running->kind != KIND_LOAD)
    psock__fault_arm(armed.site, armed.nth, armed.native);
  open_before = psock_open_count();
  os_before = test_os_open_count();
  test_current_name = running->name;
  rc = running->kind == KIND_LOAD ? run_load() : running->fn();
  test_tmpdir_cleanup();
  if (rc == 0 && psock_open_count() != open_before) {
    fprintf(stderr, "leaked %ld psock socket(s)\n",
            (long)(psock_open_count() - open_before));
    rc = EXIT_LEAK_PSOCK;
  }
  if (rc == 0 && os_before >= 0 && test_os_open_count() != os_before) {
    fprintf(stderr, "leaked %ld OS descriptor(s)\n",
            test_os_open_count() - os_before);
    rc = EXIT_LEAK_OS;
  }
  write_result();
  in_child_run = 0;
  return rc;
}

typedef struct outcome {
  int rc, fired;
  long counts[PSOCK__SITE_COUNT];
} outcome;

static int isolated_in_child = -1;
static int probe(void) {
  isolated_in_child = 0;
  return 0;
}

static void read_result(outcome *out) {
  FILE *f;
  int i;
  out->fired = 0;
  memset(out->counts, 0, sizeof out->counts);
  f = fopen(result_path, "r");
  if (f != NULL) {
    if (fscanf(f, "fired %d", &out->fired) != 1)
      out->fired = 0;
    for (i = 0; i < PSOCK__SITE_COUNT; i++)
      if (fscanf(f, "%ld", &out->counts[i]) != 1)
        break;
    fclose(f);
  }
}

/* Where runs share this process (Windows), what happens once per process
 * (Winsock's start-up, the table's first chunk, select's per-thread
 * buffer) has happened before the run that should fail it. Such a run is
 * made again in a process of its own: this program, --child. */
static const char *self_path;
static int in_fresh_child;
#if defined(_WIN32)
#  define SHELL_QUOTE "\"" /* cmd /c drops a first and last quote */
#else
#  define SHELL_QUOTE ""
#endif

static int fresh_process(const target *t, int site, long nth, int e) {
  char cmd[2400];
  remove(result_path);
  remove(output_path);
  snprintf(cmd, sizeof cmd,
           SHELL_QUOTE "\"%s\" --child %s %s %ld %d \"%s\" \"%s\"" SHELL_QUOTE,
           self_path, t->name, psock__fault_site_name(site), nth, e,
           result_path, output_path);
  fflush(stdout);
  return system(cmd);
}

static void run(const target *t, int site, long nth, int error_index,
                outcome *out) {
  running = t;
  armed.site = site;
  armed.nth = nth;
  armed.native = site >= 0 ? psock__fault_site_error(site, error_index) : 0;
  remove(result_path);
  remove(output_path);
  out->rc = test_run_isolated(run_one, site >= 0 && waits_for_peer(t->name)
                                           ? PEER_WAIT_TIMEOUT_S
                                           : RUN_TIMEOUT_S);
  if (!isolated_in_child) {
    /* Ran in this process (Windows): a failed assertion jumped past the
     * end of run_one. */
    write_result();
    in_child_run = 0;
  }
  read_result(out);
  if (!isolated_in_child && site >= 0 && !out->fired && !in_fresh_child &&
      self_path != NULL && t->kind != KIND_LOAD) {
    out->rc = fresh_process(t, site, nth, error_index);
    read_result(out);
  }
}

/* A run's verdict: NULL when it passes. A unit test or the load test may
 * fail its own assertions (exit 1) once a fault fired -- it was not
 * written for one; a scenario may not. */
static const char *verdict(const target *t, const outcome *o) {
  switch (o->rc) {
  case 0:
  case TEST_SKIPPED:
    return NULL;
  case 1:
    if (t->kind != KIND_SCENARIO)
      return NULL;
    return "check failed";
  case 66:
    return "AddressSanitizer report";
  case 67:
    return "leak (LeakSanitizer)";
  case 68:
    return "UndefinedBehaviorSanitizer report";
  case EXIT_LEAK_PSOCK:
    return "psock sockets leaked";
  case EXIT_LEAK_OS:
    return "descriptors leaked";
  case 128 + 14:
    return "timeout";
  default:
    return o->rc > 128 ? "crash" : "failed";
  }
}

/* 1 if the last run's output holds text. */
static int output_contains(const char *text) {
  FILE *f = fopen(output_path, "r");
  char line[512];
  int found = 0;
  if (f == NULL)
    return 0;
  while (!found && fgets(line, sizeof line, f) != NULL)
    found = strstr(line, text) != NULL;
  fclose(f);
  return found;
}

static void show_output(void) {
  FILE *f = fopen(output_path, "r");
  char line[512];
  int lines = 0;
  if (f == NULL)
    return;
  while (fgets(line, sizeof line, f) != NULL && lines++ < 40)
    printf("    | %s", line);
  fclose(f);
}

/* ---- the plan and the table --------------------------------------------- */

typedef struct site_stats {
  long runs, failures, fired;
  unsigned tried; /* bit i: error i tried */
} site_stats;

static site_stats stats[PSOCK__SITE_COUNT];
static long total_runs, total_failures, total_waits, total_unchecked;

static uint32_t rng_state = 20261206u;
static uint32_t rng(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

static void fault_run(const target *t, int site, long nth, int e) {
  outcome o;
  const char *why;
  char ename[32];
  run(t, site, nth, e, &o);
  total_runs++;
  stats[site].runs++;
  stats[site].tried |= 1u << e;
  if (o.fired)
    stats[site].fired++;
  why = verdict(t, &o);
  if (why == NULL)
    return;
  if (o.rc == 128 + 14 && waits_for_peer(t->name)) {
    total_waits++;
    return;
  }
  /* A unit test that failed with its descriptors used up on purpose
   * (RLIMIT_NOFILE lowered) leaves LeakSanitizer none to read /proc: no
   * leak found, none checked. */
  if (o.rc == 67 && t->kind == KIND_UNIT &&
      output_contains("LeakSanitizer has encountered a fatal error")) {
    total_unchecked++;
    return;
  }
  total_failures++;
  stats[site].failures++;
  psock__fault_site_error_name(site, e, ename, sizeof ename);
  printf("FAIL %s: call %ld of %s failing with %s: %s (status %d)\n", t->name,
         nth, psock__fault_site_name(site), ename, why, o.rc);
  show_output();
}

/* Calls of a site to fail: all when few, else `per` spread from first to
 * last. */
static long pick(long count, int per, int k) {
  if (count <= per)
    return k + 1;
  return 1 + (long)((double)(count - 1) * k / (per - 1));
}

static void print_table(void) {
  int site, e;
  long unreached = 0;
  printf("\n%-22s %-60s %6s %6s %8s\n", "site", "errors tried", "runs", "fired",
         "failures");
  for (site = 0; site < PSOCK__SITE_COUNT; site++) {
    char errs[256] = "", name[32];
    for (e = 0; e < psock__fault_site_error_count(site); e++) {
      if (!(stats[site].tried & (1u << e)))
        continue;
      psock__fault_site_error_name(site, e, name, sizeof name);
      if (errs[0] != '\0')
        strncat(errs, " ", sizeof errs - strlen(errs) - 1);
      strncat(errs, name, sizeof errs - strlen(errs) - 1);
    }
    if (stats[site].runs == 0) {
      unreached++;
      snprintf(errs, sizeof errs, "(not reached on this platform)");
    }
    printf("%-22s %-60s %6ld %6ld %8ld\n", psock__fault_site_name(site), errs,
           stats[site].runs, stats[site].fired, stats[site].failures);
  }
  printf("sites: %d, reached: %ld\n", PSOCK__SITE_COUNT,
         PSOCK__SITE_COUNT - unreached);
}

static int matches(const target *t, const char *only) {
  size_t n;
  if (only == NULL)
    return 1;
  n = strlen(only);
  return strcmp(t->name, only) == 0 ||
         (n > 0 && only[n - 1] == '_' && strncmp(t->name, only, n) == 0);
}

int main(int argc, char **argv) {
  int sample = 0, wide = 0, site, e, i, run_mode = 0, test_mode = 0;
  int child_mode = 0;
  const char *only = NULL, *tmpdir;
  size_t ti;
  static outcome counted[TARGET_COUNT];
  static int usable[TARGET_COUNT];

  setvbuf(stdout, NULL, _IONBF, 0);
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--sample") == 0)
      sample = 1;
    else if (strcmp(argv[i], "--wide") == 0)
      sample = wide = 1;
    else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
      rng_state = (uint32_t)strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
      only = argv[++i];
    else if (strcmp(argv[i], "--load") == 0 && i + 1 < argc)
      load_program = argv[++i];
    else if (strcmp(argv[i], "--run") == 0 && i + 4 < argc)
      run_mode = i + 1, i += 4;
    else if (strcmp(argv[i], "--test") == 0 && i + 1 < argc)
      test_mode = i + 1, i += 1;
    else if (strcmp(argv[i], "--child") == 0 && i + 6 < argc)
      child_mode = i + 1, i += 6;
    else if (strcmp(argv[i], "--sites") == 0) {
      for (site = 0; site < PSOCK__SITE_COUNT; site++) {
        printf("%-22s %s:", psock__fault_site_name(site),
               psock__fault_site_what(site));
        for (e = 0; e < psock__fault_site_error_count(site); e++) {
          char name[32];
          psock__fault_site_error_name(site, e, name, sizeof name);
          printf(" %s", name);
        }
        printf("\n");
      }
      return 0;
    } else {
      fprintf(stderr,
              "usage: %s [--sample] [--seed N] [--only NAME] "
              "[--load PROGRAM] | --run NAME SITE NTH ERROR | --sites\n",
              argv[0]);
      return 2;
    }
  }
  test_run_isolated(probe, 10);
  if (isolated_in_child < 0)
    isolated_in_child = 1;
  quiet = isolated_in_child; /* in-process, stdout stays the runner's */
  atexit(at_exit_write);
  self_path = argv[0];
  if (child_mode) {
    /* One run for a parent sharing its process between runs (above). */
    outcome o;
    const char *name = argv[child_mode];
    in_fresh_child = 1;
    quiet = 1;
    snprintf(result_path, sizeof result_path, "%s", argv[child_mode + 4]);
    snprintf(output_path, sizeof output_path, "%s", argv[child_mode + 5]);
    site = psock__fault_site_by_name(argv[child_mode + 1]);
    for (ti = 0; ti < TARGET_COUNT && strcmp(targets[ti].name, name); ti++)
      ;
    if (ti == TARGET_COUNT || site < 0)
      return 2;
    run(&targets[ti], site, atol(argv[child_mode + 2]),
        atoi(argv[child_mode + 3]), &o);
    return o.rc;
  }
  tmpdir = test_make_tmpdir();
  snprintf(result_path, sizeof result_path, "%s/result", tmpdir);
  snprintf(output_path, sizeof output_path, "%s/output", tmpdir);

  if (test_mode) {
    /* One unit test, nothing injected but what it arms itself. */
    outcome o;
    for (ti = 0; ti < TARGET_COUNT && strcmp(targets[ti].name, argv[test_mode]);
         ti++)
      ;
    if (ti == TARGET_COUNT || targets[ti].kind != KIND_UNIT) {
      fprintf(stderr, "no such test: %s\n", argv[test_mode]);
      return 2;
    }
    quiet = 0;
    run(&targets[ti], -1, 0, 0, &o);
    test_remove_tmpdir(tmpdir);
    printf("%s %s\n",
           o.rc == 0              ? "ok  "
           : o.rc == TEST_SKIPPED ? "skip"
                                  : "FAIL",
           argv[test_mode]);
    return o.rc == 0 || o.rc == TEST_SKIPPED ? o.rc : 1;
  }
  if (run_mode) {
    /* One run, its output here: for a failure the table reported. */
    outcome o;
    const char *name = argv[run_mode];
    site = psock__fault_site_by_name(argv[run_mode + 1]);
    for (ti = 0; ti < TARGET_COUNT && strcmp(targets[ti].name, name); ti++)
      ;
    if (ti == TARGET_COUNT || site < 0) {
      fprintf(stderr, "no such target or site\n");
      return 2;
    }
    quiet = 0;
    run(&targets[ti], site, atol(argv[run_mode + 2]), atoi(argv[run_mode + 3]),
        &o);
    printf("status %d, fired %d: %s\n", o.rc, o.fired,
           verdict(&targets[ti], &o) ? verdict(&targets[ti], &o) : "pass");
    test_remove_tmpdir(tmpdir);
    return verdict(&targets[ti], &o) != NULL;
  }

  /* Count: each target once, nothing failed. It must pass. */
  for (ti = 0; ti < TARGET_COUNT; ti++) {
    const target *t = &targets[ti];
    if (!matches(t, only) || (sample && !wide && t->kind != KIND_SCENARIO) ||
        (wide && t->kind == KIND_LOAD) ||
        (t->kind == KIND_LOAD && (load_program == NULL || !isolated_in_child)))
      continue;
    run(t, -1, 0, 0, &counted[ti]);
    if (counted[ti].rc == TEST_SKIPPED)
      continue;
    if (counted[ti].rc != 0) {
      printf("FAIL %s: fails with nothing injected (status %d)\n", t->name,
             counted[ti].rc);
      show_output();
      total_failures++;
      continue;
    }
    usable[ti] = 1;
  }

  if (sample) {
    /* Each site once per error, in a scenario that reaches it, at a call
     * chosen by the seed. */
    for (site = 0; site < PSOCK__SITE_COUNT; site++) {
      size_t reach[TARGET_COUNT], nreach = 0, k;
      for (ti = 0; ti < TARGET_COUNT; ti++)
        if (usable[ti] && targets[ti].kind == KIND_SCENARIO &&
            counted[ti].counts[site] > 0)
          reach[nreach++] = ti;
      if (nreach == 0)
        continue;
      /* Every scenario that reaches the site, each error, at a call the
       * seed picks; and its last call, once. */
      for (k = 0; k < nreach; k++) {
        long count = counted[reach[k]].counts[site];
        for (e = 0; e < psock__fault_site_error_count(site); e++)
          fault_run(&targets[reach[k]], site,
                    1 + (long)(rng() % (uint32_t)count), e);
        fault_run(&targets[reach[k]], site, count, 0);
      }
    }
    /* --wide: and every unit test with its first call of each site it
     * reaches failed, with one of the site's errors in turn. */
    for (ti = 0; wide && ti < TARGET_COUNT; ti++)
      for (site = 0; usable[ti] && targets[ti].kind == KIND_UNIT &&
                     site < PSOCK__SITE_COUNT;
           site++)
        if (counted[ti].counts[site] > 0)
          fault_run(&targets[ti], site, 1,
                    (int)((ti + (size_t)site) %
                          (size_t)psock__fault_site_error_count(site)));
  } else {
    for (ti = 0; ti < TARGET_COUNT; ti++) {
      const target *t = &targets[ti];
      int per = t->kind == KIND_SCENARIO ? FULL_PER_SITE
                : t->kind == KIND_UNIT   ? FULL_PER_SITE_UNIT
                                         : FULL_PER_SITE_LOAD;
      long runs_before = total_runs, failures_before = total_failures;
      if (!usable[ti])
        continue;
      for (site = 0; site < PSOCK__SITE_COUNT; site++) {
        long count = counted[ti].counts[site];
        int k;
        for (k = 0; k < per && k < count; k++)
          for (e = 0; e < psock__fault_site_error_count(site); e++)
            fault_run(t, site, pick(count, per, k), e);
      }
      printf("%-50s %5ld runs, %ld failures\n", t->name,
             total_runs - runs_before, total_failures - failures_before);
    }
  }
  print_table();
  test_remove_tmpdir(tmpdir);
  if (total_waits > 0)
    printf("waits: %ld runs of tests whose peer the fault stopped timed out "
           "(not failures: see peer_waits)\n",
           total_waits);
  if (total_unchecked > 0)
    printf("unchecked: %ld runs of unit tests that failed with their "
           "descriptors used up: LeakSanitizer could not run\n",
           total_unchecked);
  printf("torture: %ld runs, %ld failures\n", total_runs, total_failures);
  return total_failures == 0 ? 0 : 1;
}
