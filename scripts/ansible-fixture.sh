#!/usr/bin/env bash
# ansible-core from PyPI, for tests that read spotplay's inventory back the way Ansible does.
#
#   scripts/ansible-fixture.sh start DIR   # prints and writes DIR/ansible.env
#                                          # (SPOTPLAY_TEST_ANSIBLE_INVENTORY=/path/to/ansible-inventory)
#   scripts/ansible-fixture.sh stop DIR
#
# ansible-core 2.17.7 comes from PyPI into a virtualenv of its own (SPOTPLAY_ANSIBLE_VENV, by
# default ~/.cache/spotplay/ansible-venv), made on first use. Nothing runs in the background:
# start installs and reports where ansible-inventory is, stop forgets it.
set -euo pipefail

ANSIBLE_VERSION=2.17.7
VENV=${SPOTPLAY_ANSIBLE_VENV:-$HOME/.cache/spotplay/ansible-venv}

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2

install_ansible() {
    if [[ -x $VENV/bin/ansible-inventory ]] \
        && "$VENV/bin/python" -c "import ansible.release, sys; sys.exit(ansible.release.__version__ != '$ANSIBLE_VERSION')" 2>/dev/null; then
        return 0
    fi
    echo "ansible-fixture: installing ansible-core==$ANSIBLE_VERSION into $VENV" >&2
    # A broken or half-made venv (or a link to one that is gone) is made again from scratch.
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    if ! python3 -m venv "$VENV" >&2 2>/dev/null; then
        # Debian's python3 lacks ensurepip until python3-venv is installed.
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv; } >&2
        python3 -m venv "$VENV" >&2
    fi
    "$VENV/bin/pip" install -q "ansible-core==$ANSIBLE_VERSION" >&2
}

start() {
    install_ansible
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    echo "SPOTPLAY_TEST_ANSIBLE_INVENTORY=$VENV/bin/ansible-inventory" >"$dir/ansible.env"
    cat "$dir/ansible.env"
}

stop() {
    rm -f "$dir/ansible.env"
}

case $cmd in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
