#!/usr/bin/env bash
# Runs the whole test suite: unit, integration (real H2 files, PostgreSQL, MINA SSHD and OpenSSH
# sshd on loopback, moto for EC2 and EFS) and end-to-end (the built ./spotplay). Installs and starts what
# the tests need, on loopback only, and stops it afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$ROOT"
RUN="$ROOT/.test-run"
mkdir -p "$RUN"

command -v mvn >/dev/null || { echo "test.sh: Maven (mvn) and a JDK 17+ are needed" >&2; exit 1; }

# OpenSSH sshd from the OS packages, on loopback (the fixture installs openssh-server if missing).
scripts/sshd-fixture.sh start "$RUN/sshd"
cleanup() {
    scripts/sshd-fixture.sh stop "$RUN/sshd" || true
    scripts/moto-fixture.sh stop "$RUN/moto" || true
    scripts/instances-fixture.sh stop "$RUN/instances" || true
    scripts/ansible-fixture.sh stop "$RUN/ansible" || true
    scripts/postgres-fixture.sh stop "$RUN/postgres" || true
}
trap cleanup EXIT
export SPOTPLAY_TEST_SSHD_DIR="$RUN/sshd"

# moto 5.2.3 (EC2 and EFS emulator) from PyPI in a venv, on 127.0.0.1; tests reset it between them.
scripts/moto-fixture.sh start "$RUN/moto"
export SPOTPLAY_TEST_MOTO_DIR="$RUN/moto"
# sshd on 127.0.1.x and 127.0.2.x, the addresses moto gives the instances, so setup steps really run.
scripts/instances-fixture.sh start "$RUN/instances"
export SPOTPLAY_TEST_INSTANCES_DIR="$RUN/instances"

# ansible-core 2.17.7 from PyPI in a venv: tests read spotplay's inventories back with ansible-inventory.
scripts/ansible-fixture.sh start "$RUN/ansible" >/dev/null
SPOTPLAY_TEST_ANSIBLE_INVENTORY=$(sed -n 's/^SPOTPLAY_TEST_ANSIBLE_INVENTORY=//p' "$RUN/ansible/ansible.env")
export SPOTPLAY_TEST_ANSIBLE_INVENTORY

# PostgreSQL (Debian's package; installed if missing) in a private cluster on a free port of 127.0.0.1, for
# the team-state tests; they read its login from $SPOTPLAY_TEST_PG_DIR/postgres.env (0600), never from here.
scripts/postgres-fixture.sh start "$RUN/postgres" >/dev/null
export SPOTPLAY_TEST_PG_DIR="$RUN/postgres"

# Nothing in the tests may reach beyond loopback: spotplay refuses any other host with this set.
export SPOTPLAY_LOOPBACK_ONLY=1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN

mvn -B verify "$@"
