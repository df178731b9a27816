/* SPDX-License-Identifier: MIT */
/*
 * handle.c -- the table behind psock_t.
 *
 * A handle is (generation << 32) | (slot index + 1). Closing a socket bumps
 * its slot's generation, so every copy of the old handle turns stale and is
 * refused with PSOCK_EBADF instead of reaching a later socket that reuses
 * the slot (the descriptor-reuse hazard of plain file descriptors).
 *
 * Slots live in fixed chunks that never move or get freed. A lookup
 * (psock__find, inline in internal.h) takes no lock: it loads the chunk
 * pointer and the slot's generation with acquire order, pairing with the
 * release stores here, so a thread that sees a handle's generation also
 * sees the socket record written before it. Free slots are a lock-free
 * stack; the lock is taken only to grow the table by a chunk.
 */
#include "internal.h"
#include "fault.h"

#include <stdlib.h>

typedef psock__slot slot;

/* Written under the lock, read without it (psock__find, internal.h). */
slot *_Atomic psock__chunks[PSOCK__MAX_CHUNKS];
/* Only touched under the lock, which guards growing the table alone. */
static uint32_t chunk_count;
/* The free slots, a lock-free stack: index + 1 of the first (0: none) in
 * the low 32 bits, a count of pops in the high 32 -- so that a slot popped
 * and pushed back between another thread's load and its compare-and-swap
 * is not taken for an unchanged head (the ABA problem). */
static _Atomic uint64_t free_list;
static atomic_size_t open_count;
static atomic_int os_ready;

const psock_t PSOCK_NONE = PSOCK_NONE_INIT;

/* A slot of a published chunk (acquire: pairs with grow's release). */
static slot *slot_at(uint32_t index) {
  slot *chunk = atomic_load_explicit(&psock__chunks[index >> PSOCK__CHUNK_BITS],
                                     memory_order_acquire);
  return &chunk[index & (PSOCK__CHUNK_SIZE - 1)];
}

/* Push the chain first..last (indexes + 1, linked by next_free) on the
 * free list. Release: a popper sees what was written to the slots. */
static void push_chain(uint32_t first1, slot *last) {
  uint64_t head = atomic_load_explicit(&free_list, memory_order_relaxed);
  uint64_t next;
  do {
    atomic_store_explicit(&last->next_free, (uint32_t)head,
                          memory_order_relaxed);
    next = (head & 0xffffffff00000000ull) | first1;
  } while (!atomic_compare_exchange_weak_explicit(
      &free_list, &head, next, memory_order_release, memory_order_relaxed));
}

/* Pop a free slot's index; -1 when none is free. */
static int pop(uint32_t *index) {
  uint64_t head = atomic_load_explicit(&free_list, memory_order_acquire);
  for (;;) {
    uint32_t first1 = (uint32_t)head;
    uint64_t next;
    if (first1 == 0)
      return -1;
    next = (((head >> 32) + 1) << 32) |
           atomic_load_explicit(&slot_at(first1 - 1)->next_free,
                                memory_order_relaxed);
    if (atomic_compare_exchange_weak_explicit(&free_list, &head, next,
                                              memory_order_acquire,
                                              memory_order_acquire)) {
      *index = first1 - 1;
      return 0;
    }
  }
}

void psock__bad_handle(void) { psock__fail_code(NULL, PSOCK_EBADF); }

/* Called with the lock held: a new chunk of free slots, published before
 * its slots go on the free list. Returns 0 or a portable error. */
static int grow(void) {
  slot *chunk;
  uint32_t i, base;
  if (chunk_count == PSOCK__MAX_CHUNKS)
    return PSOCK_EMFILE;
  chunk = PSOCK__ALLOC(handle_chunk, calloc(PSOCK__CHUNK_SIZE, sizeof *chunk));
  if (chunk == NULL)
    return PSOCK_ENOMEM;
  base = chunk_count * PSOCK__CHUNK_SIZE;
  for (i = 0; i < PSOCK__CHUNK_SIZE; i++) {
    if (i + 1 < PSOCK__CHUNK_SIZE)
      atomic_init(&chunk[i].next_free, base + i + 2);
    psock__os_mutex_init(&chunk[i].sock.line_lock); /* lives as the slot */
  }
  atomic_store_explicit(&psock__chunks[chunk_count], chunk,
                        memory_order_release);
  chunk_count++;
  push_chain(base + 1, &chunk[PSOCK__CHUNK_SIZE - 1]);
  return 0;
}

int psock__reserve(void) {
  int err = 0;
  if ((uint32_t)atomic_load_explicit(&free_list, memory_order_acquire) != 0)
    return 0;
  /* No free slot: grow the table, once, whoever gets the lock first. */
  psock__os_lock();
  if ((uint32_t)atomic_load_explicit(&free_list, memory_order_acquire) == 0)
    err = grow();
  psock__os_unlock();
  return err;
}

int psock__register(psock__fd fd, int domain, int type, int nonblocking,
                    psock_t *out) {
  slot *sl;
  uint32_t index, generation;

  while (pop(&index) != 0) {
    int err = psock__reserve();
    if (err != 0) {
      psock__os_close(fd);
      return err;
    }
  }
  sl = slot_at(index);
  sl->sock.fd = fd;
  sl->sock.domain = domain;
  sl->sock.type = type;
  PSOCK__STORE(sl->sock.nonblocking, nonblocking);
  PSOCK__STORE(sl->sock.backlog, -1);
  PSOCK__STORE(sl->sock.shut_rd, 0);
  PSOCK__STORE(sl->sock.pending_read_error, 0);
  PSOCK__STORE(sl->sock.error, 0);
  PSOCK__STORE(sl->sock.line, NULL);
  PSOCK__STORE(sl->sock.buffered, 0);
  /* even -> odd: in use. Release: the record above is seen with it. */
  generation = atomic_load_explicit(&sl->generation, memory_order_relaxed);
  atomic_store_explicit(&sl->generation, generation + 1, memory_order_release);
  atomic_fetch_add_explicit(&open_count, 1, memory_order_relaxed);
  out->id = ((uint64_t)(generation + 1) << 32) | (uint64_t)(index + 1);
  return 0;
}

psock__fd psock__unregister(psock_t s) {
  uint32_t index = (uint32_t)(s.id & 0xffffffffu) - 1;
  uint32_t generation;
  slot *sl = slot_at(index);
  psock__fd fd;

  /* odd -> even (wrapping to 0): free, every copy of the handle stale. */
  generation = atomic_load_explicit(&sl->generation, memory_order_relaxed);
  atomic_store_explicit(&sl->generation, generation + 1, memory_order_release);
  fd = sl->sock.fd;
  sl->sock.fd = PSOCK__FD_INVALID;
  atomic_fetch_sub_explicit(&open_count, 1, memory_order_relaxed);
  push_chain(index + 1, sl);
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

int psock_valid(psock_t s) { return psock__find(s) != NULL; }

int psock_same(psock_t a, psock_t b) { return a.id == b.id; }

size_t psock_open_count(void) {
  return atomic_load_explicit(&open_count, memory_order_relaxed);
}
