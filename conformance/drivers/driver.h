/* SPDX-License-Identifier: MIT */
/*
 * driver.h -- what the shared driver core (driver.c) and one implementation
 * (psock/ops.c, native/ops.c) agree on. A driver executes the steps of a
 * case and reports raw outcomes; it judges nothing (PROTOCOL.md).
 */
#ifndef PSOCK_DRIVER_H
#define PSOCK_DRIVER_H

#include "cJSON.h"

#include <stddef.h>
#include <stdint.h>

/* A socket as the implementation knows it, stored under the case's name. */
typedef uint64_t drv_handle;

/* ---- provided by driver.c ---------------------------------------------- */

/* Longest socket name a case may give ("as"); longer is BAD_CASE. */
#define DRV_NAME_MAX 63

/* Handle one request line of PROTOCOL.md, replying on stdout. 1 after
 * "stop", else 0. main.c reads the lines; the fuzz target feeds them. */
int drv_serve_line(const char *line);

/* The socket the case named `name`; 0 and *out set, or -1. */
int drv_lookup(const char *name, drv_handle *out);
void drv_name(const char *name, drv_handle h);
void drv_forget(const char *name);
/* Keep a result that is not a socket (socket_addrinfo_lookup's list) under
 * a name until the case ends, when release(p) is called; a name given again
 * releases the old one. 0, or -1 (no room: p released already). */
int drv_keep(const char *name, void *p, void (*release)(void *));
/* What drv_keep keeps under name, or NULL. */
void *drv_kept(const char *name);

/* Streams (socket_export_stream's, socket_recvmsg's received descriptors
 * where the implementation gives no socket): an OS descriptor (POSIX) or
 * SOCKET (Windows) under a case's name, owned (closed after the case) or
 * lent by the implementation. drv_lookup_stream also finds a socket's name,
 * through impl_descriptor_of. 0, or -1 if no such name. */
void drv_name_stream(const char *name, uintptr_t os, int owned);
int drv_lookup_stream(const char *name, uintptr_t *os);

/* Arguments, as drv_run_step decoded them by conformance/ops.json before the
 * op runs: a socket argument names a socket that exists, constants and
 * flags are numbers, {"port_of"} is a port and {"path"} a path string, and
 * the op has every required argument and no other. */
const char *arg_str(const cJSON *args, const char *key, const char *dflt);
long arg_long(const cJSON *args, const char *key, long dflt);
int arg_has(const cJSON *args, const char *key);
/* The socket named by args[key]; 0, or -1 with out["error"] = "NO_SUCH_NAME".
 */
int arg_sock(const cJSON *args, const char *key, drv_handle *h, cJSON *out);
/* Bytes from args: "data" (a string), "data_b64", or "size" (that many bytes
 * of a fixed pattern, at most DRV_SIZE_MAX). malloc'd, or NULL with *len 0
 * when absent. */
#define DRV_SIZE_MAX (256L * 1024 * 1024)
unsigned char *arg_bytes(const cJSON *args, size_t *len);
/* Outcomes. */
void out_bytes(cJSON *out, const char *key, const void *buf, size_t len);

/* ---- provided by the implementation ----------------------------------- */

extern const char *const impl_name;
/* A constant's value in this implementation by its PHP name ("AF_INET",
 * "MSG_PEEK", "PHP_NORMAL_READ", "SOMAXCONN"); -1 if it has none. */
int impl_value_of(const char *name);
/* Whether a constant impl_value_of does not know makes the step unsupported
 * (a raw API on a platform without it) rather than BAD_CASE (psock). */
extern const int impl_unknown_constant_unsupported;
/* Version, and the features this platform has: "ipv6", "af_unix", ... */
void impl_describe(cJSON *reply);
/* The operations, by PHP function name; driver.c dispatches steps to them
 * and reports an operation missing from the table as unsupported. */
typedef void (*drv_op_fn)(const cJSON *args, const cJSON *as, cJSON *out);
typedef struct drv_op {
  const char *name;
  drv_op_fn fn;
} drv_op;
extern const drv_op impl_ops[];
extern const size_t impl_op_count;
/* The port a named socket is bound to (for {"port_of": name}); -1 if none. */
int impl_port_of(drv_handle h);
/* The OS socket of a named socket (psock: psock_export; native: itself);
 * 0 or -1. */
int impl_descriptor_of(drv_handle h, uintptr_t *os);
/* Close a socket left open at the end of a case. */
void impl_close(drv_handle h);
/* Sockets (psock) or descriptors (native) open in this process, -1 unknown. */
long impl_open_count(void);

/* One step, run through the host's helpers or the implementation's table
 * (a forked peer runs its steps with it). */
cJSON *drv_run_step(const cJSON *step);

/* Operations that exist only for the harness's self-tests (driver_abort,
 * driver_hang): main.c has them, the fuzz target none. */
extern const drv_op drv_selftest_ops[];
extern const size_t drv_selftest_op_count;

/* ---- provided by the host (host/posix.c, host/win32.c) ------------------ */

/* Block this thread for good: the self-test op driver_hang. */
void drv_block_forever(void);
/* A monotonic clock in milliseconds: each step's "elapsed_ms". */
long drv_now_ms(void);
/* A fresh private directory for AF_UNIX paths into buf; 0 or -1. */
int drv_make_tmpdir(char *buf, size_t size);
/* Remove the files in it (after each case), and the directory itself when
 * remove_dir (at exit): no case sees another's leftovers, none stay. */
void drv_clean_tmpdir(const char *dir, int remove_dir);
/* OS descriptors, for the streams: write (bytes or -1), a duplicate the
 * caller owns (0, or -1 where the host cannot make one), close. */
long drv_descriptor_write(uintptr_t os, const void *buf, size_t len);
int drv_descriptor_dup(uintptr_t os, uintptr_t *out);
void drv_descriptor_close(uintptr_t os);
/* Whether the C library has messages in this locale's language (1), beyond
 * setlocale accepting its name: a host without them cannot show a
 * localized message (locale_missing, UNSUPPORTED), whatever the code. */
int drv_locale_has_messages(const char *locale);
/* This process's id (socket_wsaprotocol_info_export's process_id). */
int drv_process_id(void);
/* driver.c: called by main when the driver ends. */
void drv_finish(void);
/* os, os_version and libc into the start reply's platform object. */
void drv_platform(cJSON *platform);
/* The host's own features ("fork", "signals") added to the list. */
void drv_host_features(cJSON *features);
/* Ops every C host does alike (driver.c): stream_write through the host's
 * drv_descriptor_write; PHP's stream aliases and foreign_socket, which the
 * C implementations lack (unsupported, why). */
void drv_op_stream_write(const cJSON *args, const cJSON *as, cJSON *out);
void drv_op_no_stream_alias(const cJSON *args, const cJSON *as, cJSON *out);
void drv_op_foreign_socket(const cJSON *args, const cJSON *as, cJSON *out);
/* Helper operations only some hosts have (fork_peer, send_signal, ...). */
extern const drv_op drv_host_ops[];
extern const size_t drv_host_op_count;
/* After each case: peers ended and reaped, signal handlers restored. */
void drv_host_reset(void);

#endif
