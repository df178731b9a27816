/*
 * handle.c -- the table behind psock_t.
 *
 * A handle is (generation << 32) | (slot index + 1). Closing a socket bumps
 * its slot's generation, so every copy of the old handle turns stale and is
 * refused with PSOCK_EBADF instead of reaching a later socket that reuses
 * the slot (the descriptor-reuse hazard of plain file descriptors).
 *
 * Slots live in fixed chunks that never move or get freed. A lookup takes
 * no lock: it loads the chunk pointer and the slot's generation with
 * acquire order, pairing with the release stores that publish them, so a
 * thread that sees a handle's generation also sees the socket record that
 * was written before it. The lock guards only allocation and release.
 */
#include "internal.h"

#include <stdlib.h>

#define CHUNK_BITS 8
#define CHUNK_SIZE (1u << CHUNK_BITS)
#define MAX_CHUNKS 4096 /* 1,048,576 sockets */

typedef struct slot {
  _Atomic uint32_t generation; /* odd while in use */
  uint32_t next_free;          /* index + 1 of the next free slot, 0 = none */
  psock__sock sock;
} slot;

/* Written under the lock, read without it. */
static slot *_Atomic chunks[MAX_CHUNKS];
/* Only touched under the lock. */
static uint32_t chunk_count;
static uint32_t free_head; /* index + 1 */
static atomic_size_t open_count;
static atomic_int os_ready;

const psock_t PSOCK_NONE = PSOCK_NONE_INIT;

/* Under the lock: chunks[] is only ever written there. */
static slot *slot_at(uint32_t index) {
  slot *chunk = atomic_load_explicit(&chunks[index >> CHUNK_BITS],
                                     memory_order_relaxed);
  return &chunk[index & (CHUNK_SIZE - 1)];
}

/* The slot a handle names while its socket is open, else NULL. */
static slot *find(psock_t s) {
  uint32_t index1 = (uint32_t)(s.id & 0xffffffffu);
  uint32_t generation = (uint32_t)(s.id >> 32);
  slot *chunk, *sl;
  if (index1 == 0 || ((index1 - 1) >> CHUNK_BITS) >= MAX_CHUNKS ||
      (generation & 1u) == 0)
    return NULL;
  chunk = atomic_load_explicit(&chunks[(index1 - 1) >> CHUNK_BITS],
                               memory_order_acquire);
  if (chunk == NULL)
    return NULL;
  sl = &chunk[(index1 - 1) & (CHUNK_SIZE - 1)];
  return atomic_load_explicit(&sl->generation, memory_order_acquire) ==
                 generation
             ? sl
             : NULL;
}

psock__sock *psock__find(psock_t s) {
  slot *sl = find(s);
  return sl != NULL ? &sl->sock : NULL;
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
  for (i = 0; i < CHUNK_SIZE; i++) {
    chunk[i].next_free = (i + 1 < CHUNK_SIZE) ? base + i + 2 : free_head;
    psock__os_mutex_init(&chunk[i].sock.line_lock); /* lives as the slot */
  }
  atomic_store_explicit(&chunks[chunk_count], chunk, memory_order_release);
  chunk_count++;
  free_head = base + 1;
  return 0;
}

int psock__register(psock__fd fd, int domain, int type, int nonblocking,
                    psock_t *out) {
  int err = 0;
  slot *sl;
  uint32_t index, generation;

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
    PSOCK__STORE(sl->sock.nonblocking, nonblocking);
    PSOCK__STORE(sl->sock.backlog, -1);
    PSOCK__STORE(sl->sock.shut_rd, 0);
    PSOCK__STORE(sl->sock.pending_read_error, 0);
    PSOCK__STORE(sl->sock.error, 0);
    sl->sock.line = NULL;
    PSOCK__STORE(sl->sock.buffered, 0);
    /* even -> odd: in use. Release: the record above is seen with it. */
    generation = atomic_load_explicit(&sl->generation, memory_order_relaxed);
    atomic_store_explicit(&sl->generation, generation + 1,
                          memory_order_release);
    atomic_fetch_add_explicit(&open_count, 1, memory_order_relaxed);
    out->id = ((uint64_t)(generation + 1) << 32) | (uint64_t)(index + 1);
  }
  psock__os_unlock();

  if (err != 0)
    psock__os_close(fd);
  return err;
}

psock__fd psock__unregister(psock_t s) {
  uint32_t index = (uint32_t)(s.id & 0xffffffffu) - 1;
  uint32_t generation;
  slot *sl;
  psock__fd fd;

  psock__os_lock();
  sl = slot_at(index);
  /* odd -> even (wrapping to 0): free, every copy of the handle stale. */
  generation = atomic_load_explicit(&sl->generation, memory_order_relaxed);
  atomic_store_explicit(&sl->generation, generation + 1, memory_order_release);
  fd = sl->sock.fd;
  sl->sock.fd = PSOCK__FD_INVALID;
  sl->next_free = free_head;
  free_head = index + 1;
  atomic_fetch_sub_explicit(&open_count, 1, memory_order_relaxed);
  psock__os_unlock();
  return fd;
}

/* The backend is started before the first socket is made; psock__os_init
 * is idempotent and thread-safe itself, this flag only saves the call. */
int psock__ensure_os(void) {
  int rc;
  if (atomic_load_explicit(&os_ready, memory_order_acquire))
    return 0;
  rc = psock__os_init();
  if (rc == 0)
    atomic_store_explicit(&os_ready, 1, memory_order_release);
  return rc;
}

int psock_valid(psock_t s) { return find(s) != NULL; }

int psock_same(psock_t a, psock_t b) { return a.id == b.id; }

size_t psock_open_count(void) {
  return atomic_load_explicit(&open_count, memory_order_relaxed);
}
