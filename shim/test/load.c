/* SPDX-License-Identifier: MIT */
/*
 * load.c -- the shim under load, on loopback only: CONNS concurrent TCP
 * connections through one listener plus PAIRS AF_INET socket pairs, all
 * nonblocking and driven by psock_select, each carrying ROUNDS round trips
 * of a pattern that depends on connection and round, so every byte echoed
 * back is checked. Bounded: it stops at DEADLINE_MS and fails if the work
 * is not done by then. At the end no psock socket and no descriptor is left.
 *
 *   psock_load [connections] [rounds]
 */
#include "test.h"

#include <stdarg.h>
#include <stdint.h>

/* The unit-test runner's failure report, for this program of its own. */
jmp_buf *test_fail_jump;
void test_fail(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "FAIL load: %s:%d: ", file, line);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(1);
}

#define DEFAULT_CONNS 200
#define PAIRS 50
#define DEFAULT_ROUNDS 50
#define MSG_MAX 1500
#define DEADLINE_MS 20000

/* One echoing link: the client sends a message of round-dependent size,
 * the server side echoes what it reads, the client checks the echo. */
typedef struct link {
  psock_t client, server;
  int round;
  size_t len, sent, echoed_back;  /* this round's message, client side */
  unsigned char pending[MSG_MAX]; /* server side: read, not yet echoed */
  size_t pending_len;
} link;

static unsigned char pattern(size_t link_no, int round, size_t i) {
  return (unsigned char)(link_no * 131u + (unsigned)round * 31u + i * 7u);
}

static size_t message_len(size_t link_no, int round) {
  return 1 + (link_no * 977u + (unsigned)round * 389u) % MSG_MAX;
}

static long long total_bytes;
static long long total_rounds;

/* Progress on one link until it would block; 1 when its rounds are done.
 * A finished round starts the next at once: nothing would wake select for
 * a message not sent yet. */
static int round_step(link *l, size_t no, int rounds);
static int step(link *l, size_t no, int rounds) {
  int before;
  do {
    before = l->round;
    if (round_step(l, no, rounds))
      return 1;
  } while (l->round != before);
  return 0;
}

static int round_step(link *l, size_t no, int rounds) {
  unsigned char buf[MSG_MAX];
  ptrdiff_t n;
  size_t i;
  if (l->round == rounds)
    return 1;
  if (l->len == 0)
    l->len = message_len(no, l->round);
  /* Client: send what is left of this round's message. */
  while (l->sent < l->len) {
    size_t k, want = l->len - l->sent;
    for (k = 0; k < want; k++)
      buf[k] = pattern(no, l->round, l->sent + k);
    n = psock_write(l->client, buf, want);
    if (n == PSOCK_EWOULDBLOCK)
      break;
    ASSERT_OK(n);
    l->sent += (size_t)n;
  }
  /* Server: read and echo. */
  for (;;) {
    if (l->pending_len == 0) {
      n = psock_recv(l->server, l->pending, sizeof l->pending, 0);
      if (n == PSOCK_EWOULDBLOCK)
        break;
      ASSERT(n > 0);
      l->pending_len = (size_t)n;
    }
    n = psock_write(l->server, l->pending, l->pending_len);
    if (n == PSOCK_EWOULDBLOCK)
      break;
    ASSERT_OK(n);
    memmove(l->pending, l->pending + n, l->pending_len - (size_t)n);
    l->pending_len -= (size_t)n;
  }
  /* Client: check the echo, byte for byte. */
  while (l->echoed_back < l->sent) {
    n = psock_read(l->client, buf, l->sent - l->echoed_back, PSOCK_BINARY_READ);
    if (n == PSOCK_EWOULDBLOCK)
      break;
    ASSERT(n > 0);
    for (i = 0; i < (size_t)n; i++)
      if (buf[i] != pattern(no, l->round, l->echoed_back + i))
        test_fail(__FILE__, __LINE__, "link %lu round %d byte %lu corrupted",
                  (unsigned long)no, l->round,
                  (unsigned long)(l->echoed_back + i));
    l->echoed_back += (size_t)n;
    total_bytes += n;
  }
  if (l->echoed_back == l->len) {
    l->round++;
    total_rounds++;
    l->len = l->sent = l->echoed_back = 0;
  }
  return l->round == rounds;
}

int main(int argc, char **argv) {
  int conns = argc > 1 ? atoi(argv[1]) : DEFAULT_CONNS;
  int rounds = argc > 2 ? atoi(argv[2]) : DEFAULT_ROUNDS;
  size_t count, i, done = 0;
  link *links;
  psock_t *rd;
  psock_t l;
  int port;
  long long start = test_now_ms();
  long os_before = test_os_open_count();
  size_t open_before = psock_open_count();

  setvbuf(stdout, NULL, _IONBF, 0);
  if (conns < 1 || rounds < 1) {
    fprintf(stderr, "usage: psock_load [connections >= 1] [rounds >= 1]\n");
    return 2;
  }
  count = (size_t)conns + PAIRS;
  links = calloc(count, sizeof *links);
  rd = calloc(2 * count, sizeof *rd);
  ASSERT(links != NULL && rd != NULL);

  l = psock_create_listen("127.0.0.1", 0, PSOCK_SOMAXCONN);
  ASSERT_VALID(l);
  ASSERT_OK(
      psock_getsockname(l, (char *)links[0].pending, PSOCK_ADDRSTRLEN, &port));
  /* Connect everything first, so all connections are open at once. */
  for (i = 0; i < (size_t)conns; i++) {
    links[i].client = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
    ASSERT_VALID(links[i].client);
    ASSERT_OK(psock_connect(links[i].client, "127.0.0.1", port));
    links[i].server = psock_accept(l);
    ASSERT_VALID(links[i].server);
  }
  for (; i < count; i++) {
    psock_t pair[2];
    ASSERT_OK(psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0, pair));
    links[i].client = pair[0];
    links[i].server = pair[1];
  }
  for (i = 0; i < count; i++) {
    ASSERT_OK(psock_set_nonblock(links[i].client));
    ASSERT_OK(psock_set_nonblock(links[i].server));
  }
  ASSERT_EQ(psock_open_count(), open_before + 1 + 2 * count);

  while (done < count) {
    size_t n = 0;
    if (test_now_ms() - start > DEADLINE_MS)
      test_fail(__FILE__, __LINE__, "deadline: %lu of %lu links done",
                (unsigned long)done, (unsigned long)count);
    done = 0;
    for (i = 0; i < count; i++)
      done += (size_t)step(&links[i], i, rounds);
    /* Wait until some socket has something to read. */
    for (i = 0; i < count; i++) {
      if (links[i].round == rounds)
        continue;
      rd[n++] = links[i].client;
      rd[n++] = links[i].server;
    }
    if (n > 0)
      ASSERT_OK(psock_select(rd, &n, NULL, NULL, NULL, NULL, 1, 0));
  }

  for (i = 0; i < count; i++) {
    ASSERT_OK(psock_close(links[i].client));
    ASSERT_OK(psock_close(links[i].server));
  }
  ASSERT_OK(psock_close(l));
  ASSERT_EQ(psock_open_count(), open_before);
  if (os_before >= 0)
    ASSERT_EQ(test_os_open_count(), os_before);
  printf("load: %d TCP connections + %d AF_INET pairs open at once, "
         "%lld round trips, %lld bytes verified, %lld ms, descriptors back "
         "to %ld\n",
         conns, PAIRS, total_rounds, total_bytes, test_now_ms() - start,
         os_before);
  free(links);
  free(rd);
  return 0;
}
