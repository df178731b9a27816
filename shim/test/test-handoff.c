/* SPDX-License-Identifier: MIT */
/* The out-of-band mark (psock_atmark) and handing OS sockets in and out
 * (psock_export, psock_import). The import of descriptors psock does not
 * hold is in posix/test-posix.c: making one needs the OS's own calls. */
#include "test.h"

/* Urgent data behind ordinary bytes: psock_atmark answers (0 or 1) before
 * and after they are read, and the urgent byte is read with MSG_OOB. What
 * the answer is, is POSIX's sockatmark on POSIX (posix_atmark_before_the_
 * mark); Winsock's SIOCATMARK means something else (psock.h). */
TEST_IMPL(handoff_atmark_at_the_mark) {
  psock_t c, a, except[1];
  size_t n_except = 1;
  char buf[16];
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_EQ(psock_send(c, "abc", 3, 0), 3);
  ASSERT_EQ(psock_send(c, "!", 1, PSOCK_MSG_OOB), 1);
  except[0] = a;
  ASSERT_EQ(psock_select(NULL, NULL, NULL, NULL, except, &n_except, 5, 0), 1);
  ASSERT(psock_atmark(a) == 0 || psock_atmark(a) == 1);
  ASSERT_EQ(psock_recv(a, buf, 3, 0), 3);
  ASSERT_MEM_EQ(buf, "abc", 3);
  ASSERT(psock_atmark(a) == 0 || psock_atmark(a) == 1);
  ASSERT_EQ(psock_recv(a, buf, 1, PSOCK_MSG_OOB), 1);
  ASSERT_EQ(buf[0], '!');
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(a));
  return 0;
}

TEST_IMPL(handoff_atmark_bad_handles) {
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_ERR(psock_atmark(PSOCK_NONE), PSOCK_EBADF);
  ASSERT_VALID(s);
  ASSERT_OK(psock_close(s));
  ASSERT_ERR(psock_atmark(s), PSOCK_EBADF);
  return 0;
}

/* The OS socket lent out is the handle's: it carries the connection, and
 * the handle stays usable. */
TEST_IMPL(handoff_export_lends_the_socket) {
  psock_t c, a;
  uintptr_t os = 0, again = 1;
  char buf[8];
  connected(PSOCK_AF_INET, &c, &a);
  ASSERT_OK(psock_export(c, &os));
  ASSERT_OK(psock_export(c, &again));
  ASSERT_EQ(os, again); /* lent, not duplicated */
  ASSERT_EQ(psock_write(c, "hi", 2), 2);
  ASSERT_EQ(psock_read(a, buf, sizeof buf, PSOCK_BINARY_READ), 2);
  ASSERT_OK(psock_close(c));
  ASSERT_OK(psock_close(a));
  return 0;
}

TEST_IMPL(handoff_export_bad_input) {
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  uintptr_t os = 7;
  ASSERT_VALID(s);
  ASSERT_ERR(psock_export(s, NULL), PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(s), PSOCK_EINVAL);
  ASSERT_OK(psock_close(s));
  ASSERT_ERR(psock_export(s, &os), PSOCK_EBADF);
  ASSERT_EQ(os, 7); /* untouched */
  ASSERT_ERR(psock_export(PSOCK_NONE, &os), PSOCK_EBADF);
  return 0;
}

/* What is not an open socket is refused and nothing is made: POSIX says
 * EBADF for a number no descriptor has, Winsock WSAENOTSOCK. */
TEST_IMPL(handoff_import_bad_input) {
  size_t open = psock_open_count();
  int e;
  ASSERT(!psock_valid(psock_import(UINTPTR_MAX)));
  e = psock_last_error(PSOCK_NONE);
  ASSERT(e == PSOCK_EBADF || e == PSOCK_ENOTSOCK);
  ASSERT(!psock_valid(psock_import((uintptr_t)INT32_MAX)));
  e = psock_last_error(PSOCK_NONE);
  ASSERT(e == PSOCK_EBADF || e == PSOCK_ENOTSOCK);
  ASSERT_EQ(psock_open_count(), open);
  return 0;
}

/* ---- control data: SCM_RIGHTS ------------------------------------------ */

/* A datagram pair to pass sockets over and a stream pair to pass: p, q. */
static int rights_pairs(psock_t p[2], psock_t q[2]) {
  if (psock_supports(PSOCK_KIND_CMSG, PSOCK_SCM_RIGHTS) != 1)
    return 0;
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_DGRAM, 0, p));
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, q));
  return 1;
}

static void close_all(psock_t *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    ASSERT_OK(psock_close(s[i]));
}

/* Send the sockets `pass` over p[0] with one byte of data. */
static void send_rights(psock_t from, psock_t *pass, size_t n) {
  psock_iovec_t iov = {(void *)"x", 1};
  psock_control_t control;
  psock_msg_t msg;
  memset(&msg, 0, sizeof msg);
  memset(&control, 0, sizeof control);
  control.rights = pass;
  control.rights_count = n;
  msg.iov = &iov;
  msg.iov_count = 1;
  msg.control = &control;
  ASSERT_EQ(psock_sendmsg(from, &msg, 0), 1);
}

/* Receive on `on` with room for `room` handles and `space` bytes. */
static void receive_rights(psock_t on, psock_t *got, size_t room, size_t space,
                           psock_control_t *control) {
  char byte;
  psock_iovec_t iov;
  psock_msg_t msg;
  iov.base = &byte;
  iov.len = 1;
  memset(&msg, 0, sizeof msg);
  memset(control, 0, sizeof *control);
  control->rights = got;
  control->rights_count = room;
  control->space = space;
  msg.iov = &iov;
  msg.iov_count = 1;
  msg.control = control;
  ASSERT_EQ(psock_recvmsg(on, &msg, 0), 1);
  ASSERT_EQ(byte, 'x');
}

/* The socket received is the one sent: what it writes, q[1] reads. */
TEST_IMPL(handoff_rights_pass_a_socket) {
  psock_t p[2], q[2], got[1];
  psock_control_t control;
  char buf[8];
  ptrdiff_t space = psock_cmsg_space(PSOCK_SOL_SOCKET, PSOCK_SCM_RIGHTS, 1);
  size_t open = psock_open_count();
  if (!rights_pairs(p, q)) {
    ASSERT_ERR(space, PSOCK_EOPNOTSUPP);
    return test_skip("the platform passes no descriptors (SCM_RIGHTS)");
  }
  ASSERT(space > 0);
  ASSERT(psock_cmsg_space(PSOCK_SOL_SOCKET, PSOCK_SCM_RIGHTS, 8) > space);
  send_rights(p[0], &q[0], 1);
  receive_rights(p[1], got, 1, (size_t)space, &control);
  ASSERT_EQ(control.rights_count, 1);
  ASSERT_EQ(control.truncated, 0);
  ASSERT_EQ(psock_domain(got[0]), PSOCK_AF_UNIX);
  ASSERT_EQ(psock_type(got[0]), PSOCK_SOCK_STREAM);
  ASSERT_OK(psock_close(q[0])); /* the received one stands alone */
  ASSERT_EQ(psock_write(got[0], "via", 3), 3);
  ASSERT_EQ(psock_read(q[1], buf, sizeof buf, PSOCK_BINARY_READ), 3);
  ASSERT_MEM_EQ(buf, "via", 3);
  close_all(got, 1);
  close_all(p, 2);
  ASSERT_OK(psock_close(q[1]));
  ASSERT_EQ(psock_open_count(), open);
  return 0;
}

/* Too little space: the system cuts the control data (MSG_CTRUNC) and the
 * data arrives whole; what did arrive is the caller's to close. */
TEST_IMPL(handoff_rights_space_too_small) {
  psock_t p[2], q[2], got[4], pass[3];
  psock_control_t control;
  size_t open = psock_open_count();
  if (!rights_pairs(p, q))
    return test_skip("the platform passes no descriptors (SCM_RIGHTS)");
  pass[0] = q[0];
  pass[1] = q[1];
  pass[2] = q[0];
  send_rights(p[0], pass, 3);
  receive_rights(
      p[1], got, 4,
      (size_t)psock_cmsg_space(PSOCK_SOL_SOCKET, PSOCK_SCM_RIGHTS, 1),
      &control);
  ASSERT_EQ(control.truncated, 1);
  ASSERT(control.rights_count < 3);
  close_all(got, control.rights_count);
  close_all(p, 2);
  close_all(q, 2);
  ASSERT_EQ(psock_open_count(), open);
  return 0;
}

/* More descriptors than handle room: psock closes the rest, says so. */
TEST_IMPL(handoff_rights_more_than_room) {
  psock_t p[2], q[2], got[1];
  psock_control_t control;
  size_t open = psock_open_count();
  if (!rights_pairs(p, q))
    return test_skip("the platform passes no descriptors (SCM_RIGHTS)");
  send_rights(p[0], q, 2);
  receive_rights(
      p[1], got, 1,
      (size_t)psock_cmsg_space(PSOCK_SOL_SOCKET, PSOCK_SCM_RIGHTS, 2),
      &control);
  ASSERT_EQ(control.rights_count, 1);
  ASSERT_EQ(control.truncated, 1);
  close_all(got, 1);
  close_all(p, 2);
  close_all(q, 2);
  ASSERT_EQ(psock_open_count(), open);
  return 0;
}

/* Bad control records are refused before the system is asked: nothing is
 * sent, nothing received is lost. */
TEST_IMPL(handoff_control_bad_input) {
  psock_t p[2], q[2], stale, got[1];
  psock_iovec_t iov = {(void *)"y", 1};
  psock_control_t control;
  psock_msg_t msg;
  char byte = 0;
  ASSERT_ERR(psock_cmsg_space(PSOCK_SOL_TCP, PSOCK_SCM_RIGHTS, 1),
             PSOCK_EINVAL);
  ASSERT_ERR(psock_cmsg_space(PSOCK_SOL_SOCKET, 99, 1), PSOCK_EINVAL);
  ASSERT_ERR(psock_cmsg_space(PSOCK_SOL_SOCKET, PSOCK_SCM_RIGHTS,
                              PSOCK_RIGHTS_MAX + 1),
             PSOCK_EINVAL);
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EINVAL);
  if (!rights_pairs(p, q))
    return test_skip("the platform passes no descriptors (SCM_RIGHTS)");
  stale = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  ASSERT_OK(psock_close(stale));
  memset(&msg, 0, sizeof msg);
  memset(&control, 0, sizeof control);
  msg.iov = &iov;
  msg.iov_count = 1;
  msg.control = &control;
  control.rights_count = 1; /* rights NULL */
  ASSERT_ERR(psock_sendmsg(p[0], &msg, 0), PSOCK_EINVAL);
  control.rights = &stale;
  ASSERT_ERR(psock_sendmsg(p[0], &msg, 0), PSOCK_EBADF);
  control.rights = q;
  control.rights_count = PSOCK_RIGHTS_MAX + 1;
  ASSERT_ERR(psock_sendmsg(p[0], &msg, 0), PSOCK_EINVAL);
  ASSERT_ERR(psock_recvmsg(p[1], &msg, 0), PSOCK_EINVAL);
  control.rights_count = 0;
  control.space = PSOCK_CMSG_SPACE_MAX + 1; /* oversized */
  ASSERT_ERR(psock_recvmsg(p[1], &msg, 0), PSOCK_EINVAL);
  /* Descriptors travel over AF_UNIX only. */
  {
    psock_t u = psock_create(PSOCK_AF_INET, PSOCK_SOCK_DGRAM, 0);
    ASSERT_VALID(u);
    control.rights_count = 1;
    control.space = 0;
    ASSERT_ERR(psock_sendmsg(u, &msg, 0), PSOCK_EOPNOTSUPP);
    ASSERT_OK(psock_close(u));
  }
  /* Nothing was sent: a control record with no rights sends the data
   * alone, and it is there, whole. */
  control.rights_count = 0;
  control.space = 0;
  ASSERT_EQ(psock_sendmsg(p[0], &msg, 0), 1);
  control.space = 1024; /* a large buffer beyond the stack's */
  control.rights = got;
  control.rights_count = 1;
  iov.base = &byte;
  msg.control = &control;
  ASSERT_EQ(psock_recvmsg(p[1], &msg, 0), 1);
  ASSERT_EQ(byte, 'y');
  ASSERT_EQ(control.rights_count, 0);
  ASSERT_EQ(control.truncated, 0);
  close_all(p, 2);
  close_all(q, 2);
  return 0;
}

/* ---- wsaprotocol_info ---------------------------------------------------- */

/* Export for this process, import, release: the imported socket is the
 * same connection. POSIX: the manual's "only on Windows", EOPNOTSUPP. */
TEST_IMPL(handoff_wsaprotocol_round_trip) {
  psock_t c, a, imported;
  char id[PSOCK_WSAPROTOCOL_ID_MAX], buf[8];
  int rc;
  connected(PSOCK_AF_INET, &c, &a);
  rc = psock_wsaprotocol_info_export(c, test_pid(), id, sizeof id);
  if (rc == PSOCK_EOPNOTSUPP) {
    ASSERT(!psock_valid(psock_wsaprotocol_info_import("x")));
    ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EOPNOTSUPP);
    ASSERT_ERR(psock_wsaprotocol_info_release("x"), PSOCK_EOPNOTSUPP);
    ASSERT_OK(psock_close(c));
    ASSERT_OK(psock_close(a));
    return 0;
  }
  ASSERT_OK(rc);
  imported = psock_wsaprotocol_info_import(id);
  ASSERT_VALID(imported);
  ASSERT_EQ(psock_domain(imported), PSOCK_AF_INET);
  ASSERT_EQ(psock_type(imported), PSOCK_SOCK_STREAM);
  ASSERT_OK(psock_wsaprotocol_info_release(id));
  ASSERT_ERR(psock_wsaprotocol_info_release(id), PSOCK_EINVAL); /* once */
  ASSERT_OK(psock_close(c)); /* the import stands alone */
  ASSERT_EQ(psock_write(imported, "dup", 3), 3);
  ASSERT_EQ(psock_read(a, buf, sizeof buf, PSOCK_BINARY_READ), 3);
  ASSERT_OK(psock_close(imported));
  ASSERT_OK(psock_close(a));
  return 0;
}

TEST_IMPL(handoff_wsaprotocol_bad_input) {
  psock_t s = psock_create(PSOCK_AF_INET, PSOCK_SOCK_STREAM, 0);
  char id[4];
  int e;
  ASSERT_VALID(s);
  ASSERT_ERR(psock_wsaprotocol_info_export(s, test_pid(), NULL, 8),
             PSOCK_EINVAL);
  ASSERT_ERR(psock_wsaprotocol_info_export(s, test_pid(), id, 0), PSOCK_EINVAL);
  e = psock_wsaprotocol_info_export(s, test_pid(), id, sizeof id);
  ASSERT(e == PSOCK_EINVAL || e == PSOCK_EOPNOTSUPP); /* id too small */
  ASSERT(!psock_valid(psock_wsaprotocol_info_import(NULL)));
  ASSERT_EQ(psock_last_error(PSOCK_NONE), PSOCK_EINVAL);
  ASSERT(!psock_valid(psock_wsaprotocol_info_import("psock_no_such_id")));
  e = psock_last_error(PSOCK_NONE);
  ASSERT(e == PSOCK_EINVAL || e == PSOCK_EOPNOTSUPP);
  ASSERT_ERR(psock_wsaprotocol_info_release(NULL), PSOCK_EINVAL);
  e = psock_wsaprotocol_info_release("psock_no_such_id");
  ASSERT(e == PSOCK_EINVAL || e == PSOCK_EOPNOTSUPP);
  ASSERT_OK(psock_close(s));
  ASSERT_ERR(psock_wsaprotocol_info_export(s, test_pid(), id, sizeof id),
             PSOCK_EBADF);
  return 0;
}

/* A receive the NORMAL_READ line buffer serves brings no control data. */
TEST_IMPL(handoff_control_from_the_line_buffer) {
  psock_t pair[2], got[1];
  char line[8], rest[8];
  psock_iovec_t iov;
  psock_control_t control;
  psock_msg_t msg;
  iov.base = rest;
  iov.len = sizeof rest;
  ASSERT_OK(psock_create_pair(PSOCK_AF_UNIX, PSOCK_SOCK_STREAM, 0, pair));
  write_all(pair[0], "ab\ncd", 5);
  ASSERT_EQ(psock_read(pair[1], line, sizeof line, PSOCK_NORMAL_READ), 3);
  memset(&msg, 0, sizeof msg);
  memset(&control, 0, sizeof control);
  control.rights = got;
  control.rights_count = 1;
  control.truncated = 7;
  msg.iov = &iov;
  msg.iov_count = 1;
  msg.control = &control;
  ASSERT_EQ(psock_recvmsg(pair[1], &msg, 0), 2);
  ASSERT_MEM_EQ(rest, "cd", 2);
  ASSERT_EQ(control.rights_count, 0);
  ASSERT_EQ(control.truncated, 0);
  ASSERT_OK(psock_close(pair[0]));
  ASSERT_OK(psock_close(pair[1]));
  return 0;
}
