/* SPDX-License-Identifier: MIT */
/* socket_accept (spec 000) and its user notes. */
#include "test.h"

static psock_t connect_to(int port) {
  psock_t c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(c);
  ASSERT_OK(psock_connect(c, "127.0.0.1", port));
  return c;
}

/* "Une fois qu'une connexion est faite, une nouvelle instance de Socket est
 * retournée. Elle peut être utilisée pour les communications." */
TEST_IMPL(accept_blocking) {
  char buf[16];
  int port;
  psock_t l = listener(PSOCK_AF_INET, &port);
  psock_t c = connect_to(port);
  psock_t a = psock_accept(l);
  ASSERT_VALID(a);
  ASSERT(!psock_same(a, l));
  write_all(a, "ping", 4);
  ASSERT_EQ(psock_read(c, buf, sizeof buf, PSOCK_BINARY_READ), 4);
  ASSERT_MEM_EQ(buf, "ping", 4);
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  return 0;
}

/* "Si socket a été rendue non-bloquante ... false sera retourné": at once,
 * with EWOULDBLOCK recorded on the listener. */
TEST_IMPL(accept_nonblocking_nothing_pending) {
  int port;
  psock_t l = listener(PSOCK_AF_INET, &port);
  ASSERT_OK(psock_set_nonblock(l));
  psock_clear_error(PSOCK_NONE);
  ASSERT(!psock_valid(psock_accept(l)));
  ASSERT_EQ(psock_last_error(l), PSOCK_EWOULDBLOCK);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EWOULDBLOCK);
  ASSERT_OK(psock_close(l));
  return 0;
}

/* psock's one rule: the accepted socket takes the listener's mode. Linux
 * alone does not do this natively. The note of Greg MacLellan (000) says
 * "The socket returned by this resource will be non-blocking, regardless of
 * what the listening socket is set to" -- psock does not follow it. */
TEST_IMPL(accept_inherits_nonblocking) {
  char buf[8];
  int port;
  psock_t l = listener(PSOCK_AF_INET, &port);
  psock_t c, a;
  ASSERT_OK(psock_set_nonblock(l));
  c = connect_to(port);
  test_sleep_ms(20);
  a = psock_accept(l);
  ASSERT_VALID(a);
  ASSERT_EQ(psock_is_nonblocking(a), 1);
  /* Really nonblocking: a read with nothing there fails at once. */
  ASSERT_ERR(psock_read(a, buf, sizeof buf, PSOCK_BINARY_READ),
             PSOCK_EWOULDBLOCK);
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  return 0;
}

TEST_IMPL(accept_inherits_blocking) {
  psock_timeval_t tv = {0, 200000};
  char buf[8];
  int port;
  psock_t l = listener(PSOCK_AF_INET, &port);
  psock_t c = connect_to(port);
  psock_t a = psock_accept(l);
  ASSERT_VALID(a);
  ASSERT_EQ(psock_is_nonblocking(a), 0);
  /* Really blocking: the read waits for the receive timeout. */
  ASSERT_OK(
      psock_set_option(a, PSOCK_SOL_SOCKET, PSOCK_SO_RCVTIMEO, &tv, sizeof tv));
  ASSERT_ERR(psock_read(a, buf, sizeof buf, PSOCK_BINARY_READ),
             PSOCK_EWOULDBLOCK);
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  return 0;
}

/* "Le socket original socket, qui est en attente, reste ouvert et peut être
 * réutilisé." */
TEST_IMPL(accept_listener_reusable) {
  int port, i;
  psock_t l = listener(PSOCK_AF_INET, &port);
  for (i = 0; i < 3; i++) {
    psock_t c = connect_to(port);
    psock_t a = psock_accept(l);
    ASSERT_VALID(a);
    ASSERT_OK(psock_close(a));
    ASSERT_OK(psock_close(c));
  }
  ASSERT_EQ(psock_listen_backlog(l), 16);
  ASSERT_OK(psock_close(l));
  return 0;
}

/* "S'il y a plusieurs connexions en attente, la première sera utilisée." */
TEST_IMPL(accept_first_pending_first) {
  char name[PSOCK_ADDRSTRLEN];
  int port, p1, p2, pa;
  psock_t l = listener(PSOCK_AF_INET, &port);
  psock_t c1 = connect_to(port);
  psock_t c2 = connect_to(port);
  psock_t a1 = psock_accept(l);
  psock_t a2 = psock_accept(l);
  ASSERT_OK(psock_getsockname(c1, name, sizeof name, &p1));
  ASSERT_OK(psock_getsockname(c2, name, sizeof name, &p2));
  ASSERT_OK(psock_getpeername(a1, name, sizeof name, &pa));
  ASSERT_EQ(pa, p1);
  ASSERT_OK(psock_getpeername(a2, name, sizeof name, &pa));
  ASSERT_EQ(pa, p2);
  ASSERT_OK(psock_close(a1));
  ASSERT_OK(psock_close(a2));
  ASSERT_OK(psock_close(c1));
  ASSERT_OK(psock_close(c2));
  ASSERT_OK(psock_close(l));
  return 0;
}

/* "Le code d'erreur généré peut être obtenu en appelant la fonction
 * socket_last_error()": accept on a socket that is not listening. */
TEST_IMPL(accept_error_on_listener) {
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  psock_t u = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  ASSERT_OK(psock_bind(s, "127.0.0.1", 0));
  ASSERT(!psock_valid(psock_accept(s)));
  ASSERT_EQ(psock_last_error(s), PSOCK_EINVAL);
  ASSERT(!psock_valid(psock_accept(u)));
  ASSERT_EQ(psock_last_error(u), PSOCK_EOPNOTSUPP);
  ASSERT(strlen(psock_strerror(psock_last_error(u))) > 0);
  ASSERT_OK(psock_close(s));
  ASSERT_OK(psock_close(u));
  return 0;
}
