#!/usr/bin/env bash
# Counts the EC2 API calls of one `apply` of 2 groups x 20 nodes on moto: the tests' counting
# proxy sits between spotplay and moto, and every one of the 40 instances is reached over SSH
# (sshd on the instances' 127.0.1.x addresses). Prints the calls per action, the total, and the
# calls of the no-op plan that follows. Everything stays on loopback.
# Usage: bench/aws-calls.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
RUN="$ROOT/.test-run"

scripts/moto-fixture.sh start "$RUN/moto" >/dev/null
scripts/instances-fixture.sh start "$RUN/instances" >/dev/null
trap 'scripts/instances-fixture.sh stop "$RUN/instances"; scripts/moto-fixture.sh stop "$RUN/moto"' EXIT
export SPOTPLAY_TEST_MOTO_DIR="$RUN/moto" SPOTPLAY_TEST_INSTANCES_DIR="$RUN/instances" SPOTPLAY_LOOPBACK_ONLY=1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing

mvn -B -q install -DskipTests >/dev/null 2>&1
mvn -B -q -pl engine test -Dtest=AwsCallCountTest -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1 \
    || { echo "bench/aws-calls.sh: the count failed; see engine/target/surefire-reports" >&2; exit 1; }
cat engine/target/aws-calls.txt
