/* SPDX-License-Identifier: MIT */
/*
 * fuzz-request.c -- libFuzzer target: the C drivers' request decoding.
 * Any line goes through the real driver core (drv_serve_line: JSON parsing,
 * commands, steps, "as" names, argument helpers, byte decoding, "port_of",
 * path arguments); the operations behind it decode their arguments as the
 * real ones do but make no socket, so no fuzzed address is ever contacted.
 * Replies go to /dev/null. The core must never crash, leak or read out of
 * bounds, whatever the line.
 */
#include "../driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const impl_name = "fuzz";
static long open_sockets;
static drv_handle next_handle = 1;

void impl_describe(cJSON *reply) {
  cJSON_AddStringToObject(reply, "version", "fuzz");
  cJSON_AddItemToObject(reply, "features", cJSON_CreateArray());
}

const int impl_unknown_constant_unsupported = 0;

int impl_value_of(const char *name) {
  static const char *const known[] = {"AF_INET",     "AF_INET6",   "AF_UNIX",
                                      "SOCK_STREAM", "SOCK_DGRAM", "MSG_PEEK",
                                      "MSG_OOB",     "SO_LINGER"};
  size_t i;
  for (i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcmp(name, known[i]) == 0)
      return (int)i + 1;
  return -1;
}

/* A constructor: names its new socket(s) as the real ones do. */
static void op_new(const cJSON *args, const cJSON *as, cJSON *out) {
  const cJSON *item;
  (void)arg_long(args, "port", 0);
  (void)arg_str(args, "address", NULL);
  (void)arg_long(args, "domain", 0);
  if (cJSON_IsString(as)) {
    drv_name(as->valuestring, next_handle++);
    open_sockets++;
  } else {
    cJSON_ArrayForEach(item, as) {
      drv_name(item->valuestring, next_handle++);
      open_sockets++;
    }
  }
  cJSON_AddBoolToObject(out, "ok", 1);
}

/* A data call: a socket argument, bytes, flags, lengths. */
static void op_use(const cJSON *args, const cJSON *as, cJSON *out) {
  drv_handle h;
  size_t len = 0;
  unsigned char *data;
  (void)as;
  if (arg_sock(args, "socket", &h, out) != 0)
    return;
  data = arg_bytes(args, &len);
  (void)arg_long(args, "flags", 0);
  (void)arg_long(args, "length", 0);
  (void)arg_str(args, "mode", "");
  (void)arg_has(args, "address");
  out_bytes(out, "data", data, len);
  free(data);
  cJSON_AddBoolToObject(out, "ok", 1);
}

static void op_close(const cJSON *args, const cJSON *as, cJSON *out) {
  drv_handle h;
  (void)as;
  if (arg_sock(args, "socket", &h, out) != 0)
    return;
  drv_forget(arg_str(args, "socket", ""));
  impl_close(h);
  cJSON_AddBoolToObject(out, "ok", 1);
}

const drv_op impl_ops[] = {
    {"socket_create", op_new}, {"socket_create_pair", op_new},
    {"socket_write", op_use},  {"socket_read", op_use},
    {"socket_sendto", op_use}, {"socket_close", op_close},
};
const size_t impl_op_count = sizeof impl_ops / sizeof impl_ops[0];
const drv_op drv_selftest_ops[] = {{"", NULL}};
const size_t drv_selftest_op_count = 0;
const drv_op drv_host_ops[] = {{"", NULL}};
const size_t drv_host_op_count = 0;

int impl_port_of(drv_handle h) { return (int)(h & 0xffff); }
void impl_close(drv_handle h) {
  (void)h;
  open_sockets--;
}
long impl_open_count(void) { return open_sockets; }

void drv_block_forever(void) { abort(); } /* no self-test ops here */
long drv_now_ms(void) { return 0; }
int drv_make_tmpdir(char *buf, size_t size) {
  snprintf(buf, size, "/nonexistent/psock-fuzz"); /* named, never made */
  return 0;
}
void drv_clean_tmpdir(const char *dir, int remove_dir) {
  (void)dir;
  (void)remove_dir;
}
void drv_platform(cJSON *platform) {
  cJSON_AddStringToObject(platform, "os", "fuzz");
}
void drv_host_features(cJSON *features) { (void)features; }
void drv_host_reset(void) {}
/* No streams here: nothing makes one. */
int impl_descriptor_of(drv_handle h, uintptr_t *os) {
  (void)h;
  (void)os;
  return -1;
}
long drv_descriptor_write(uintptr_t os, const void *buf, size_t len) {
  (void)os;
  (void)buf;
  (void)len;
  return -1;
}
int drv_descriptor_dup(uintptr_t os, uintptr_t *out) {
  (void)os;
  (void)out;
  return -1;
}
void drv_descriptor_close(uintptr_t os) { (void)os; }
int drv_process_id(void) { return 1; }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  if (freopen("/dev/null", "w", stdout) == NULL)
    abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  char *line = malloc(size + 1);
  if (line == NULL)
    return 0;
  memcpy(line, data, size);
  line[size] = '\0';
  drv_serve_line(line);
  free(line);
  /* Every socket a case named is closed at its end: none outlives it. */
  if (open_sockets != 0)
    abort();
  return 0;
}
