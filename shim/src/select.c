/* SPDX-License-Identifier: MIT */
/*
 * select.c -- psock_select: PHP's socket_select on top of poll, so neither
 * the number of sockets nor their descriptor values meet FD_SETSIZE.
 */
#include "internal.h"
#include "fault.h"

#include <limits.h>
#include <stdlib.h>

enum { SET_READ, SET_WRITE, SET_EXCEPT };

/* Small sets live on the stack; larger ones in the thread's buffer, kept
 * from call to call: no allocation per call either way. */
#define ENTS_ON_STACK 256

static const int set_events[3] = {PSOCK__POLLIN, PSOCK__POLLOUT,
                                  PSOCK__POLLPRI};
/* What counts as ready in each set. End of stream and errors make a socket
 * readable and writable, as select() reports them. */
static const int set_ready[3] = {
    PSOCK__POLLIN | PSOCK__POLLHUP | PSOCK__POLLERR,
    PSOCK__POLLOUT | PSOCK__POLLHUP | PSOCK__POLLERR, PSOCK__POLLPRI};

void psock__thread_buffers_free(psock__thread_buffers *b) {
  int i;
  if (b == NULL)
    return;
  for (i = 0; i < PSOCK__BUF_COUNT; i++)
    free(b->p[i]);
  free(b);
}

void *psock__thread_buffer(int slot, size_t bytes) {
  psock__thread_buffers *b = psock__os_thread_buffers();
  if (b == NULL)
    return NULL;
  if (b->cap[slot] < bytes) {
    size_t cap = b->cap[slot] * 2 > bytes ? b->cap[slot] * 2 : bytes;
    void *p = PSOCK__ALLOC(select_buffer, realloc(b->p[slot], cap));
    if (p == NULL)
      return NULL;
    b->p[slot] = p;
    b->cap[slot] = cap;
  }
  return b->p[slot];
}

static int timeout_ms(long seconds, long microseconds, int *out) {
  if (microseconds < 0 || microseconds > 999999)
    return PSOCK_EINVAL;
  if (seconds < 0) {
    *out = -1;
  } else if (seconds >= INT_MAX / 1000 - 1) {
    *out = INT_MAX;
  } else {
    *out = (int)(seconds * 1000 + (microseconds + 999) / 1000);
  }
  return 0;
}

int psock_select(psock_t *read, size_t *read_count, psock_t *write,
                 size_t *write_count, psock_t *except, size_t *except_count,
                 long seconds, long microseconds) {
  psock_t *sets[3];
  size_t counts[3], total = 0, i, k, ready_total = 0;
  psock__pollent stack[ENTS_ON_STACK];
  psock__pollent *ents;
  int ms, rc, set, pending = 0;

  sets[SET_READ] = read;
  sets[SET_WRITE] = write;
  sets[SET_EXCEPT] = except;
  counts[SET_READ] = read_count != NULL ? *read_count : 0;
  counts[SET_WRITE] = write_count != NULL ? *write_count : 0;
  counts[SET_EXCEPT] = except_count != NULL ? *except_count : 0;
  for (set = 0; set < 3; set++) {
    if (sets[set] == NULL && counts[set] > 0)
      return psock__fail_code(NULL, PSOCK_EINVAL);
    total += counts[set];
  }
  rc = timeout_ms(seconds, microseconds, &ms);
  if (rc < 0)
    return psock__fail_code(NULL, rc);

  ents = total <= ENTS_ON_STACK
             ? stack
             : psock__thread_buffer(PSOCK__BUF_SELECT, total * sizeof *ents);
  if (ents == NULL)
    return psock__fail_code(NULL, PSOCK_ENOMEM);
  for (set = 0, k = 0; set < 3; set++) {
    const psock_t *handles = sets[set];
    const int events = set_events[set], reading = set == SET_READ;
    for (i = 0; i < counts[set]; i++, k++) {
      psock__sock *sock = psock__lookup(handles[i]);
      if (sock == NULL)
        return PSOCK_EBADF;
      ents[k].fd = sock->fd;
      ents[k].events = events;
      ents[k].revents = 0;
      /* Bytes in the line buffer, or an error a NORMAL_READ left pending,
       * make the next read return at once: the socket is readable whatever
       * the system says. */
      if (reading && (PSOCK__LOAD(sock->buffered) |
                      PSOCK__LOAD(sock->pending_read_error)) != 0) {
        ents[k].events = 0;
        pending++;
      }
    }
  }

  rc = psock__os_poll(ents, total, pending > 0 ? 0 : ms);
  for (i = 0; pending > 0 && rc >= 0 && i < counts[SET_READ]; i++)
    if (ents[i].events == 0)
      ents[i].revents |= PSOCK__POLLIN;
  if (rc < 0)
    return psock__fail_native(NULL, -rc);
  /* Keep, in place and in order, only the ready sockets of each set. */
  for (set = 0, k = 0; set < 3; set++) {
    size_t kept = 0;
    for (i = 0; i < counts[set]; i++, k++)
      if (ents[k].revents & set_ready[set])
        sets[set][kept++] = sets[set][i];
    ready_total += kept;
    if (set == SET_READ && read_count != NULL)
      *read_count = kept;
    if (set == SET_WRITE && write_count != NULL)
      *write_count = kept;
    if (set == SET_EXCEPT && except_count != NULL)
      *except_count = kept;
  }
  return (int)ready_total;
}
