#!/usr/bin/env bash
# A throwaway OpenSSH sshd on loopback for tests.
#
#   scripts/sshd-fixture.sh start DIR   # prints and writes DIR/sshd.env
#   scripts/sshd-fixture.sh stop DIR
#
# Everything it needs (host key, client key, authorized_keys, config, log, pid) lives in DIR,
# with absolute paths, so several fixtures can run side by side. It never touches the
# system's own sshd service: if sshd is missing it installs the package with the service
# start blocked (policy-rc.d), and runs its own daemon from DIR/sshd_config.
set -euo pipefail
# shellcheck source=lib/pidfile.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/pidfile.sh"

SSHD=/usr/sbin/sshd

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2

install_sshd() {
    # busybox plays a node whose /bin/sh is a minimal shell (ScriptBatchTest runs the batch under it).
    local packages=()
    [[ -x $SSHD ]] || packages+=(openssh-server)
    command -v busybox >/dev/null || packages+=(busybox)
    [[ ${#packages[@]} -eq 0 ]] && return 0
    echo "sshd-fixture: installing ${packages[*]}" >&2
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [[ ! -e $policy ]]; then
        # Exit code 101 tells invoke-rc.d "do not start services": the fixture runs its own daemon.
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        created_policy=1
    fi
    local rc=0
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"; } >&2 || rc=$?
    [[ $created_policy -eq 1 ]] && rm -f "$policy"
    [[ $rc -eq 0 ]] || { echo "sshd-fixture: could not install ${packages[*]}" >&2; exit 1; }
}

# Become (sudo -n) is tested as two local users that log in with the fixture's client key (added to
# their own ~/.ssh/authorized_keys, which sshd reads as them): spotplay-sudo may sudo to anyone without a password,
# spotplay-sudopw only with one (which it has none of, so sudo -n always refuses it). sudo is not a
# network service: nothing listens, and the rules are in one file of /etc/sudoers.d.
BECOME_USER=spotplay-sudo
PASSWORD_SUDO_USER=spotplay-sudopw
SUDOERS=/etc/sudoers.d/spotplay-sshd-fixture

become_users() {
    [[ $(id -u) -eq 0 ]] || return 0
    local pub=$1
    if ! command -v sudo >/dev/null; then
        echo "sshd-fixture: installing sudo" >&2
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends sudo; } >&2 \
            || { echo "sshd-fixture: could not install sudo" >&2; exit 1; }
    fi
    local u
    for u in $BECOME_USER $PASSWORD_SUDO_USER; do
        # '*': no password at all, yet not locked ('!'), which sshd without PAM would refuse for key logins too.
        id "$u" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh --password '*' "$u"
        local home
        home=$(getent passwd "$u" | cut -d: -f6)
        chmod 0755 "$home"
        install -d -m 0700 -o "$u" -g "$u" "$home/.ssh"
        touch "$home/.ssh/authorized_keys"
        grep -qxF "$(cat "$pub")" "$home/.ssh/authorized_keys" || cat "$pub" >>"$home/.ssh/authorized_keys"
        chown "$u:$u" "$home/.ssh/authorized_keys"
        chmod 0600 "$home/.ssh/authorized_keys"
    done
    if [[ ! -f $SUDOERS ]]; then
        printf '%s ALL=(ALL:ALL) NOPASSWD: ALL\n%s ALL=(ALL:ALL) ALL\n' "$BECOME_USER" "$PASSWORD_SUDO_USER" >"$SUDOERS.tmp"
        chmod 0440 "$SUDOERS.tmp"
        visudo -cq -f "$SUDOERS.tmp" && mv "$SUDOERS.tmp" "$SUDOERS"
    fi
}

running() {
    [[ -f $dir/sshd.pid ]] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    install_sshd
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if running && [[ -f $dir/sshd.env ]]; then
        cat "$dir/sshd.env"
        return 0
    fi
    # sshd refuses to start without its privilege separation folder.
    mkdir -p /run/sshd
    chmod 0755 /run/sshd
    [[ -f $dir/ssh_host_ed25519_key ]] || ssh-keygen -q -t ed25519 -N '' -C sshd-fixture -f "$dir/ssh_host_ed25519_key"
    [[ -f $dir/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C sshd-fixture-client -f "$dir/id_ed25519"
    cp "$dir/id_ed25519.pub" "$dir/authorized_keys"
    chmod 600 "$dir/authorized_keys"
    become_users "$dir/id_ed25519.pub"

    local attempt port
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        cat >"$dir/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $dir/ssh_host_ed25519_key
AuthorizedKeysFile $dir/authorized_keys .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $dir/sshd.pid
MaxStartups 100:30:200
SetEnv SHLVL=1
AllowTcpForwarding no
X11Forwarding no
PrintMotd no
LogLevel INFO
EOF
        rm -f "$dir/sshd.pid"
        if $SSHD -f "$dir/sshd_config" -E "$dir/sshd.log"; then
            local i
            for i in $(seq 1 50); do
                running && break
                sleep 0.1
            done
            if running; then
                cat >"$dir/sshd.env" <<EOF
SSHD_HOST=127.0.0.1
SSHD_PORT=$port
SSHD_USER=$(id -un)
SSHD_KEY=$dir/id_ed25519
SSHD_BECOME_USER=$BECOME_USER
SSHD_PASSWORD_SUDO_USER=$PASSWORD_SUDO_USER
EOF
                cat "$dir/sshd.env"
                return 0
            fi
        fi
        echo "sshd-fixture: sshd did not start on port $port (attempt $attempt), see $dir/sshd.log" >&2
    done
    exit 1
}

stop() {
    stop_pid_file "$dir/sshd.pid"
}

case $cmd in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
