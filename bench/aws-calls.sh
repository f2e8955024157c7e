#!/usr/bin/env bash
# Counts the EC2 API calls of one `apply` of 2 groups x N nodes (default 20, at most 120: the
# instances' sshd answer on 127.0.1.4-254) on moto: the tests' counting proxy sits between
# spotplay and moto, and every instance is reached over SSH (sshd on the instances' 127.0.1.x
# addresses). Prints the calls per action, the total, the poll rounds per node, and the calls of
# the no-op plan that follows. Everything stays on loopback.
# Usage: bench/aws-calls.sh [N]
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
RUN="$ROOT/.test-run"

scripts/moto-fixture.sh start "$RUN/moto" >/dev/null
scripts/instances-fixture.sh start "$RUN/instances" >/dev/null
trap 'scripts/instances-fixture.sh stop "$RUN/instances"; scripts/moto-fixture.sh stop "$RUN/moto"' EXIT
export SPOTPLAY_TEST_MOTO_DIR="$RUN/moto" SPOTPLAY_TEST_INSTANCES_DIR="$RUN/instances" SPOTPLAY_LOOPBACK_ONLY=1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing

N=${1:-20}
[[ $N =~ ^[0-9]+$ && $N -ge 1 && $N -le 120 ]] || { echo "usage: bench/aws-calls.sh [N], N from 1 to 120" >&2; exit 2; }
mvn -B -q -pl engine -am test -Dtest='AwsCallCountTest#anApplyOfTwoGroupsMakesAFewCallsNotOnePerNode' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dspotplay.calls.perGroup="$N" >/dev/null 2>&1 \
    || { echo "bench/aws-calls.sh: the count failed; see engine/target/surefire-reports" >&2; exit 1; }
cat engine/target/aws-calls.txt
