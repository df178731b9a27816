/* SPDX-License-Identifier: MIT */
/*
 * test-list.h -- every unit test, declared once. The runner and CMake (which
 * registers one CTest test each, or one per group under an emulator) both
 * read these lists. A test's group is its name up to the first '_'.
 */
#define TEST_LIST(X)                                                           \
  X(errors_strerror_english)                                                   \
  X(errors_names)                                                              \
  X(errors_native_round_trip)                                                  \
  X(errors_last_error_global_and_socket)                                       \
  X(errors_clear_error)                                                        \
  X(errors_localized_german)                                                   \
  X(errors_localized_expectation_every_platform)                               \
  X(errors_localized_bad_input)                                                \
  X(errors_localized_cut_between_characters)                                   \
  X(errors_bind_in_use_message)                                                \
  X(handles_none_is_invalid)                                                   \
  X(handles_closed_handle_every_function)                                      \
  X(handles_forged_handles)                                                    \
  X(handles_stale_after_slot_reuse)                                            \
  X(handles_open_count)                                                        \
  X(handles_many_sockets)                                                      \
  X(constants_names)                                                           \
  X(constants_supported)                                                       \
  X(constants_every_name)                                                      \
  X(constants_aliases_and_errors)                                              \
  X(constants_bad_names)                                                       \
  X(create_domains_and_types)                                                  \
  X(create_bad_arguments)                                                      \
  X(create_listen_loopback)                                                    \
  X(create_listen_any_address)                                                 \
  X(create_listen_port_in_use)                                                 \
  X(bind_inet_and_names)                                                       \
  X(bind_inet6)                                                                \
  X(bind_inet6_scoped_name)                                                    \
  X(bind_bad_addresses)                                                        \
  X(bind_in_use)                                                               \
  X(bind_unix_path)                                                            \
  X(bind_unix_path_too_long)                                                   \
  X(bind_name_buffer_too_small)                                                \
  X(listen_backlog_clamped)                                                    \
  X(listen_backlog_in_force)                                                   \
  X(listen_dgram_refused)                                                      \
  X(listen_queue_holds_backlog)                                                \
  X(accept_blocking)                                                           \
  X(accept_nonblocking_nothing_pending)                                        \
  X(accept_inherits_nonblocking)                                               \
  X(accept_inherits_blocking)                                                  \
  X(accept_listener_reusable)                                                  \
  X(accept_first_pending_first)                                                \
  X(accept_error_on_listener)                                                  \
  X(connect_refused)                                                           \
  X(connect_nonblocking)                                                       \
  X(connect_unix_missing_path)                                                 \
  X(connect_already_connected)                                                 \
  X(handoff_atmark_at_the_mark)                                                \
  X(handoff_atmark_bad_handles)                                                \
  X(handoff_export_lends_the_socket)                                           \
  X(handoff_export_bad_input)                                                  \
  X(handoff_import_bad_input)                                                  \
  X(handoff_rights_pass_a_socket)                                              \
  X(handoff_rights_space_too_small)                                            \
  X(handoff_rights_more_than_room)                                             \
  X(handoff_control_bad_input)                                                 \
  X(handoff_control_from_the_line_buffer)                                      \
  X(handoff_wsaprotocol_round_trip)                                            \
  X(handoff_wsaprotocol_bad_input)                                             \
  X(addrinfo_lookup_and_explain)                                               \
  X(addrinfo_bind_and_connect)                                                 \
  X(addrinfo_bad_input)                                                        \
  X(addrinfo_error_names)                                                      \
  X(group_bad_input)                                                           \
  X(group_interface_by_name)                                                   \
  X(io_write_read_binary)                                                      \
  X(io_read_end_of_stream)                                                     \
  X(io_normal_read_line_ends)                                                  \
  X(io_normal_read_long_line)                                                  \
  X(io_normal_read_keeps_rest)                                                 \
  X(io_normal_read_nonblocking_partial)                                        \
  X(io_normal_read_waits_for_line)                                             \
  X(io_read_nonblocking_empty)                                                 \
  X(io_read_bad_arguments)                                                     \
  X(io_recv_send_flags)                                                        \
  X(io_recvfrom_sendto_udp)                                                    \
  X(io_recvfrom_unix_dgram)                                                    \
  X(io_readv_writev)                                                           \
  X(io_recvmsg_sendmsg)                                                        \
  X(io_iov_bad_arguments)                                                      \
  X(io_write_to_closed_peer)                                                   \
  X(io_seqpacket_write_to_closed_peer)                                         \
  X(io_shutdown)                                                               \
  X(pair_unix)                                                                 \
  X(pair_inet)                                                                 \
  X(pair_inet6)                                                                \
  X(pair_bad_arguments)                                                        \
  X(select_readable)                                                           \
  X(select_writable_and_timeout)                                               \
  X(select_except_oob)                                                         \
  X(select_bad_arguments)                                                      \
  X(select_thread_buffers_freed)                                               \
  X(select_line_buffer_among_others)                                           \
  X(options_int_round_trip)                                                    \
  X(options_linger_and_timeouts)                                               \
  X(options_type_and_error)                                                    \
  X(options_bad_arguments)                                                     \
  X(options_rcvtimeo_expires)                                                  \
  X(examples_hello_world)                                                      \
  X(examples_talkback_server)                                                  \
  X(examples_pair_write_read)                                                  \
  X(examples_nonblocking_multi_client)                                         \
  X(regress_recvfrom_small_address_keeps_datagram)                             \
  X(regress_last_error_reads_do_not_record)                                    \
  X(regress_strerror_localized_truncation)                                     \
  X(regress_normal_read_reset_after_partial_line)                              \
  X(regress_one_code_per_condition)                                            \
  X(regress_inet6_mapped_and_scoped)                                           \
  X(regress_supports_tells_the_truth)                                          \
  X(regress_accept_reset_while_queued)                                         \
  X(io_line_buffer_consistency)                                                \
  X(io_waitall_after_line_buffer)                                              \
  X(threads_shared_listener_and_socket)                                        \
  X(threads_handle_churn)                                                      \
  X(threads_normal_read_shared_lines)                                          \
  X(badinput_buffers_and_lengths)                                              \
  X(badinput_ports_backlogs_and_addresses)                                     \
  X(badinput_select_sets)                                                      \
  X(badinput_unix_path_lengths)                                                \
  X(badinput_table_edges)

/* Tests that need fork(), signals or POSIX descriptors. */
#define TEST_LIST_POSIX(X)                                                     \
  X(posix_close_on_exec)                                                       \
  X(posix_no_sigpipe)                                                          \
  X(posix_accept_interrupted_by_sigchld)                                       \
  X(posix_fork_ipc_example)                                                    \
  X(posix_forking_server_example)                                              \
  X(posix_select_beyond_fd_setsize)                                            \
  X(posix_somaxconn_matches_kernel)                                            \
  X(posix_out_of_descriptors_every_creating_call)                              \
  X(posix_normal_read_interrupted)                                             \
  X(posix_strerror_localized_uselocale)                                        \
  X(posix_unnamed_errno_is_other)                                              \
  X(posix_unix_peer_path_fills_sun_path)                                       \
  X(posix_constants_by_page_group)                                             \
  X(posix_options_every_type)                                                  \
  X(posix_normal_read_edges)                                                   \
  X(posix_import_adopts_a_descriptor)                                          \
  X(posix_import_refuses_a_pipe)                                               \
  X(posix_atmark_before_the_mark)                                              \
  X(posix_import_refuses_an_unknown_family)                                    \
  X(posix_group_join_in_private_namespace)                                     \
  X(posix_msg_eof_closes_sending_side)                                         \
  X(posix_recvfrom_no_sender_on_a_stream)                                      \
  X(posix_udp_segment_option)                                                  \
  X(posix_multicast_if_in_private_namespace)                                   \
  X(posix_so_meminfo_counters)                                                 \
  X(posix_af_packet_bind_by_interface_name)                                    \
  X(posix_multicast_if_default_and_refusal)

/* Tests of the Windows backend only. */
#define TEST_LIST_WIN32(X)                                                     \
  X(win32_localized_message)                                                   \
  X(win32_backlog_hint_range)                                                  \
  X(win32_constants_by_page_group)                                             \
  X(win32_type_flags)

/* Tests that need the fault-injection build (fault-regress.c): the
 * regressions of defects found by failing calls on purpose. */
#define TEST_LIST_FAULT(X)                                                     \
  X(regress_fault_scoped_literal_out_of_memory)                                \
  X(regress_fault_select_key_made_again)                                       \
  X(regress_fault_accept_table_full_keeps_connection)                          \
  X(regress_fault_startup_tried_again)                                         \
  X(fault_pending_error_every_receive)                                         \
  X(fault_waitall_and_pair_fallback)                                           \
  X(fault_pair_second_socket_no_room)
