#!/usr/bin/env bash
# Runs the whole test suite: unit, integration (real H2 files, MINA SSHD and OpenSSH sshd on
# loopback) and end-to-end (the built ./spotplay). Installs and starts what the tests need,
# on 127.0.0.1 only, and stops it afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$ROOT"
RUN="$ROOT/.test-run"
mkdir -p "$RUN"

command -v mvn >/dev/null || { echo "test.sh: Maven (mvn) and a JDK 17+ are needed" >&2; exit 1; }

# OpenSSH sshd from the OS packages, on loopback (the fixture installs openssh-server if missing).
scripts/sshd-fixture.sh start "$RUN/sshd"
cleanup() { scripts/sshd-fixture.sh stop "$RUN/sshd" || true; }
trap cleanup EXIT
export SPOTPLAY_TEST_SSHD_DIR="$RUN/sshd"

mvn -B verify "$@"
