#!/usr/bin/env bash
# N loopback "hosts" for the benchmark: OpenSSH sshd listening on 127.0.1.1 ... 127.0.1.N
# (one sshd per 16 addresses, the most one sshd listens on), and ONE Ansible inventory of them
# that spotplay and Ansible both use.
#
#   bench/hosts.sh start DIR N   # writes DIR/hosts.ini, DIR/id_ed25519, DIR/sshd-*/...
#   bench/hosts.sh stop DIR
#
# Every host is this machine as the current user; each gets its own working folder through the
# playbooks (DIR/hosts/<name>). Host keys are one per sshd. The sshd settings that matter for
# timing: MaxStartups raised (the default 10:30:100 drops parallel connects), SetEnv SHLVL=1
# (a login shell's rc files stay quiet), UseDNS no, LogLevel ERROR. SFTP is on (internal-sftp),
# as in a distribution's sshd_config: pyinfra needs it for files, Ansible prefers it.
set -euo pipefail
SSHD=/usr/sbin/sshd
PORT="${BENCH_PORT:-2022}"
PER_SSHD=16

usage() { echo "usage: $0 start DIR N | stop DIR" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
cmd=$1
dir=$2

start() {
    local n=$1
    [[ -x $SSHD ]] || { echo "hosts.sh: $SSHD is missing (apt-get install openssh-server)" >&2; exit 1; }
    (( n >= 1 && n <= 254 )) || { echo "hosts.sh: N must be 1..254" >&2; exit 2; }
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    { mkdir -p /run/sshd && chmod 0755 /run/sshd; } 2>/dev/null || true   # needed by a root sshd only
    [[ -f $dir/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C spotplay-bench -f "$dir/id_ed25519"
    cp "$dir/id_ed25519.pub" "$dir/authorized_keys"
    chmod 600 "$dir/authorized_keys"
    local user
    user=$(id -un)
    {
        echo "# $n benchmark hosts: OpenSSH sshd on 127.0.1.1..127.0.1.$n port $PORT (bench/hosts.sh)"
        echo "[bench]"
        for i in $(seq 1 "$n"); do
            printf 'h%03d ansible_host=127.0.1.%d\n' "$i" "$i"
        done
        echo
        echo "[bench:vars]"
        echo "ansible_port=$PORT"
        echo "ansible_user=$user"
        echo "ansible_ssh_private_key_file=$dir/id_ed25519"
    } >"$dir/hosts.ini"
    local s=0 first
    for ((first = 1; first <= n; first += PER_SSHD)); do
        s=$((s + 1))
        local sd="$dir/sshd-$s"
        mkdir -p "$sd"
        [[ -f $sd/ssh_host_ed25519_key ]] || ssh-keygen -q -t ed25519 -N '' -C "bench-sshd-$s" -f "$sd/ssh_host_ed25519_key"
        local last=$((first + PER_SSHD - 1)); (( last > n )) && last=$n
        {
            for i in $(seq "$first" "$last"); do echo "ListenAddress 127.0.1.$i:$PORT"; done
            cat <<CONF
HostKey $sd/ssh_host_ed25519_key
AuthorizedKeysFile $dir/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
UseDNS no
PidFile $sd/sshd.pid
MaxStartups 256:30:512
MaxSessions 64
SetEnv SHLVL=1
AllowTcpForwarding no
X11Forwarding no
PrintMotd no
PrintLastLog no
LogLevel ERROR
Subsystem sftp internal-sftp
CONF
        } >"$sd/sshd_config"
        if [[ -f $sd/sshd.pid ]] && kill -0 "$(cat "$sd/sshd.pid")" 2>/dev/null; then
            continue
        fi
        for i in $(seq "$first" "$last"); do
            if (exec 3<>"/dev/tcp/127.0.1.$i/$PORT") 2>/dev/null; then
                echo "hosts.sh: 127.0.1.$i:$PORT is already in use (a benchmark's hosts still running? bench/hosts.sh stop ITS_DIR)" >&2
                exit 1
            fi
        done
        $SSHD -f "$sd/sshd_config" -E "$sd/sshd.log"
    done
    # Wait until every address answers.
    local i tries
    for i in $(seq 1 "$n"); do
        for tries in $(seq 1 100); do
            (exec 3<>"/dev/tcp/127.0.1.$i/$PORT") 2>/dev/null && break
            sleep 0.05
        done
    done
    echo "$dir/hosts.ini"
}

stop() {
    local pidfile
    for pidfile in "$dir"/sshd-*/sshd.pid; do
        [[ -f $pidfile ]] || continue
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    done
}

case $cmd in
    start) [[ $# -eq 3 ]] || usage; start "$3" ;;
    stop) stop ;;
    *) usage ;;
esac
