/* SPDX-License-Identifier: MIT */
/* POSIX-only behaviour: descriptors, fork, signals. */
#if defined(__linux__)
#  define _GNU_SOURCE
#endif
#include "../test.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#if defined(__APPLE__)
#  include <xlocale.h> /* newlocale, uselocale, locale_t */
#endif
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* psock hides descriptors, so the tests find the ones a call made by
 * comparing the open descriptors before and after it (an inherited one may
 * sit above ours, so "the highest" would not do). */
#define MAX_PROBED_FD 4096
typedef struct fd_snapshot {
  unsigned char open[MAX_PROBED_FD];
} fd_snapshot;

static void take_snapshot(fd_snapshot *snap) {
  int fd;
  for (fd = 0; fd < MAX_PROBED_FD; fd++)
    snap->open[fd] = fcntl(fd, F_GETFD) != -1;
}

/* Asserts that exactly `expected` descriptors appeared since *before and
 * that each is close-on-exec; then moves the snapshot forward. */
static void assert_new_fds_cloexec(fd_snapshot *before, int expected) {
  int fd, found = 0;
  for (fd = 0; fd < MAX_PROBED_FD; fd++) {
    int flags = fcntl(fd, F_GETFD);
    if (flags == -1 || before->open[fd])
      continue;
    found++;
    ASSERT(flags & FD_CLOEXEC);
  }
  ASSERT_EQ(found, expected);
  take_snapshot(before);
}

static int highest_fd(void) {
  int fd;
  for (fd = MAX_PROBED_FD - 1; fd >= 0; fd--)
    if (fcntl(fd, F_GETFD) != -1)
      return fd;
  return -1;
}

/* Sockets are not inherited across exec: created, accepted, paired. */
TEST_IMPL(posix_close_on_exec) {
  static fd_snapshot snap;
  int port;
  psock_t p[2], c, a, l;
  take_snapshot(&snap);
  l = listener(PSOCK_AF_INET, &port);
  assert_new_fds_cloexec(&snap, 1);
  c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  assert_new_fds_cloexec(&snap, 1);
  ASSERT_OK(psock_connect(c, "127.0.0.1", port));
  a = psock_accept(l);
  ASSERT_VALID(a);
  assert_new_fds_cloexec(&snap, 1);
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, p));
  assert_new_fds_cloexec(&snap, 2);
  ASSERT_OK(psock_close(p[0]));
  ASSERT_OK(psock_close(p[1]));
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  return 0;
}

/* With SIGPIPE at its default action (terminate), writes to a closed peer
 * through every sending call must fail, not kill the process. */
TEST_IMPL(posix_no_sigpipe) {
  char buf[4096];
  psock_iovec_t iov;
  psock_msg_t msg;
  psock_t p[2];
  int round;
  signal(SIGPIPE, SIG_DFL);
  memset(buf, 'z', sizeof buf);
  iov.base = buf; /* assigned, as in the portable tests (MSVC's C4221) */
  iov.len = sizeof buf;
  memset(&msg, 0, sizeof msg);
  msg.iov = &iov;
  msg.iov_count = 1;
  for (round = 0; round < 4; round++) {
    ptrdiff_t rc;
    ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, p));
    ASSERT_OK(psock_close(p[1]));
    switch (round) {
    case 0:
      rc = psock_write(p[0], buf, sizeof buf);
      break;
    case 1:
      rc = psock_send(p[0], buf, sizeof buf, 0);
      break;
    case 2:
      rc = psock_writev(p[0], &iov, 1);
      break;
    default:
      rc = psock_sendmsg(p[0], &msg, 0);
      break;
    }
    ASSERT_ERR(rc, PSOCK_EPIPE);
    ASSERT_OK(psock_close(p[0]));
  }
  return 0;
}

static volatile sig_atomic_t sigchld_seen;
static void on_sigchld(int sig) {
  (void)sig;
  sigchld_seen = 1;
}

/* spec 000 notes (lars at opdenkamp, gmkarl): a parent blocked in accept
 * cannot handle SIGCHLD. With psock it can: a handler installed without
 * SA_RESTART interrupts the blocking accept, which returns PSOCK_EINTR (no
 * hidden retry); the server reaps and goes back to accept. */
TEST_IMPL(posix_accept_interrupted_by_sigchld) {
  struct sigaction sa;
  int port, status;
  pid_t child;
  psock_t l = listener(PSOCK_AF_INET, &port);

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigchld;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: that is the point */
  ASSERT(sigaction(SIGCHLD, &sa, NULL) == 0);

  child = fork();
  ASSERT(child != -1);
  if (child == 0) {
    /* nanosleep: usleep is not POSIX.1-2008 */
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
    _exit(0);
  }
  ASSERT(!psock_valid(psock_accept(l))); /* blocks until SIGCHLD */
  ASSERT_EQ(psock_last_error(l), PSOCK_EINTR);
  ASSERT_EQ(psock_last_native_error(l), EINTR);
  ASSERT(sigchld_seen);
  ASSERT_EQ(waitpid(child, &status, 0), child);
  /* The listener is still fine after the interruption. */
  {
    psock_t c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
    psock_t a;
    ASSERT_OK(psock_connect(c, "127.0.0.1", port));
    a = psock_accept(l);
    ASSERT_VALID(a);
    ASSERT_OK(psock_close(a));
    ASSERT_OK(psock_close(c));
  }
  signal(SIGCHLD, SIG_DFL);
  ASSERT_OK(psock_close(l));
  return 0;
}

/* spec 004, the IPC example: parent and child exchange messages over a pair
 * after fork, each closing the end it does not use. */
TEST_IMPL(posix_fork_ipc_example) {
  const char *strone = "Message From Parent.";
  const char *strtwo = "Message From Child.";
  char buf[64];
  int status;
  pid_t pid;
  psock_t ary[2];
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, ary));
  pid = fork();
  ASSERT(pid != -1);
  if (pid == 0) {
    int ok;
    psock_close(ary[1]);
    ok = psock_write(ary[0], strtwo, strlen(strtwo)) ==
         (ptrdiff_t)strlen(strtwo);
    ok = ok &&
         psock_read(ary[0], buf, strlen(strone), PSOCK_BINARY_READ) ==
             (ptrdiff_t)strlen(strone) &&
         memcmp(buf, strone, strlen(strone)) == 0;
    psock_close(ary[0]);
    _exit(ok ? 0 : 1);
  }
  ASSERT_OK(psock_close(ary[0]));
  ASSERT_EQ(psock_write(ary[1], strone, strlen(strone)), strlen(strone));
  ASSERT_EQ(psock_read(ary[1], buf, strlen(strtwo), PSOCK_BINARY_READ),
            strlen(strtwo));
  ASSERT_MEM_EQ(buf, strtwo, strlen(strtwo));
  ASSERT_OK(psock_close(ary[1]));
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return 0;
}

/* spec 000, lars at opdenkamp's forking server: a nonblocking listener,
 * fork per client, the child talks and exits, the parent closes its copy
 * and reaps on SIGCHLD. Three clients, all served, all children reaped. */
static volatile sig_atomic_t reaped;
static void reap(int sig) {
  int saved = errno;
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0)
    reaped++;
  errno = saved;
}

TEST_IMPL(posix_forking_server_example) {
  enum { CLIENTS = 3 };
  struct sigaction sa;
  psock_t clients[CLIENTS];
  int port, served = 0, i, spins = 0;
  psock_t sock = listener(PSOCK_AF_INET, &port);

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = reap;
  sigemptyset(&sa.sa_mask);
  /* This server never blocks in accept, so it can let the system restart
   * its other calls: without SA_RESTART a child's exit would interrupt the
   * blocking reads below with PSOCK_EINTR (psock never retries itself). */
  sa.sa_flags = SA_RESTART;
  ASSERT(sigaction(SIGCHLD, &sa, NULL) == 0);
  ASSERT_OK(psock_set_nonblock(sock));
  for (i = 0; i < CLIENTS; i++) {
    clients[i] = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
    ASSERT_OK(psock_connect(clients[i], "127.0.0.1", port));
  }
  while (served < CLIENTS && spins++ < 5000) {
    psock_t connection = psock_accept(sock);
    pid_t pid;
    if (!psock_valid(connection)) {
      ASSERT(psock_last_error(sock) == PSOCK_EWOULDBLOCK ||
             psock_last_error(sock) == PSOCK_EINTR);
      {
        struct timespec nap = {0, 100 * 1000}; /* usleep: not POSIX.1-2008 */
        nanosleep(&nap, NULL);
      }
      continue;
    }
    pid = fork();
    ASSERT(pid != -1);
    if (pid == 0) { /* child: interact, then leave */
      psock_close(sock);
      psock_write(connection, "served\n", 7);
      psock_close(connection);
      _exit(0);
    }
    ASSERT_OK(psock_close(connection));
    served++;
  }
  ASSERT_EQ(served, CLIENTS);
  for (i = 0; i < CLIENTS; i++) {
    char buf[16];
    ASSERT_EQ(psock_read(clients[i], buf, sizeof buf, PSOCK_NORMAL_READ), 7);
    ASSERT_MEM_EQ(buf, "served\n", 7);
    ASSERT_OK(psock_close(clients[i]));
  }
  for (i = 0; i < 200 && reaped < CLIENTS; i++) {
    struct timespec nap = {0, 10 * 1000 * 1000}; /* usleep: not POSIX.1-2008 */
    nanosleep(&nap, NULL);
  }
  ASSERT_EQ(reaped, CLIENTS);
  signal(SIGCHLD, SIG_DFL);
  ASSERT_OK(psock_close(sock));
  return 0;
}

/* select() cannot take descriptors >= FD_SETSIZE; psock_select can, and
 * more than FD_SETSIZE sockets at once. */
TEST_IMPL(posix_select_beyond_fd_setsize) {
  enum { PAIRS = FD_SETSIZE / 2 + 40 }; /* 2 * PAIRS > FD_SETSIZE */
  static psock_t ends[PAIRS][2];
  static psock_t set[PAIRS];
  struct rlimit rl;
  size_t n = PAIRS, i;
  ASSERT(getrlimit(RLIMIT_NOFILE, &rl) == 0);
  if (rl.rlim_cur < 2 * PAIRS + 64) {
    rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
    if (rl.rlim_cur < 2 * PAIRS + 64 || setrlimit(RLIMIT_NOFILE, &rl) != 0)
      return test_skip("cannot raise RLIMIT_NOFILE above FD_SETSIZE");
  }
  for (i = 0; i < PAIRS; i++)
    ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, ends[i]));
  ASSERT(highest_fd() >= FD_SETSIZE);
  write_all(ends[PAIRS - 1][0], "!", 1); /* the highest descriptors */
  write_all(ends[3][0], "!", 1);
  for (i = 0; i < PAIRS; i++)
    set[i] = ends[i][1];
  ASSERT_EQ(psock_select(set, &n, NULL, NULL, NULL, NULL, 2, 0), 2);
  ASSERT_EQ(n, 2);
  ASSERT(psock_same(set[0], ends[3][1]));
  ASSERT(psock_same(set[1], ends[PAIRS - 1][1]));
  for (i = 0; i < PAIRS; i++) {
    ASSERT_OK(psock_close(ends[i][0]));
    ASSERT_OK(psock_close(ends[i][1]));
  }
  return 0;
}

/* spec 003 "Sur Linux, c'est tronqué automatiquement à SOMAXCONN": psock's
 * maximum is the kernel's current limit, not the header's SOMAXCONN. */
TEST_IMPL(posix_somaxconn_matches_kernel) {
  FILE *f = fopen("/proc/sys/net/core/somaxconn", "r");
  int value;
  if (f == NULL)
    return test_skip("no /proc/sys/net/core/somaxconn on this system");
  ASSERT(fscanf(f, "%d", &value) == 1);
  fclose(f);
  ASSERT_EQ(psock_listen_max_backlog(), value);
  return 0;
}

/* ---- regressions of the correctness audit (POSIX-only means) ------------ */

/* Uses every descriptor up to the limit, leaving `spare` free. Returns how
 * many it opened (to close with release_fds). */
static int exhaust_fds(int *fds, int max, int spare) {
  int n = 0;
  while (n < max) {
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd == -1)
      break;
    fds[n++] = fd;
  }
  while (spare-- > 0 && n > 0)
    close(fds[--n]);
  return n;
}

static void release_fds(int *fds, int n) {
  while (n > 0)
    close(fds[--n]);
}

#define FD_LIMIT 64

/* Defect 2: out of descriptors, every creating call fails with EMFILE --
 * recorded globally, and on the listener for accept -- and leaves nothing
 * open (create_listen used to record the EBADF of its own lookup). */
TEST_IMPL(posix_out_of_descriptors_every_creating_call) {
  struct rlimit old, low;
  int fds[FD_LIMIT], n, port, spare;
  psock_t l, c, pair[2];
  size_t open_before = psock_open_count();
  long os_before = test_os_open_count();
  if (test_under_valgrind())
    return test_skip(
        "valgrind keeps descriptors of its own and virtualizes "
        "RLIMIT_NOFILE; the native, ASan and TSan runs check this");
  ASSERT(getrlimit(RLIMIT_NOFILE, &old) == 0);
  low = old;
  low.rlim_cur = FD_LIMIT;
  ASSERT(setrlimit(RLIMIT_NOFILE, &low) == 0);

  l = listener(PSOCK_AF_INET, &port);
  c = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_OK(psock_connect(c, "127.0.0.1", port));
  n = exhaust_fds(fds, FD_LIMIT, 0);
  ASSERT(n > 0);

  ASSERT(!psock_valid(psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EMFILE);
  ASSERT(!psock_valid(psock_create_listen("127.0.0.1", 0, 4)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EMFILE);
  ASSERT_EQ(psock_last_native_error(PSOCK_NONE), EMFILE);
  ASSERT_ERR(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pair),
             PSOCK_EMFILE);
  ASSERT_ERR(psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0, pair),
             PSOCK_EMFILE);
  ASSERT_ERR(psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0, pair),
             PSOCK_EMFILE);
  psock_clear_error(l);
  ASSERT(!psock_valid(psock_accept(l)));
  ASSERT_EQ(psock_last_error(l), PSOCK_EMFILE);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EMFILE);
  /* With one or two descriptors free, the calls that need more than that
   * still fail cleanly, closing what they had made. */
  for (spare = 1; spare <= 2; spare++) {
    release_fds(fds, n);
    n = exhaust_fds(fds, FD_LIMIT, spare);
    ASSERT_ERR(psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0, pair),
               PSOCK_EMFILE);
    ASSERT_ERR(psock_create_pair(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0, pair),
               spare == 2 ? 0 : PSOCK_EMFILE);
    if (spare == 2) {
      ASSERT_OK(psock_close(pair[0]));
      ASSERT_OK(psock_close(pair[1]));
    }
  }
  release_fds(fds, n);
  /* The pending connection is still there once descriptors are free. */
  {
    psock_t a = psock_accept(l);
    ASSERT_VALID(a);
    ASSERT_OK(psock_close(a));
  }
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  ASSERT(setrlimit(RLIMIT_NOFILE, &old) == 0);
  ASSERT_EQ(psock_open_count(), open_before);
  ASSERT_EQ(test_os_open_count(), os_before);
  return 0;
}

static volatile sig_atomic_t usr1_caught;
static void on_usr1(int sig) {
  (void)sig;
  usr1_caught++;
}

typedef struct pester {
  pthread_t target;
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int done; /* under lock: the read under test has returned */
} pester;

/* Signals the target thread, then waits for the event "its read has
 * returned" with a 10 ms deadline, and signals again if it has not: the
 * read is interrupted whenever it blocks, without guessing when that is,
 * and the pester stops the moment the read returns. */
static void pester_thread(void *p) {
  pester *ps = p;
  pthread_mutex_lock(&ps->lock);
  while (!ps->done) {
    struct timespec deadline;
    pthread_kill(ps->target, SIGUSR1);
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 10 * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
      deadline.tv_sec++;
      deadline.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&ps->cond, &ps->lock, &deadline);
  }
  pthread_mutex_unlock(&ps->lock);
}

static void pester_stop(pester *ps) {
  pthread_mutex_lock(&ps->lock);
  ps->done = 1;
  pthread_cond_signal(&ps->cond);
  pthread_mutex_unlock(&ps->lock);
}

/* Defect 4: EINTR from a NORMAL_READ. Nothing taken yet: PSOCK_EINTR. Part
 * of a line taken: that part is returned, as read(2) returns a partial
 * count, and nothing is left pending. */
TEST_IMPL(posix_normal_read_interrupted) {
  struct sigaction sa, old;
  pester ps;
  test_thread *t;
  char buf[64];
  psock_t a, b;
  ptrdiff_t n;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1; /* no SA_RESTART */
  sigemptyset(&sa.sa_mask);
  ASSERT(sigaction(SIGUSR1, &sa, &old) == 0);
  connected(PSOCK_AF_INET, &a, &b);
  ps.target = pthread_self();
  ps.done = 0;
  pthread_mutex_init(&ps.lock, NULL);
  pthread_cond_init(&ps.cond, NULL);
  t = test_thread_start(pester_thread, &ps);
  n = psock_read(b, buf, sizeof buf, PSOCK_NORMAL_READ);
  ASSERT_ERR(n, PSOCK_EINTR);
  ASSERT_EQ(psock_last_error(b), PSOCK_EINTR);
  write_all(a, "part", 4);
  n = psock_read(b, buf, sizeof buf, PSOCK_NORMAL_READ);
  pester_stop(&ps);
  test_thread_join(t);
  pthread_cond_destroy(&ps.cond);
  pthread_mutex_destroy(&ps.lock);
  ASSERT_EQ(n, 4);
  ASSERT_MEM_EQ(buf, "part", 4);
  ASSERT(usr1_caught > 0);
  ASSERT_OK(psock_set_nonblock(b));
  ASSERT_ERR(psock_read(b, buf, sizeof buf, PSOCK_NORMAL_READ),
             PSOCK_EWOULDBLOCK);
  write_all(a, " done\n", 6);
  ASSERT_OK(psock_set_block(b));
  ASSERT_EQ(psock_read(b, buf, sizeof buf, PSOCK_NORMAL_READ), 6);
  ASSERT(sigaction(SIGUSR1, &old, NULL) == 0);
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(b));
  return 0;
}

typedef struct locale_check {
  int native;
  char text[256];
  int len;
  char part[256];
  int part_len;
} locale_check;

static void german_thread(void *p) {
  locale_check *lc = p;
  locale_t de = newlocale(LC_ALL_MASK, "de_DE.UTF-8", (locale_t)0);
  locale_t prev;
  if (de == (locale_t)0)
    return;
  prev = uselocale(de);
  lc->len = psock_strerror_localized(lc->native, lc->text, sizeof lc->text);
  lc->part_len = psock_strerror_localized(lc->native, lc->part, 6);
  uselocale(prev);
  freelocale(de);
}

/* Defect 3: a thread with its own locale (uselocale) gets its language,
 * truncated as a prefix, while the process stays in "C". */
TEST_IMPL(posix_strerror_localized_uselocale) {
  locale_check lc;
  char english[256];
  test_thread *t;
  locale_t de = newlocale(LC_ALL_MASK, "de_DE.UTF-8", (locale_t)0);
  memset(&lc, 0, sizeof lc);
  lc.native = EADDRINUSE;
  if (de == (locale_t)0)
    return test_skip("no de_DE.UTF-8 locale (./psock generates it as root)");
  freelocale(de);
  t = test_thread_start(german_thread, &lc);
  test_thread_join(t);
  ASSERT(psock_strerror_localized(EADDRINUSE, english, sizeof english) > 0);
#if defined(__GLIBC__)
  ASSERT_STR_EQ(lc.text, "Die Adresse wird bereits verwendet");
  ASSERT(strcmp(english, lc.text) != 0);
#else
  test_note("no translations in this libc: \"%s\"", lc.text);
#endif
  ASSERT_EQ(lc.len, strlen(lc.text));
  ASSERT_EQ(lc.part_len, lc.len);
  ASSERT_EQ(strlen(lc.part), 5);
  ASSERT(strncmp(lc.part, lc.text, 5) == 0);
  return 0;
}

/* A raw AF_UNIX socket bound to a path of `fill` that fills sun_path, with
 * no room for its NUL (bound with the structure's full length): -1 when the
 * system refuses such a name. *path gets the path, NUL-terminated. */
static int raw_unix_full_path(int type, char fill, char *path) {
  /* A zero byte right after the structure: valgrind checks bind's path as
   * a string and reads past sun_path for its end, which the kernel does
   * not (it takes the length given). */
  struct {
    struct sockaddr_un sun;
    char end;
  } named;
  const char *dir = tmp_path("");
  size_t dir_len = strlen(dir);
  int fd = socket(AF_UNIX, type, 0);
  ASSERT(fd >= 0);
  ASSERT(dir_len < sizeof named.sun.sun_path);
  memcpy(path, dir, dir_len);
  memset(path + dir_len, fill, sizeof named.sun.sun_path - dir_len);
  path[sizeof named.sun.sun_path] = '\0';
  memset(&named, 0, sizeof named);
  named.sun.sun_family = AF_UNIX;
  memcpy(named.sun.sun_path, path, sizeof named.sun.sun_path); /* no NUL */
  if (bind(fd, (struct sockaddr *)&named.sun, sizeof named.sun) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static void raw_unix_address(const char *path, struct sockaddr_un *sun) {
  memset(sun, 0, sizeof *sun);
  sun->sun_family = AF_UNIX;
  ASSERT(strlen(path) < sizeof sun->sun_path);
  memcpy(sun->sun_path, path, strlen(path) + 1);
}

/* A peer that another program bound to a path filling all of sun_path
 * (psock itself refuses such a path: PSOCK_ENAMETOOLONG, it keeps room for
 * the NUL) is reported whole, by psock_getpeername and by psock_recvfrom:
 * Linux returns such a name with a length past sizeof(struct sockaddr_un)
 * (unix(7), BUGS), which must neither be cut nor read past. */
TEST_IMPL(posix_unix_peer_path_fills_sun_path) {
  struct sockaddr_un sun;
  char peer[sizeof sun.sun_path + 1], listen_path[512], dgram_path[512];
  char host[PSOCK_ADDRSTRLEN], buf[8];
  int fd, port = -1;
  psock_t l, c, d;
  /* A stream peer, through accept. */
  snprintf(listen_path, sizeof listen_path, "%s", tmp_path("l"));
  l = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0);
  ASSERT_VALID(l);
  ASSERT_OK(psock_bind(l, listen_path, 0));
  ASSERT_OK(psock_listen(l, 1));
  fd = raw_unix_full_path(SOCK_STREAM, 's', peer);
  if (fd < 0) {
#if defined(__linux__)
    ASSERT(!"Linux binds a path that fills sun_path");
#endif
    ASSERT_OK(psock_close(l));
    return test_skip("this system refuses a path without room for its NUL");
  }
  raw_unix_address(listen_path, &sun);
  ASSERT_EQ(connect(fd, (struct sockaddr *)&sun, sizeof sun), 0);
  c = psock_accept(l);
  ASSERT_VALID(c);
  ASSERT_OK(psock_getpeername(c, host, sizeof host, &port));
  ASSERT_EQ(strlen(host), sizeof sun.sun_path);
  ASSERT_STR_EQ(host, peer);
  ASSERT_EQ(port, 0);
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(l));
  close(fd);
  /* A datagram's sender. */
  snprintf(dgram_path, sizeof dgram_path, "%s", tmp_path("d"));
  d = psock_create(PSOCK_AF_UNIX, PSOCK_SOCK_DGRAM, 0);
  ASSERT_VALID(d);
  ASSERT_OK(psock_bind(d, dgram_path, 0));
  fd = raw_unix_full_path(SOCK_DGRAM, 'g', peer);
  ASSERT(fd >= 0);
  raw_unix_address(dgram_path, &sun);
  ASSERT_EQ(sendto(fd, "hi", 2, 0, (struct sockaddr *)&sun, sizeof sun), 2);
  memset(host, '#', sizeof host);
  port = -1;
  ASSERT_EQ(psock_recvfrom(d, buf, sizeof buf, 0, host, sizeof host, &port), 2);
  ASSERT_MEM_EQ(buf, "hi", 2);
  ASSERT_STR_EQ(host, peer);
  ASSERT_EQ(port, 0);
  ASSERT_OK(psock_close(d));
  close(fd);
  return 0;
}

/* An errno psock has no portable name for is PSOCK_EOTHER (psock.h), from
 * every part of the range: between and above the named ones, the gaps
 * among them, and numbers no errno has. */
TEST_IMPL(posix_unnamed_errno_is_other) {
  int unnamed[] = {
    EIO,
    ENOEXEC,
    ENOSPC,
    EDOM,
    ERANGE,
    ENOSYS,
    ENOTEMPTY,
    EOVERFLOW,
    EILSEQ,
    ENOLCK,
#if defined(__linux__)
    ENETRESET,
    ETOOMANYREFS,
    ESTALE,
    EDQUOT,
    ECANCELED,
    ENOTRECOVERABLE,
    EHWPOISON,
    200,
    4095,
#endif
    100000
  };
  size_t i;
  for (i = 0; i < sizeof unnamed / sizeof unnamed[0]; i++) {
    ASSERT_EQ(psock_error_from_native(unnamed[i]), PSOCK_EOTHER);
    ASSERT_STR_EQ(psock_err_name(psock_error_from_native(unnamed[i])),
                  "EOTHER");
  }
  /* No errno is negative: a caller passing -errno by mistake, or -1, gets
   * PSOCK_EOTHER too, never a code of another condition. */
  ASSERT_EQ(psock_error_from_native(-1), PSOCK_EOTHER);
  ASSERT_EQ(psock_error_from_native(-EPIPE), PSOCK_EOTHER);
  /* The named ones next to them are not. */
  ASSERT_EQ(psock_error_from_native(EPIPE), PSOCK_EPIPE);
  ASSERT_EQ(psock_error_from_native(EINPROGRESS), PSOCK_EINPROGRESS);
  return 0;
}

/* The page's groups decide availability (psock.h, "Constants"): a
 * Windows-only name is unknown to POSIX systems in all but name, a name of
 * the UNIX-like group is there where the headers have it, and using an
 * unavailable one gives the documented error. */
TEST_IMPL(posix_constants_by_page_group) {
  static fd_snapshot snap;
  int kind, value, native;
  psock_t pair[2];
  int on = 1;
  ASSERT_ERR(psock_constant_by_name("SOCKET_EPROCLIM", &kind, &value),
             PSOCK_EOPNOTSUPP);
  ASSERT_EQ(kind, PSOCK_KIND_ERROR);
  ASSERT_ERR(psock_constant_by_name("SOCKET_NOTINITIALISED", NULL, NULL),
             PSOCK_EOPNOTSUPP);
  ASSERT_ERR(psock_constant_by_name("SO_EXCLUSIVEADDRUSE", NULL, NULL),
             PSOCK_EOPNOTSUPP);
  ASSERT_EQ(psock_supports(PSOCK_KIND_SOCKET_OPTION, PSOCK_SO_EXCLUSIVEADDRUSE),
            0);
  /* The Windows group's SOCKET_EADDRINUSE is not here; its UNIX-like
   * alias SOCKET_ADDRINUSE is, so the value counts as supported. */
  ASSERT_ERR(psock_constant_by_name("SOCKET_EADDRINUSE", NULL, NULL),
             PSOCK_EOPNOTSUPP);
  ASSERT_OK(psock_constant_by_name("SOCKET_ADDRINUSE", NULL, NULL));
  ASSERT_EQ(psock_supports(PSOCK_KIND_ERROR, PSOCK_SOCKET_EADDRINUSE), 1);
  ASSERT_OK(psock_constant_by_name("SOCKET_EPERM", NULL, NULL));
  ASSERT_OK(psock_constant_by_name("SCM_RIGHTS", NULL, NULL));
  ASSERT_OK(psock_constant_by_name("IPPROTO_IPV6", NULL, NULL));
  ASSERT_OK(psock_constant_by_name("MSG_DONTWAIT", NULL, NULL));
  ASSERT_OK(
      psock_constant_native(PSOCK_KIND_ERROR, PSOCK_SOCKET_EPIPE, &native));
  ASSERT_EQ(native, EPIPE);
  ASSERT_OK(psock_constant_native(PSOCK_KIND_LEVEL, PSOCK_SOL_TCP, &native));
  ASSERT_EQ(native, IPPROTO_TCP);
#if defined(__linux__)
  ASSERT_OK(
      psock_constant_native(PSOCK_KIND_ERROR, PSOCK_SOCKET_EREMCHG, &native));
  ASSERT_EQ(native, EREMCHG);
  ASSERT_OK(psock_constant_by_name("SO_PASSCRED", NULL, NULL));
  ASSERT_OK(psock_constant_by_name("SCM_CREDENTIALS", NULL, NULL));
  ASSERT_OK(psock_constant_by_name("AF_PACKET", NULL, NULL));
  /* FreeBSD's and macOS's names are not Linux's. */
  ASSERT_ERR(psock_constant_by_name("AF_DIVERT", NULL, NULL), PSOCK_EOPNOTSUPP);
  /* MSG_EOF, the BSDs' flag, psock emulates here (test-posix-feat.c). */
  ASSERT_OK(psock_constant_by_name("MSG_EOF", NULL, NULL));
  ASSERT_ERR(psock_constant_by_name("SO_LINGER_SEC", NULL, NULL),
             PSOCK_EOPNOTSUPP);
  ASSERT(!psock_valid(psock_create(PSOCK_AF_DIVERT, PSOCK_SOCK_STREAM, 0)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EAFNOSUPPORT);
  /* Linux's type flags, or'ed into the type, as PHP 8.4 takes them. */
  take_snapshot(&snap);
  pair[0] = psock_create(
      PSOCK_AF_INET,
      PSOCK_SOCK_STREAM | PSOCK_SOCK_NONBLOCK | PSOCK_SOCK_CLOEXEC, 0);
  ASSERT(psock_valid(pair[0]));
  ASSERT_EQ(psock_is_nonblocking(pair[0]), 1);
  ASSERT_EQ(psock_type(pair[0]), PSOCK_SOCK_STREAM);
  assert_new_fds_cloexec(&snap, 1);
  psock_close(pair[0]);
  pair[0] =
      psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM | PSOCK_SOCK_CLOEXEC, 0);
  ASSERT(psock_valid(pair[0]));
  ASSERT_EQ(psock_is_nonblocking(pair[0]), 0);
  psock_close(pair[0]);
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pair));
  ASSERT_ERR(psock_set_option(pair[0], PSOCK_SOL_SOCKET,
                              PSOCK_SO_EXCLUSIVEADDRUSE, &on, sizeof on),
             PSOCK_ENOPROTOOPT);
  ASSERT_EQ(psock_last_error(pair[0]), PSOCK_ENOPROTOOPT);
  psock_close(pair[0]);
  psock_close(pair[1]);
#endif
  (void)pair;
  (void)on;
  (void)snap;
  return 0;
}

/* Options beyond the seed page's, one of each value type (psock.h,
 * "Options"): ints at the IP levels, a constant-valued int, strings, and
 * what psock does not convert. */
TEST_IMPL(posix_options_every_type) {
  psock_t s4 = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
  psock_t s6 = psock_create(PSOCK_AF_INET6, PSOCK_SOCK_STREAM, 0);
  psock_t t = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  int v, ro = -1;
  char name[64];
  ASSERT(psock_valid(s4) && psock_valid(s6) && psock_valid(t));
  /* Types. */
  ASSERT_EQ(psock_option_type(PSOCK_SOL_SOCKET, PSOCK_SO_LINGER, &ro),
            PSOCK_OPTION_LINGER);
  ASSERT_EQ(ro, 0);
  ASSERT_EQ(psock_option_type(PSOCK_SOL_SOCKET, PSOCK_SO_TYPE, &ro),
            PSOCK_OPTION_INT);
  ASSERT_EQ(ro, 1);
  ASSERT_EQ(psock_option_type(PSOCK_SOL_SOCKET, PSOCK_SO_RCVTIMEO, NULL),
            PSOCK_OPTION_TIMEVAL);
  ASSERT_EQ(psock_option_type(PSOCK_SOL_TCP, PSOCK_TCP_NODELAY, NULL),
            PSOCK_OPTION_BOOL);
  ro = -1;
  ASSERT_EQ(psock_option_type(PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, &ro),
            PSOCK_OPTION_GROUP_REQ);
  ASSERT_EQ(ro, 0);
  ASSERT_EQ(psock_option_type(PSOCK_IPPROTO_IPV6, PSOCK_MCAST_JOIN_SOURCE_GROUP,
                              NULL),
            PSOCK_OPTION_GROUP_SOURCE_REQ);
  /* An interface index, as IPV6_MULTICAST_IF (test-group-namespace.c). */
  ASSERT_EQ(psock_option_type(PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_IF, NULL),
            PSOCK_OPTION_INT);
#if defined(__linux__)
  ASSERT_EQ(
      psock_option_type(PSOCK_SOL_SOCKET, PSOCK_SO_ATTACH_REUSEPORT_CBPF, NULL),
      PSOCK_OPTION_OTHER);
#endif
  ASSERT_ERR(
      psock_option_type(PSOCK_SOL_SOCKET, PSOCK_SO_EXCLUSIVEADDRUSE, NULL),
      PSOCK_ENOPROTOOPT);
  ASSERT_ERR(psock_option_type(PSOCK_SOL_UDP, 2, NULL), PSOCK_ENOPROTOOPT);
  ASSERT_ERR(psock_option_type(12345, 1, NULL), PSOCK_ENOPROTOOPT);
  /* Ints at the IP levels. */
  v = 7;
  ASSERT_OK(psock_set_option(s4, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_TTL, &v,
                             sizeof v));
  v = 0;
  ASSERT_OK(psock_get_option(s4, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_TTL, &v,
                             sizeof v));
  ASSERT_EQ(v, 7);
  v = 5;
  ASSERT_OK(psock_set_option(s4, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_LOOP, &v,
                             sizeof v));
  ASSERT_OK(psock_get_option(s4, PSOCK_IPPROTO_IP, PSOCK_IP_MULTICAST_LOOP, &v,
                             sizeof v));
  ASSERT_EQ(v, 1); /* a boolean reads back as 1 */
  v = 1;
  ASSERT_OK(psock_get_option(s6, PSOCK_IPPROTO_IPV6, PSOCK_IPV6_V6ONLY, &v,
                             sizeof v));
  ASSERT_EQ(v, 0); /* psock's AF_INET6 sockets are dual-stack */
  v = 9;
  ASSERT_OK(psock_set_option(s6, PSOCK_IPPROTO_IPV6, PSOCK_IPV6_UNICAST_HOPS,
                             &v, sizeof v));
  ASSERT_OK(psock_get_option(s6, PSOCK_IPPROTO_IPV6, PSOCK_IPV6_UNICAST_HOPS,
                             &v, sizeof v));
  ASSERT_EQ(v, 9);
  /* An option of the other IP level is no option of this one. */
  ASSERT_ERR(psock_get_option(s4, PSOCK_IPPROTO_IP,
                              PSOCK_IPV6_UNICAST_HOPS + 1000, &v, sizeof v),
             PSOCK_ENOPROTOOPT);
  /* Levels whose options this system lacks: refused as unknown. */
  ASSERT_ERR(
      psock_get_option(s4, PSOCK_SOL_LOCAL, PSOCK_LOCAL_CREDS, &v, sizeof v),
      PSOCK_ENOPROTOOPT);
  ASSERT_ERR(psock_get_option(s4, PSOCK_SOL_FILTER, PSOCK_FIL_ATTACH, name,
                              sizeof name),
             PSOCK_ENOPROTOOPT);
#if defined(__linux__)
  /* Not converted: refused, nothing passed to the system. */
  ASSERT_ERR(psock_set_option(s4, PSOCK_SOL_SOCKET,
                              PSOCK_SO_ATTACH_REUSEPORT_CBPF, &v, sizeof v),
             PSOCK_ENOPROTOOPT);
#endif
  /* A group request takes psock_group_request_t (test-group.c): an int is
   * the wrong size. */
  ASSERT_ERR(psock_set_option(s4, PSOCK_IPPROTO_IP, PSOCK_MCAST_JOIN_GROUP, &v,
                              sizeof v),
             PSOCK_EINVAL);
#if defined(__linux__)
  /* An int whose values are constants: translated both ways. */
  v = PSOCK_IP_PMTUDISC_DO;
  ASSERT_OK(psock_set_option(t, PSOCK_IPPROTO_IP, PSOCK_IP_MTU_DISCOVER, &v,
                             sizeof v));
  v = -1;
  ASSERT_OK(psock_get_option(t, PSOCK_IPPROTO_IP, PSOCK_IP_MTU_DISCOVER, &v,
                             sizeof v));
  ASSERT_EQ(v, PSOCK_IP_PMTUDISC_DO);
  v = 99;
  ASSERT_ERR(psock_set_option(t, PSOCK_IPPROTO_IP, PSOCK_IP_MTU_DISCOVER, &v,
                              sizeof v),
             PSOCK_EINVAL);
  v = 30;
  ASSERT_OK(
      psock_set_option(t, PSOCK_SOL_TCP, PSOCK_TCP_KEEPIDLE, &v, sizeof v));
  v = 0;
  ASSERT_OK(
      psock_get_option(t, PSOCK_SOL_TCP, PSOCK_TCP_KEEPIDLE, &v, sizeof v));
  ASSERT_EQ(v, 30);
  /* Strings: the congestion control algorithm ("reno" is always built). */
  ASSERT_EQ(psock_option_type(PSOCK_SOL_TCP, PSOCK_TCP_CONGESTION, NULL),
            PSOCK_OPTION_STRING);
  ASSERT_OK(
      psock_set_option(t, PSOCK_SOL_TCP, PSOCK_TCP_CONGESTION, "reno", 5));
  memset(name, 'x', sizeof name);
  ASSERT_OK(psock_get_option(t, PSOCK_SOL_TCP, PSOCK_TCP_CONGESTION, name,
                             sizeof name));
  ASSERT_STR_EQ(name, "reno");
  /* Too small a buffer: an error, not a cut name; the buffer untouched. */
  memset(name, 'x', sizeof name);
  ASSERT_ERR(psock_get_option(t, PSOCK_SOL_TCP, PSOCK_TCP_CONGESTION, name, 4),
             PSOCK_ENOBUFS);
  ASSERT_EQ(name[0], 'x');
  ASSERT_ERR(psock_set_option(t, PSOCK_SOL_TCP, PSOCK_TCP_CONGESTION, "reno",
                              4), /* no NUL within size */
             PSOCK_EINVAL);
  ASSERT_ERR(psock_set_option(t, PSOCK_SOL_TCP, PSOCK_TCP_CONGESTION, NULL, 5),
             PSOCK_EINVAL);
  ASSERT_ERR(psock_get_option(t, PSOCK_SOL_TCP, PSOCK_TCP_CONGESTION, name, 0),
             PSOCK_EINVAL);
  ASSERT_ERR(psock_set_option(t, PSOCK_SOL_TCP, PSOCK_TCP_CONGESTION,
                              "no-such-algorithm", 18),
             PSOCK_ENOENT);
  /* The system's refusal of a string option (TCP's, on a UDP socket). */
  ASSERT(psock_get_option(s4, PSOCK_SOL_TCP, PSOCK_TCP_CONGESTION, name,
                          sizeof name) < 0);
  ASSERT(psock_last_native_error(s4) != 0);
  /* UDP-Lite's level reaches the system (Linux answers for UDP sockets). */
  v = -1;
  if (psock_get_option(s4, PSOCK_SOL_UDPLITE, PSOCK_UDPLITE_SEND_CSCOV, &v,
                       sizeof v) == 0)
    ASSERT(v >= 0);
  else
    ASSERT(psock_last_native_error(s4) != 0);
  /* A socket bound to no device reads back "". */
  ASSERT_OK(psock_get_option(t, PSOCK_SOL_SOCKET, PSOCK_SO_BINDTODEVICE, name,
                             sizeof name));
  ASSERT_STR_EQ(name, "");
#endif
  psock_close(s4);
  psock_close(s6);
  psock_close(t);
  return 0;
}

/* NORMAL_READ's edges: a datagram is read whole, as binary; after
 * shutdown for receiving it is end of stream; a length above PTRDIFF_MAX
 * is refused. */
TEST_IMPL(posix_normal_read_edges) {
  psock_t d[2], p[2];
  char buf[64];
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_DGRAM, 0, d));
  ASSERT_EQ(psock_write(d[0], "ab\ncd", 5), 5);
  ASSERT_EQ(psock_read(d[1], buf, sizeof buf, PSOCK_NORMAL_READ), 5);
  ASSERT(memcmp(buf, "ab\ncd", 5) == 0);
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, p));
  write_all(p[0], "one\ntwo\n", 8);
  ASSERT_EQ(psock_read(p[1], buf, sizeof buf, PSOCK_NORMAL_READ), 4);
  ASSERT_ERR(psock_read(p[1], buf, (size_t)PTRDIFF_MAX + 1, PSOCK_NORMAL_READ),
             PSOCK_EINVAL);
  ASSERT_OK(psock_shutdown(p[1], 0));
  ASSERT_EQ(psock_read(p[1], buf, sizeof buf, PSOCK_NORMAL_READ), 0);
  psock_close(d[0]);
  psock_close(d[1]);
  psock_close(p[0]);
  psock_close(p[1]);
  return 0;
}

/* psock_import adopts a descriptor psock did not make: its domain, type and
 * mode are read from the system, it becomes close-on-exec, and psock_close
 * closes it (ownership passed). */
TEST_IMPL(posix_import_adopts_a_descriptor) {
  int sv[2];
  psock_t a, b;
  char buf[8];
  uintptr_t os = 0;
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  ASSERT_EQ(fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK), 0);
  a = psock_import((uintptr_t)sv[0]);
  b = psock_import((uintptr_t)sv[1]);
  ASSERT_VALID(a);
  ASSERT_VALID(b);
  ASSERT_EQ(psock_domain(a), PSOCK_AF_UNIX);
  ASSERT_EQ(psock_type(a), PSOCK_SOCK_STREAM);
  ASSERT_EQ(psock_is_nonblocking(a), 0);
  ASSERT_EQ(psock_is_nonblocking(b), 1);
  ASSERT(fcntl(sv[0], F_GETFD) & FD_CLOEXEC);
  ASSERT_OK(psock_export(a, &os));
  ASSERT_EQ(os, (uintptr_t)sv[0]);
  ASSERT_ERR(psock_read(b, buf, sizeof buf, PSOCK_BINARY_READ),
             PSOCK_EWOULDBLOCK);
  ASSERT_EQ(psock_write(a, "in", 2), 2);
  ASSERT_EQ(psock_read(b, buf, sizeof buf, PSOCK_BINARY_READ), 2);
  ASSERT_OK(psock_close(a));
  ASSERT_OK(psock_close(b));
  ASSERT_EQ(fcntl(sv[0], F_GETFD), -1); /* psock closed it */
  ASSERT_EQ(errno, EBADF);
  return 0;
}

/* A descriptor that is not a socket is refused and left open: the caller
 * still owns it. */
TEST_IMPL(posix_import_refuses_a_pipe) {
  int p[2];
  size_t open = psock_open_count();
  ASSERT_EQ(pipe(p), 0);
  ASSERT(!psock_valid(psock_import((uintptr_t)p[0])));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_ENOTSOCK);
  ASSERT(fcntl(p[0], F_GETFD) != -1);
  ASSERT_EQ(psock_open_count(), open);
  close(p[0]);
  close(p[1]);
  return 0;
}

/* POSIX's sockatmark: not at the mark while ordinary bytes sent before the
 * urgent one wait, at it once they are read. */
TEST_IMPL(posix_atmark_before_the_mark) {
  psock_t c, a, except[1];
  size_t n_except = 1;
  char buf[4];
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_EQ(psock_send(c, "ab", 2, 0), 2);
  ASSERT_EQ(psock_send(c, "!", 1, PSOCK_MSG_OOB), 1);
  except[0] = a;
  ASSERT_EQ(psock_select(NULL, NULL, NULL, NULL, except, &n_except, 5, 0), 1);
  ASSERT_EQ(psock_atmark(a), 0);
  ASSERT_EQ(psock_recv(a, buf, 2, 0), 2);
  ASSERT_EQ(psock_atmark(a), 1);
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(a));
  return 0;
}

/* A socket of a family psock has no name for (AF_NETLINK) is refused and
 * stays the caller's. */
TEST_IMPL(posix_import_refuses_an_unknown_family) {
#if defined(AF_NETLINK)
  int fd = socket(AF_NETLINK, SOCK_RAW, 0);
  size_t open = psock_open_count();
  if (fd < 0)
    return test_skip("no AF_NETLINK socket here");
  ASSERT(!psock_valid(psock_import((uintptr_t)fd)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EAFNOSUPPORT);
  ASSERT(fcntl(fd, F_GETFD) != -1);
  ASSERT_EQ(psock_open_count(), open);
  close(fd);
  return 0;
#else
  return test_skip("no AF_NETLINK on this system");
#endif
}
