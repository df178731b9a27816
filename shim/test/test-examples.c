/* SPDX-License-Identifier: MIT */
/* The specification's examples, run end to end on loopback. */
#include "test.h"

/* 000, renmengyang567's note: the server writes "hello world ^_^" to the
 * client it accepts; the client reads it with socket_read($sock, 1024). */
TEST_IMPL(examples_hello_world) {
  const char *st = "hello world ^_^";
  char ret[1024];
  char host[PSOCK_ADDRSTRLEN];
  int port;
  ptrdiff_t n;
  psock_t sock, clnt_sock, client;

  sock = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, PSOCK_SOL_TCP);
  ASSERT_OK(psock_bind(sock, "127.0.0.1", 0)); /* the note's 5000, made free */
  ASSERT_OK(psock_listen(sock, 1));
  ASSERT_OK(psock_getsockname(sock, host, sizeof host, &port));

  client = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, PSOCK_SOL_TCP);
  ASSERT_OK(psock_connect(client, "127.0.0.1", port));

  clnt_sock = psock_accept(sock);
  ASSERT_VALID(clnt_sock);
  ASSERT_EQ(psock_write(clnt_sock, st, strlen(st)), (ptrdiff_t)strlen(st));
  ASSERT_OK(psock_close(clnt_sock));
  ASSERT_OK(psock_close(sock));

  n = psock_read(client, ret, sizeof ret, PSOCK_BINARY_READ);
  ASSERT_EQ(n, 15);
  ret[n] = '\0';
  ASSERT_STR_EQ(ret, "hello world ^_^");
  ASSERT_OK(psock_close(client));
  return 0;
}

/* 002, example 1: the talkback server. It greets, echoes each line read with
 * PHP_NORMAL_READ as "PHP: You said '...'.", ignores empty lines and ends
 * the session on 'quit'. The client's lines arrive in one burst, so the
 * server must split them without losing any. */
static void talkback_session(psock_t msgsock) {
  const char *msg = "\nWelcome to the PHP Test Server. \n"
                    "To quit, type 'quit'. To shut down the server type "
                    "'shutdown'.\n";
  char buf[2048], talkback[2200];
  write_all(msgsock, msg, strlen(msg));
  for (;;) {
    ptrdiff_t n = psock_read(msgsock, buf, sizeof buf - 1, PSOCK_NORMAL_READ);
    char *start, *end;
    ASSERT(n > 0);
    buf[n] = '\0';
    start = buf; /* trim() */
    while (*start == ' ' || *start == '\n' || *start == '\r' || *start == '\t')
      start++;
    end = start + strlen(start);
    while (end > start && (end[-1] == ' ' || end[-1] == '\n' ||
                           end[-1] == '\r' || end[-1] == '\t'))
      *--end = '\0';
    if (*start == '\0')
      continue;
    if (strcmp(start, "quit") == 0)
      break;
    snprintf(talkback, sizeof talkback, "PHP: You said '%s'.\n", start);
    write_all(msgsock, talkback, strlen(talkback));
  }
}

TEST_IMPL(examples_talkback_server) {
  const char *expected = "PHP: You said 'hello'.\nPHP: You said 'second "
                         "line'.\n";
  char host[PSOCK_ADDRSTRLEN], got[1024] = "";
  size_t have = 0;
  int port;
  psock_t sock, msgsock, client;

  sock = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, PSOCK_SOL_TCP);
  ASSERT_OK(psock_bind(sock, "127.0.0.1", 0));
  ASSERT_OK(psock_listen(sock, 5));
  ASSERT_OK(psock_getsockname(sock, host, sizeof host, &port));
  client = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_OK(psock_connect(client, host, port));
  /* telnet sends \r\n line ends; the burst includes an empty line. */
  {
    static const char burst[] = "hello\r\n\r\nsecond line\r\nquit\r\n";
    write_all(client, burst, sizeof burst - 1); /* not its NUL */
  }
  msgsock = psock_accept(sock);
  ASSERT_VALID(msgsock);
  talkback_session(msgsock);
  /* The client reads the replies before the server closes: NORMAL_READ
   * stopped at the "\r" of "quit\r\n", so a "\n" is still unread there, and
   * closing a socket with unread input resets the connection (RFC 1122
   * 4.2.2.13) -- as PHP's own talkback server does to telnet. */
  while (strstr(got, expected) == NULL) {
    ptrdiff_t n = psock_read(client, got + have, sizeof got - 1 - have,
                             PSOCK_BINARY_READ);
    ASSERT(n > 0);
    have += (size_t)n;
    got[have] = '\0';
  }
  ASSERT_OK(psock_close(msgsock));
  ASSERT_OK(psock_close(sock));
  ASSERT(strstr(got, "Welcome to the PHP Test Server.") != NULL);
  ASSERT(strstr(got, expected) != NULL);
  ASSERT(strstr(got, "You said 'quit'") == NULL); /* quit ends, unechoed */
  ASSERT_OK(psock_close(client));
  return 0;
}

/* 004, first example: write "ABCdef123\n" on one end, PHP_BINARY_READ it on
 * the other. */
TEST_IMPL(examples_pair_write_read) {
  const char *text = "ABCdef123\n";
  char data[16];
  psock_t sockets[2];
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, sockets));
  ASSERT_EQ(psock_write(sockets[0], text, strlen(text)), 10);
  ASSERT_EQ(psock_read(sockets[1], data, strlen(text), PSOCK_BINARY_READ), 10);
  ASSERT_MEM_EQ(data, "ABCdef123\n", 10);
  ASSERT_OK(psock_close(sockets[0]));
  ASSERT_OK(psock_close(sockets[1]));
  return 0;
}

/* 000, Boylett's note: "If you want to have multiple clients on a server you
 * will have to use non blocking" -- a nonblocking listener polled in a loop
 * collects every client that connects, and returns false (EWOULDBLOCK)
 * between them. */
TEST_IMPL(examples_nonblocking_multi_client) {
  enum { CLIENTS = 5 };
  psock_t clients[CLIENTS], accepted[CLIENTS];
  int port, i, got = 0, misses = 0;
  psock_t socket = listener(PSOCK_AF_INET, &port);
  ASSERT_OK(psock_set_nonblock(socket));
  for (i = 0; i < CLIENTS; i++) {
    clients[i] = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
    ASSERT_OK(psock_connect(clients[i], "127.0.0.1", port));
  }
  while (got < CLIENTS && misses < 1000) {
    psock_t newc = psock_accept(socket);
    if (psock_valid(newc)) {
      accepted[got++] = newc;
    } else {
      ASSERT_EQ(psock_last_error(socket), PSOCK_EWOULDBLOCK);
      misses++;
      test_sleep_ms(1);
    }
  }
  ASSERT_EQ(got, CLIENTS);
  ASSERT(!psock_valid(psock_accept(socket))); /* none left: false */
  for (i = 0; i < CLIENTS; i++) {
    ASSERT_OK(psock_close(accepted[i]));
    ASSERT_OK(psock_close(clients[i]));
  }
  ASSERT_OK(psock_close(socket));
  return 0;
}
