#!/usr/bin/perl
# SPDX-License-Identifier: MIT
#
# The conformance driver for Perl's core Socket module (the fifth
# implementation), written from conformance/PROTOCOL.md: every operation of
# the cases mapped to what a Perl programmer calls -- the socket, bind,
# connect, listen, accept, sysread, syswrite, recv, send, select,
# getsockopt, setsockopt, shutdown and close built-ins with Socket's
# constants and sockaddr packers, IO::Socket::INET for a one-call listener,
# Fcntl's O_NONBLOCK, POSIX for strerror, setlocale and sigaction, Errno for
# the error names -- reporting raw outcomes. It judges nothing.
#
# What Perl's core has no counterpart for answers "unsupported" with why,
# never a stand-in (PROTOCOL.md): the per-socket last error (Perl has only
# the global $!), scatter/gather and sendmsg/recvmsg (no core sendmsg),
# psock's backlog query. PHP_NORMAL_READ is made from one-byte sysreads, as
# PHP's ext/sockets makes it. A constant is the Socket (or Errno, for
# PHP's SOCKET_E* error constants) name of the same meaning; one Perl does
# not define answers "supported": false to the constant op, and makes a
# step that takes it as an argument "unsupported".
#
#   perl conformance/drivers/perl/driver.pl
use strict;
use warnings;
use Errno ();
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);
use File::Temp qw(tempdir);
use IO::Socket::INET ();
use JSON::PP ();
use MIME::Base64 qw(encode_base64 decode_base64);
use POSIX ();
use Socket qw(:all);
use Time::HiRes qw(time);

my $JSON = JSON::PP->new->canonical->allow_nonref;
my (%names, %closed, %peers, %saved, %caught);
my ($case_counter, $tmpdir) = (0, undef);

# Errno's names by number; of two names for one code (EAGAIN and
# EWOULDBLOCK) the first in order, which the harness treats as one.
my %ERRNAME;
for my $n (sort keys %!) {
    my $v = eval { no strict 'refs'; &{"Errno::$n"}() };
    $ERRNAME{$v} //= $n if defined $v;
}

sub unsupported { die { unsupported => 1, why => $_[0] } }
sub bad_case    { die { ok => JSON::PP::false, error => 'BAD_CASE', message => $_[0] } }
sub no_name     { die { ok => JSON::PP::false, error => 'NO_SUCH_NAME' } }

# An errno as Perl gives it ($!), by its POSIX name.
sub failed {
    my $code = $! + 0;
    return { ok => JSON::PP::false, error => ($ERRNAME{$code} // "E$code"),
             native => $code, message => POSIX::strerror($code) };
}

my %EXTRA = (SOL_TCP => IPPROTO_TCP, SOL_UDP => IPPROTO_UDP,
             PHP_NORMAL_READ => 1, PHP_BINARY_READ => 2);

# The value of a constant's name in Perl, or undef where Perl (this
# platform's Socket build) does not define it.
sub value_of {
    my ($name) = @_;
    return $EXTRA{$name} if exists $EXTRA{$name};
    return undef unless $name =~ /^[A-Z][A-Z0-9_]*$/;
    if ($name =~ /^SOCKET_(E[A-Z0-9]+)$/) {   # PHP's errno constants: Errno's
        my $e = $1;
        return exists $!{$e} ? eval { no strict 'refs'; &{"Errno::$e"}() } : undef;
    }
    my $f = Socket->can($name) or return undef;
    my $v = eval { $f->() };   # "Your vendor has not defined Socket macro"
    return $v;
}

sub const {
    my ($args, $key, $default) = @_;
    my $v = exists $args->{$key} ? $args->{$key} : $default;
    return $v unless defined $v && $v =~ /[A-Z]/;
    my $n = value_of($v);
    unsupported("Perl's Socket does not define $v here") unless defined $n;
    return $n;
}

sub flags {
    my ($args) = @_;
    my $v = $args->{flags} // 0;
    my @items = ref $v eq 'ARRAY' ? @$v : $v =~ /[A-Z]/ ? split(/\|/, $v) : ();
    return $v + 0 unless @items;
    my $out = 0;
    $out |= const({ f => $_ }, 'f') for @items;
    return $out;
}

sub payload {
    my ($args) = @_;
    return do { my $d = $args->{data}; utf8::encode($d); $d } if exists $args->{data};
    return decode_base64($args->{data_b64}) if exists $args->{data_b64};
    my $n = $args->{size};
    if (defined $n && $n >= 0 && $n <= 256 << 20) {
        return substr('abcdefghijklmnopqrstuvwxyz' x (int($n / 26) + 1), 0, $n);
    }
    return '';
}

sub sock {
    my ($args, $key) = @_;
    my $name = $args->{$key // 'socket'};
    no_name() unless defined $name && exists $names{$name};
    return $names{$name};
}

sub family { my $a = getsockname($_[0]); defined $a ? sockaddr_family($a) : AF_INET }

sub port_of {
    my ($args) = @_;
    my $p = $args->{port} // 0;
    return $p + 0 unless ref $p eq 'HASH';
    my $a = getsockname(sock($p, 'port_of'));
    my $fam = sockaddr_family($a);
    return ($fam == AF_INET6 ? (unpack_sockaddr_in6($a))[0] : (unpack_sockaddr_in($a))[0]);
}

# The sockaddr a step names for socket s: a numeric address (Perl's
# inet_pton resolves no names; the suite contacts loopback only) or a path
# in the case's directory.
sub sockaddr_for {
    my ($s, $args) = @_;
    my $a = $args->{address};
    my $fam = family($s);
    if (ref $a eq 'HASH') {
        # psock-drv-*: the name records.py knows as a driver's own directory.
        $tmpdir //= tempdir('psock-drv-XXXXXX', TMPDIR => 1, CLEANUP => 1);
        return pack_sockaddr_un("$tmpdir/c$case_counter-$a->{path}");
    }
    return pack_sockaddr_un($a) if $fam == AF_UNIX;
    my $packed = inet_pton($fam, $a // '');
    unsupported("Perl's inet_pton takes no name (\"$a\"); the suite contacts loopback only")
        unless defined $packed;
    my $port = port_of($args);
    return $fam == AF_INET6 ? pack_sockaddr_in6($port, $packed) : pack_sockaddr_in($port, $packed);
}

sub named {
    my ($fh, $as) = @_;
    if (defined $as && !ref $as) { $names{$as} = $fh; delete $closed{$as} }
    else { close $fh }
}

sub name_outcome {
    my ($packed) = @_;
    return failed() unless defined $packed;
    my $fam = sockaddr_family($packed);
    if ($fam == AF_INET || $fam == AF_INET6) {
        my ($port, $ip) = $fam == AF_INET ? unpack_sockaddr_in($packed)
                                          : unpack_sockaddr_in6($packed);
        return { ok => JSON::PP::true, ret => 0, address => inet_ntop($fam, $ip), port => $port };
    }
    my $path = eval { unpack_sockaddr_un($packed) } // '';
    return { ok => JSON::PP::true, ret => 0, address => $path, port => 0 };
}

sub ok { return { ok => JSON::PP::true, @_ } }

# ---- operations -------------------------------------------------------------

my %OPS;
$OPS{socket_create} = sub {
    my ($a, $as) = @_;
    socket(my $fh, const($a, 'domain'), const($a, 'type'), const($a, 'protocol', 0))
        or return failed();
    named($fh, $as);
    ok();
};
$OPS{socket_create_listen} = sub {
    my ($a, $as) = @_;
    # IO::Socket::INET is core Perl's one call for a listener (socket,
    # SO_REUSEADDR as asked, bind, listen).
    my $fh = IO::Socket::INET->new(LocalAddr => $a->{address} // '0.0.0.0',
                                   LocalPort => port_of($a), Proto => 'tcp',
                                   Listen => const($a, 'backlog', SOMAXCONN))
        or return failed();
    named($fh, $as);
    ok();
};
$OPS{socket_create_pair} = sub {
    my ($a, $as) = @_;
    socketpair(my $x, my $y, const($a, 'domain'), const($a, 'type'), const($a, 'protocol', 0))
        or return failed();
    # The domain the pair was made in, as the socket says.
    my %domains = (AF_UNIX, 'AF_UNIX', AF_INET, 'AF_INET', AF_INET6, 'AF_INET6');
    my $domain = $domains{family($x)};
    if (ref $as eq 'ARRAY' && @$as == 2) { named($x, $as->[0]); named($y, $as->[1]) }
    else { close $x; close $y }
    ok(ret => 0, defined $domain ? (domain => $domain) : ());
};
$OPS{socket_bind} = sub {
    my $s = sock($_[0]);
    bind($s, sockaddr_for($s, $_[0])) ? ok(ret => 0) : failed();
};
$OPS{socket_connect} = sub {
    my $s = sock($_[0]);
    connect($s, sockaddr_for($s, $_[0])) ? ok(ret => 0) : failed();
};
$OPS{socket_listen} = sub { listen(sock($_[0]), const($_[0], 'backlog', 0)) ? ok(ret => 0) : failed() };
$OPS{socket_accept} = sub {
    my ($a, $as) = @_;
    accept(my $fh, sock($a)) or return failed();
    named($fh, $as);
    ok();
};

sub got { my ($d) = @_; ok(ret => length $d, data_b64 => encode_base64($d, '')) }

$OPS{socket_read} = sub {
    my ($a) = @_;
    my ($s, $len, $buf) = (sock($a), $a->{length} // 0, '');
    if (const($a, 'mode', 2) == 1 && $len > 0) {
        # PHP_NORMAL_READ: a byte at a time up to "\n" or "\r" or length.
        while (length $buf < $len) {
            my $n = sysread($s, my $byte, 1);
            if (!defined $n) { return failed() unless length $buf; last }
            last if $n == 0;
            $buf .= $byte;
            last if $byte eq "\n" || $byte eq "\r";
        }
        return got($buf);
    }
    defined(sysread($s, $buf, $len)) ? got($buf) : failed();
};
$OPS{socket_write} = sub {
    my ($a) = @_;
    my $d = payload($a);
    $d = substr($d, 0, $a->{length}) if defined $a->{length} && $a->{length} >= 0;
    my $n = syswrite(sock($a), $d);
    defined $n ? ok(ret => $n) : failed();
};
$OPS{socket_recv} = sub {
    my ($a) = @_;
    my $buf;
    defined(recv(sock($a), $buf, $a->{length} // 0, flags($a))) ? got($buf) : failed();
};
$OPS{socket_recvfrom} = sub {
    my ($a) = @_;
    my $from = recv(sock($a), my $buf, $a->{length} // 0, flags($a));
    return failed() unless defined $from;
    my $out = got($buf);
    if (length $from) {
        my $name = name_outcome($from);
        @$out{qw(address port)} = @$name{qw(address port)};
    } else {   # Perl gives no sender (a stream): none is reported
        @$out{qw(address port)} = (undef, undef);
    }
    $out;
};
$OPS{socket_send} = sub {
    my ($a) = @_;
    my $s = sock($a);
    my $d = payload($a);
    $d = substr($d, 0, $a->{length}) if defined $a->{length} && $a->{length} >= 0
        && $a->{length} < length $d;
    my $n = exists $a->{address} ? send($s, $d, flags($a), sockaddr_for($s, $a))
                                 : send($s, $d, flags($a));
    defined $n ? ok(ret => $n) : failed();
};
$OPS{socket_sendto} = $OPS{socket_send};

sub fdset {
    my ($list) = @_;
    my $bits = '';
    for my $name (@{ $list // [] }) {
        my $fd = fileno(sock({ s => $name }, 's'));
        # A closed handle has no descriptor: Perl cannot put it in a set.
        unsupported("Perl's select takes descriptors; the closed handle $name has none")
            unless defined $fd;
        vec($bits, $fd, 1) = 1;
    }
    return $bits;
}
$OPS{socket_select} = sub {
    my ($a) = @_;
    my @sets = map { $a->{$_} // [] } qw(read write except);
    my ($r, $w, $e) = map { fdset($_) } @sets;
    my $timeout = defined $a->{seconds} && $a->{seconds} >= 0
        ? $a->{seconds} + ($a->{microseconds} // 0) / 1e6 : undef;
    my $n = select($r, $w, $e, $timeout);
    return failed() if $n < 0;
    my $out = ok(ret => $n);
    my @ready = ($r, $w, $e);
    for my $i (0 .. 2) {
        $out->{(qw(read write except))[$i]} =
            [grep { vec($ready[$i], fileno($names{$_}), 1) } @{ $sets[$i] }];
    }
    $out;
};

my %BOOLEAN = map { $_ => 1 } qw(SO_DEBUG SO_REUSEADDR SO_KEEPALIVE SO_DONTROUTE
                                 SO_BROADCAST SO_OOBINLINE TCP_NODELAY);
$OPS{socket_get_option} = sub {
    my ($a) = @_;
    my $name = $a->{option} // '';
    my $v = getsockopt(sock($a), const($a, 'level'), const($a, 'option'));
    return failed() unless defined $v;
    if ($name eq 'SO_LINGER') {
        my ($on, $secs) = unpack('i i', $v);
        return ok(ret => 0, value => { l_onoff => $on, l_linger => $secs });
    }
    if ($name eq 'SO_RCVTIMEO' || $name eq 'SO_SNDTIMEO') {
        my ($sec, $usec) = unpack('q q', $v);
        return ok(ret => 0, value => { sec => $sec, usec => $usec });
    }
    my $n = unpack('i', $v);
    if ($name eq 'SO_TYPE') {
        my %types = map { my $t = value_of($_); defined $t ? ($t => $_) : () }
                    qw(SOCK_STREAM SOCK_DGRAM SOCK_RAW SOCK_SEQPACKET SOCK_RDM);
        $n = $types{$n} // "$n";
    } elsif ($name eq 'SO_ERROR') {
        $n = $n ? ($ERRNAME{$n} // "E$n") : 'OK';
    } elsif ($BOOLEAN{$name}) {
        $n = $n ? 1 : 0;
    }
    ok(ret => 0, value => $n);
};
$OPS{socket_set_option} = sub {
    my ($a) = @_;
    my ($name, $value) = ($a->{option} // '', $a->{value} // 0);
    my $packed;
    if ($name eq 'SO_LINGER') {
        $packed = pack('i i', $value->{l_onoff} // 0, $value->{l_linger} // 0);
    } elsif ($name eq 'SO_RCVTIMEO' || $name eq 'SO_SNDTIMEO') {
        $packed = pack('q q', $value->{sec} // 0, $value->{usec} // 0);
    } elsif (ref $value) {
        # A group request ({group, interface, source}): core Socket has no
        # packer for struct group_req, so this driver cannot make the call.
        unsupported("the driver cannot encode a group request for Perl's setsockopt");
    } elsif ($value =~ /^[a-z]/) {
        # An interface by name: core Socket has no if_nametoindex.
        unsupported("Perl's core Socket has no if_nametoindex for an interface name");
    } else {
        $packed = pack('i', $value =~ /[A-Z]/ ? const($a, 'value') : $value);
    }
    setsockopt(sock($a), const($a, 'level'), const($a, 'option'), $packed)
        ? ok(ret => 0) : failed();
};
$OPS{socket_getsockname} = sub { name_outcome(getsockname(sock($_[0]))) };
$OPS{socket_getpeername} = sub { name_outcome(getpeername(sock($_[0]))) };
$OPS{socket_shutdown} = sub { shutdown(sock($_[0]), $_[0]{how} // 2) ? ok(ret => 0) : failed() };

sub blocking {
    my ($want) = @_;
    return sub {
        my $s = sock($_[0]);
        my $fl = fcntl($s, F_GETFL, 0);
        return failed() unless defined $fl;
        $fl = $want ? ($fl & ~O_NONBLOCK) : ($fl | O_NONBLOCK);
        fcntl($s, F_SETFL, $fl) ? ok(ret => 0) : failed();
    };
}
$OPS{socket_set_block} = blocking(1);
$OPS{socket_set_nonblock} = blocking(0);
$OPS{socket_close} = sub {
    my ($a) = @_;
    my $s = sock($a);
    close($s) or return failed();   # a closed handle: EBADF, as Perl says
    $closed{$a->{socket}} = 1;
    ok(ret => 0);
};
$OPS{socket_strerror} = sub {
    my ($a) = @_;
    unsupported("Perl keeps no per-socket last error to describe (only the global \$!)")
        if ref $a->{code};
    my $e = $a->{code} // '';
    my $code = exists $!{$e} ? eval { no strict 'refs'; &{"Errno::$e"}() } : undef;
    unsupported("Perl's Errno has no $e") unless defined $code;   # an argument it cannot encode
    my $out = ok(message => POSIX::strerror($code));
    if (exists $a->{locale}) {
        # strerror follows LC_MESSAGES; the driver's own locale is put back.
        my $before = POSIX::setlocale(POSIX::LC_ALL());
        if (defined POSIX::setlocale(POSIX::LC_ALL(), $a->{locale})) {
            $out->{localized} = $out->{message_in_locale} = POSIX::strerror($code);
            POSIX::setlocale(POSIX::LC_ALL(), $before);
        } else {
            $out->{locale_missing} = JSON::PP::true;
        }
    }
    $out;
};
$OPS{constant} = sub {
    my $v = value_of($_[0]{name} // '');
    defined $v ? ok(supported => JSON::PP::true, value => $v + 0)
               : ok(supported => JSON::PP::false);
};
$OPS{os_max_backlog} = sub {
    open(my $f, '<', '/proc/sys/net/core/somaxconn')
        or unsupported('the system states no backlog maximum');
    my $n = <$f>;
    ok(ret => $n + 0);
};

# ---- process helpers --------------------------------------------------------

my %SIGNALS = map { $_ => 1 } qw(SIGCHLD SIGUSR1 SIGUSR2 SIGPIPE SIGHUP SIGINT SIGTERM);
use constant PEER_WAIT_MS => 5000;

sub signal_number {
    my $name = $_[0]{signal} // '';
    bad_case('unknown or reserved signal') unless $SIGNALS{$name};
    no strict 'refs';
    return &{"POSIX::$name"}();
}

$OPS{signal_handler} = sub {
    my ($a) = @_;
    my $n = signal_number($a);
    unless (exists $saved{$n}) {
        $saved{$n} = POSIX::SigAction->new;
        POSIX::sigaction($n, undef, $saved{$n});
    }
    # SA_RESTART for restart: true (PHP's default); without it a blocking
    # call the signal interrupts fails with EINTR, as Perl reports it.
    my $act = POSIX::SigAction->new(sub { $caught{$n}++ }, POSIX::SigSet->new,
                                    $a->{restart} ? POSIX::SA_RESTART() : 0);
    $act->safe(0);
    POSIX::sigaction($n, $act) ? ok() : failed();
};
$OPS{signals_caught} = sub { ok(count => $caught{signal_number($_[0])} // 0) };
$OPS{send_signal} = sub {
    my ($a) = @_;
    my $n = signal_number($a);
    my $to = $a->{to} // 'self';
    my $pid = $to eq 'parent' ? getppid() : $to eq 'self' ? $$ : $peers{$to} ? $peers{$to}[0]
            : no_name();
    kill($n, $pid) ? ok() : failed();
};
$OPS{fork_peer} = sub {
    my ($a, $as) = @_;
    bad_case('fork_peer needs steps and a name') unless defined $as && ref $a->{steps} eq 'ARRAY';
    bad_case('that peer is still running') if $peers{$as};
    pipe(my $r, my $w) or return failed();
    my $pid = fork();
    return failed() unless defined $pid;
    if ($pid == 0) {
        close $r;
        my $status = 3;
        eval {
            open(STDIN, '<', '/dev/null');
            open(STDOUT, '>', '/dev/null');
            alarm 20;   # a peer whose parent hung or died ends
            close $_->[1] for values %peers;
            %peers = ();
            %caught = ();
            my @outs;
            for my $step (@{ $a->{steps} }) {
                my $o = run_step($step);
                push @outs, $o;
                last if $o->{unsupported};
            }
            syswrite($w, $JSON->encode(\@outs));
            $status = 0;
        };
        print STDERR $@ if $@;
        POSIX::_exit($status);
    }
    close $w;
    $peers{$as} = [$pid, $r];
    ok();
};
$OPS{wait_peer} = sub {
    my ($a) = @_;
    my $name = $a->{peer} // '';
    no_name() unless $peers{$name};
    my ($pid, $r) = @{ delete $peers{$name} };
    my $deadline = time + ($a->{timeout_ms} // PEER_WAIT_MS) / 1000;
    my ($text, $done) = ('', 0);
    while (!$done) {
        my $left = $deadline - time;
        last if $left <= 0;
        my $bits = '';
        vec($bits, fileno($r), 1) = 1;
        my $n = select($bits, undef, undef, $left);
        next if $n < 0 && $!{EINTR};
        last if $n <= 0;
        my $got = sysread($r, my $chunk, 65536);
        next if !defined $got && $!{EINTR};
        $done = !$got;
        $text .= $chunk if $got;
    }
    close $r;
    kill('KILL', $pid) unless $done;
    waitpid($pid, 0);
    my $status = $?;
    my $steps = $done ? eval { $JSON->decode($text) } : undef;
    $steps = undef unless ref $steps eq 'ARRAY';
    my $out = {};
    if ($status & 127) { $out->{signal} = $status & 127 } else { $out->{exit} = $status >> 8 }
    my $fine = defined $steps && defined $out->{exit} && $out->{exit} == 0;
    $out->{ok} = $fine ? JSON::PP::true : JSON::PP::false;
    $out->{error} = $done ? 'PEER_FAILED' : 'PEER_TIMEOUT' unless $fine;
    $out->{steps} = $steps if defined $steps;
    $out;
};
$OPS{wait_blocked} = sub {
    my ($a) = @_;
    bad_case('who must be "parent"') unless ($a->{who} // '') eq 'parent';
    my $state = sub {
        open(my $f, '<', "/proc/" . getppid() . "/stat") or return '';
        my $stat = <$f> // '';
        return $stat =~ /\)\s(\S)/ ? $1 : '';
    };
    my $s = $state->();
    unsupported('no /proc/<pid>/stat here to tell whether a process sleeps') unless length $s;
    my $deadline = time + ($a->{timeout_ms} // PEER_WAIT_MS) / 1000;
    while ($s ne 'S' && time < $deadline) { select(undef, undef, undef, 0); $s = $state->() }
    $s eq 'S' ? ok() : { ok => JSON::PP::false, error => 'ETIMEDOUT' };
};

# What Perl's core has no counterpart for: unsupported, with why.
my %NOT_IN_PERL = (
    socket_last_error  => "Perl keeps no per-socket last error (only the global \$!)",
    socket_clear_error => "Perl keeps no per-socket last error to clear",
    socket_readv       => "Perl's core has no readv (recvmsg)",
    socket_writev      => "Perl's core has no writev (sendmsg)",
    socket_recvmsg     => "Perl's core has no recvmsg",
    socket_sendmsg     => "Perl's core has no sendmsg",
    listen_backlog     => "Perl has no query for the backlog in force",
);

sub run_step {
    my ($step) = @_;
    my ($op, $args) = ($step->{op} // '', $step->{args} // {});
    my $began = time;
    my $out;
    if ($NOT_IN_PERL{$op}) {
        $out = { unsupported => JSON::PP::true, why => $NOT_IN_PERL{$op} };
    } elsif (!$OPS{$op}) {
        return { op => $op, unsupported => JSON::PP::true, lacks => 'op' };
    } else {
        # Perl's warning, without where it was raised (" at FILE line N,
        # <STDIN> line M."): that is the driver's, not the implementation's.
        local $SIG{__WARN__} = sub {
            $out->{warning} //= $_[0] =~ s/\s+$//r =~ s/ at \S+ line \d+(, <\w+> line \d+)?\.$//r;
        };
        my $got = eval { $OPS{$op}->($args, $step->{as}) };
        if (!defined $got) {
            my $e = $@;
            $got = ref $e eq 'HASH' ? $e
                 : { ok => JSON::PP::false, error => 'BAD_CASE', message => "perl: $e" =~ s/\s+$//r };
            $got->{unsupported} = JSON::PP::true if $got->{unsupported};
        }
        my $warning = $out ? $out->{warning} : undef;
        $out = $got;
        $out->{warning} = $warning if defined $warning;
    }
    $out->{op} = $op;
    $out->{elapsed_ms} = int((time - $began) * 1000);
    return $out;
}

sub end_case {
    for my $p (values %peers) { kill('KILL', $p->[0]); waitpid($p->[0], 0); close $p->[1] }
    %peers = ();
    POSIX::sigaction($_, $saved{$_}) for keys %saved;
    %saved = ();
    %caught = ();
    close $_ for values %names;
    %names = ();
    %closed = ();
}

# Descriptors open in the process (/proc/self/fd), or -1 where it cannot
# tell: more after a case than before any is a leak.
sub open_fds {
    opendir(my $d, '/proc/self/fd') or return -1;
    my $n = grep { !/^\./ } readdir $d;
    closedir $d;
    return $n;
}

sub features {
    my @have;
    push @have, 'af_unix' if socket(my $u, AF_UNIX, SOCK_STREAM, 0);
    if (socket(my $s, AF_INET6, SOCK_STREAM, 0)) {
        push @have, 'ipv6' if bind($s, pack_sockaddr_in6(0, inet_pton(AF_INET6, '::1')));
        close $s;
    }
    push @have, 'seqpacket' if socket(my $q, AF_UNIX, SOCK_SEQPACKET, 0);
    push @have, 'fork', 'signals' if $^O ne 'MSWin32';
    return \@have;
}

# A write to a socket the peer closed fails with EPIPE, as in PHP and
# CPython, rather than ending the process (Perl's default for SIGPIPE).
$SIG{PIPE} = 'IGNORE';
$| = 1;
while (my $line = <STDIN>) {
    my $msg = $JSON->decode($line);
    my $cmd = $msg->{cmd} // '';
    my $reply;
    if ($cmd eq 'start') {
        my @u = POSIX::uname();
        $reply = { implementation => 'perl', version => sprintf('%vd', $^V), protocol => 3,
                   platform => { os => $u[0], os_version => $u[2], arch => $u[4],
                                 compiler => sprintf('%vd (perl %vd, Socket %s)', $^V, $^V, $Socket::VERSION) =~ s/^(\d+\.\d+)\.\d+/$1/r,
                                 socket => "Socket $Socket::VERSION" },
                   features => features(), open => open_fds() };
    } elsif ($cmd eq 'run') {
        $case_counter++;
        my @outs;
        for my $step (@{ $msg->{case}{steps} }) {
            my $o = run_step($step);
            push @outs, $o;
            last if $o->{unsupported};
        }
        end_case();
        $reply = { seq => $msg->{seq}, steps => \@outs, open => open_fds() };
    } else {
        last;
    }
    print $JSON->encode($reply), "\n";
}
