/* SPDX-License-Identifier: MIT */
/*
 * handoff.c -- the out-of-band mark, and handing OS sockets in and out of
 * psock (socket_atmark, socket_import_stream, socket_export_stream). Shared
 * by every platform: bookkeeping here, system calls in the backend.
 */
#include "internal.h"

int psock_atmark(psock_t s) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  rc = psock__os_atmark(sock->fd);
  return rc < 0 ? psock__fail_native(sock, -rc) : rc;
}

int psock_export(psock_t s, uintptr_t *os_socket) {
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  if (os_socket == NULL)
    return psock__fail_code(sock, PSOCK_EINVAL);
  *os_socket = (uintptr_t)sock->fd;
  return 0;
}

/* A native socket as a new handle: its family and type must have portable
 * names. On failure an imported socket stays the caller's (psock_import);
 * one psock made itself (a wsaprotocol_info import) is closed. */
static psock_t adopt(psock__fd fd, int ndomain, int ntype, int nonblocking,
                     int close_on_failure) {
  int domain = psock__portable_of_kind(PSOCK_KIND_DOMAIN, ndomain);
  int type = psock__portable_of_kind(PSOCK_KIND_TYPE, ntype);
  int rc = domain == -1 ? PSOCK_EAFNOSUPPORT
           : type == -1 ? PSOCK_ESOCKTNOSUPPORT
                        : 0;
  psock_t s = PSOCK_NONE;
  if (rc == 0)
    rc = psock__register(fd, domain, type, nonblocking, &s);
  if (rc < 0) {
    if (close_on_failure)
      psock__os_close(fd);
    psock__fail_code(NULL, rc);
  }
  return s;
}

psock_t psock_import(uintptr_t os_socket) {
  int ndomain, ntype, nonblocking, rc;
  psock__fd fd;

  rc = psock__ensure_os();
  /* The backend checks that it is a socket, reads what psock records of
   * it, and gives it what every psock socket has (close-on-exec, no
   * SIGPIPE); nothing is changed when it fails. */
  if (rc == 0)
    rc = psock__os_adopt(os_socket, &fd, &ndomain, &ntype, &nonblocking);
  if (rc < 0) {
    psock__fail_native(NULL, -rc);
    return PSOCK_NONE;
  }
  return adopt(fd, ndomain, ntype, nonblocking, 0);
}

ptrdiff_t psock_cmsg_space(int level, int type, size_t n) {
  ptrdiff_t rc;
  if (level != PSOCK_SOL_SOCKET || type != PSOCK_SCM_RIGHTS ||
      n > PSOCK_RIGHTS_MAX)
    return psock__fail_code(NULL, PSOCK_EINVAL);
  if (psock__native_constant(PSOCK_KIND_CMSG, type) == -1)
    return psock__fail_code(NULL, PSOCK_EOPNOTSUPP);
  rc = psock__os_rights_space(n);
  return rc < 0 ? psock__fail_native(NULL, (int)-rc) : rc;
}

int psock_wsaprotocol_info_export(psock_t s, int process_id, char *id,
                                  size_t id_size) {
  int rc;
  LOOKUP_OR_RETURN(sock, s, PSOCK_EBADF);
  if (id == NULL || id_size == 0)
    return psock__fail_code(sock, PSOCK_EINVAL);
  rc = psock__os_wsa_export(sock->fd, process_id, id, id_size);
  return rc < 0 ? psock__fail_native(sock, -rc) : 0;
}

psock_t psock_wsaprotocol_info_import(const char *id) {
  int ndomain, ntype, rc;
  psock__fd fd;
  if (id == NULL) {
    psock__fail_code(NULL, PSOCK_EINVAL);
    return PSOCK_NONE;
  }
  rc = psock__ensure_os();
  if (rc == 0)
    rc = psock__os_wsa_import(id, &fd, &ndomain, &ntype);
  if (rc < 0) {
    psock__fail_native(NULL, -rc);
    return PSOCK_NONE;
  }
  /* Winsock's sockets start blocking; WSASocket made this one. */
  return adopt(fd, ndomain, ntype, 0, 1);
}

int psock_wsaprotocol_info_release(const char *id) {
  int rc;
  if (id == NULL)
    return psock__fail_code(NULL, PSOCK_EINVAL);
  rc = psock__os_wsa_release(id);
  return rc < 0 ? psock__fail_native(NULL, -rc) : 0;
}
