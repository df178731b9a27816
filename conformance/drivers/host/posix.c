/* SPDX-License-Identifier: MIT */
/*
 * host/posix.c -- what the driver core needs from a POSIX host: sleeping,
 * a private temporary directory, the platform description, and the process
 * helpers of PROTOCOL.md that only POSIX has (features "fork", "signals"):
 *
 *   fork_peer {steps}          a child runs the steps with the sockets named
 *                              so far and reports its outcomes at wait_peer
 *   wait_peer {peer, timeout_ms}
 *   signal_handler {signal, restart}   a counting handler (sigaction)
 *   send_signal {signal, to}   to "parent", "self" or a peer's name
 *   signals_caught {signal}    how many times the handler ran
 *   wait_blocked {who, timeout_ms}  until the parent sleeps in a call
 *                              (Linux /proc, macOS libproc)
 *   os_max_backlog             the system's listen backlog maximum
 *   os_listen_backlog {port}   the backlog the OS holds for a listener (ss)
 *   getprotobyname {name}      the protocols database's number
 *   exec_peer {holding}        a program started by exec, holding what exec
 *                              passes on until the case ends (and holding's
 *                              listener, made here without close-on-exec)
 */
#include "../driver.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) ||       \
    defined(__OpenBSD__)
#  include <sys/types.h> /* before sysctl.h: u_int, u_short */
#  include <sys/sysctl.h>
#  define HAVE_SYSCTLBYNAME 1
#endif
#if defined(__APPLE__)
#  include <libproc.h>
#endif

/* A child that lives longer than this (its parent hung or died) is ended by
 * SIGALRM's default action, so no peer outlives a broken run for long. */
#define PEER_WATCHDOG_S 20
#define PEER_WAIT_MS 5000

void drv_block_forever(void) {
  for (;;)
    pause(); /* a case's signal handler may return: block again */
}

int drv_make_tmpdir(char *buf, size_t size) {
  const char *base = getenv("TMPDIR");
  snprintf(buf, size, "%s/psock-drv-XXXXXX",
           base != NULL && base[0] != '\0' ? base : "/tmp");
  return mkdtemp(buf) != NULL ? 0 : -1;
}

void drv_clean_tmpdir(const char *dir, int remove_dir) {
  DIR *d = opendir(dir);
  char path[1024];
  if (d != NULL) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      unlink(path);
    }
    closedir(d);
  }
  if (remove_dir)
    rmdir(dir);
}

void drv_platform(cJSON *platform) {
  struct utsname u;
  if (uname(&u) == 0) {
    cJSON_AddStringToObject(platform, "os", u.sysname);
    cJSON_AddStringToObject(platform, "os_version", u.release);
  }
#if defined(__GLIBC__)
  {
    char text[32];
    snprintf(text, sizeof text, "glibc %d.%d", __GLIBC__, __GLIBC_MINOR__);
    cJSON_AddStringToObject(platform, "libc", text);
  }
#elif defined(__linux__)
  cJSON_AddStringToObject(platform, "libc", "musl");
#else
  cJSON_AddStringToObject(platform, "libc", "system");
#endif
}

void drv_host_features(cJSON *features) {
  /* "root": the network privileges (CAP_NET_RAW, CAP_NET_ADMIN) root or a
     user+network namespace grants; a raw ICMP socket shows them. */
  int raw = socket(AF_INET, SOCK_RAW, 1);
  if (raw >= 0) {
    close(raw);
    cJSON_AddItemToArray(features, cJSON_CreateString("root"));
  }
  cJSON_AddItemToArray(features, cJSON_CreateString("fork"));
  cJSON_AddItemToArray(features, cJSON_CreateString("signals"));
  /* The operating system, for statements the manual makes about one
     platform ("exists only on macOS"). */
#if defined(__linux__)
  cJSON_AddItemToArray(features, cJSON_CreateString("linux"));
#elif defined(__APPLE__)
  cJSON_AddItemToArray(features, cJSON_CreateString("macos"));
#endif
}

/* ---- signals ------------------------------------------------------------- */

/* SIGALRM is not offered: it is the peers' watchdog. */
static const struct {
  const char *name;
  int number;
} signal_names[] = {
    {"SIGCHLD", SIGCHLD}, {"SIGUSR1", SIGUSR1}, {"SIGUSR2", SIGUSR2},
    {"SIGPIPE", SIGPIPE}, {"SIGHUP", SIGHUP},   {"SIGINT", SIGINT},
    {"SIGTERM", SIGTERM},
};
#define SIGNAL_COUNT (sizeof signal_names / sizeof signal_names[0])

static volatile sig_atomic_t caught[SIGNAL_COUNT];
static struct sigaction saved[SIGNAL_COUNT];
static int installed[SIGNAL_COUNT];

static int signal_index(const char *name) {
  size_t i;
  for (i = 0; name != NULL && i < SIGNAL_COUNT; i++)
    if (strcmp(signal_names[i].name, name) == 0)
      return (int)i;
  return -1;
}

static void count_signal(int number) {
  size_t i;
  for (i = 0; i < SIGNAL_COUNT; i++)
    if (signal_names[i].number == number)
      caught[i]++;
}

static int signal_arg(const cJSON *args, cJSON *out) {
  int i = signal_index(arg_str(args, "signal", NULL));
  if (i < 0) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "BAD_CASE");
    cJSON_AddStringToObject(out, "message", "unknown or reserved signal");
  }
  return i;
}

static void out_errno(cJSON *out, int err) {
  cJSON_AddBoolToObject(out, "ok", 0);
  cJSON_AddNumberToObject(out, "native", err);
  cJSON_AddStringToObject(out, "message", strerror(err));
}

/* pcntl_signal(signal, handler, restart_syscalls): without SA_RESTART a
 * blocking call the signal interrupts fails with EINTR. */
static void op_signal_handler(const cJSON *args, const cJSON *as, cJSON *out) {
  struct sigaction sa;
  int i = signal_arg(args, out);
  (void)as;
  if (i < 0)
    return;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = count_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(args, "restart"))
                    ? SA_RESTART
                    : 0;
  if (sigaction(signal_names[i].number, &sa, installed[i] ? NULL : &saved[i]) !=
      0) {
    out_errno(out, errno);
    return;
  }
  installed[i] = 1;
  cJSON_AddBoolToObject(out, "ok", 1);
}

static void op_signals_caught(const cJSON *args, const cJSON *as, cJSON *out) {
  int i = signal_arg(args, out);
  (void)as;
  if (i < 0)
    return;
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddNumberToObject(out, "count", (double)caught[i]);
}

/* ---- peers --------------------------------------------------------------- */

#define MAX_PEERS 16

static struct {
  char name[48];
  pid_t pid;
  int fd; /* read end of the pipe the child reports through */
  int used;
} peers[MAX_PEERS];

static int peer_find(const char *name) {
  int i;
  for (i = 0; name != NULL && i < MAX_PEERS; i++)
    if (peers[i].used && strcmp(peers[i].name, name) == 0)
      return i;
  return -1;
}

static void peer_reap(int i, int *status) {
  while (waitpid(peers[i].pid, status, 0) == -1 && errno == EINTR)
    ;
  close(peers[i].fd);
  peers[i].used = 0;
}

static void op_send_signal(const cJSON *args, const cJSON *as, cJSON *out) {
  const char *to = arg_str(args, "to", "self");
  int i = signal_arg(args, out);
  pid_t pid;
  (void)as;
  if (i < 0)
    return;
  if (strcmp(to, "parent") == 0) {
    pid = getppid();
  } else if (strcmp(to, "self") == 0) {
    pid = getpid();
  } else {
    int p = peer_find(to);
    if (p < 0) {
      cJSON_AddBoolToObject(out, "ok", 0);
      cJSON_AddStringToObject(out, "error", "NO_SUCH_NAME");
      return;
    }
    pid = peers[p].pid;
  }
  if (kill(pid, signal_names[i].number) != 0) {
    out_errno(out, errno);
    return;
  }
  cJSON_AddBoolToObject(out, "ok", 1);
}

/* The child: its own counters and peers, no way to the harness but the
 * pipe, then the steps, then its outcomes as one JSON array. */
static void run_peer(const cJSON *steps, int report) {
  const cJSON *step;
  cJSON *outs = cJSON_CreateArray();
  char *text;
  size_t i, len, done = 0;
  int devnull = open("/dev/null", O_RDWR);
  if (devnull >= 0) {
    dup2(devnull, STDIN_FILENO);
    dup2(devnull, STDOUT_FILENO);
    close(devnull);
  }
  alarm(PEER_WATCHDOG_S);
  for (i = 0; i < MAX_PEERS; i++)
    if (peers[i].used) {
      close(peers[i].fd); /* a sibling: the parent's to wait for */
      peers[i].used = 0;
    }
  for (i = 0; i < SIGNAL_COUNT; i++)
    caught[i] = 0;
  cJSON_ArrayForEach(step, steps) {
    cJSON *o = drv_run_step(step);
    int unsupported =
        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "unsupported"));
    cJSON_AddItemToArray(outs, o);
    if (unsupported)
      break;
  }
  text = cJSON_PrintUnformatted(outs);
  len = text != NULL ? strlen(text) : 0;
  while (done < len) {
    ssize_t n = write(report, text + done, len - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      _exit(3);
    done += (size_t)n;
  }
  /* What the child made is freed (a leak checker watching the child sees
   * none); then _exit: the parent's stdio buffers and atexit handlers are
   * not ours. */
  {
    int status = text != NULL ? 0 : 3;
    free(text);
    cJSON_Delete(outs);
    _exit(status);
  }
}

static void op_fork_peer(const cJSON *args, const cJSON *as, cJSON *out) {
  const cJSON *steps = cJSON_GetObjectItemCaseSensitive(args, "steps");
  int fds[2], slot;
  pid_t pid;
  if (!cJSON_IsString(as) || !cJSON_IsArray(steps)) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "BAD_CASE");
    cJSON_AddStringToObject(out, "message", "fork_peer needs steps and a name");
    return;
  }
  if (peer_find(as->valuestring) >= 0) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "BAD_CASE");
    cJSON_AddStringToObject(out, "message", "that peer is still running");
    return;
  }
  for (slot = 0; slot < MAX_PEERS && peers[slot].used; slot++)
    ;
  if (slot == MAX_PEERS || pipe(fds) != 0) {
    out_errno(out, slot == MAX_PEERS ? EAGAIN : errno);
    return;
  }
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  fflush(stdout);
  fflush(stderr);
  pid = fork();
  if (pid == 0) {
    close(fds[0]);
    run_peer(steps, fds[1]);
  }
  close(fds[1]);
  if (pid < 0) {
    out_errno(out, errno);
    close(fds[0]);
    return;
  }
  snprintf(peers[slot].name, sizeof peers[slot].name, "%s", as->valuestring);
  peers[slot].pid = pid;
  peers[slot].fd = fds[0];
  peers[slot].used = 1;
  cJSON_AddBoolToObject(out, "ok", 1);
}

long drv_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Everything the child wrote, until it closes the pipe (it exited) or the
 * deadline passes; NULL on timeout. */
static char *read_report(int fd, long timeout_ms) {
  long deadline = drv_now_ms() + timeout_ms;
  size_t len = 0, cap = 4096;
  char *buf = malloc(cap);
  while (buf != NULL) {
    struct pollfd p;
    long left = deadline - drv_now_ms();
    ssize_t n;
    p.fd = fd;
    p.events = POLLIN;
    if (left <= 0)
      break;
    if (poll(&p, 1, (int)left) <= 0)
      continue; /* EINTR (a case's handler) or the time is up */
    if (len + 1 == cap) {
      char *bigger = realloc(buf, cap * 2);
      if (bigger == NULL)
        break;
      buf = bigger;
      cap *= 2;
    }
    n = read(fd, buf + len, cap - 1 - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      buf[len] = '\0';
      return buf;
    }
    len += (size_t)n;
  }
  free(buf);
  return NULL;
}

static void op_wait_peer(const cJSON *args, const cJSON *as, cJSON *out) {
  int i = peer_find(arg_str(args, "peer", NULL));
  int status = 0;
  char *report;
  cJSON *steps;
  (void)as;
  if (i < 0) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "NO_SUCH_NAME");
    return;
  }
  report = read_report(peers[i].fd, arg_long(args, "timeout_ms", PEER_WAIT_MS));
  if (report == NULL)
    kill(peers[i].pid, SIGKILL);
  peer_reap(i, &status);
  steps = report != NULL ? cJSON_Parse(report) : NULL;
  free(report);
  if (WIFEXITED(status))
    cJSON_AddNumberToObject(out, "exit", WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    cJSON_AddNumberToObject(out, "signal", WTERMSIG(status));
  if (cJSON_IsArray(steps) && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    cJSON_AddBoolToObject(out, "ok", 1);
  } else {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error",
                            report == NULL ? "PEER_TIMEOUT" : "PEER_FAILED");
  }
  if (cJSON_IsArray(steps))
    cJSON_AddItemToObject(out, "steps", steps);
  else
    cJSON_Delete(steps);
}

/* A process's scheduler state: 'S' while it sleeps in an interruptible call
 * such as accept(), from /proc on Linux; on macOS, where there is none, a
 * process with no running thread (libproc's task info) counts as 'S'. 0
 * where neither tells. */
static char proc_state(pid_t pid) {
  char path[64], buf[512];
  const char *close_paren;
  FILE *f;
  size_t n;
#if defined(__APPLE__)
  struct proc_taskinfo task;
  if (proc_pidinfo(pid, PROC_PIDTASKINFO, 0, &task, sizeof task) ==
      (int)sizeof task)
    return task.pti_numrunning == 0 ? 'S' : 'R';
#endif
  snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
  f = fopen(path, "r");
  if (f == NULL)
    return 0;
  n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  /* "pid (comm) S ...": comm may hold spaces and parentheses. */
  close_paren = strrchr(buf, ')');
  return close_paren != NULL && close_paren[1] == ' ' ? close_paren[2] : 0;
}

/* A forked peer waits until its parent is blocked in the call the case made
 * next (accept, read): the event the case needs, not a guessed delay. The
 * parent runs only the case's steps, so sleeping means that call blocks. */
static void op_wait_blocked(const cJSON *args, const cJSON *as, cJSON *out) {
  long deadline = drv_now_ms() + arg_long(args, "timeout_ms", PEER_WAIT_MS);
  pid_t parent = getppid();
  char state = proc_state(parent);
  (void)as;
  if (strcmp(arg_str(args, "who", ""), "parent") != 0) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "BAD_CASE");
    cJSON_AddStringToObject(out, "message", "who must be \"parent\"");
    return;
  }
  if (state == 0) {
    cJSON_AddBoolToObject(out, "unsupported", 1);
    cJSON_AddStringToObject(out, "why",
                            "this host cannot tell whether a process sleeps");
    return;
  }
  /* No call waits for another process to block: look again, giving the
   * CPU away between looks (the parent has to run to reach its call), until
   * it sleeps or the deadline passes. No fixed delay: the peer goes on the
   * moment the parent blocks. */
  while (state != 'S' && drv_now_ms() < deadline) {
    sched_yield();
    state = proc_state(parent);
  }
  cJSON_AddBoolToObject(out, "ok", state == 'S');
  if (state != 'S')
    cJSON_AddStringToObject(out, "error", "ETIMEDOUT");
}

/* The backlog maximum as the OS itself states it, for comparing what an
 * implementation reports with the system's own value. */
static void op_os_max_backlog(const cJSON *args, const cJSON *as, cJSON *out) {
  long value = -1;
  (void)args;
  (void)as;
#ifdef HAVE_SYSCTLBYNAME
  {
    int v = 0;
    size_t len = sizeof v;
    if (sysctlbyname("kern.ipc.somaxconn", &v, &len, NULL, 0) == 0)
      value = v;
  }
#else
  {
    FILE *f = fopen("/proc/sys/net/core/somaxconn", "r");
    if (f != NULL) {
      if (fscanf(f, "%ld", &value) != 1)
        value = -1;
      fclose(f);
    }
  }
#endif
  if (value < 0) {
    cJSON_AddBoolToObject(out, "unsupported", 1);
    cJSON_AddStringToObject(out, "why", "the system states no backlog maximum");
    return;
  }
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddNumberToObject(out, "ret", (double)value);
}

/* The backlog the OS holds for the TCP listener on port, as the OS reports
 * it: Linux's ss (inet_diag), whose Send-Q of a listener is its backlog; in
 * the private network namespace the harness makes, every listener there
 * is the case's. */
static void op_os_listen_backlog(const cJSON *args, const cJSON *as,
                                 cJSON *out) {
  char command[96], state[32], line[512];
  long recv_q = 0, send_q = -1;
  FILE *ss;
  (void)as;
#ifdef __linux__
  snprintf(command, sizeof command, "ss -ltnH 'sport = :%ld' 2>/dev/null",
           arg_long(args, "port", 0));
  ss = popen(command, "r");
#else
  (void)args;
  (void)command;
  ss = NULL;
#endif
  if (ss == NULL) {
    cJSON_AddBoolToObject(out, "unsupported", 1);
    cJSON_AddStringToObject(
        out, "why", "no ss (iproute2) to ask the OS for a listener's backlog");
    return;
  }
  if (fgets(line, sizeof line, ss) == NULL ||
      sscanf(line, "%31s %ld %ld", state, &recv_q, &send_q) != 3 ||
      strcmp(state, "LISTEN") != 0)
    send_q = -1;
  pclose(ss);
  if (send_q < 0) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "NOT_LISTED");
    return;
  }
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddNumberToObject(out, "ret", (double)send_q);
}

long drv_descriptor_write(uintptr_t os, const void *buf, size_t len) {
  return (long)write((int)os, buf, len);
}

int drv_descriptor_dup(uintptr_t os, uintptr_t *out) {
  int d = fcntl((int)os, F_DUPFD_CLOEXEC, 0);
  if (d < 0)
    return -1;
  *out = (uintptr_t)d;
  return 0;
}

void drv_descriptor_close(uintptr_t os) { close((int)os); }

int drv_process_id(void) { return (int)getpid(); }

/* stream_read: at most length bytes through a named stream's descriptor
 * (read(2)), as a program holding it would. */
static void op_stream_read(const cJSON *args, const cJSON *as, cJSON *out) {
  uintptr_t os;
  char buf[65536];
  long want = arg_long(args, "length", 1);
  ssize_t n;
  (void)as;
  if (drv_lookup_stream(arg_str(args, "stream", NULL), &os) != 0) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "NO_SUCH_NAME");
    return;
  }
  if (want < 1 || want > (long)sizeof buf)
    want = (long)sizeof buf;
  while ((n = read((int)os, buf, (size_t)want)) < 0 && errno == EINTR)
    ;
  if (n < 0) {
    out_errno(out, errno);
    return;
  }
  cJSON_AddBoolToObject(out, "ok", 1);
  cJSON_AddNumberToObject(out, "ret", (double)n);
  out_bytes(out, "data_b64", buf, (size_t)n);
}

/* stream_open_null: /dev/null, a descriptor that holds no socket. */
static void op_stream_open_null(const cJSON *args, const cJSON *as,
                                cJSON *out) {
  int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  (void)args;
  cJSON_AddBoolToObject(out, "ok", fd >= 0);
  if (fd >= 0 && cJSON_IsString(as))
    drv_name_stream(as->valuestring, (uintptr_t)fd, 1);
  else if (fd >= 0)
    close(fd);
}

/* getprotobyname: the protocols database's number for a name, which the
 * pages name as the source of socket_create's protocol and the option
 * functions' level. */
static void op_getprotobyname(const cJSON *args, const cJSON *as, cJSON *out) {
  const struct protoent *p = getprotobyname(arg_str(args, "name", ""));
  (void)as;
  cJSON_AddBoolToObject(out, "ok", p != NULL);
  if (p != NULL)
    cJSON_AddNumberToObject(out, "ret", p->p_proto);
  else
    cJSON_AddStringToObject(out, "error", "NO_SUCH_PROTOCOL");
}

/* exec_peer: /bin/sh, started by exec, waits on its standard input (a pipe
 * whose write end the parent keeps) and so holds every descriptor exec
 * passed on -- those without close-on-exec -- until the case ends: a peer
 * like fork_peer's, killed and reaped by drv_host_reset. */
/* holding: the driver's own AF_UNIX listener at path, made without
 * close-on-exec (not the implementation's socket), for the exec'd program
 * alone to hold once the driver closes its copy: -1 with errno set. */
static int inheritable_listener(const char *path) {
  struct sockaddr_un local;
  int fd;
  memset(&local, 0, sizeof local);
  local.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof local.sun_path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(local.sun_path, path, strlen(path));
  fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0)
    return -1;
  if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0 ||
      listen(fd, 1) != 0) {
    int err = errno;
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

static void op_exec_peer(const cJSON *args, const cJSON *as, cJSON *out) {
  int fds[2], execd[2], slot, held = -1;
  char byte;
  pid_t pid;
  const char *holding = arg_str(args, "holding", NULL);
  if (!cJSON_IsString(as) || peer_find(as->valuestring) >= 0) {
    cJSON_AddBoolToObject(out, "ok", 0);
    cJSON_AddStringToObject(out, "error", "BAD_CASE");
    cJSON_AddStringToObject(out, "message", "exec_peer needs a new name");
    return;
  }
  for (slot = 0; slot < MAX_PEERS && peers[slot].used; slot++)
    ;
  if (holding != NULL && (held = inheritable_listener(holding)) < 0) {
    out_errno(out, errno);
    return;
  }
  if (slot == MAX_PEERS || pipe(fds) != 0) {
    out_errno(out, slot == MAX_PEERS ? EAGAIN : errno);
    if (held >= 0)
      close(held);
    return;
  }
  if (pipe(execd) != 0) {
    out_errno(out, errno);
    close(fds[0]);
    close(fds[1]);
    if (held >= 0)
      close(held);
    return;
  }
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  fcntl(execd[0], F_SETFD, FD_CLOEXEC);
  fcntl(execd[1], F_SETFD, FD_CLOEXEC);
  fflush(stdout);
  fflush(stderr);
  pid = fork();
  if (pid == 0) {
    if (dup2(fds[0], 0) == -1) /* dup2 clears close-on-exec on 0 */
      _exit(127);
    execl("/bin/sh", "sh", "-c", "read x", (char *)NULL);
    if (write(execd[1], "!", 1) < 0) /* exec failed: say so */
      _exit(127);
    _exit(127);
  }
  close(fds[0]);
  close(execd[1]);
  if (held >= 0)
    close(held); /* the child has its own copy (or none: fork failed) */
  if (pid < 0) {
    close(execd[0]);
    close(fds[1]);
    out_errno(out, errno);
    return;
  }
  /* Until exec has happened the forked child holds every descriptor:
   * execd's write end closes at exec (end of file here), or carries a byte
   * when exec failed. */
  {
    ssize_t n;
    while ((n = read(execd[0], &byte, 1)) < 0 && errno == EINTR)
      ;
    close(execd[0]);
    if (n != 0) {
      kill(pid, SIGKILL);
      while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
        ;
      close(fds[1]);
      cJSON_AddBoolToObject(out, "ok", 0);
      cJSON_AddStringToObject(out, "error", "EXEC_FAILED");
      return;
    }
  }
  snprintf(peers[slot].name, sizeof peers[slot].name, "%s", as->valuestring);
  peers[slot].pid = pid;
  peers[slot].fd = fds[1];
  peers[slot].used = 1;
  cJSON_AddBoolToObject(out, "ok", 1);
}

const drv_op drv_host_ops[] = {
    {"fork_peer", op_fork_peer},
    {"wait_peer", op_wait_peer},
    {"signal_handler", op_signal_handler},
    {"send_signal", op_send_signal},
    {"signals_caught", op_signals_caught},
    {"wait_blocked", op_wait_blocked},
    {"os_max_backlog", op_os_max_backlog},
    {"os_listen_backlog", op_os_listen_backlog},
    {"stream_write", drv_op_stream_write},
    {"stream_open_null", op_stream_open_null},
    {"stream_read", op_stream_read},
    {"getprotobyname", op_getprotobyname},
    {"exec_peer", op_exec_peer},
    {"socket_get_status", drv_op_no_stream_alias},
    {"socket_set_blocking", drv_op_no_stream_alias},
    {"socket_set_timeout", drv_op_no_stream_alias},
    {"foreign_socket", drv_op_foreign_socket},
};
const size_t drv_host_op_count = sizeof drv_host_ops / sizeof drv_host_ops[0];

/* After a case: no peer survives it, no handler of it stays installed. */
void drv_host_reset(void) {
  size_t i;
  int status;
  for (i = 0; i < MAX_PEERS; i++)
    if (peers[i].used) {
      kill(peers[i].pid, SIGKILL);
      peer_reap((int)i, &status);
    }
  for (i = 0; i < SIGNAL_COUNT; i++) {
    if (installed[i])
      sigaction(signal_names[i].number, &saved[i], NULL);
    installed[i] = 0;
    caught[i] = 0;
  }
}

int drv_locale_has_messages(const char *locale) {
#if defined(__linux__) && !defined(__GLIBC__)
  /* musl accepts every locale name and translates only from the catalogs
   * under MUSL_LOCPATH (a colon-separated list of directories, each file
   * named after its locale); without one its messages stay English. */
  const char *dirs = getenv("MUSL_LOCPATH");
  char path[4096];
  while (dirs != NULL && *dirs != '\0') {
    size_t n = strcspn(dirs, ":");
    if (n > 0 && n < sizeof path &&
        snprintf(path, sizeof path, "%.*s/%s", (int)n, dirs, locale) <
            (int)sizeof path &&
        access(path, R_OK) == 0)
      return 1;
    dirs += n + (dirs[n] == ':');
  }
  return 0;
#else
  /* glibc, macOS, the BSDs: a locale setlocale accepts has its messages
   * where they were installed with it. */
  (void)locale;
  return 1;
#endif
}
