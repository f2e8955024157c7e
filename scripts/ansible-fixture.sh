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
# shellcheck source=lib/venv.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/venv.sh"

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
    ensure_venv ansible-fixture "$VENV" \
        "import ansible.release, sys, os; sys.exit(ansible.release.__version__ != '$ANSIBLE_VERSION' or not os.access('$VENV/bin/ansible-inventory', os.X_OK))" \
        "ansible-core==$ANSIBLE_VERSION"
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
