/* SPDX-License-Identifier: MIT */
/*
 * fuzz-address.c -- libFuzzer target: address and AF_UNIX path parsing and
 * formatting, at every length boundary. Whatever the text:
 *   - parsing either fails with a documented code or succeeds;
 *   - a parsed address formats into exactly strlen + 1 bytes: every smaller
 *     buffer gives PSOCK_ENOBUFS and leaves a NUL-terminated nothing, every
 *     larger one the same text;
 *   - the formatted text parses back to the same address and port.
 * Input: 1 byte domain choice, 2 bytes port (as a signed value, so ports
 * outside 0..65535 are tried), then the text (a NUL in it ends it, as it
 * ends a C string given to psock).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void check(int ok) {
  if (!ok)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const int domains[] = {PSOCK_AF_INET, PSOCK_AF_INET6, PSOCK_AF_UNIX, 0,
                                99};
  char text[300], out[PSOCK_ADDRSTRLEN + 8], again[PSOCK_ADDRSTRLEN + 8];
  psock__addr a, b;
  int domain, port, rc, out_port = -1, back_port = -1;
  size_t len, need, room;
  if (size < 3)
    return 0;
  domain = domains[data[0] % 5];
  port = (int)(int16_t)((uint16_t)data[1] << 8 | data[2]);
  if (data[0] & 0x80)
    port = port * 4; /* reach past 65535 and below -32768 too */
  len = size - 3 < sizeof text - 1 ? size - 3 : sizeof text - 1;
  memcpy(text, data + 3, len);
  text[len] = '\0';

  rc = psock__addr_parse(domain, text, port, &a);
  if (rc != 0) {
    check(rc == PSOCK_EINVAL || rc == PSOCK_ENAMETOOLONG ||
          rc == PSOCK_EAFNOSUPPORT);
    return 0;
  }
  check(domain == PSOCK_AF_UNIX || (port >= 0 && port <= 65535));
  check(psock__addr_format(&a, out, sizeof out, &out_port) == 0);
  need = strlen(out) + 1;
  check(need <= PSOCK_ADDRSTRLEN);
  if (domain == PSOCK_AF_INET)
    check(need <= PSOCK_INET_ADDRSTRLEN);
  if (domain == PSOCK_AF_INET6)
    check(need <= PSOCK_INET6_ADDRSTRLEN);
  for (room = 1; room <= need + 1; room++) {
    memset(again, '#', sizeof again);
    rc = psock__addr_format(&a, again, room, NULL);
    if (room < need) {
      check(rc == PSOCK_ENOBUFS);
    } else {
      check(rc == 0);
      check(strcmp(again, out) == 0);
    }
  }
  if (domain == PSOCK_AF_UNIX) {
    check(strcmp(out, text) == 0); /* a path comes back as given */
    check(out_port == 0);
    return 0;
  }
  check(out_port == port);
  /* The canonical text parses back to the same address. */
  check(psock__addr_parse(domain, out, out_port, &b) == 0);
  check(psock__addr_format(&b, again, sizeof again, &back_port) == 0);
  check(strcmp(again, out) == 0 && back_port == port);
  return 0;
}
