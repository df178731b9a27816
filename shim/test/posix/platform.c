/* SPDX-License-Identifier: MIT */
/* posix/platform.c -- the runner's POSIX helpers. */
#if defined(__linux__)
#  define _GNU_SOURCE
#endif
#include "../test.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <errno.h>
#include <signal.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

long test_os_open_count(void) {
  /* /proc/self/fd on Linux; elsewhere probe descriptors one by one. */
  DIR *d = opendir("/proc/self/fd");
  long n = 0;
  if (d != NULL) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
      if (e->d_name[0] != '.')
        n++;
    closedir(d);
    return n - 1; /* the directory's own descriptor */
  } else {
    long fd, max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536)
      max = 65536;
    for (fd = 0; fd < max; fd++)
      if (fcntl((int)fd, F_GETFD) != -1)
        n++;
    return n;
  }
}

const char *test_make_tmpdir(void) {
  static char dir[256];
  const char *base = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/psock-test-XXXXXX",
           base != NULL && base[0] != '\0' ? base : "/tmp");
  if (mkdtemp(dir) == NULL) {
    perror("mkdtemp");
    exit(1);
  }
  return dir;
}

void test_remove_tmpdir(const char *dir) {
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
  rmdir(dir);
}

void test_sleep_ms(int ms) {
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (long)(ms % 1000) * 1000000L;
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
  }
}

const char *test_platform_description(void) {
  static char text[256];
  struct utsname u;
  const char *libc = "unknown libc";
#if defined(__GLIBC__)
  static char glibc[32];
  snprintf(glibc, sizeof glibc, "glibc %d.%d", __GLIBC__, __GLIBC_MINOR__);
  libc = glibc;
#elif defined(__linux__)
  libc = "musl (or another non-glibc libc)";
#elif defined(__APPLE__)
  libc = "libSystem";
#endif
  if (uname(&u) == 0)
    snprintf(text, sizeof text, "%s %s %s, %s", u.sysname, u.release, u.machine,
             libc);
  else
    snprintf(text, sizeof text, "POSIX, %s", libc);
  return text;
}

const char *test_c_library(void) {
#if defined(__GLIBC__)
  return "glibc";
#elif defined(__APPLE__)
  return "libsystem";
#elif defined(__linux__)
  return "musl"; /* the one other Linux C library psock builds with */
#else
  return "other";
#endif
}

const char *test_os_name(void) {
#if defined(__linux__)
  return "linux";
#elif defined(__APPLE__)
  return "macos";
#else
  return "other";
#endif
}

int test_run_isolated(int (*fn)(void), int timeout_seconds) {
  int status;
  pid_t pid = fork();
  if (pid == -1) {
    perror("fork");
    return 1;
  }
  if (pid == 0) {
    alarm((unsigned)timeout_seconds); /* SIGALRM's default kills a hang */
    /* exit, not _exit: LeakSanitizer and valgrind check for leaks at exit,
     * so each test is checked on its own. stdout is unbuffered. */
    exit(fn());
  }
  while (waitpid(pid, &status, 0) == -1) {
    if (errno != EINTR) {
      perror("waitpid");
      return 1;
    }
  }
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  fprintf(stderr, "  killed by signal %d%s\n", WTERMSIG(status),
          WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
  return 128 + WTERMSIG(status);
}

struct test_thread {
  pthread_t id;
  void (*fn)(void *);
  void *arg;
};

static void *thread_main(void *p) {
  test_thread *t = p;
  t->fn(t->arg);
  return NULL;
}

test_thread *test_thread_start(void (*fn)(void *), void *arg) {
  test_thread *t = malloc(sizeof *t);
  if (t == NULL)
    test_fail(__FILE__, __LINE__, "out of memory");
  t->fn = fn;
  t->arg = arg;
  if (pthread_create(&t->id, NULL, thread_main, t) != 0)
    test_fail(__FILE__, __LINE__, "pthread_create failed");
  return t;
}

void test_thread_join(test_thread *t) {
  pthread_join(t->id, NULL);
  free(t);
}

long long test_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int test_under_wine(void) { return 0; }
