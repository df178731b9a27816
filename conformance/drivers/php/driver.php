<?php
// SPDX-License-Identifier: MIT
/*
 * driver.php -- PHP's own ext/sockets as a conformance implementation: the
 * protocol of ../../PROTOCOL.md, spoken by the interpreter the specification
 * describes. It reports what PHP does, raw; the harness judges.
 *
 *   php conformance/drivers/php/driver.php
 *
 * The only driver not in C: ext/sockets can only be called from PHP.
 * One file for every PHP from 7.4 on (no newer syntax): a socket is a
 * resource before 8.0.0 and a Socket object since, and the outcomes say
 * which ("handle"). Needs the sockets extension; pcntl adds the features
 * "fork" and "signals". posix is used where loaded, never needed: the
 * parent's pid comes from /proc, and without posix_kill a signal is sent
 * by kill(1).
 */
declare(strict_types=1);

error_reporting(E_ALL);
ini_set('memory_limit', '512M'); // a case may write 32 MiB (socket_write/partial-transmission)
ini_set('display_errors', 'stderr'); // stdout is the protocol

/* PHP reports failures as E_WARNING text; keep the last one as an outcome. */
$WARNING = null;
set_error_handler(function (int $no, string $text) use (&$WARNING): bool {
    $WARNING = $text;
    return true;
});

$NAMES = [];          // the case's names => Socket (a closed one stays named)
$STREAMS = [];        // the case's names => stream (exported, or a descriptor received)
$VALUES = [];         // the case's names => a value a step returned (wsaprotocol ids)
$DOMAINS = [];        // the case's names => the socket's domain
$LISTS = [];          // the case's names => socket_addrinfo_lookup's array
$PEERS = [];          // peer name => [pid, report stream]
$EXECS = [];          // exec_peer's peers: name => [process, its stdin]
$HANDLED = [];        // signals the case installed a handler for
$CAUGHT = [];         // signal number => deliveries
$TMPDIR = null;
$CASE_NO = 0;
$FD_BASELINE = 0;

const SIGNALS = ['SIGCHLD', 'SIGUSR1', 'SIGUSR2', 'SIGPIPE', 'SIGHUP', 'SIGINT', 'SIGTERM'];

/* ---- names: constants, errors ------------------------------------------- */

/** Error names by errno, from ext/sockets' own SOCKET_E* constants. */
function error_names(): array
{
    static $names = null;
    if ($names === null) {
        $names = [];
        foreach (get_defined_constants(true)['sockets'] ?? [] as $name => $value) {
            if (strncmp($name, 'SOCKET_E', 8) === 0 && !isset($names[$value])) {
                $names[$value] = substr($name, 7);
            }
        }
    }
    return $names;
}

function error_name(int $code): string
{
    return $code === 0 ? 'OK' : (error_names()[$code] ?? 'E' . $code);
}

/** A constant argument: a PHP name ("AF_INET", "PHP_NORMAL_READ"), names
 * or-ed together ("SOCK_STREAM|SOCK_NONBLOCK": a type with its flags,
 * PHP 8.4 on), or a number. */
function constant_arg(array $args, string $key, int $default): ?int
{
    $v = $args[$key] ?? $default;
    if (is_int($v) || is_float($v)) {
        return (int)$v;
    }
    if (is_string($v) && strpos($v, '|') !== false) {
        $or = 0;
        foreach (explode('|', $v) as $name) {
            $part = constant_arg([$key => $name], $key, 0);
            if ($part === null) {
                return null;
            }
            $or |= $part;
        }
        return $or;
    }
    if (is_string($v) && defined($v) && is_int(constant($v))) {
        return constant($v);
    }
    return null;
}

function flags_arg(array $args): ?int
{
    $v = $args['flags'] ?? 0;
    if (is_int($v)) {
        return $v;
    }
    $flags = 0;
    foreach (is_array($v) ? $v : ($v === 0 ? [] : explode('|', (string)$v)) as $name) {
        if (!defined($name)) {
            return null;
        }
        $flags |= constant($name);
    }
    return $flags;
}

function type_name(int $type): string
{
    foreach (['SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_SEQPACKET', 'SOCK_RDM'] as $n) {
        if (defined($n) && constant($n) === $type) {
            return $n;
        }
    }
    return '?';
}

/* ---- arguments ---------------------------------------------------------- */

function number_arg(array $args, string $key, int $default): int
{
    global $NAMES;
    $v = $args[$key] ?? $default;
    if (is_array($v) && isset($v['port_of'])) {
        $s = $NAMES[$v['port_of']] ?? null;
        $addr = '';
        $port = -1;
        try {
            return $s !== null && @socket_getsockname($s, $addr, $port) ? $port : -1;
        } catch (Error $e) {
            return -1; // closed
        }
    }
    return (int)$v;
}

class WouldResolve extends Exception
{
}

/** The address for socket $name. PHP resolves a non-literal name through
 * gethostbyname (DNS): the suite contacts nothing but loopback, so such a
 * step is declined (reported unsupported) instead of run. */
function address_arg(array $args): ?string
{
    global $TMPDIR, $CASE_NO, $DOMAINS;
    $v = $args['address'] ?? null;
    $domain = $DOMAINS[$args['socket'] ?? ''] ?? 0;
    $unix = defined('AF_UNIX') && $domain === AF_UNIX;
    // An AF_PACKET socket (PHP 8.5 on) is bound to an interface by name
    // ("lo"): nothing is resolved.
    $packet = defined('AF_PACKET') && $domain === AF_PACKET;
    if (is_string($v) && !$unix && !$packet && filter_var($v, FILTER_VALIDATE_IP) === false) {
        throw new WouldResolve($v);
    }
    if (is_array($v) && isset($v['path'])) {
        if ($TMPDIR === null) {
            $TMPDIR = sys_get_temp_dir() . '/psock-php-' . getmypid();
            @mkdir($TMPDIR, 0700);
        }
        return $TMPDIR . '/c' . $CASE_NO . '-' . $v['path'];
    }
    return is_string($v) ? $v : null;
}

function bytes_arg(array $args): string
{
    if (isset($args['data'])) {
        return (string)$args['data'];
    }
    if (isset($args['size']) && is_int($args['size']) && $args['size'] >= 0
        && $args['size'] <= 256 * 1024 * 1024) {
        // The pattern of drivers/driver.c: 'a' + i % 26.
        return substr(str_repeat('abcdefghijklmnopqrstuvwxyz', intdiv($args['size'], 26) + 1), 0, $args['size']);
    }
    return isset($args['data_b64']) ? (string)base64_decode($args['data_b64']) : '';
}

class NoSuchName extends Exception
{
}

class NotDefinedHere extends Exception
{
}

class BadCase extends Exception
{
}

/** @return resource|Socket */
function socket_arg(array $args, string $key = 'socket')
{
    global $NAMES;
    $name = $args[$key] ?? null;
    if (!is_string($name) || !isset($NAMES[$name])) {
        throw new NoSuchName((string)$name);
    }
    return $NAMES[$name];
}

function need(?int $value, string $what): int
{
    if ($value === null) {
        // A constant this PHP (or its build's headers) does not define: the
        // step cannot be made here (PROTOCOL.md: a constant argument a
        // driver cannot encode makes the step unsupported), not a bad case.
        throw new NotDefinedHere("this PHP defines no constant for $what");
    }
    return $value;
}

/* ---- outcomes ----------------------------------------------------------- */

/** ok/ret, and on failure the error as ext/sockets reports it. */
function result($ret, $s = null): array
{
    global $WARNING;
    if ($ret !== false) {
        return ['ok' => true, 'ret' => is_int($ret) ? $ret : 0];
    }
    // The socket's own last error where the call had a socket, as PHP
    // gives it (0 after a failed socket_accept on every version: the
    // listener's is not set), and the global one beside it, never one in
    // place of the other.
    $global = socket_last_error();
    $code = $s !== null ? socket_last_error($s) : $global;
    $out = ['ok' => false, 'ret' => -1, 'error' => error_name($code), 'native' => $code,
            'message' => socket_strerror($code), 'localized' => socket_strerror($code),
            'global_error' => error_name($global)];
    if ($WARNING !== null) {
        $out['warning'] = $WARNING;
    }
    return $out;
}

function data(array $out, ?string $bytes): array
{
    $out['data_b64'] = base64_encode($bytes ?? '');
    return $out;
}

function name_socket(array $step, $s, int $domain): array
{
    global $NAMES, $DOMAINS;
    if (handle_kind($s) !== null) {
        if (is_string($step['as'] ?? null)) {
            $NAMES[$step['as']] = $s;
            $DOMAINS[$step['as']] = $domain;
        }
        return ['ok' => true, 'handle' => handle_kind($s)];
    }
    return result(false);
}

/** What ext/sockets gave for a socket: "Socket" (an object, PHP >= 8.0.0)
 * or "resource" (before), as PHP itself tells them apart; null for
 * anything else (false). */
function handle_kind($s): ?string
{
    if (is_object($s)) {
        return get_class($s);
    }
    return is_resource($s) ? 'resource' : null;
}

/* ---- operations: the PHP function of the same name ---------------------- */

function op_socket_create(array $a, array $step): array
{
    $domain = need(constant_arg($a, 'domain', 0), 'domain');
    return name_socket($step, socket_create($domain, need(constant_arg($a, 'type', 0), 'type'),
        need(constant_arg($a, 'protocol', 0), 'protocol')), $domain);
}

/** The real socket_create_listen, always: it binds every interface
 * (0.0.0.0), so the harness runs such a case only inside a private network
 * namespace ("network": "private"); the case's address is psock's variant
 * and PHP has no such parameter. Without a backlog, PHP's own default. */
function op_socket_create_listen(array $a, array $step): array
{
    $port = number_arg($a, 'port', 0);
    $s = array_key_exists('backlog', $a)
        ? socket_create_listen($port, need(constant_arg($a, 'backlog', 0), 'backlog'))
        : socket_create_listen($port);
    return name_socket($step, $s, AF_INET);
}

function op_socket_create_pair(array $a, array $step): array
{
    global $NAMES, $DOMAINS;
    $pair = [];
    $domain = need(constant_arg($a, 'domain', 0), 'domain');
    $ok = socket_create_pair($domain,
        need(constant_arg($a, 'type', 0), 'type'), need(constant_arg($a, 'protocol', 0), 'protocol'), $pair);
    if (!$ok) {
        return result(false);
    }
    $as = $step['as'] ?? null;
    if (is_array($as) && count($as) === 2) {
        $NAMES[$as[0]] = $pair[0];
        $NAMES[$as[1]] = $pair[1];
        $DOMAINS[$as[0]] = $DOMAINS[$as[1]] = $domain;
    }
    return ['ok' => true, 'ret' => 0, 'handle' => handle_kind($pair[0])];
}

function op_socket_bind(array $a): array
{
    $s = socket_arg($a);
    return result(socket_bind($s, (string)address_arg($a), number_arg($a, 'port', 0)), $s);
}

function op_socket_connect(array $a): array
{
    $s = socket_arg($a);
    // PHP 8.0.0 on takes null for the port (a case gives JSON's null)
    $port = array_key_exists('port', $a) && $a['port'] === null ? null : number_arg($a, 'port', 0);
    return result(socket_connect($s, (string)address_arg($a), $port), $s);
}

function op_socket_listen(array $a): array
{
    $s = socket_arg($a);
    return result(socket_listen($s, need(constant_arg($a, 'backlog', 0), 'backlog')), $s);
}

function op_socket_accept(array $a, array $step): array
{
    global $DOMAINS;
    $s = socket_arg($a);
    $c = socket_accept($s);
    return $c === false ? result(false, $s) : name_socket($step, $c, $DOMAINS[$a['socket']]);
}

function op_socket_read(array $a): array
{
    $s = socket_arg($a);
    $r = socket_read($s, number_arg($a, 'length', 0),
        need(constant_arg($a, 'mode', PHP_BINARY_READ), 'mode'));
    return $r === false ? result(false, $s) : data(result(strlen($r)), $r);
}

function op_socket_write(array $a): array
{
    $s = socket_arg($a);
    $bytes = bytes_arg($a);
    if (array_key_exists('length', $a) && $a['length'] === null) {
        $r = socket_write($s, $bytes, null); // PHP 8.0.0 on takes null: all of it
    } else {
        $r = isset($a['length']) ? socket_write($s, $bytes, number_arg($a, 'length', 0))
                                 : socket_write($s, $bytes);
    }
    return result($r, $s);
}

function op_socket_recv(array $a): array
{
    $s = socket_arg($a);
    $buf = null;
    $r = socket_recv($s, $buf, number_arg($a, 'length', 0), need(flags_arg($a), 'flags'));
    return $r === false ? result(false, $s) : data(result($r), $buf);
}

function op_socket_recvfrom(array $a): array
{
    $s = socket_arg($a);
    $buf = null;
    $addr = '';
    $port = 0;
    $r = socket_recvfrom($s, $buf, number_arg($a, 'length', 0), need(flags_arg($a), 'flags'), $addr, $port);
    if ($r === false) {
        return result(false, $s);
    }
    return data(result($r), $buf) + ['address' => $addr, 'port' => $port];
}

function op_socket_send(array $a): array
{
    $s = socket_arg($a);
    $bytes = bytes_arg($a);
    $length = isset($a['length']) ? number_arg($a, 'length', 0) : strlen($bytes);
    return result(socket_send($s, $bytes, $length, need(flags_arg($a), 'flags')), $s);
}

function op_socket_sendto(array $a): array
{
    $s = socket_arg($a);
    $bytes = bytes_arg($a);
    $length = isset($a['length']) ? number_arg($a, 'length', 0) : strlen($bytes);
    $port = array_key_exists('port', $a) && $a['port'] === null ? null : number_arg($a, 'port', 0);
    return result(socket_sendto($s, $bytes, $length, need(flags_arg($a), 'flags'),
        (string)address_arg($a), $port), $s);
}

/** socket_recvmsg takes one buffer (buffer_size) where the case gives
 * several lengths: the driver makes the one call into their sum and splits
 * the bytes in order, which it says ("split": the vectors are the driver's
 * cut of one buffer, not PHP's). */
function op_socket_recvmsg(array $a): array
{
    $s = socket_arg($a);
    $lengths = array_map('intval', $a['lengths'] ?? []);
    // PHP refuses a controllen of 0 (before 8.0 it warns); without
    // controllen or control_space no control data is asked for.
    $controllen = 64;
    if (isset($a['control_space'])) {
        $cs = $a['control_space'];
        $controllen = socket_cmsg_space(need(constant_arg($cs, 'level', 0), 'level'),
            need(constant_arg($cs, 'type', 0), 'type'), (int)($cs['n'] ?? 0));
    } elseif (isset($a['controllen'])) {
        $controllen = (int)$a['controllen'];
    }
    $msg = ['name' => [], 'buffer_size' => max(1, array_sum($lengths)), 'controllen' => $controllen];
    $ret = socket_recvmsg($s, $msg, need(flags_arg($a), 'flags'));
    $out = result($ret, $s);
    $bytes = $ret === false ? '' : implode('', $msg['iov'] ?? []);
    $vectors = [];
    foreach ($lengths as $n) {
        $vectors[] = base64_encode(substr($bytes, 0, $n));
        $bytes = (string)substr($bytes, $n);
    }
    $out['vectors_b64'] = $vectors;
    if ($ret !== false) {
        $out['address'] = (string)($msg['name']['addr'] ?? '');
        $out['port'] = (int)($msg['name']['port'] ?? 0);
        $out['truncated'] = (($msg['flags'] ?? 0) & MSG_TRUNC) !== 0;
        $out['ctrunc'] = (($msg['flags'] ?? 0) & MSG_CTRUNC) !== 0;
        $out += control_outcome($msg['control'] ?? [], $a['fd_names'] ?? []);
    }
    if (count($lengths) > 1) {
        $out['split'] = true;
    }
    return $out;
}

/** A constant's PHP name among the given ones, or the number as text. */
function constant_name(int $value, array $names): string
{
    foreach ($names as $n) {
        if (defined($n) && constant($n) === $value) {
            return $n;
        }
    }
    return (string)$value;
}

/** The ancillary data PHP returned, as the protocol's control list; the
 * descriptors received are named in order (PHP gives each as a stream). */
function control_outcome(array $control, array $names): array
{
    global $STREAMS, $NAMES;
    $list = [];
    $kinds = [];
    $fds = 0;
    foreach ($control as $c) {
        $level = (int)($c['level'] ?? -1);
        $type = (int)($c['type'] ?? -1);
        $e = ['level' => constant_name($level, ['SOL_SOCKET', 'IPPROTO_IPV6', 'IPPROTO_IP'])];
        $e['type'] = $level === SOL_SOCKET ? constant_name($type, ['SCM_RIGHTS', 'SCM_CREDENTIALS'])
            : constant_name($type, ['IPV6_PKTINFO', 'IPV6_HOPLIMIT', 'IPV6_TCLASS']);
        $data = $c['data'] ?? null;
        if ($e['type'] === 'SCM_RIGHTS' && is_array($data)) {
            $e['fds'] = count($data);
            $fds += count($data);
            foreach ($data as $fd) {
                $kinds[] = is_resource($fd) ? get_resource_type($fd) : (string)handle_kind($fd);
                $name = array_shift($names);
                if (is_string($name)) {
                    // A stream, or (where PHP made one) a Socket, which
                    // socket ops can then use by the same name.
                    $STREAMS[$name] = $fd;
                    if (is_object($fd)) {
                        $NAMES[$name] = $fd;
                    }
                }
            }
        } elseif (is_array($data)) {
            foreach (['pid', 'uid', 'gid', 'addr', 'ifindex'] as $k) {
                if (isset($data[$k])) {
                    $e[$k] = $data[$k];
                }
            }
        }
        $list[] = $e;
    }
    $out = ['control' => $list, 'control_types' => array_column($list, 'type'), 'fds' => $fds,
            'fd_kinds' => $kinds];
    foreach ($list as $e) {
        if ($e['type'] === 'IPV6_PKTINFO' && isset($e['addr'])) {
            $out['pktinfo_addr'] = $e['addr'];
        }
    }
    return $out;
}

/** The case's control list as socket_sendmsg's "control". */
function control_arg(array $a): array
{
    global $NAMES;
    $out = [];
    foreach ($a['control'] ?? [] as $c) {
        $level = need(constant_arg($c, 'level', 0), 'level');
        $type = need(constant_arg($c, 'type', 0), 'type');
        if (isset($c['sockets'])) {
            $data = [];
            foreach ($c['sockets'] as $name) {
                if (!isset($NAMES[$name])) {
                    throw new NoSuchName($name);
                }
                $data[] = $NAMES[$name];
            }
        } elseif (!empty($c['creds'])) {
            $data = ['pid' => getmypid(),
                     'uid' => function_exists('posix_geteuid') ? posix_geteuid() : getmyuid(),
                     'gid' => function_exists('posix_getegid') ? posix_getegid() : getmygid()];
        } else {
            $data = ['addr' => (string)($c['addr'] ?? ''), 'ifindex' => (int)($c['ifindex'] ?? 0)];
        }
        $out[] = ['level' => $level, 'type' => $type, 'data' => $data];
    }
    return $out;
}

function op_socket_sendmsg(array $a): array
{
    $s = socket_arg($a);
    $msg = ['iov' => array_map('strval', $a['vectors'] ?? [])];
    if (isset($a['address'])) {
        $msg['name'] = ['addr' => address_arg($a), 'port' => number_arg($a, 'port', 0)];
    }
    if (isset($a['control'])) {
        $msg['control'] = control_arg($a);
    }
    return result(socket_sendmsg($s, $msg, need(flags_arg($a), 'flags')), $s);
}

function op_socket_cmsg_space(array $a): array
{
    $r = socket_cmsg_space(need(constant_arg($a, 'level', 0), 'level'),
        need(constant_arg($a, 'type', 0), 'type'), (int)($a['n'] ?? 0));
    // null (before 8.0: a pair PHP does not know, a negative n) is a failure.
    return $r === null ? result(false) : result($r);
}

/** socket_atmark's bool is both its answer and its failure: false with no
 * error recorded is "not at the mark", reported as ok with value false. */
function op_socket_atmark(array $a): array
{
    $s = socket_arg($a);
    socket_clear_error($s);
    $r = socket_atmark($s);
    if ($r === false && socket_last_error($s) !== 0) {
        return result(false, $s) + ['value' => false];
    }
    return ['ok' => true, 'value' => $r];
}

/** A named stream: one socket_export_stream made, or a descriptor received. */
function stream_arg(array $a, string $key = 'stream')
{
    global $STREAMS;
    $name = $a[$key] ?? null;
    if (!is_string($name) || !isset($STREAMS[$name])) {
        throw new NoSuchName((string)$name);
    }
    return $STREAMS[$name];
}

function op_socket_export_stream(array $a, array $step): array
{
    global $STREAMS;
    $s = socket_arg($a);
    $r = socket_export_stream($s);
    if ($r === false) {
        return result(false, $s);
    }
    if (is_string($step['as'] ?? null)) {
        $STREAMS[$step['as']] = $r;
    }
    return ['ok' => true, 'handle' => is_resource($r) ? get_resource_type($r) : gettype($r)];
}

function op_socket_import_stream(array $a, array $step): array
{
    $r = socket_import_stream(stream_arg($a));
    if ($r === false || $r === null) {
        return result(false);
    }
    $addr = '';
    $domain = 0;
    // The domain, for later address arguments, from the local name.
    if (@socket_getsockname($r, $addr)) {
        $domain = filter_var($addr, FILTER_VALIDATE_IP, FILTER_FLAG_IPV6) !== false ? AF_INET6
            : (filter_var($addr, FILTER_VALIDATE_IP) !== false ? AF_INET : AF_UNIX);
    }
    return name_socket($step, $r, $domain);
}

function op_stream_open_null(array $a, array $step): array
{
    global $STREAMS;
    $f = fopen(PHP_OS_FAMILY === 'Windows' ? 'NUL' : '/dev/null', 'r+');
    if ($f === false) {
        return ['ok' => false, 'error' => 'STREAM_OPEN_FAILED'];
    }
    if (is_string($step['as'] ?? null)) {
        $STREAMS[$step['as']] = $f;
    }
    return ['ok' => true, 'handle' => get_resource_type($f)];
}

function op_stream_write(array $a): array
{
    $st = stream_arg($a);
    if (is_object($st)) { // a descriptor PHP received as a Socket
        return result(socket_write($st, (string)$a['data']), $st);
    }
    $r = fwrite($st, (string)$a['data']);
    if ($r !== false) {
        fflush($st);
    }
    // fwrite reports no errno: the failure is named by what failed.
    return $r === false ? ['ok' => false, 'ret' => -1, 'error' => 'STREAM_WRITE_FAILED']
        : ['ok' => true, 'ret' => $r];
}

/* The versions page's three stream aliases (ext/standard's names for
 * stream_get_meta_data, stream_set_blocking, stream_set_timeout), each
 * called by its own name on a named stream. */
function op_socket_get_status(array $a): array
{
    $m = socket_get_status(stream_arg($a));
    return ['ok' => true, 'value' => ['blocked' => (bool)$m['blocked'],
            'timed_out' => (bool)$m['timed_out'], 'eof' => (bool)$m['eof']]];
}

function op_socket_set_blocking(array $a): array
{
    $r = socket_set_blocking(stream_arg($a), (bool)$a['enable']);
    return $r ? ['ok' => true] : ['ok' => false, 'error' => 'STREAM_SET_BLOCKING_FAILED'];
}

function op_socket_set_timeout(array $a): array
{
    $r = socket_set_timeout(stream_arg($a), (int)$a['seconds'], (int)$a['microseconds']);
    return $r ? ['ok' => true] : ['ok' => false, 'error' => 'STREAM_SET_TIMEOUT_FAILED'];
}

function op_stream_read(array $a): array
{
    $r = fread(stream_arg($a), (int)$a['length']);
    // fread reports no errno (and gives false or "" when a timeout ends
    // it, by version): the failure is named by what failed.
    return $r === false ? ['ok' => false, 'ret' => -1, 'error' => 'STREAM_READ_FAILED']
        : data(['ok' => true, 'ret' => strlen($r)], $r);
}

function op_getprotobyname(array $a): array
{
    $r = getprotobyname((string)$a['name']);
    return $r === false ? ['ok' => false, 'error' => 'NO_SUCH_PROTOCOL'] : ['ok' => true, 'ret' => $r];
}

/** A socket of a family ext/sockets does not make (Linux's AF_NETLINK),
 * as a PHP program gets one: made outside PHP -- a helper process (the
 * Python the harness runs on, PSOCK_PYTHON) -- and received over an AF_UNIX
 * pair with SCM_RIGHTS, which gives PHP a socket of that family. */
function op_foreign_socket(array $a, array $step): array
{
    global $NAMES, $DOMAINS;
    if (PHP_OS_FAMILY !== 'Linux' || !defined('SCM_RIGHTS')) {
        return ['unsupported' => true, 'why' => 'AF_NETLINK and SCM_RIGHTS are Linux\'s here'];
    }
    $python = getenv('PSOCK_PYTHON') ?: 'python3';
    $helper = 'import array, socket; s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); '
        . 'u = socket.socket(fileno=3); u.sendmsg([b"f"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, '
        . 'array.array("i", [s.fileno()]))])';
    if (!socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair)) {
        return result(false);
    }
    $end = socket_export_stream($pair[1]);
    $p = proc_open([$python, '-I', '-S', '-c', $helper], [3 => $end], $pipes);
    if ($p === false) {
        return ['ok' => false, 'error' => 'EXEC_FAILED'];
    }
    $msg = ['name' => [], 'buffer_size' => 16,
            'controllen' => socket_cmsg_space(SOL_SOCKET, SCM_RIGHTS, 1)];
    $got = socket_recvmsg($pair[0], $msg, 0);
    proc_close($p);
    fclose($end);
    socket_close($pair[0]);
    $s = $got === false ? null : ($msg['control'][0]['data'][0] ?? null);
    if (handle_kind($s) === null) {
        return ['ok' => false, 'error' => 'HELPER_FAILED'];
    }
    socket_clear_error();
    return name_socket($step, $s, 16);
}

/** A program started by exec, holding what exec passes on (descriptors
 * without close-on-exec) until the case ends: /bin/sh reading its stdin. */
function op_exec_peer(array $a, array $step): array
{
    global $EXECS;
    // holding: a listener of the driver's own (a socket made without
    // SOCK_CLOEXEC), which only the exec'd program holds once it is closed
    // here.
    $held = null;
    if (isset($a['holding'])) {
        $path = address_arg(['address' => $a['holding']]);
        $held = socket_create(AF_UNIX, SOCK_STREAM, 0);
        if ($held === false || !@socket_bind($held, $path) || !@socket_listen($held, 1)) {
            return ['ok' => false, 'error' => 'HOLDING_FAILED'];
        }
    }
    $p = proc_open(['/bin/sh', '-c', 'echo started; read x'], [0 => ['pipe', 'r'], 1 => ['pipe', 'w']],
                   $pipes);
    if ($p === false) {
        return ['ok' => false, 'error' => 'EXEC_FAILED'];
    }
    // proc_open returns once forked: until the exec the child holds every
    // descriptor, so wait for the line the exec'd shell writes.
    $started = fgets($pipes[1]);
    fclose($pipes[1]);
    if ($held !== null) {
        socket_close($held);
    }
    $EXECS[(string)($step['as'] ?? '')] = [$p, $pipes[0]];
    return $started === "started\n" ? ['ok' => true] : ['ok' => false, 'error' => 'EXEC_FAILED'];
}

function op_socket_wsaprotocol_info_export(array $a, array $step): array
{
    global $VALUES;
    $s = socket_arg($a);
    $r = socket_wsaprotocol_info_export($s, getmypid());
    if ($r === false) {
        return result(false, $s);
    }
    if (is_string($step['as'] ?? null)) {
        $VALUES[$step['as']] = $r;
    }
    return ['ok' => true, 'value' => $r];
}

/** The identifier a wsaprotocol step names: an earlier export's, or literal. */
function wsa_id(array $a): string
{
    global $VALUES;
    if (isset($a['id_of'])) {
        if (!isset($VALUES[$a['id_of']])) {
            throw new NoSuchName((string)$a['id_of']);
        }
        return (string)$VALUES[$a['id_of']];
    }
    return (string)($a['id'] ?? '');
}

function op_socket_wsaprotocol_info_import(array $a, array $step): array
{
    $r = socket_wsaprotocol_info_import(wsa_id($a));
    return $r === false ? result(false) : name_socket($step, $r, 0);
}

function op_socket_wsaprotocol_info_release(array $a): array
{
    return result(socket_wsaprotocol_info_release(wsa_id($a)));
}

function op_socket_select(array $a): array
{
    global $NAMES;
    $sets = [];
    foreach (['read', 'write', 'except'] as $k) {
        $sets[$k] = [];
        foreach ($a[$k] ?? [] as $name) {
            if (!isset($NAMES[$name])) {
                throw new NoSuchName($name);
            }
            $sets[$k][$name] = $NAMES[$name];
        }
    }
    [$r, $w, $e] = [$sets['read'], $sets['write'], $sets['except']];
    $sec = array_key_exists('seconds', $a) ? $a['seconds'] : null;
    $n = socket_select($r, $w, $e, $sec === null ? null : (int)$sec, (int)($a['microseconds'] ?? 0));
    if ($n === false) {
        return result(false);
    }
    // socket_select keeps the keys of the sockets it leaves in the arrays.
    return ['ok' => true, 'ret' => $n, 'read' => array_keys($r),
            'write' => array_keys($w), 'except' => array_keys($e)];
}

function op_socket_get_option(array $a): array
{
    $s = socket_arg($a);
    $level = need(constant_arg($a, 'level', 0), 'level');
    $option = need(constant_arg($a, 'option', 0), 'option');
    $v = socket_get_option($s, $level, $option);
    if ($v === false) {
        return result(false, $s);
    }
    if ($level === SOL_SOCKET && $option === SO_TYPE) {
        $v = type_name($v);
    } elseif ($level === SOL_SOCKET && $option === SO_ERROR) {
        $v = error_name($v);
    }
    return ['ok' => true, 'ret' => 0, 'value' => $v];
}

function op_socket_set_option(array $a): array
{
    $s = socket_arg($a);
    $v = $a['value'] ?? 0;
    return result(socket_set_option($s, need(constant_arg($a, 'level', 0), 'level'),
        need(constant_arg($a, 'option', 0), 'option'), is_array($v) || is_string($v) ? $v : (int)$v), $s);
}

/* ---- socket_addrinfo_*: lists of AddressInfo (resources before 8.0.0) --- */

/** socket_addrinfo_lookup's hints array from the step's: each member a
 * constant name or a number, ai_flags also "A|B". */
function hints_arg(array $a): ?array
{
    if (!isset($a['hints'])) {
        return null;
    }
    $hints = [];
    foreach ($a['hints'] as $key => $v) {
        if (is_array($v) && isset($v['string'])) {
            $hints[$key] = (string)$v['string']; // not an int: PHP's own check (8.5.0)
        } elseif (is_int($v)) {
            $hints[$key] = $v; // also beyond a C int
        } else {
            $hints[$key] = $key === 'ai_flags' ? need(flags_arg(['flags' => $v]), $key)
                                               : need(constant_arg($a['hints'], $key, 0), $key);
        }
    }
    return $hints;
}

function op_socket_addrinfo_lookup(array $a, array $step): array
{
    global $LISTS;
    $host = (string)$a['host'];
    $hints = hints_arg($a);
    if (!array_key_exists('service', $a)) {
        $r = $hints === null ? socket_addrinfo_lookup($host) : socket_addrinfo_lookup($host, null, $hints);
    } else {
        $service = $a['service'];
        if (is_int($service) || is_array($service)) {
            $service = (string)number_arg($a, 'service', 0); // a number, {port_of}
        }
        $r = socket_addrinfo_lookup($host, $service, $hints ?? []);
    }
    if (!is_array($r)) {
        // ext/sockets keeps no error for a failed lookup (no errno, no
        // socket_last_error): false is all it reports, so the error is OK.
        return result(false);
    }
    if (is_string($step['as'] ?? null)) {
        $LISTS[$step['as']] = $r;
    }
    return ['ok' => true, 'count' => count($r), 'handle' => $r ? handle_kind($r[0]) : null];
}

/** The entry of a named list; NoSuchName when the list or entry is not there. */
function entry_arg(array $a)
{
    global $LISTS;
    $list = $LISTS[$a['list'] ?? ''] ?? null;
    $index = (int)($a['index'] ?? 0);
    if ($list === null || !isset($list[$index])) {
        throw new NoSuchName((string)($a['list'] ?? ''));
    }
    return $list[$index];
}

/** ext/sockets' explain array with ai_family and ai_socktype by name, the
 * protocol's other numbers as they are. */
function op_socket_addrinfo_explain(array $a): array
{
    $v = socket_addrinfo_explain(entry_arg($a));
    if (!is_array($v)) {
        return result(false);
    }
    foreach (['AF_INET', 'AF_INET6', 'AF_UNIX', 'AF_UNSPEC'] as $n) {
        if (defined($n) && ($v['ai_family'] ?? null) === constant($n)) {
            $v['ai_family'] = $n;
            break;
        }
    }
    if (is_int($v['ai_socktype'] ?? null)) {
        $v['ai_socktype'] = type_name($v['ai_socktype']);
    }
    return ['ok' => true, 'value' => $v];
}

/* The entries are AF_INET or AF_INET6 (numeric hosts and localhost):
 * the domain kept for the socket only tells it is not AF_UNIX. */
function op_socket_addrinfo_bind(array $a, array $step): array
{
    return name_socket($step, socket_addrinfo_bind(entry_arg($a)), AF_INET);
}

function op_socket_addrinfo_connect(array $a, array $step): array
{
    return name_socket($step, socket_addrinfo_connect(entry_arg($a)), AF_INET);
}

function names(array $a, bool $peer): array
{
    $s = socket_arg($a);
    $addr = '';
    $port = 0;
    $ok = $peer ? socket_getpeername($s, $addr, $port) : socket_getsockname($s, $addr, $port);
    return $ok ? ['ok' => true, 'ret' => 0, 'address' => $addr, 'port' => $port] : result(false, $s);
}

function op_socket_getsockname(array $a): array
{
    return names($a, false);
}

function op_socket_getpeername(array $a): array
{
    return names($a, true);
}

function op_socket_shutdown(array $a): array
{
    $s = socket_arg($a);
    return result(socket_shutdown($s, number_arg($a, 'how', 2)), $s);
}

function op_socket_set_block(array $a): array
{
    $s = socket_arg($a);
    return result(socket_set_block($s), $s);
}

function op_socket_set_nonblock(array $a): array
{
    $s = socket_arg($a);
    return result(socket_set_nonblock($s), $s);
}

function op_socket_close(array $a): array
{
    // void; a closed Socket throws on use (8.0.0 on), a closed resource
    // warns (before)
    // ret: what socket_close returned (nothing: null), as the page says
    return ['ok' => true, 'ret' => socket_close(socket_arg($a))];
}

/** socket_getopt and socket_setopt: the same functions by their other
 * names (aliases PHP keeps), called by those names. */
function op_socket_getopt(array $a): array
{
    $s = socket_arg($a);
    $v = socket_getopt($s, need(constant_arg($a, 'level', 0), 'level'),
        need(constant_arg($a, 'option', 0), 'option'));
    return $v === false ? result(false, $s) : ['ok' => true, 'ret' => 0, 'value' => $v];
}

function op_socket_setopt(array $a): array
{
    $s = socket_arg($a);
    $v = $a['value'] ?? 0;
    return result(socket_setopt($s, need(constant_arg($a, 'level', 0), 'level'),
        need(constant_arg($a, 'option', 0), 'option'), is_array($v) ? $v : (int)$v), $s);
}

function op_socket_last_error(array $a): array
{
    if (array_key_exists('socket', $a) && $a['socket'] === null) {
        $code = socket_last_error(null); // PHP 8.0.0 on takes null: the global error
    } else {
        $code = isset($a['socket']) ? socket_last_error(socket_arg($a)) : socket_last_error();
    }
    return ['ok' => true, 'value' => error_name($code), 'native' => $code];
}

function op_socket_clear_error(array $a): array
{
    // ret: what socket_clear_error returned (nothing: null)
    if (array_key_exists('socket', $a) && $a['socket'] === null) {
        $r = socket_clear_error(null); // PHP 8.0.0 on takes null: the global error
    } else {
        $r = isset($a['socket']) ? socket_clear_error(socket_arg($a)) : socket_clear_error();
    }
    return ['ok' => true, 'ret' => $r];
}

function op_socket_strerror(array $a): array
{
    if (is_array($a['code'] ?? null) && ($a['code']['last_error'] ?? false) === true) {
        $code = socket_last_error(); // socket_strerror(socket_last_error())
    } else {
        $name = 'SOCKET_' . (is_string($a['code'] ?? null) ? $a['code'] : '');
        if (!defined($name)) {
            return ['ok' => false, 'message' => ''];
        }
        $code = constant($name);
    }
    $out = ['ok' => true, 'message' => socket_strerror($code)];
    if (isset($a['locale'])) {
        if (setlocale(LC_ALL, $a['locale']) === false) {
            $out['locale_missing'] = true;
        } else {
            $out['localized'] = socket_strerror($code);
            $out['message_in_locale'] = socket_strerror($code);
            setlocale(LC_ALL, 'C');
        }
    }
    return $out;
}

/** Until the parent process sleeps in a call (Linux /proc): a forked peer
 * acts once the parent is blocked in accept, not after a guessed delay. */
function op_wait_blocked(array $a): array
{
    if (($a['who'] ?? '') !== 'parent') {
        throw new BadCase('who must be "parent"');
    }
    $state = function (): string {
        $stat = @file_get_contents('/proc/' . parent_pid() . '/stat');
        $close = $stat === false ? false : strrpos($stat, ')');
        return $close === false ? '' : substr($stat, $close + 2, 1);
    };
    $now = $state();
    if ($now === '') {
        return ['unsupported' => true, 'why' => 'no /proc to see whether a process sleeps'];
    }
    // No call waits for another process to block: look again (each look
    // is a system call, which lets the parent run) until it sleeps or the
    // deadline passes; no fixed delay.
    $deadline = hrtime(true) + (int)($a['timeout_ms'] ?? 5000) * 1000000;
    while ($now !== 'S' && hrtime(true) < $deadline) {
        $now = $state();
    }
    return $now === 'S' ? ['ok' => true] : ['ok' => false, 'error' => 'ETIMEDOUT'];
}

/** The system's listen backlog maximum as the OS states it. */
function op_os_max_backlog(array $a): array
{
    $v = @file_get_contents('/proc/sys/net/core/somaxconn');
    if ($v === false) {
        return ['unsupported' => true, 'why' => 'the system states no backlog maximum'];
    }
    return ['ok' => true, 'ret' => (int)trim($v)];
}

/** The backlog the OS holds for the TCP listener on a port: Linux's ss
 * (inet_diag), whose Send-Q of a listener is its backlog; in the private
 * network namespace the harness makes, every listener is the case's. */
function op_os_listen_backlog(array $a): array
{
    $port = number_arg($a, 'port', 0);
    $quiet = [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']];
    $p = PHP_OS === 'Linux' ? @proc_open(['ss', '-ltnH', 'sport = :' . $port], $quiet, $pipes) : false;
    if ($p === false) {
        return ['unsupported' => true, 'why' => 'no ss (iproute2) to ask the OS for a listener\'s backlog'];
    }
    $text = stream_get_contents($pipes[1]);
    fclose($pipes[1]);
    $rc = proc_close($p);
    $fields = preg_split('/\s+/', trim((string)$text));
    if ($rc !== 0 || count($fields) < 4 || $fields[0] !== 'LISTEN') {
        return ['ok' => false, 'error' => 'NOT_LISTED', 'message' => trim((string)$text)];
    }
    return ['ok' => true, 'ret' => (int)$fields[2]];
}

function op_constant(array $a): array
{
    $name = (string)($a['name'] ?? '');
    if (!defined($name)) {
        return ['ok' => true, 'supported' => false];
    }
    return ['ok' => true, 'supported' => true, 'value' => constant($name)];
}

/* ---- process helpers (pcntl, posix) ------------------------------------- */

/** The parent's pid: posix_getppid where posix is loaded, else the fourth
 * field of /proc/PID/stat (the builds without posix are Linux builds). */
function parent_pid(): int
{
    if (function_exists('posix_getppid')) {
        return posix_getppid();
    }
    // Not /proc/self: PHP's realpath cache would give a forked child its
    // parent's /proc/self.
    $stat = (string)@file_get_contents('/proc/' . getmypid() . '/stat');
    $fields = explode(' ', substr($stat, (int)strrpos($stat, ')') + 2));
    return (int)($fields[1] ?? 0);
}

/** kill(2): posix_kill where posix is loaded, else kill(1), which makes
 * the same call from a short-lived child (its SIGCHLD goes to this
 * process, so it is reaped before the signal is counted: proc_close). */
function kill_process(int $pid, int $sig): bool
{
    if (function_exists('posix_kill')) {
        return posix_kill($pid, $sig);
    }
    $quiet = [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'],
              2 => ['file', '/dev/null', 'w']];
    $p = proc_open(['kill', '-' . $sig, (string)$pid], $quiet, $pipes);
    return $p !== false && proc_close($p) === 0;
}

function signal_arg(array $a): int
{
    $name = $a['signal'] ?? '';
    if (!in_array($name, SIGNALS, true) || !defined($name)) {
        throw new BadCase('unknown or reserved signal');
    }
    return constant($name);
}

function op_signal_handler(array $a): array
{
    global $HANDLED, $CAUGHT;
    $sig = signal_arg($a);
    $ok = pcntl_signal($sig, function (int $n) use (&$CAUGHT) {
        $CAUGHT[$n] = ($CAUGHT[$n] ?? 0) + 1;
    }, (bool)($a['restart'] ?? false));
    $HANDLED[$sig] = true;
    return ['ok' => $ok];
}

function op_signals_caught(array $a): array
{
    global $CAUGHT;
    $sig = signal_arg($a);
    pcntl_signal_dispatch();
    return ['ok' => true, 'count' => $CAUGHT[$sig] ?? 0];
}

function op_send_signal(array $a): array
{
    global $PEERS;
    $sig = signal_arg($a);
    $to = $a['to'] ?? 'self';
    if ($to === 'parent') {
        $pid = parent_pid();
    } elseif ($to === 'self') {
        $pid = getmypid();
    } elseif (isset($PEERS[$to])) {
        $pid = $PEERS[$to][0];
    } else {
        throw new NoSuchName($to);
    }
    return ['ok' => kill_process($pid, $sig)];
}

function op_fork_peer(array $a, array $step): array
{
    global $PEERS, $CAUGHT;
    $name = $step['as'] ?? null;
    if (!is_string($name) || !is_array($a['steps'] ?? null) || isset($PEERS[$name])) {
        throw new BadCase('fork_peer needs steps and an unused name');
    }
    $pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
    $pid = pcntl_fork();
    if ($pid === 0) {
        // Nothing but the report pipe leads back: the harness's pipes close.
        fclose(STDIN);
        fclose(STDOUT);
        fclose($pair[0]);
        foreach ($PEERS as $p) {
            fclose($p[1]);
        }
        $PEERS = [];
        $CAUGHT = [];
        pcntl_alarm(20); // a stuck child ends: SIGALRM's default action
        $outs = [];
        foreach ($a['steps'] as $s) {
            $o = run_step($s);
            $outs[] = $o;
            if (!empty($o['unsupported'])) {
                break;
            }
        }
        fwrite($pair[1], json_encode($outs, JSON_INVALID_UTF8_SUBSTITUTE));
        fclose($pair[1]);
        exit(0);
    }
    fclose($pair[1]);
    if ($pid < 0) {
        fclose($pair[0]);
        return ['ok' => false, 'error' => 'FORK_FAILED'];
    }
    $PEERS[$name] = [$pid, $pair[0]];
    return ['ok' => true];
}

function op_wait_peer(array $a): array
{
    global $PEERS;
    $name = $a['peer'] ?? '';
    if (!isset($PEERS[$name])) {
        throw new NoSuchName($name);
    }
    [$pid, $stream] = $PEERS[$name];
    unset($PEERS[$name]);
    $deadline = hrtime(true) + (int)($a['timeout_ms'] ?? 5000) * 1000000;
    $report = '';
    $done = false;
    while (!$done && hrtime(true) < $deadline) {
        $r = [$stream];
        $w = $e = null;
        $left = intdiv(max(0, $deadline - hrtime(true)), 1000);
        if (@stream_select($r, $w, $e, 0, min($left, 100000)) > 0) {
            $chunk = fread($stream, 65536);
            $done = $chunk === '' || $chunk === false;
            $report .= $done ? '' : $chunk;
        }
    }
    fclose($stream);
    if (!$done) {
        kill_process($pid, SIGKILL);
    }
    $status = 0;
    while (pcntl_waitpid($pid, $status) === -1 && pcntl_get_last_error() === PCNTL_EINTR) {
    }
    $steps = $done ? json_decode($report, true) : null;
    $out = [];
    if (pcntl_wifexited($status)) {
        $out['exit'] = pcntl_wexitstatus($status);
    } elseif (pcntl_wifsignaled($status)) {
        $out['signal'] = pcntl_wtermsig($status);
    }
    $reported = is_array($steps);
    $out['ok'] = $reported && ($out['exit'] ?? -1) === 0;
    if (!$out['ok']) {
        $out['error'] = $done ? 'PEER_FAILED' : 'PEER_TIMEOUT';
    }
    if ($reported) {
        $out['steps'] = $steps;
    }
    return $out;
}

/* ---- the loop ----------------------------------------------------------- */

function run_step(array $step): array
{
    global $WARNING;
    $op = (string)($step['op'] ?? '');
    $args = is_array($step['args'] ?? null) ? $step['args'] : [];
    $WARNING = null;
    $began = hrtime(true);
    try {
        if ($op === 'driver_abort') {
            kill_process(getmypid(), SIGABRT);
            exit(134);
        } elseif ($op === 'driver_hang') {
            for (;;) {
                sleep(1);
            }
        } elseif (!function_exists(helper_needs($op))) {
            // PHP (or this build of it) has no such function.
            $out = ['unsupported' => true, 'why' => helper_needs($op) . ' is not available'];
        } elseif (!function_exists('op_' . $op)) {
            $out = ['unsupported' => true, 'lacks' => 'op']; // this driver's gap
        } else {
            $out = ('op_' . $op)($args, $step);
        }
    } catch (NoSuchName $e) {
        $out = ['ok' => false, 'error' => 'NO_SUCH_NAME'];
    } catch (WouldResolve $e) {
        $out = ['unsupported' => true, 'why' => 'PHP would resolve "' . $e->getMessage() . '" through DNS'];
    } catch (NotDefinedHere $e) {
        $out = ['unsupported' => true, 'why' => $e->getMessage()];
    } catch (BadCase $e) {
        $out = ['ok' => false, 'error' => 'BAD_CASE', 'message' => $e->getMessage()];
    } catch (Throwable $e) {
        // PHP 8 throws where C returns an error: a closed Socket, a bad length.
        $out = ['ok' => false, 'error' => get_class($e), 'exception' => get_class($e),
                'message' => $e->getMessage()];
    }
    // Every step's E_WARNING, not only a failing call's: the pages document
    // when PHP warns (sockets.errors-warning), so the harness can check it.
    if ($WARNING !== null && !isset($out['warning'])) {
        $out['warning'] = $WARNING;
    }
    $out['elapsed_ms'] = intdiv(hrtime(true) - $began, 1000000);
    return ['op' => $op] + $out;
}

/** The PHP function an operation needs (its own name for the spec's
 * functions): one PHP lacks (socket_readv, socket_writev: removed with
 * the iovec functions in PHP 5) is the implementation's lack, reported
 * unsupported with why; an op with no op_ function is this driver's. */
function helper_needs(string $op): string
{
    switch ($op) {
        case 'fork_peer':
        case 'wait_peer':
            return 'pcntl_fork';
        case 'signal_handler':
        case 'signals_caught':
        case 'send_signal':
            return 'pcntl_signal';
        case 'wait_blocked':
        case 'os_max_backlog':
        case 'os_listen_backlog':
            return 'file_get_contents';
        case 'constant':
            return 'defined';
        case 'stream_write':
            return 'fwrite';
        case 'stream_open_null':
            return 'fopen';
        case 'stream_read':
            return 'fread';
        case 'exec_peer':
        case 'foreign_socket':
            return 'proc_open';
        default:
            return $op;
    }
}

function open_descriptors(): int
{
    $fds = @scandir('/proc/self/fd');
    return $fds === false ? -1 : count($fds) - 3; // ".", ".." and scandir's own
}

/** After a case: peers ended, handlers restored, sockets closed. */
function end_case(): int
{
    global $NAMES, $DOMAINS, $LISTS, $PEERS, $HANDLED, $CAUGHT, $FD_BASELINE, $STREAMS, $VALUES, $EXECS;
    foreach ($PEERS as [$pid, $stream]) {
        kill_process($pid, SIGKILL);
        pcntl_waitpid($pid, $status);
        fclose($stream);
    }
    $PEERS = [];
    foreach ($EXECS as [$proc, $stdin]) {
        fclose($stdin);
        proc_terminate($proc, 9);
        proc_close($proc);
    }
    $EXECS = [];
    foreach (array_keys($HANDLED) as $sig) {
        pcntl_signal($sig, SIG_DFL);
    }
    $HANDLED = [];
    $CAUGHT = [];
    foreach ($NAMES as $s) {
        try {
            socket_close($s);
        } catch (Error $e) {
            // closed by the case already
        }
    }
    $NAMES = [];
    $DOMAINS = [];
    $STREAMS = []; // the last reference: PHP closes each stream
    $VALUES = [];
    $LISTS = [];
    socket_clear_error(); // the global last error is per process, not per case
    $n = open_descriptors();
    return $n < 0 ? -1 : $n - $FD_BASELINE;
}

function describe(): array
{
    $features = [];
    // Each constant may be missing from a build (a Windows one may lack
    // AF_UNIX; SOCK_SEQPACKET).
    $s = defined('AF_UNIX') ? @socket_create(AF_UNIX, SOCK_STREAM, 0) : false;
    if ($s !== false) {
        $features[] = 'af_unix';
        socket_close($s);
    }
    $s = defined('AF_INET6') ? @socket_create(AF_INET6, SOCK_STREAM, 0) : false;
    if ($s !== false) {
        if (@socket_bind($s, '::1', 0)) {
            $features[] = 'ipv6';
        }
        socket_close($s);
    }
    $s = defined('SOCK_SEQPACKET') ? @socket_create(AF_UNIX, SOCK_SEQPACKET, 0) : false;
    if ($s !== false) {
        $features[] = 'seqpacket';
        socket_close($s);
    }
    // "root": the network privileges (CAP_NET_RAW, CAP_NET_ADMIN) root or
    // a user+network namespace grants; a raw ICMP socket shows them.
    $s = @socket_create(AF_INET, SOCK_RAW, 1);
    if ($s !== false) {
        $features[] = 'root';
        socket_close($s);
    }
    // The operating system, for statements about one platform.
    $os = ['Linux' => 'linux', 'Darwin' => 'macos', 'Windows' => 'windows'][PHP_OS_FAMILY] ?? null;
    if ($os !== null) {
        $features[] = $os;
    }
    if (function_exists('pcntl_fork')) {
        $features[] = 'fork';
    }
    if (function_exists('pcntl_signal')) {
        $features[] = 'signals';
    }
    $libc = 'system';
    $maps = @file_get_contents('/proc/self/maps');
    if ($maps !== false) {
        $libc = strpos($maps, 'musl') !== false ? 'musl'
            : (strpos($maps, 'libc.so.6') !== false ? 'glibc' : 'system');
        // The glibc it runs on: the version in the banner of the libc.so.6
        // this process maps.
        if ($libc === 'glibc' && preg_match('~ (/\S*libc\.so\.6)$~m', $maps, $m)
            && preg_match('/GNU C Library[^\n]*version ([0-9]+\.[0-9]+)/',
                          (string)@file_get_contents($m[1]), $v)) {
            $libc = 'glibc ' . $v[1];
        }
    }
    // The column of the report is the PHP minor version ("8.2"); which
    // build it is (Debian's package, an npm @libphp build, setup-php's) the
    // launcher says with -d psock_php_build=... (platforms/php_versions.py).
    $build = get_cfg_var('psock_php_build');
    $compiler = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . ' (PHP ' . PHP_VERSION . ' ' . PHP_SAPI
        . ', ' . (is_string($build) && $build !== '' ? $build : 'php on PATH') . ')';
    $platform = ['os' => PHP_OS, 'os_version' => php_uname('r'), 'arch' => php_uname('m'),
                 'libc' => $libc, 'compiler' => $compiler];
    // Where the build comes from (platforms/php-versions.json, through the
    // launcher): the system it was made on and that system's glibc, whose
    // headers decide the system constants it defines; and, read from the
    // binary itself, the newest glibc symbol version it needs (a floor of
    // the glibc it was built against).
    foreach (['build' => 'psock_php_build', 'build_distribution' => 'psock_php_distribution',
              'build_glibc' => 'psock_php_glibc'] as $key => $ini) {
        $value = get_cfg_var($ini);
        if (is_string($value) && $value !== '') {
            $platform[$key] = $value;
        }
    }
    $binary = PHP_BINARY !== '' ? (string)@file_get_contents(PHP_BINARY) : '';
    if (preg_match_all('/GLIBC_([0-9]+\.[0-9]+(?:\.[0-9]+)?)\x00/', $binary, $all)) {
        usort($all[1], 'version_compare');
        $platform['binary_needs_glibc'] = end($all[1]);
    }
    unset($binary);
    return ['implementation' => 'php', 'version' => PHP_VERSION,
            'platform' => $platform,
            'features' => $features, 'open' => 0,  // counted from $FD_BASELINE
            'warnings' => true, // each step reports its E_WARNING
            'handles' => true,  // and what a socket is: "Socket" or "resource"
            'protocol' => 3];
}

if (!extension_loaded('sockets')) {
    fwrite(STDERR, "php: the sockets extension is not loaded\n");
    exit(2);
}
if (function_exists('pcntl_async_signals')) {
    pcntl_async_signals(true); // handlers run as signals arrive, as modern PHP code sets
}
$FD_BASELINE = open_descriptors();
while (($line = fgets(STDIN)) !== false) {
    $msg = json_decode($line, true);
    $cmd = is_array($msg) ? ($msg['cmd'] ?? '') : '';
    if (!is_array($msg)) {
        $reply = ['error' => 'bad JSON'];
    } elseif ($cmd === 'start') {
        $reply = describe();
    } elseif ($cmd === 'run') {
        $CASE_NO++;
        $outs = [];
        foreach ($msg['case']['steps'] ?? [] as $step) {
            $o = run_step($step);
            $outs[] = $o;
            if (!empty($o['unsupported'])) {
                break;
            }
        }
        $reply = ['seq' => $msg['seq'] ?? 0, 'steps' => $outs, 'open' => end_case()];
    } elseif ($cmd === 'stop') {
        break;
    } else {
        continue;
    }
    fwrite(STDOUT, json_encode($reply, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE) . "\n");
}
