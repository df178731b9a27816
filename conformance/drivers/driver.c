/* SPDX-License-Identifier: MIT */
/*
 * driver.c -- the shared core of every C driver: the JSON-lines loop of
 * PROTOCOL.md, the case's named sockets, argument and byte helpers.
 *
 *   {"cmd": "start"}                -> {"implementation": ..., "platform": ...}
 *   {"cmd": "run", "seq": N, "case": {...}}
 *                                   -> {"seq": N, "steps": [...], "open": n}
 *   {"cmd": "stop"}                 -> exits
 */
#include "driver.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- named sockets ------------------------------------------------------- */

#define MAX_NAMES 256

static struct {
  char name[DRV_NAME_MAX + 1];
  drv_handle h;
  int used;
} names[MAX_NAMES];

int drv_lookup(const char *name, drv_handle *out) {
  int i;
  for (i = 0; name != NULL && i < MAX_NAMES; i++)
    if (names[i].used && strcmp(names[i].name, name) == 0) {
      *out = names[i].h;
      return 0;
    }
  return -1;
}

void drv_forget(const char *name) {
  int i;
  for (i = 0; i < MAX_NAMES; i++)
    if (names[i].used && strcmp(names[i].name, name) == 0)
      names[i].used = 0;
}

void drv_name(const char *name, drv_handle h) {
  int i;
  drv_handle old;
  /* A name given again names the new socket; the old one is closed, not
   * leaked (drv_run_step has checked the name's length). */
  if (drv_lookup(name, &old) == 0 && old != h)
    impl_close(old);
  drv_forget(name);
  for (i = 0; i < MAX_NAMES; i++)
    if (!names[i].used) {
      snprintf(names[i].name, sizeof names[i].name, "%s", name);
      names[i].h = h;
      names[i].used = 1;
      return;
    }
}

static void close_all_names(void) {
  int i;
  for (i = 0; i < MAX_NAMES; i++)
    if (names[i].used) {
      impl_close(names[i].h);
      names[i].used = 0;
    }
}

#define MAX_STREAMS 32

static struct {
  char name[DRV_NAME_MAX + 1];
  uintptr_t os;
  int owned;
  int used;
} streams[MAX_STREAMS];

void drv_name_stream(const char *name, uintptr_t os, int owned) {
  int i, free_slot = -1;
  for (i = 0; i < MAX_STREAMS; i++) {
    if (streams[i].used && strcmp(streams[i].name, name) == 0) {
      if (streams[i].owned)
        drv_descriptor_close(streams[i].os);
      streams[i].used = 0;
    }
    if (!streams[i].used && free_slot < 0)
      free_slot = i;
  }
  if (free_slot < 0) {
    if (owned)
      drv_descriptor_close(os); /* no room: not leaked */
    return;
  }
  snprintf(streams[free_slot].name, sizeof streams[free_slot].name, "%s", name);
  streams[free_slot].os = os;
  streams[free_slot].owned = owned;
  streams[free_slot].used = 1;
}

int drv_lookup_stream(const char *name, uintptr_t *os) {
  int i;
  drv_handle h;
  for (i = 0; name != NULL && i < MAX_STREAMS; i++)
    if (streams[i].used && strcmp(streams[i].name, name) == 0) {
      *os = streams[i].os;
      return 0;
    }
  return name != NULL && drv_lookup(name, &h) == 0 ? impl_descriptor_of(h, os)
                                                   : -1;
}

static void close_all_streams(void) {
  int i;
  for (i = 0; i < MAX_STREAMS; i++) {
    if (streams[i].used && streams[i].owned)
      drv_descriptor_close(streams[i].os);
    streams[i].used = 0;
  }
}

/* Other results a case names (socket_addrinfo_lookup's lists), kept until
 * the case ends and then released by the function stored with them. */
#define MAX_KEPT 16
static struct {
  char name[DRV_NAME_MAX + 1];
  void *p;
  void (*release)(void *);
} kept[MAX_KEPT];

static void release_kept(int i) {
  if (kept[i].p != NULL)
    kept[i].release(kept[i].p);
  kept[i].p = NULL;
}

int drv_keep(const char *name, void *p, void (*release)(void *)) {
  int i, free_slot = -1;
  for (i = 0; i < MAX_KEPT; i++) {
    if (kept[i].p != NULL && strcmp(kept[i].name, name) == 0)
      release_kept(i); /* a name given again names the new result */
    if (kept[i].p == NULL && free_slot < 0)
      free_slot = i;
  }
  if (free_slot < 0) {
    release(p);
    return -1;
  }
  snprintf(kept[free_slot].name, sizeof kept[free_slot].name, "%s", name);
  kept[free_slot].p = p;
  kept[free_slot].release = release;
  return 0;
}

void *drv_kept(const char *name) {
  int i;
  for (i = 0; name != NULL && i < MAX_KEPT; i++)
    if (kept[i].p != NULL && strcmp(kept[i].name, name) == 0)
      return kept[i].p;
  return NULL;
}

static void release_all_kept(void) {
  int i;
  for (i = 0; i < MAX_KEPT; i++)
    release_kept(i);
}

/* ---- arguments ---------------------------------------------------------- */

const char *arg_str(const cJSON *args, const char *key, const char *dflt) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, key);
  return cJSON_IsString(v) ? v->valuestring : dflt;
}

/* An argument given as null is left out: PHP 8.0.0 on takes null for some
   (a port, a length, socket_last_error's socket) and means the default. */
int arg_has(const cJSON *args, const char *key) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(args, key);
  return item != NULL && !cJSON_IsNull(item);
}

/* A JSON number as a long. Out of range is clamped, never converted (that
 * would be undefined behaviour): a case asking for 1e300 gets LONG_MAX and
 * the call's own verdict on it. */
static long number_value(const cJSON *v, long dflt) {
  double d;
  if (!cJSON_IsNumber(v) || isnan(v->valuedouble))
    return dflt;
  d = v->valuedouble;
  if (d >= (double)LONG_MAX)
    return LONG_MAX;
  if (d <= (double)LONG_MIN)
    return LONG_MIN;
  return (long)d;
}

long arg_long(const cJSON *args, const char *key, long dflt) {
  return number_value(cJSON_GetObjectItemCaseSensitive(args, key), dflt);
}

int arg_sock(const cJSON *args, const char *key, drv_handle *h, cJSON *out) {
  const char *name = arg_str(args, key, NULL);
  if (name != NULL && drv_lookup(name, h) == 0)
    return 0;
  cJSON_AddBoolToObject(out, "ok", 0);
  cJSON_AddStringToObject(out, "error", "NO_SUCH_NAME");
  return -1;
}

/* Constant names joined with | or given as a list, as one number; 0, or -1
 * with *bad naming the unknown one. */
static int flags_value(const cJSON *v, int *out, const char **bad) {
  const cJSON *item;
  char name[64];
  *out = 0;
  if (cJSON_IsNumber(v)) {
    *out = (int)number_value(v, 0);
    return 0;
  }
  if (cJSON_IsString(v)) { /* "MSG_PEEK|MSG_WAITALL" */
    const char *p = v->valuestring;
    while (*p != '\0') {
      size_t n = strcspn(p, "|");
      int x;
      snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : 0), p);
      x = name[0] != '\0' ? impl_value_of(name) : -1;
      if (x == -1) {
        *bad = v->valuestring;
        return -1;
      }
      *out |= x;
      p += n + (p[n] == '|');
    }
    return 0;
  }
  cJSON_ArrayForEach(item, v) {
    int x = cJSON_IsString(item) ? impl_value_of(item->valuestring) : -1;
    if (x == -1) {
      *bad = cJSON_IsString(item) ? item->valuestring : "?";
      return -1;
    }
    *out |= x;
  }
  return cJSON_IsArray(v) ? 0 : (*bad = "?", -1);
}

/* ---- bytes: base64 in outcomes, text or base64 in cases ------------------ */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void out_bytes(cJSON *out, const char *key, const void *buf, size_t len) {
  const unsigned char *p = buf;
  char *text = malloc(4 * ((len + 2) / 3) + 1);
  size_t i, k = 0;
  if (text == NULL)
    return;
  for (i = 0; i < len; i += 3) {
    unsigned v = (unsigned)p[i] << 16;
    if (i + 1 < len)
      v |= (unsigned)p[i + 1] << 8;
    if (i + 2 < len)
      v |= p[i + 2];
    text[k++] = b64[(v >> 18) & 63];
    text[k++] = b64[(v >> 12) & 63];
    text[k++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
    text[k++] = i + 2 < len ? b64[v & 63] : '=';
  }
  text[k] = '\0';
  cJSON_AddStringToObject(out, key, text);
  free(text);
}

static int b64_value(char c) {
  const char *p = strchr(b64, c);
  return c != '\0' && p != NULL ? (int)(p - b64) : -1;
}

unsigned char *arg_bytes(const cJSON *args, size_t *len) {
  const char *text = arg_str(args, "data", NULL);
  const char *enc = arg_str(args, "data_b64", NULL);
  long size = arg_has(args, "size") ? arg_long(args, "size", -1) : -1;
  unsigned char *buf;
  *len = 0;
  if (text == NULL && enc == NULL && size >= 0 && size <= DRV_SIZE_MAX) {
    long i;
    buf = malloc((size_t)size + 1);
    if (buf == NULL)
      return NULL;
    for (i = 0; i < size; i++)
      buf[i] = (unsigned char)('a' + i % 26);
    *len = (size_t)size;
    return buf;
  }
  if (text != NULL) {
    *len = strlen(text);
    buf = malloc(*len + 1);
    if (buf != NULL)
      memcpy(buf, text, *len + 1);
    return buf;
  }
  if (enc == NULL)
    return NULL;
  buf = malloc(strlen(enc) / 4 * 3 + 3);
  if (buf == NULL)
    return NULL;
  {
    unsigned acc = 0;
    int bits = 0;
    for (; *enc != '\0' && *enc != '='; enc++) {
      int v = b64_value(*enc);
      if (v < 0)
        continue;
      acc = (acc << 6) | (unsigned)v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        buf[(*len)++] = (unsigned char)((acc >> bits) & 0xff);
      }
    }
  }
  return buf;
}

/* ---- the case's temporary directory (AF_UNIX paths) ---------------------- */

static char tmpdir[512];
static char path_buf[1024];
static unsigned path_counter;

/* {"path": "x.sock"} as a path in this process's temporary directory; each
 * case's paths are fresh. NULL when v is no such object. */
static const char *path_of(const cJSON *v) {
  const char *name = arg_str(v, "path", NULL);
  if (name == NULL)
    return NULL;
  if (tmpdir[0] == '\0' && drv_make_tmpdir(tmpdir, sizeof tmpdir) != 0)
    tmpdir[0] = '\0';
  snprintf(path_buf, sizeof path_buf, "%s/c%u-%s", tmpdir, path_counter, name);
  return path_buf;
}

/* ---- ops.json: the one op table, by which each step's args are decoded -- */

#include "ops_json.h" /* drv_ops_json: conformance/ops.json, embedded by CMake */

static cJSON *ops_doc;

static const cJSON *op_spec(const char *op) {
  if (ops_doc == NULL)
    ops_doc = cJSON_Parse(drv_ops_json);
  return cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(ops_doc, "ops"), op);
}

static int refuse(cJSON *out, const char *error, const char *what,
                  const char *name) {
  char message[200];
  snprintf(message, sizeof message, "%s%.120s", what, name);
  cJSON_AddBoolToObject(out, "ok", 0);
  cJSON_AddStringToObject(out, "error", error);
  cJSON_AddStringToObject(out, "message", message);
  return -1;
}

/* A constant or flag name this implementation does not know (what says
 * which): for a raw API the platform's lack, the step unsupported; for
 * psock a broken case. -1 with out set. */
static int unknown_name(cJSON *out, const char *what, const char *name) {
  char text[160];
  if (impl_unknown_constant_unsupported) {
    snprintf(text, sizeof text, "no such %s here", what);
    cJSON_AddBoolToObject(out, "unsupported", 1);
    cJSON_AddStringToObject(out, "why", text);
    return -1;
  }
  snprintf(text, sizeof text, "unknown %s ", what);
  return refuse(out, "BAD_CASE", text, name);
}

/* One argument, by the $defs kind its schema names: a socket name must name
 * a socket; a constant (constant_*) or flags become their number in this
 * implementation; {"port_of": s} becomes s's port; {"path": p} a path. The
 * decoded value replaces the argument in args. 0, or -1 with out set. */
static int decode_arg(cJSON *args, const cJSON *arg, const char *kind,
                      cJSON *out) {
  drv_handle h;
  const char *bad = NULL;
  const cJSON *item;
  int value;
  if (strcmp(kind, "socket_or_null") == 0 && cJSON_IsNull(arg)) {
    /* null: the argument left out (arg_has) */
  } else if (strcmp(kind, "socket") == 0 ||
             strcmp(kind, "socket_or_null") == 0) {
    if (!cJSON_IsString(arg) || drv_lookup(arg->valuestring, &h) != 0)
      return refuse(out, "NO_SUCH_NAME", "no socket named ",
                    cJSON_IsString(arg) ? arg->valuestring : "?");
  } else if (strcmp(kind, "sockets") == 0) {
    cJSON_ArrayForEach(item, arg) {
      if (!cJSON_IsString(item) || drv_lookup(item->valuestring, &h) != 0)
        return refuse(out, "NO_SUCH_NAME", "no socket named ",
                      cJSON_IsString(item) ? item->valuestring : "?");
    }
  } else if (strncmp(kind, "constant", 8) == 0 && cJSON_IsString(arg)) {
    value = impl_value_of(arg->valuestring);
    if (value == -1)
      return unknown_name(out, "constant", arg->valuestring);
    cJSON_ReplaceItemInObjectCaseSensitive(args, arg->string,
                                           cJSON_CreateNumber(value));
  } else if (strcmp(kind, "flags") == 0) {
    if (flags_value(arg, &value, &bad) != 0)
      return unknown_name(out, "flag", bad);
    cJSON_ReplaceItemInObjectCaseSensitive(args, arg->string,
                                           cJSON_CreateNumber(value));
  } else if (strcmp(kind, "addrinfo_hints") == 0 && cJSON_IsObject(arg)) {
    /* Each member like a top-level argument: ai_flags flags, the others
     * constants (their schema in ops.json). */
    cJSON *hints = cJSON_GetObjectItemCaseSensitive(args, arg->string);
    cJSON *member, *next;
    for (member = hints->child; member != NULL; member = next) {
      next = member->next; /* member may be replaced */
      if (cJSON_IsObject(member) ||
          (cJSON_IsNumber(member) && (member->valuedouble > 2147483647.0 ||
                                      member->valuedouble < -2147483648.0))) {
        /* A string or an overflowing number: PHP's checks (8.5.0); a C
         * API's hints are ints. */
        cJSON_AddBoolToObject(out, "unsupported", 1);
        cJSON_AddStringToObject(out, "why", "a C API's hints are ints");
        return -1;
      }
      if (!cJSON_IsString(member))
        continue;
      if (strcmp(member->string, "ai_flags") == 0) {
        if (flags_value(member, &value, &bad) != 0)
          return unknown_name(out, "flag", bad);
      } else if ((value = impl_value_of(member->valuestring)) == -1) {
        return unknown_name(out, "constant", member->valuestring);
      }
      cJSON_ReplaceItemInObjectCaseSensitive(hints, member->string,
                                             cJSON_CreateNumber(value));
    }
  } else if ((strcmp(kind, "port") == 0 || strcmp(kind, "service") == 0) &&
             cJSON_IsObject(arg)) {
    const char *of = arg_str(arg, "port_of", "?");
    if (drv_lookup(of, &h) != 0)
      return refuse(out, "NO_SUCH_NAME", "no socket named ", of);
    cJSON_ReplaceItemInObjectCaseSensitive(args, arg->string,
                                           cJSON_CreateNumber(impl_port_of(h)));
  } else if (strcmp(kind, "address") == 0 && cJSON_IsObject(arg)) {
    const char *path = path_of(arg);
    if (path == NULL)
      return refuse(out, "BAD_CASE", "an address object needs ", "\"path\"");
    cJSON_ReplaceItemInObjectCaseSensitive(args, arg->string,
                                           cJSON_CreateString(path));
  }
  return 0;
}

/* A step's args decoded once, by ops.json, before the op runs: an argument
 * the op does not have, or a required one missing, is BAD_CASE. A copy the
 * caller frees, or NULL with out set. An op the table does not have (the
 * self-test ops) gets its args as they are. */
static cJSON *decode_args(const char *op, const cJSON *args, cJSON *out) {
  const cJSON *spec = cJSON_GetObjectItemCaseSensitive(op_spec(op), "args");
  const cJSON *props = cJSON_GetObjectItemCaseSensitive(spec, "properties");
  const cJSON *required = cJSON_GetObjectItemCaseSensitive(spec, "required");
  const cJSON *item;
  cJSON *copy = cJSON_Duplicate(args, 1);
  if (copy == NULL || spec == NULL)
    return copy;
  cJSON_ArrayForEach(item, required) {
    if (cJSON_IsString(item) && !arg_has(copy, item->valuestring)) {
      refuse(out, "BAD_CASE", "missing argument ", item->valuestring);
      cJSON_Delete(copy);
      return NULL;
    }
  }
  for (item = copy->child; item != NULL;) {
    const cJSON *next = item->next; /* decode_arg may replace item */
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(props, item->string);
    const char *ref =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(schema, "$ref"));
    if (schema == NULL) {
      refuse(out, "BAD_CASE", "the op has no argument ", item->string);
      cJSON_Delete(copy);
      return NULL;
    }
    if (ref != NULL && strncmp(ref, "#/$defs/", 8) == 0 &&
        decode_arg(copy, item, ref + 8, out) != 0) {
      cJSON_Delete(copy);
      return NULL;
    }
    item = next;
  }
  return copy;
}

/* ---- platform: what every host has --------------------------------------- */

static void describe_platform(cJSON *platform) {
  char text[128];
  drv_platform(platform); /* os, os_version, libc */
#if defined(__x86_64__) || defined(_M_X64)
  cJSON_AddStringToObject(platform, "arch", "x86_64");
#elif defined(__aarch64__) || defined(_M_ARM64)
  cJSON_AddStringToObject(platform, "arch", "aarch64");
#else
  cJSON_AddStringToObject(platform, "arch", "other");
#endif
#if defined(__clang__)
  snprintf(text, sizeof text, "clang %s", __clang_version__);
#elif defined(__GNUC__)
  snprintf(text, sizeof text, "gcc %s", __VERSION__);
#elif defined(_MSC_VER)
  snprintf(text, sizeof text, "msvc %d", _MSC_VER);
#else
  snprintf(text, sizeof text, "unknown");
#endif
  cJSON_AddStringToObject(platform, "compiler", text);
}

/* ---- the loop ------------------------------------------------------------ */

static void reply(cJSON *msg) {
  char *text = cJSON_PrintUnformatted(msg);
  if (text != NULL) {
    fputs(text, stdout);
    fputc('\n', stdout);
    fflush(stdout);
    free(text);
  }
  cJSON_Delete(msg);
}

/* A step's "as": absent, a name, or a list of names (socket_create_pair).
 * NULL when it is one of those, else what is wrong with it. Checked once
 * here, so no operation ever sees a name it cannot store. */
static const char *bad_as(const cJSON *as) {
  const cJSON *item;
  if (as == NULL)
    return NULL;
  if (cJSON_IsString(as))
    return as->valuestring[0] == '\0'               ? "\"as\" is empty"
           : strlen(as->valuestring) > DRV_NAME_MAX ? "\"as\" is too long"
                                                    : NULL;
  if (!cJSON_IsArray(as))
    return "\"as\" must be a name or a list of names";
  cJSON_ArrayForEach(item, as) {
    const char *why =
        cJSON_IsString(item) ? bad_as(item) : "\"as\" lists a non-name";
    if (why != NULL)
      return why;
  }
  return NULL;
}

/* Run op through a table of operations; -1 when it has no such op. */
static int table_op(const drv_op *table, size_t count, const char *op,
                    const cJSON *args, const cJSON *as, cJSON *out) {
  size_t i;
  for (i = 0; i < count; i++)
    if (strcmp(table[i].name, op) == 0) {
      table[i].fn(args, as, out);
      return 0;
    }
  return -1;
}

cJSON *drv_run_step(const cJSON *step) {
  const char *op = arg_str(step, "op", "");
  const cJSON *args = cJSON_GetObjectItemCaseSensitive(step, "args");
  const cJSON *as = cJSON_GetObjectItemCaseSensitive(step, "as");
  cJSON *out = cJSON_CreateObject();
  cJSON *empty = NULL, *decoded = NULL;
  const char *why = bad_as(as);
  long began = drv_now_ms();
  cJSON_AddStringToObject(out, "op", op);
  if (args == NULL)
    args = empty = cJSON_CreateObject();
  if (why != NULL || !cJSON_IsObject(args)) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "BAD_CASE");
    cJSON_AddStringToObject(out, "message",
                            why != NULL ? why : "\"args\" must be an object");
  } else if ((decoded = decode_args(op, args, out)) == NULL) {
    /* out says which argument */
  } else if (table_op(drv_selftest_ops, drv_selftest_op_count, op, decoded, as,
                      out) != 0 &&
             table_op(drv_host_ops, drv_host_op_count, op, decoded, as, out) !=
                 0 &&
             table_op(impl_ops, impl_op_count, op, decoded, as, out) != 0) {
    /* This driver has no such op: not the platform's lack (PROTOCOL.md). */
    cJSON_AddBoolToObject(out, "unsupported", 1);
    cJSON_AddStringToObject(out, "lacks", "op");
  }
  cJSON_Delete(decoded);
  cJSON_AddNumberToObject(out, "elapsed_ms", (double)(drv_now_ms() - began));
  cJSON_Delete(empty);
  return out;
}

static void run_case(const cJSON *msg) {
  const cJSON *c = cJSON_GetObjectItemCaseSensitive(msg, "case");
  const cJSON *steps = cJSON_GetObjectItemCaseSensitive(c, "steps");
  const cJSON *step;
  cJSON *r = cJSON_CreateObject();
  cJSON *outs = cJSON_CreateArray();
  cJSON_AddNumberToObject(r, "seq", arg_long(msg, "seq", 0));
  path_counter++;
  cJSON_ArrayForEach(step, steps) {
    cJSON *out = drv_run_step(step);
    int unsupported =
        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(out, "unsupported"));
    cJSON_AddItemToArray(outs, out);
    if (unsupported)
      break; /* the case cannot be made here; running on could only hang */
  }
  cJSON_AddItemToObject(r, "steps", outs);
  drv_host_reset(); /* peers ended, handlers restored */
  close_all_names();
  close_all_streams(); /* the descriptors the case received or made */
  release_all_kept();
  if (tmpdir[0] != '\0')
    drv_clean_tmpdir(tmpdir, 0); /* the next case finds none of these */
  cJSON_AddNumberToObject(r, "open", (double)impl_open_count());
  reply(r);
}

/* stream_write: the data through a named stream's descriptor (write(2) on
 * POSIX, send on Windows), as a program holding it would. */
void drv_op_stream_write(const cJSON *args, const cJSON *as, cJSON *out) {
  uintptr_t os;
  const char *data = arg_str(args, "data", "");
  long n;
  (void)as;
  if (drv_lookup_stream(arg_str(args, "stream", NULL), &os) != 0) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "NO_SUCH_NAME");
    return;
  }
  n = drv_descriptor_write(os, data, strlen(data));
  cJSON_AddBoolToObject(out, "ok", n >= 0);
  cJSON_AddNumberToObject(out, "ret", (double)n);
}

/* socket_get_status, socket_set_blocking, socket_set_timeout: the versions
 * page's names for PHP's stream functions (stream_get_meta_data, ...),
 * which act on PHP streams. C has no such streams -- a socket is the OS's
 * descriptor, with no stream metadata, blocking flag or timeout of its own
 * -- so the implementation lacks the concept (PROTOCOL.md: unsupported,
 * with why), not this driver an op. */
void drv_op_no_stream_alias(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)args;
  (void)as;
  cJSON_AddBoolToObject(out, "unsupported", 1);
  cJSON_AddStringToObject(out, "why",
                          "the C API has no PHP streams: these are PHP's "
                          "stream functions by their socket_ names");
}

/* foreign_socket: a socket of a family the implementation does not make,
 * handed to it from outside. The C drivers' sockets are the ones their
 * implementation made (psock adopts only its own families), so they have
 * none to give: unsupported. */
void drv_op_foreign_socket(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)args;
  (void)as;
  cJSON_AddBoolToObject(out, "unsupported", 1);
  cJSON_AddStringToObject(out, "why",
                          "the C drivers hold only sockets their "
                          "implementation made");
}

int drv_serve_line(const char *line) {
  cJSON *msg = cJSON_Parse(line);
  const char *cmd = arg_str(msg, "cmd", "");
  int stop = 0;
  if (msg == NULL) {
    cJSON *err = cJSON_CreateObject();
    cJSON_AddStringToObject(err, "error", "bad JSON");
    reply(err);
  } else if (strcmp(cmd, "start") == 0) {
    cJSON *r = cJSON_CreateObject();
    cJSON *platform = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "implementation", impl_name);
    describe_platform(platform);
    cJSON_AddItemToObject(r, "platform", platform);
    impl_describe(r);
    drv_host_features(cJSON_GetObjectItemCaseSensitive(r, "features"));
    /* C has no exceptions: where PHP throws ValueError or TypeError for an
     * argument outside the function's domain, a C API refuses it with
     * EINVAL (PROTOCOL.md: "exceptions"). */
    cJSON_AddBoolToObject(r, "exceptions", 0);
    /* What is open before any case: more after one is a leak. */
    cJSON_AddNumberToObject(r, "open", (double)impl_open_count());
    cJSON_AddNumberToObject(r, "protocol", 3); /* PROTOCOL.md's version */
    reply(r);
  } else if (strcmp(cmd, "run") == 0) {
    run_case(msg);
  } else if (strcmp(cmd, "stop") == 0) {
    stop = 1;
  }
  cJSON_Delete(msg);
  return stop;
}

void drv_finish(void) {
  cJSON_Delete(ops_doc);
  ops_doc = NULL;
  if (tmpdir[0] != '\0')
    drv_clean_tmpdir(tmpdir, 1);
}
