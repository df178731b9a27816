/* SPDX-License-Identifier: MIT */
/*
 * fault.c -- the control of fault injection (fault.h): counts every
 * injectable call per site and fails the armed one. Built only into the
 * psock_fault library (CMake: PSOCK_FAULT_INJECTION=ON); never into psock.
 * Standard C only: the backends set the native error (fault-sites.h).
 */
#include "internal.h"
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct site_info {
  const char *name, *what, *error_names;
  const int *errors;
  int error_count;
} site_info;

#define SITE_ERRORS(name, what, ...)                                           \
  static const int errors_##name[] = {__VA_ARGS__};
PSOCK__FAULT_SITES(SITE_ERRORS)
#undef SITE_ERRORS

static const site_info sites[PSOCK__SITE_COUNT] = {
#define SITE_INFO(name, what, ...)                                             \
  {#name, what, #__VA_ARGS__, errors_##name,                                   \
   (int)(sizeof errors_##name / sizeof errors_##name[0])},
    PSOCK__FAULT_SITES(SITE_INFO)
#undef SITE_INFO
};

static atomic_long counts[PSOCK__SITE_COUNT];
static atomic_int armed_site = -1;
static atomic_long armed_nth;
static atomic_int armed_native;
static atomic_int fired;
static atomic_int environment_read;
static char counts_path[1024];

int psock__fault_fires(int site) {
  long n;
  if (!atomic_load(&environment_read))
    psock__fault_from_environment();
  n = atomic_fetch_add(&counts[site], 1) + 1;
  if (atomic_load(&armed_site) != site || n != atomic_load(&armed_nth))
    return 0;
  atomic_store(&fired, 1);
  return 1;
}

int psock__fault_native(void) { return atomic_load(&armed_native); }

void psock__fault_reset(void) {
  int i;
  atomic_store(&armed_site, -1);
  atomic_store(&fired, 0);
  for (i = 0; i < PSOCK__SITE_COUNT; i++)
    atomic_store(&counts[i], 0);
}

void psock__fault_arm(int site, long nth, int native) {
  atomic_store(&armed_native, native);
  atomic_store(&armed_nth, nth);
  atomic_store(&fired, 0);
  atomic_store(&armed_site, site);
}

long psock__fault_count(int site) { return atomic_load(&counts[site]); }
int psock__fault_fired(void) { return atomic_load(&fired); }
const char *psock__fault_site_name(int site) { return sites[site].name; }
const char *psock__fault_site_what(int site) { return sites[site].what; }
int psock__fault_site_error_count(int site) { return sites[site].error_count; }
int psock__fault_site_error(int site, int i) { return sites[site].errors[i]; }

void psock__fault_site_error_name(int site, int i, char *buf, size_t size) {
  /* The i-th name of the stringified list "EINTR, EAGAIN, ..." */
  const char *p = sites[site].error_names;
  size_t n;
  while (i-- > 0 && (p = strchr(p, ',')) != NULL)
    p += strspn(p, ", ");
  if (p == NULL || strcmp(p, "0") == 0 || strncmp(p, "0,", 2) == 0) {
    snprintf(buf, size, "NULL");
    return;
  }
  n = strcspn(p, ", ");
  snprintf(buf, size, "%.*s", (int)n, p);
}

int psock__fault_site_by_name(const char *name) {
  int i;
  for (i = 0; i < PSOCK__SITE_COUNT; i++)
    if (strcmp(sites[i].name, name) == 0)
      return i;
  return -1;
}

static void write_counts(void) {
  FILE *f = fopen(counts_path, "w");
  int i;
  if (f == NULL)
    return;
  for (i = 0; i < PSOCK__SITE_COUNT; i++)
    fprintf(f, "%s %ld %d\n", sites[i].name, psock__fault_count(i),
            i == atomic_load(&armed_site) && psock__fault_fired());
  fclose(f);
}

void psock__fault_from_environment(void) {
  const char *spec, *path;
  if (atomic_exchange(&environment_read, 1))
    return;
  spec = getenv("PSOCK_FAULT");
  path = getenv("PSOCK_FAULT_COUNTS");
  if (spec != NULL) {
    char name[64];
    long nth;
    int error_index, site;
    if (sscanf(spec, "%63[a-z0-9_]:%ld:%d", name, &nth, &error_index) == 3 &&
        (site = psock__fault_site_by_name(name)) >= 0 && error_index >= 0 &&
        error_index < sites[site].error_count)
      psock__fault_arm(site, nth, sites[site].errors[error_index]);
  }
  if (path != NULL && strlen(path) < sizeof counts_path) {
    strcpy(counts_path, path);
    atexit(write_counts);
  }
}
