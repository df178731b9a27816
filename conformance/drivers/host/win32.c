/* SPDX-License-Identifier: MIT */
/*
 * host/win32.c -- what the driver core needs from a Windows host. Windows
 * has neither fork nor POSIX signals: the process helpers of PROTOCOL.md are
 * absent, so cases needing "fork" or "signals" are UNSUPPORTED here.
 */
#include "../driver.h"

#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>

void drv_block_forever(void) {
  for (;;)
    Sleep(INFINITE);
}

long drv_now_ms(void) { return (long)GetTickCount64(); }

int drv_make_tmpdir(char *buf, size_t size) {
  char base[MAX_PATH];
  if (GetTempPathA(sizeof base, base) == 0)
    return -1;
  snprintf(buf, size, "%spsock-drv-%lu", base,
           (unsigned long)GetCurrentProcessId());
  return CreateDirectoryA(buf, NULL) || GetLastError() == ERROR_ALREADY_EXISTS
             ? 0
             : -1;
}

void drv_clean_tmpdir(const char *dir, int remove_dir) {
  char pattern[MAX_PATH + 4], path[MAX_PATH * 2];
  WIN32_FIND_DATAA found;
  HANDLE h;
  snprintf(pattern, sizeof pattern, "%s\\*", dir);
  h = FindFirstFileA(pattern, &found);
  if (h != INVALID_HANDLE_VALUE) {
    do {
      if (strcmp(found.cFileName, ".") == 0 ||
          strcmp(found.cFileName, "..") == 0)
        continue;
      snprintf(path, sizeof path, "%s\\%s", dir, found.cFileName);
      DeleteFileA(path);
    } while (FindNextFileA(h, &found));
    FindClose(h);
  }
  if (remove_dir)
    RemoveDirectoryA(dir);
}

void drv_platform(cJSON *platform) {
  typedef const char *(CDECL * wine_version_fn)(void);
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  wine_version_fn wine = ntdll != NULL
                             ? (wine_version_fn)(void (*)(void))GetProcAddress(
                                   ntdll, "wine_get_version")
                             : NULL;
  cJSON_AddStringToObject(platform, "os",
                          wine != NULL ? "windows-on-wine" : "windows");
  cJSON_AddStringToObject(platform, "os_version", wine != NULL ? wine() : "");
  cJSON_AddStringToObject(platform, "libc", "msvcrt");
}

/* "root": the privilege raw sockets need (an administrator's on Windows;
   under Wine, the host user's CAP_NET_RAW); a raw ICMP socket shows it.
   "windows": the operating system. */
void drv_host_features(cJSON *features) {
  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) == 0) { /* counted: ours alone */
    SOCKET raw = socket(AF_INET, SOCK_RAW, 1);
    if (raw != INVALID_SOCKET) {
      closesocket(raw);
      cJSON_AddItemToArray(features, cJSON_CreateString("root"));
    }
    WSACleanup();
  }
  cJSON_AddItemToArray(features, cJSON_CreateString("windows"));
}

/* Winsock states no backlog maximum: SOMAXCONN asks the provider for "a
 * reasonable value" it does not tell (the spec's win32 note). */
static void op_os_max_backlog(const cJSON *args, const cJSON *as, cJSON *out) {
  (void)args;
  (void)as;
  cJSON_AddBoolToObject(out, "unsupported", 1);
  cJSON_AddStringToObject(out, "why", "Windows states no backlog maximum");
}

/* Winsock reports no listener's backlog (no inet_diag, no ss). */
static void op_os_listen_backlog(const cJSON *args, const cJSON *as,
                                 cJSON *out) {
  (void)args;
  (void)as;
  cJSON_AddBoolToObject(out, "unsupported", 1);
  cJSON_AddStringToObject(out, "why",
                          "Windows reports no listener's backlog in force");
}

/* A stream here is a SOCKET (what psock_export lends, a duplicate of one)
 * or, for the null device, a file HANDLE: getsockopt tells them apart. */
static int is_socket(uintptr_t os) {
  int type = 0, len = sizeof type;
  return getsockopt((SOCKET)os, SOL_SOCKET, SO_TYPE, (char *)&type, &len) == 0;
}

long drv_descriptor_write(uintptr_t os, const void *buf, size_t len) {
  DWORD written = 0;
  int n;
  if (!is_socket(os))
    return WriteFile((HANDLE)os, buf, (DWORD)len, &written, NULL)
               ? (long)written
               : -1;
  n = send((SOCKET)os, (const char *)buf, (int)len, 0);
  return n == SOCKET_ERROR ? -1 : (long)n;
}

/* A copy the driver owns, as dup(2) gives on POSIX: a SOCKET through
 * WSADuplicateSocketW for this process (Winsock's way: DuplicateHandle is
 * not for sockets), a file handle through DuplicateHandle. */
int drv_descriptor_dup(uintptr_t os, uintptr_t *out) {
  WSAPROTOCOL_INFOW info;
  SOCKET s;
  HANDLE h;
  if (!is_socket(os)) {
    if (!DuplicateHandle(GetCurrentProcess(), (HANDLE)os, GetCurrentProcess(),
                         &h, 0, FALSE, DUPLICATE_SAME_ACCESS))
      return -1;
    *out = (uintptr_t)h;
    return 0;
  }
  if (WSADuplicateSocketW((SOCKET)os, GetCurrentProcessId(), &info) != 0)
    return -1;
  s = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
                 &info, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (s == INVALID_SOCKET)
    return -1;
  *out = (uintptr_t)s;
  return 0;
}

void drv_descriptor_close(uintptr_t os) {
  if (is_socket(os))
    closesocket((SOCKET)os);
  else
    CloseHandle((HANDLE)os);
}

int drv_process_id(void) { return (int)GetCurrentProcessId(); }

/* stream_open_null: the null device (NUL), a file handle that holds no
 * socket. */
static void op_stream_open_null(const cJSON *args, const cJSON *as,
                                cJSON *out) {
  HANDLE h = CreateFileA("NUL", GENERIC_READ | GENERIC_WRITE,
                         FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                         OPEN_EXISTING, 0, NULL);
  (void)args;
  cJSON_AddBoolToObject(out, "ok", h != INVALID_HANDLE_VALUE);
  if (h != INVALID_HANDLE_VALUE && cJSON_IsString(as))
    drv_name_stream(as->valuestring, (uintptr_t)h, 1);
  else if (h != INVALID_HANDLE_VALUE)
    CloseHandle(h);
}

/* getprotobyname: Winsock's protocols database's number for a name. */
static void op_getprotobyname(const cJSON *args, const cJSON *as, cJSON *out) {
  const struct protoent *p = getprotobyname(arg_str(args, "name", ""));
  (void)as;
  cJSON_AddBoolToObject(out, "ok", p != NULL);
  if (p != NULL)
    cJSON_AddNumberToObject(out, "ret", p->p_proto);
  else
    cJSON_AddStringToObject(out, "error", "NO_SUCH_PROTOCOL");
}

const drv_op drv_host_ops[] = {{"os_max_backlog", op_os_max_backlog},
                               {"os_listen_backlog", op_os_listen_backlog},
                               {"stream_write", drv_op_stream_write},
                               {"stream_open_null", op_stream_open_null},
                               {"getprotobyname", op_getprotobyname},
                               {"socket_get_status", drv_op_no_stream_alias},
                               {"socket_set_blocking", drv_op_no_stream_alias},
                               {"socket_set_timeout", drv_op_no_stream_alias},
                               {"foreign_socket", drv_op_foreign_socket}};
const size_t drv_host_op_count = sizeof drv_host_ops / sizeof drv_host_ops[0];

void drv_host_reset(void) {}

int drv_locale_has_messages(const char *locale) {
  /* Windows' messages come from the system's language, not the C locale:
   * setlocale alone decides what the driver can ask for. */
  (void)locale;
  return 1;
}
