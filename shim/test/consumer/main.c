/* SPDX-License-Identifier: MIT */
/* Exchange a message over a psock AF_INET pair; print it. */
#include <psock.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  char buf[16];
  psock_t p[2];
  ptrdiff_t n;
  if (psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0, p) < 0) {
    fprintf(stderr, "pair: %s\n", psock_strerror(psock_last_error(PSOCK_NONE)));
    return 1;
  }
  if (psock_write(p[0], "installed", 9) != 9)
    return 1;
  n = psock_read(p[1], buf, sizeof buf - 1, PSOCK_BINARY_READ);
  if (n != 9)
    return 1;
  buf[n] = '\0';
  psock_close(p[0]);
  psock_close(p[1]);
  printf("psock %s %s\n", psock_version(), buf);
  return strcmp(buf, "installed") != 0;
}
