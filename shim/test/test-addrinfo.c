/* SPDX-License-Identifier: MIT */
/* socket_addrinfo_lookup, _bind, _connect, _explain: numeric hosts and
 * localhost only (no DNS). */
#include "test.h"

#include <string.h>

static const psock_addrinfo_hints_t v4_stream = {0, PSOCK_AF_INET,
                                                 PSOCK_SOCK_STREAM, 0};

/* The AI_* hint flags are the constants page's UNIX-like names: on Windows
 * psock makes them unavailable, and a lookup given one fails
 * (PSOCK_EAI_BADFLAGS). */
static int have_ai_flags(void) {
  return psock_supports(PSOCK_KIND_ADDRINFO, PSOCK_AI_NUMERICHOST) == 1;
}

TEST_IMPL(addrinfo_lookup_and_explain) {
  psock_addrinfo_t *list = NULL;
  psock_addrinfo_entry_t e;
  psock_addrinfo_hints_t dgram = {0, PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0};
  ASSERT_EQ(psock_addrinfo_lookup("127.0.0.1", "8080", &v4_stream, &list), 1);
  ASSERT_EQ(psock_addrinfo_count(list), 1);
  ASSERT_OK(psock_addrinfo_explain(list, 0, &e));
  ASSERT_EQ(e.family, PSOCK_AF_INET);
  ASSERT_EQ(e.socktype, PSOCK_SOCK_STREAM);
  ASSERT_EQ(e.protocol, 6);
  ASSERT_STR_EQ(e.address, "127.0.0.1");
  ASSERT_EQ(e.port, 8080);
  ASSERT(e.canonname == NULL);
  psock_addrinfo_free(list);

  /* A service by name, a datagram hint, no service at all. */
  ASSERT_EQ(psock_addrinfo_lookup("127.0.0.1", "53", &dgram, &list), 1);
  ASSERT_OK(psock_addrinfo_explain(list, 0, &e));
  ASSERT_EQ(e.socktype, PSOCK_SOCK_DGRAM);
  ASSERT_EQ(e.protocol, 17);
  psock_addrinfo_free(list);
  ASSERT(psock_addrinfo_lookup("127.0.0.1", NULL, NULL, &list) >= 1);
  ASSERT_OK(psock_addrinfo_explain(list, 0, &e));
  ASSERT_EQ(e.port, 0);
  if (e.socktype == 0) {
    /* Winsock's one entry of any type: no socket can be made of it. */
    ASSERT(!psock_valid(psock_addrinfo_bind(list, 0)));
    ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_ESOCKTNOSUPPORT);
  }
  psock_addrinfo_free(list);

  /* AI_CANONNAME: the name comes back with the first entry. */
  dgram.flags = PSOCK_AI_CANONNAME | PSOCK_AI_NUMERICHOST;
  if (have_ai_flags()) {
    ASSERT_EQ(psock_addrinfo_lookup("127.0.0.1", "53", &dgram, &list), 1);
    ASSERT_OK(psock_addrinfo_explain(list, 0, &e));
    ASSERT(e.canonname != NULL);
    ASSERT(e.flags & PSOCK_AI_CANONNAME);
    psock_addrinfo_free(list);
  } else {
    ASSERT_ERR(psock_addrinfo_lookup("127.0.0.1", "53", &dgram, &list),
               PSOCK_EAI_BADFLAGS);
    ASSERT(list == NULL);
  }

  if (have_ipv6()) {
    /* A literal needs no AI_NUMERICHOST to stay off the network. */
    psock_addrinfo_hints_t v6 = {have_ai_flags() ? PSOCK_AI_NUMERICHOST : 0,
                                 PSOCK_AF_INET6, PSOCK_SOCK_STREAM,
                                 PSOCK_SOL_TCP};
    ASSERT_EQ(psock_addrinfo_lookup("::1", "443", &v6, &list), 1);
    ASSERT_OK(psock_addrinfo_explain(list, 0, &e));
    ASSERT_EQ(e.family, PSOCK_AF_INET6);
    ASSERT_STR_EQ(e.address, "::1");
    ASSERT_EQ(e.port, 443);
    psock_addrinfo_free(list);
  }
  ASSERT_EQ(psock_addrinfo_lookup("localhost", "80", &v4_stream, &list), 1);
  ASSERT_OK(psock_addrinfo_explain(list, 0, &e));
  ASSERT_EQ(e.family, PSOCK_AF_INET);
  psock_addrinfo_free(list);
  return 0;
}

TEST_IMPL(addrinfo_bind_and_connect) {
  psock_addrinfo_t *any = NULL, *to = NULL;
  psock_t l, c, a;
  char addr[PSOCK_ADDRSTRLEN], port_text[16];
  int port;
  ASSERT_EQ(psock_addrinfo_lookup("127.0.0.1", "0", &v4_stream, &any), 1);
  l = psock_addrinfo_bind(any, 0);
  ASSERT_VALID(l);
  ASSERT_OK(psock_getsockname(l, addr, sizeof addr, &port));
  ASSERT_STR_EQ(addr, "127.0.0.1");
  ASSERT(port > 0);
  ASSERT_OK(psock_listen(l, 5));
  snprintf(port_text, sizeof port_text, "%d", port);
  ASSERT_EQ(psock_addrinfo_lookup("127.0.0.1", port_text, &v4_stream, &to), 1);
  c = psock_addrinfo_connect(to, 0);
  ASSERT_VALID(c);
  a = psock_accept(l);
  ASSERT_VALID(a);
  ASSERT_EQ(psock_write(c, "hi", 2), 2);
  ASSERT_EQ(psock_read(a, addr, sizeof addr, PSOCK_BINARY_READ), 2);
  ASSERT_MEM_EQ(addr, "hi", 2);

  /* The port is taken: bind fails, and nothing stays open. */
  {
    size_t open = psock_open_count();
    ASSERT(!psock_valid(psock_addrinfo_bind(to, 0)));
    ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EADDRINUSE);
    ASSERT_EQ(psock_open_count(), open);
  }
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  /* Nothing listens any more: refused, nothing left open. */
  {
    size_t open = psock_open_count();
    ASSERT(!psock_valid(psock_addrinfo_connect(to, 0)));
    ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_ECONNREFUSED);
    ASSERT_EQ(psock_open_count(), open);
  }
  /* The sockets made from a list outlive it. */
  c = psock_addrinfo_bind(any, 0);
  ASSERT_VALID(c);
  psock_addrinfo_free(any);
  psock_addrinfo_free(to);
  ASSERT_OK(psock_getsockname(c, addr, sizeof addr, &port));
  ASSERT_OK(psock_close(c));
  return 0;
}

TEST_IMPL(addrinfo_bad_input) {
  psock_addrinfo_t *list = (psock_addrinfo_t *)&list; /* must become NULL */
  psock_addrinfo_entry_t e;
  psock_addrinfo_hints_t h = v4_stream;
  char name[PSOCK_ADDRINFO_HOST_MAX + 2];
  memset(name, '1', sizeof name - 1);
  name[sizeof name - 1] = '\0';

  ASSERT_ERR(psock_addrinfo_lookup("127.0.0.1", "80", NULL, NULL),
             PSOCK_EINVAL);
  ASSERT_ERR(psock_addrinfo_lookup(NULL, "80", NULL, &list), PSOCK_EINVAL);
  ASSERT(list == NULL);
  ASSERT_ERR(psock_addrinfo_lookup("", "80", NULL, &list), PSOCK_EAI_NONAME);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EAI_NONAME);
  ASSERT_ERR(psock_addrinfo_lookup(name, "80", NULL, &list),
             PSOCK_ENAMETOOLONG);
  ASSERT_ERR(psock_addrinfo_lookup("127.0.0.1", name, NULL, &list),
             PSOCK_ENAMETOOLONG);
  h.flags = 0x1000;
  ASSERT_ERR(psock_addrinfo_lookup("127.0.0.1", "80", &h, &list), PSOCK_EINVAL);
  h = v4_stream;
  h.family = PSOCK_AF_UNIX;
  ASSERT_ERR(psock_addrinfo_lookup("127.0.0.1", "80", &h, &list), PSOCK_EINVAL);
  h = v4_stream;
  h.socktype = 77;
  ASSERT_ERR(psock_addrinfo_lookup("127.0.0.1", "80", &h, &list), PSOCK_EINVAL);
  h = v4_stream;
  h.flags = -1;
  ASSERT_ERR(psock_addrinfo_lookup("127.0.0.1", "80", &h, &list), PSOCK_EINVAL);
  h = v4_stream;
  h.protocol = -1;
  ASSERT_ERR(psock_addrinfo_lookup("127.0.0.1", "80", &h, &list), PSOCK_EINVAL);
  h = v4_stream;
  h.protocol = 300;
  ASSERT_ERR(psock_addrinfo_lookup("127.0.0.1", "80", &h, &list), PSOCK_EINVAL);
  ASSERT(list == NULL);

  /* The resolver's own answers, without DNS: not numeric, a family that
   * cannot match, an unknown service name. The native code is kept. */
  h = v4_stream;
  h.flags = PSOCK_AI_NUMERICHOST;
  if (!have_ai_flags()) {
    ASSERT_ERR(psock_addrinfo_lookup("not-an-address.invalid", "80", &h, &list),
               PSOCK_EAI_BADFLAGS);
    ASSERT(list == NULL);
    h.flags = 0;
  } else {
    ASSERT_ERR(psock_addrinfo_lookup("not-an-address.invalid", "80", &h, &list),
               PSOCK_EAI_NONAME);
    ASSERT(psock_last_native_error(PSOCK_NONE) != 0);
    ASSERT_STR_EQ(psock_err_name(PSOCK_EAI_NONAME), "EAI_NONAME");
    ASSERT_STR_EQ(psock_strerror(PSOCK_EAI_NONAME),
                  "name or service not known");
    ASSERT_ERR(psock_addrinfo_lookup("::1", "80", &h, &list), PSOCK_EAI_NONAME);
    h.flags = PSOCK_AI_NUMERICSERV;
    ASSERT(psock_addrinfo_lookup("127.0.0.1", "no-such-service", &h, &list) <
           0);
  }
  /* A type the resolver has no service for (SOCK_RDM). */
  h = v4_stream;
  h.socktype = PSOCK_SOCK_RDM;
  {
    /* glibc refuses the type (EAI_SOCKTYPE); musl looks the service up
     * for it first and finds none (EAI_SERVICE). */
    int rc = psock_addrinfo_lookup("127.0.0.1", "80", &h, &list);
    ASSERT(rc == PSOCK_EAI_SOCKTYPE || rc == PSOCK_EAI_SERVICE);
  }
  h = v4_stream;
  /* A service name the services database lacks (no network asked). */
  h.flags = 0;
  ASSERT_ERR(psock_addrinfo_lookup("127.0.0.1", "no-such-service", &h, &list),
             PSOCK_EAI_SERVICE);
  ASSERT(list == NULL);

  /* explain, bind, connect: no list, an index past the end. */
  ASSERT_EQ(psock_addrinfo_count(NULL), 0);
  ASSERT_ERR(psock_addrinfo_explain(NULL, 0, &e), PSOCK_EINVAL);
  ASSERT(!psock_valid(psock_addrinfo_bind(NULL, 0)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EINVAL);
  ASSERT(!psock_valid(psock_addrinfo_connect(NULL, 0)));
  ASSERT_EQ(psock_addrinfo_lookup("127.0.0.1", "80", &v4_stream, &list), 1);
  ASSERT_ERR(psock_addrinfo_explain(list, 0, NULL), PSOCK_EINVAL);
  ASSERT_ERR(psock_addrinfo_explain(list, 1, &e), PSOCK_EINVAL);
  ASSERT(!psock_valid(psock_addrinfo_bind(list, 1)));
  ASSERT(!psock_valid(psock_addrinfo_connect(list, 1)));
  psock_addrinfo_free(list);
  psock_addrinfo_free(NULL);
  return 0;
}

/* The resolver's codes have names and messages of their own, like the
 * errno ones (one list, PSOCK_RESOLVER_ERROR_MAP). */
TEST_IMPL(addrinfo_error_names) {
#define CHECK_RESOLVER_ERROR(name, number, message)                            \
  ASSERT_STR_EQ(psock_err_name(PSOCK_##name), #name);                          \
  ASSERT_STR_EQ(psock_strerror(PSOCK_##name), message);                        \
  ASSERT_EQ(PSOCK_##name, -(number));
  PSOCK_RESOLVER_ERROR_MAP(CHECK_RESOLVER_ERROR)
#undef CHECK_RESOLVER_ERROR
  return 0;
}
