#!/usr/bin/env bash
# OpenSSH sshd standing in for EC2 instances in tests: moto hands out private addresses
# 127.0.1.4, .5, ... (subnet 127.0.1.0/24) and 127.0.2.x (subnet 127.0.2.0/24), and every
# 127.x address reaches this machine, so daemons listening on those addresses answer SSH for
# the "instances". sshd takes at most 16 ListenAddress lines, so several daemons share one port.
#
#   scripts/instances-fixture.sh start DIR   # prints and writes DIR/instances.env
#   scripts/instances-fixture.sh stop DIR
#
# INSTANCES_PORT picks the SSH port (default: a free one). INSTANCES_RANGES picks the addresses,
# as space-separated PREFIX:FROM:TO ranges of the last octet (default "127.0.1:1:254 127.0.2:1:48";
# bench/big-state.sh uses a /21's worth, 127.0.8:0:255 ... 127.0.15:0:255, 16 per daemon); only
# 127.x.y prefixes are taken. sshd runs its key command only from
# a folder path that root owns and no one else can write, so the command lives under
# /run/spotplay-test/ (DIR itself may be anywhere, /tmp included).
#
# Logins are accepted for the keys in DIR/authorized_keys and for every
# .spotplay/<cluster>/id_ed25519.pub under the folders listed in DIR/key-roots (one a line):
# the cluster keys spotplay makes, so tests exercise that path. Sessions get
# SPOTPLAY_FSTAB=DIR/fstab and SPOTPLAY_MOUNT=true, so the EFS mount step writes its fstab line
# there and mounts nothing, and SPOTPLAY_AUTOSTOP_ROOT=DIR/autostop-root, so the autostop agent is
# installed under that folder and no service is touched. Only loopback addresses are used.
set -euo pipefail

SSHD=/usr/sbin/sshd
read -r -a RANGES <<<"${INSTANCES_RANGES:-127.0.1:1:254 127.0.2:1:48}"
for r in "${RANGES[@]}"; do
    # Loopback only: every address listened on is 127.x.y.z.
    [[ $r =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}$ ]] || {
        echo "instances-fixture: INSTANCES_RANGES: '$r' is not 127.X.Y:FROM:TO" >&2
        exit 2
    }
done

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.1.1", 0)); print(s.getsockname()[1]); s.close()'
}

addresses() {
    local r prefix from to i
    for r in "${RANGES[@]}"; do
        IFS=: read -r prefix from to <<<"$r"
        for ((i = from; i <= to; i++)); do
            echo "$prefix.$i"
        done
    done
}

keydir() {
    echo "/run/spotplay-test/$(printf '%s' "$dir" | sha256sum | cut -c1-16)"
}

stop() {
    local f pid
    for f in "$dir"/sshd-*.pid; do
        [[ -f $f ]] || continue
        pid=$(cat "$f")
        kill "$pid" 2>/dev/null || true
        rm -f "$f"
    done
    rm -f "$dir/instances.env"
    rm -rf "$(keydir)"
}

start() {
    [[ -x $SSHD ]] || bash "$(dirname "$0")/sshd-fixture.sh" start "$dir/install-probe" >/dev/null
    mkdir -p "$dir" /run/sshd
    dir=$(cd "$dir" && pwd)
    if [[ -f $dir/instances.env ]]; then
        local alive=1 f
        for f in "$dir"/sshd-*.pid; do
            [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null || alive=0
        done
        if [[ $alive -eq 1 ]]; then
            cat "$dir/instances.env"
            return 0
        fi
        stop
    fi
    chmod 755 "$dir"
    [[ -f $dir/ssh_host_ed25519_key ]] || ssh-keygen -q -t ed25519 -N '' -C instances-fixture -f "$dir/ssh_host_ed25519_key"
    touch "$dir/authorized_keys" "$dir/key-roots" "$dir/fstab"
    chmod 644 "$dir/authorized_keys"
    local kd
    kd=$(keydir)
    mkdir -p "$kd"
    chmod 755 /run/spotplay-test "$kd"
    cat >"$kd/keys.sh" <<KEYS
#!/bin/sh
# sshd's AuthorizedKeysCommand: the fixture's keys, then the cluster keys under the registered folders.
cat "$dir/authorized_keys"
while IFS= read -r root; do
    [ -d "\$root" ] && find "\$root" -maxdepth 4 -path '*/.spotplay/*/id_ed25519.pub' -exec cat {} + 2>/dev/null
done < "$dir/key-roots"
exit 0
KEYS
    chmod 755 "$kd/keys.sh"
    local attempt port
    for attempt in 1 2 3 4 5; do
        port=${INSTANCES_PORT:-$(free_port)}
        local n=0 ok=1 chunk=()
        mapfile -t all < <(addresses)
        local k
        for ((k = 0; k < ${#all[@]}; k += 16)); do
            chunk=("${all[@]:k:16}")
            n=$((n + 1))
            {
                for a in "${chunk[@]}"; do echo "ListenAddress $a"; done
                cat <<CONF
Port $port
HostKey $dir/ssh_host_ed25519_key
AuthorizedKeysFile none
AuthorizedKeysCommand $kd/keys.sh
AuthorizedKeysCommandUser root
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $dir/sshd-$n.pid
MaxStartups 100:30:200
SetEnv SPOTPLAY_FSTAB=$dir/fstab SPOTPLAY_MOUNT=true SPOTPLAY_AUTOSTOP_ROOT=$dir/autostop-root
AllowTcpForwarding no
X11Forwarding no
PrintMotd no
LogLevel ERROR
CONF
            } >"$dir/sshd-$n.conf"
            if ! $SSHD -f "$dir/sshd-$n.conf" -E "$dir/sshd-$n.log"; then
                ok=0
                break
            fi
        done
        if [[ $ok -eq 1 ]]; then
            local i f up
            for i in $(seq 1 50); do
                up=1
                for f in $(seq 1 $n); do
                    [[ -f $dir/sshd-$f.pid ]] && kill -0 "$(cat "$dir/sshd-$f.pid")" 2>/dev/null || up=0
                done
                [[ $up -eq 1 ]] && break
                sleep 0.1
            done
            if [[ $up -eq 1 ]]; then
                cat >"$dir/instances.env" <<ENV
INSTANCES_PORT=$port
INSTANCES_USER=$(id -un)
INSTANCES_DIR=$dir
ENV
                cat "$dir/instances.env"
                return 0
            fi
        fi
        echo "instances-fixture: could not start sshd on port $port (attempt $attempt); see $dir/sshd-*.log" >&2
        stop
    done
    exit 1
}

case $cmd in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
