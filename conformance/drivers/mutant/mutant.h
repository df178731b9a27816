/* SPDX-License-Identifier: MIT */
/*
 * mutant.h -- deliberately wrong variants of the psock driver (./psock
 * mutants). Built with PSOCK_MUTANT=N, psock/ops.c includes this after
 * psock.h, and the calls below go through mutant.c, which gets one thing
 * wrong (conformance/mutants.json says what). A case that fails against
 * mutant N "kills" it; a mutant no case kills shows a hole in the suite.
 */
#ifndef PSOCK_MUTANT_H
#define PSOCK_MUTANT_H

#include "psock.h"

const char *mutant_err_name(int code);
ptrdiff_t mutant_read(psock_t s, void *buf, size_t length, int mode);
ptrdiff_t mutant_recv(psock_t s, void *buf, size_t length, int flags);
ptrdiff_t mutant_recvfrom(psock_t s, void *buf, size_t length, int flags,
                          char *address, size_t address_size, int *port);
int mutant_set_nonblock(psock_t s);
int mutant_select(psock_t *read, size_t *read_count, psock_t *write,
                  size_t *write_count, psock_t *except, size_t *except_count,
                  long seconds, long microseconds);
int mutant_close(psock_t s);
psock_t mutant_create(int domain, int type, int protocol);
const char *mutant_strerror(int code);
int mutant_get_option(psock_t s, int level, int option, void *value,
                      size_t size);
int mutant_set_option(psock_t s, int level, int option, const void *value,
                      size_t size);
int mutant_listen(psock_t s, int backlog);
int mutant_last_error(psock_t s);
int mutant_getsockname(psock_t s, char *address, size_t size, int *port);
int mutant_getpeername(psock_t s, char *address, size_t size, int *port);
int mutant_shutdown(psock_t s, int how);
int mutant_supports(int kind, int value);
int mutant_constant_by_name(const char *name, int *kind, int *value);
ptrdiff_t mutant_write(psock_t s, const void *buf, size_t length);
int mutant_create_pair(int domain, int type, int protocol, psock_t pair[2]);
int mutant_strerror_localized(int native_code, char *buf, size_t size);
ptrdiff_t mutant_recvmsg(psock_t s, psock_msg_t *msg, int flags);
/* The constant op's value as the outcome carries it (psock/ops.c). */
double mutant_constant_number(int value);
/* The driver's own test of a result (psock/ops.c's succeeded()). */
int mutant_succeeded(long long rc);
int mutant_addrinfo_lookup(const char *host, const char *service,
                           const psock_addrinfo_hints_t *hints,
                           psock_addrinfo_t **out);
int mutant_addrinfo_explain(const psock_addrinfo_t *list, size_t index,
                            psock_addrinfo_entry_t *out);

#define psock_err_name mutant_err_name
#define psock_read mutant_read
#define psock_recv mutant_recv
#define psock_recvfrom mutant_recvfrom
#define psock_set_nonblock mutant_set_nonblock
#define psock_select mutant_select
#define psock_close mutant_close
#define psock_create mutant_create
#define psock_strerror mutant_strerror
#define psock_get_option mutant_get_option
#define psock_set_option mutant_set_option
#define psock_listen mutant_listen
#define psock_last_error mutant_last_error
#define psock_getsockname mutant_getsockname
#define psock_getpeername mutant_getpeername
#define psock_shutdown mutant_shutdown
#define psock_supports mutant_supports
#define psock_constant_by_name mutant_constant_by_name
#define psock_write mutant_write
#define psock_create_pair mutant_create_pair
#define psock_strerror_localized mutant_strerror_localized
#define succeeded mutant_succeeded
#define psock_recvmsg mutant_recvmsg
#define constant_number mutant_constant_number
#define psock_addrinfo_lookup mutant_addrinfo_lookup
#define psock_addrinfo_explain mutant_addrinfo_explain

/* What the driver reports a void function returned (psock/ops.c's
 * void_result): 1 when the mutant reports a 0 the call never gave. */
int mutant_void_returns_zero(void);
#define void_result(out)                                                       \
  (mutant_void_returns_zero() ? (void)cJSON_AddNumberToObject((out), "ret", 0) \
                              : (void)cJSON_AddNullToObject((out), "ret"))

#endif
