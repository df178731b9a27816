/* SPDX-License-Identifier: MIT */
/* win32/platform.c -- the runner's Windows helpers. */
#include "../test.h"

#include <windows.h>

long test_os_open_count(void) {
  /* Handle counts move with the loader and thread pool on Windows (and
   * Wine); psock's own count is what the runner checks there. */
  return -1;
}

const char *test_make_tmpdir(void) {
  static char dir[MAX_PATH];
  char base[MAX_PATH];
  static unsigned counter;
  DWORD n = GetTempPathA(sizeof base, base);
  if (n == 0 || n >= sizeof base) {
    fprintf(stderr, "GetTempPath failed\n");
    exit(1);
  }
  for (;;) {
    snprintf(dir, sizeof dir, "%spsock-test-%lu-%u", base,
             (unsigned long)GetCurrentProcessId(), ++counter);
    if (CreateDirectoryA(dir, NULL))
      return dir;
    if (GetLastError() != ERROR_ALREADY_EXISTS) {
      fprintf(stderr, "CreateDirectory %s failed\n", dir);
      exit(1);
    }
  }
}

void test_remove_tmpdir(const char *dir) {
  char pattern[MAX_PATH], path[MAX_PATH];
  WIN32_FIND_DATAA fd;
  HANDLE h;
  snprintf(pattern, sizeof pattern, "%s\\*", dir);
  h = FindFirstFileA(pattern, &fd);
  if (h != INVALID_HANDLE_VALUE) {
    do {
      if (strcmp(fd.cFileName, ".") == 0 || strcmp(fd.cFileName, "..") == 0)
        continue;
      snprintf(path, sizeof path, "%s\\%s", dir, fd.cFileName);
      DeleteFileA(path);
    } while (FindNextFileA(h, &fd));
    FindClose(h);
  }
  RemoveDirectoryA(dir);
}

void test_sleep_ms(int ms) { Sleep((DWORD)ms); }

const char *test_platform_description(void) {
  static char text[128];
  typedef const char *(CDECL * wine_version_fn)(void);
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  wine_version_fn wine_version =
      ntdll != NULL ? (wine_version_fn)(void (*)(void))GetProcAddress(
                          ntdll, "wine_get_version")
                    : NULL;
  /* Label Wine as Wine: its results are not Windows'. */
  if (wine_version != NULL)
    snprintf(text, sizeof text, "Windows API on Wine %s", wine_version());
  else
    snprintf(text, sizeof text, "Windows");
  return text;
}

const char *test_c_library(void) {
#if defined(_MSC_VER) || defined(_UCRT)
  return "ucrt";
#else
  return "msvcrt"; /* mingw-w64's default, and what Wine provides */
#endif
}

const char *test_os_name(void) { return "windows"; }

int test_run_isolated(int (*fn)(void), int timeout_seconds) {
  /* Starting a process is slow under Wine; tests run in this process, one
   * after another. A failing assertion comes back here; the sockets that
   * test left open stay open, which later leak checks would blame on the
   * next test, so the count is reset by the runner's baseline per test. */
  static jmp_buf jump;
  volatile int rc = 1;
  (void)timeout_seconds;
  test_fail_jump = &jump;
#if defined(_MSC_VER)
  /* C4611: setjmp with C++ destructors; this is C, nothing to unwind. */
#  pragma warning(suppress : 4611)
#endif
  if (setjmp(jump) == 0)
    rc = fn();
  test_fail_jump = NULL;
  return rc;
}

struct test_thread {
  HANDLE handle;
  void (*fn)(void *);
  void *arg;
};

static DWORD WINAPI thread_main(LPVOID p) {
  test_thread *t = p;
  t->fn(t->arg);
  return 0;
}

test_thread *test_thread_start(void (*fn)(void *), void *arg) {
  test_thread *t = malloc(sizeof *t);
  if (t == NULL)
    test_fail(__FILE__, __LINE__, "out of memory");
  t->fn = fn;
  t->arg = arg;
  t->handle = CreateThread(NULL, 0, thread_main, t, 0, NULL);
  if (t->handle == NULL)
    test_fail(__FILE__, __LINE__, "CreateThread failed");
  return t;
}

void test_thread_join(test_thread *t) {
  WaitForSingleObject(t->handle, INFINITE);
  CloseHandle(t->handle);
  free(t);
}

long long test_now_ms(void) { return (long long)GetTickCount64(); }

int test_under_wine(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
}
