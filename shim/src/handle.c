/*
 * handle.c -- the table behind psock_t.
 *
 * A handle is (generation << 32) | (slot index + 1). Closing a socket bumps
 * its slot's generation, so every copy of the old handle turns stale and is
 * refused with PSOCK_EBADF instead of reaching a later socket that reuses
 * the slot (the descriptor-reuse hazard of plain file descriptors).
 *
 * Slots live in fixed chunks that never move or get freed, so a lookup is
 * two array indexings and a compare, without a lock: the lock guards only
 * allocation and release. A handle reaches another thread only through
 * some synchronisation of the caller's, which orders the slot's writes.
 */
#include "internal.h"

#include <stdlib.h>

#define CHUNK_BITS 8
#define CHUNK_SIZE (1u << CHUNK_BITS)
#define MAX_CHUNKS 4096 /* 1,048,576 sockets */

typedef struct slot {
  uint32_t generation; /* odd while in use */
  uint32_t next_free;  /* index + 1 of the next free slot, 0 = none */
  psock__sock sock;
} slot;

static slot *chunks[MAX_CHUNKS];
static uint32_t chunk_count;
static uint32_t free_head; /* index + 1 */
static size_t open_count;
static int os_ready;

const psock_t PSOCK_NONE = PSOCK_NONE_INIT;

static slot *slot_at(uint32_t index) {
  return &chunks[index >> CHUNK_BITS][index & (CHUNK_SIZE - 1)];
}

/* The slot a handle names while its socket is open, else NULL. */
static slot *find(psock_t s) {
  uint32_t index1 = (uint32_t)(s.id & 0xffffffffu);
  uint32_t generation = (uint32_t)(s.id >> 32);
  slot *chunk, *sl;
  if (index1 == 0 || ((index1 - 1) >> CHUNK_BITS) >= MAX_CHUNKS ||
      (generation & 1u) == 0)
    return NULL;
  chunk = chunks[(index1 - 1) >> CHUNK_BITS];
  if (chunk == NULL)
    return NULL;
  sl = &chunk[(index1 - 1) & (CHUNK_SIZE - 1)];
  return sl->generation == generation ? sl : NULL;
}

psock__sock *psock__lookup(psock_t s) {
  slot *sl = find(s);
  if (sl != NULL)
    return &sl->sock;
  psock__fail_code(NULL, PSOCK_EBADF);
  return NULL;
}

/* Called with the lock held. Returns 0 or a portable error. */
static int grow(void) {
  slot *chunk;
  uint32_t i, base;
  if (chunk_count == MAX_CHUNKS)
    return PSOCK_EMFILE;
  chunk = calloc(CHUNK_SIZE, sizeof *chunk);
  if (chunk == NULL)
    return PSOCK_ENOMEM;
  base = chunk_count * CHUNK_SIZE;
  for (i = 0; i < CHUNK_SIZE; i++)
    chunk[i].next_free = (i + 1 < CHUNK_SIZE) ? base + i + 2 : free_head;
  chunks[chunk_count++] = chunk;
  free_head = base + 1;
  return 0;
}

psock_t psock__register(psock__fd fd, int domain, int type, int nonblocking) {
  psock_t h = PSOCK_NONE;
  int err = 0;
  slot *sl;
  uint32_t index;

  psock__os_lock();
  if (free_head == 0)
    err = grow();
  if (err == 0) {
    index = free_head - 1;
    sl = slot_at(index);
    free_head = sl->next_free;
    sl->next_free = 0;
    sl->sock.fd = fd;
    sl->sock.domain = domain;
    sl->sock.type = type;
    sl->sock.nonblocking = nonblocking;
    sl->sock.backlog = -1;
    sl->sock.shut_rd = 0;
    sl->sock.error.code = 0;
    sl->sock.error.native = 0;
    sl->generation++; /* even -> odd: in use */
    open_count++;
    h.id = ((uint64_t)sl->generation << 32) | (uint64_t)(index + 1);
  }
  psock__os_unlock();

  if (err != 0) {
    psock__os_close(fd);
    psock__fail_code(NULL, err);
  }
  return h;
}

psock__fd psock__unregister(psock_t s) {
  uint32_t index = (uint32_t)(s.id & 0xffffffffu) - 1;
  slot *sl;
  psock__fd fd;

  psock__os_lock();
  sl = slot_at(index);
  fd = sl->sock.fd;
  sl->sock.fd = PSOCK__FD_INVALID;
  sl->generation++; /* odd -> even (wrapping to 0): free, old handles stale */
  sl->next_free = free_head;
  free_head = index + 1;
  open_count--;
  psock__os_unlock();
  return fd;
}

/* The backend is started before the first socket is made; it is idempotent
 * and thread-safe itself, this flag only saves the call. */
int psock__ensure_os(void) {
  int rc;
  if (os_ready)
    return 0;
  rc = psock__os_init();
  if (rc == 0)
    os_ready = 1;
  return rc;
}

int psock_valid(psock_t s) { return find(s) != NULL; }

int psock_same(psock_t a, psock_t b) { return a.id == b.id; }

size_t psock_open_count(void) {
  size_t n;
  psock__os_lock();
  n = open_count;
  psock__os_unlock();
  return n;
}
