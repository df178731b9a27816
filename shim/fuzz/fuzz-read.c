/* SPDX-License-Identifier: MIT */
/*
 * fuzz-read.c -- libFuzzer target: PSOCK_NORMAL_READ, PSOCK_BINARY_READ,
 * psock_recv and MSG_PEEK mixed, over an arbitrary byte stream written in
 * arbitrary chunks. Whatever the mix, the bytes read back, concatenated,
 * are exactly the bytes written; a NORMAL_READ never returns more than one
 * line, and a line end only as its last byte.
 *
 * Input: 4 bytes seeding the schedule (chunk sizes, which read, how long),
 * then the payload (at most 16 KiB, so a write never blocks).
 */
#include "psock.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAYLOAD 16384

static uint32_t next(uint32_t *state) {
  /* xorshift32: the schedule is a pure function of the input. */
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

static void check(int ok) {
  if (!ok)
    abort();
}

/* One read of the schedule's choosing; appends what it consumed to got. */
static void one_read(psock_t r, uint32_t *st, const uint8_t *payload,
                     size_t total, unsigned char *got, size_t *have,
                     int blocking) {
  unsigned char buf[96];
  size_t len = 1 + next(st) % sizeof buf;
  unsigned op = next(st) % 8;
  ptrdiff_t n;
  if (op == 0 || op == 1) {
    n = psock_read(r, buf, len, PSOCK_NORMAL_READ);
    if (n > 0) {
      ptrdiff_t i;
      for (i = 0; i < n - 1; i++)
        check(buf[i] != '\n' && buf[i] != '\r');
      /* Short of a line end and of length only for want of data: a
       * nonblocking read, or a blocking one that reached end of stream. */
      check(buf[n - 1] == '\n' || buf[n - 1] == '\r' || (size_t)n == len ||
            !blocking || *have + (size_t)n == total);
    }
  } else if (op == 2) {
    n = psock_read(r, buf, len, PSOCK_BINARY_READ);
  } else if (op == 3) {
    n = psock_recv(r, buf, len, 0);
  } else if (op == 5) {
    char from[PSOCK_ADDRSTRLEN];
    n = psock_recvfrom(r, buf, len, 0, from, sizeof from, NULL);
  } else if (op == 6 || op == 7) {
    /* Scattered over two elements, the second possibly empty. */
    psock_iovec_t iov[2];
    size_t first = len / 2;
    iov[0].base = buf;
    iov[0].len = first;
    iov[1].base = buf + first;
    iov[1].len = len - first;
    if (op == 6) {
      n = psock_readv(r, iov, 2);
    } else {
      psock_msg_t msg;
      memset(&msg, 0, sizeof msg);
      msg.iov = iov;
      msg.iov_count = 2;
      n = psock_recvmsg(r, &msg, 0);
    }
  } else {
    /* A peek shows the next bytes and consumes nothing. */
    n = psock_recv(r, buf, len, PSOCK_MSG_PEEK);
    if (n > 0)
      check(memcmp(buf, payload + *have, (size_t)n) == 0);
    check(n >= 0 || n == PSOCK_EWOULDBLOCK);
    return;
  }
  if (n > 0) {
    memcpy(got + *have, buf, (size_t)n);
    *have += (size_t)n;
  } else {
    check(n == 0 ? blocking : n == PSOCK_EWOULDBLOCK && !blocking);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static unsigned char got[MAX_PAYLOAD + 96];
  psock_t pair[2];
  uint32_t st;
  const uint8_t *payload;
  size_t len, written = 0, have = 0;
  int rounds;
  if (size < 4)
    return 0;
  st = ((uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 |
        (uint32_t)data[2] << 8 | data[3]) |
       1u;
  payload = data + 4;
  len = size - 4 > MAX_PAYLOAD ? MAX_PAYLOAD : size - 4;
  check(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pair) == 0);
  check(psock_set_nonblock(pair[1]) == 0);
  /* Interleaved: a chunk written, a few nonblocking reads. */
  while (written < len) {
    size_t chunk = 1 + next(&st) % 200, k;
    if (chunk > len - written)
      chunk = len - written;
    while (chunk > 0) {
      ptrdiff_t n = psock_write(pair[0], payload + written, chunk);
      check(n > 0);
      written += (size_t)n;
      chunk -= (size_t)n;
    }
    for (k = next(&st) % 4; k > 0; k--)
      one_read(pair[1], &st, payload, len, got, &have, 0);
  }
  /* Then the end of the stream, read in blocking mode until it shows. */
  check(psock_shutdown(pair[0], 1) == 0);
  check(psock_set_block(pair[1]) == 0);
  for (rounds = 0; have < len && rounds < 100000; rounds++)
    one_read(pair[1], &st, payload, len, got, &have, 1);
  check(have == len);
  check(len == 0 || memcmp(got, payload, len) == 0);
  {
    unsigned char tail[4];
    check(psock_read(pair[1], tail, sizeof tail, PSOCK_NORMAL_READ) == 0);
  }
  check(psock_close(pair[0]) == 0);
  check(psock_close(pair[1]) == 0);
  return 0;
}
