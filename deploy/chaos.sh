#!/usr/bin/env bash
# `make chaos`: the pipeline's promise (nothing lost, nothing doubled) tried the way production
# breaks it. Starts the stack of `make run` with two replicas of every service on fresh data,
# drives AMS_CHAOS_RUNS applications (1000) through all eight steps at AMS_CHAOS_RATE per second
# (4) while it kill -9s a random service replica every AMS_CHAOS_KILL_EVERY seconds (5), stops
# the Kafka broker once for 15 s and kill -9s Redis once (it comes back from its AOF). Then it
# checks, and fails unless: every application reached its last step; one account per
# application; per application and kind of mail one Message-ID and one content (identical
# repeats counted); the audit ledger holds every application's ten events, none twice, and
# verifies; nothing on the dead-letter topic.
# Needs the ports of `make run` free. Usage: deploy/chaos.sh [BUILD_DIR]; `make test` runs a short
# one (AMS_CHAOS_RUNS=100).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[[ "$build" = /* ]] || build="$root/$build"
runs=${AMS_CHAOS_RUNS:-1000}
rate=${AMS_CHAOS_RATE:-4}
kill_every=${AMS_CHAOS_KILL_EVERY:-5}
unset AMS_CHAOS_RUNS AMS_CHAOS_RATE AMS_CHAOS_KILL_EVERY
export AMS_RUN_DATA="$root/.cache/chaos"
rm -rf "$AMS_RUN_DATA"
mkdir -p "$AMS_RUN_DATA"
out="$AMS_RUN_DATA/chaos"
mkdir -p "$out"
ctl() { "$root/deploy/ctl.sh" "$@" >>"$out/ctl.log" 2>&1; }

AMS_RUN_REPLICAS=2 setsid "$root/deploy/run.sh" "$build" >"$out/run.log" 2>&1 &
stack=$!
finish() {
  kill -TERM "$stack" 2>/dev/null || true
  wait "$stack" 2>/dev/null || true
}
trap finish EXIT
for _ in $(seq 1 600); do grep -q '^ready$' "$out/run.log" && break; sleep 0.5; done
grep -q '^ready$' "$out/run.log" || { echo "chaos: the stack did not start; see $out/run.log" >&2; exit 1; }

both() { echo "127.0.0.1:$1,127.0.0.1:$(($1 + 100))"; }
start=$SECONDS
"$build/tests/ams-sop-driver" --runs "$runs" --rate "$rate" --concurrency 400 \
  --intake "$(both 7101)" --forwarding "$(both 7102)" --enrollment "$(both 7103)" \
  --verification "$(both 7104)" --credential "$(both 7105)" \
  --check_mail --dlq_brokers 127.0.0.1:9092 --audit 127.0.0.1:7106,127.0.0.1:7206 \
  --out "$out/driver.json" >"$out/driver.log" 2>&1 &
driver=$!

# The chaos, while the driver runs: the broker stop a third of the way, Redis two thirds.
expected=$((runs / rate))
replicas=(intake intake-2 forwarding forwarding-2 enrollment enrollment-2 verification
          verification-2 credential credential-2 audit audit-2)
kills=0; broker_stopped=0; redis_killed=0
while kill -0 "$driver" 2>/dev/null; do
  sleep "$kill_every"
  kill -0 "$driver" 2>/dev/null || break
  victim=${replicas[RANDOM % ${#replicas[@]}]}
  if ctl kill "$victim"; then kills=$((kills + 1)); echo "chaos: kill -9 $victim"; fi
  elapsed=$((SECONDS - start))
  if ((broker_stopped == 0 && elapsed > expected / 3)); then
    echo "chaos: Kafka broker stopped for 15 s"
    ctl stop kafka; sleep 15; ctl start kafka
    broker_stopped=1
  fi
  if ((redis_killed == 0 && elapsed > 2 * expected / 3)); then
    echo "chaos: kill -9 redis (restarts from its AOF)"
    ctl kill redis
    redis_killed=1
  fi
done
driver_status=0
wait "$driver" || driver_status=$?
seconds=$((SECONDS - start))
cat "$out/driver.log"

failed=0
check() { if [ "$2" = ok ]; then echo "  ok    $1"; else echo "  FAIL  $1"; failed=1; fi; }
echo
echo "chaos: $runs applications at $rate/s in $seconds s; $kills replicas killed (kill -9),"
echo "  Kafka stopped once for 15 s ($broker_stopped), Redis killed once ($redis_killed)"
completed=$(grep -o '"completed": [0-9]*' "$out/driver.json" | grep -o '[0-9]*$' || echo 0)
check "every application reached step 8 ($completed of $runs)" "$([ "$completed" = "$runs" ] && echo ok)"
accounts=$(redis-cli -p 6379 ZCARD credential:accounts)
check "one account per application ($accounts accounts)" "$([ "$accounts" = "$runs" ] && echo ok)"
problems=$(grep -o '"problems": [0-9]*' "$out/driver.json" | grep -o '[0-9]*$' || echo -1)
repeats=$(grep -o '"identical_repeats": [0-9]*' "$out/driver.json" | grep -o '[0-9]*$' || echo -1)
check "one Message-ID and one content per application and kind of mail ($repeats identical repeats)" \
  "$([ "$problems" = 0 ] && echo ok)"
dead=$(grep -o '"dead_lettered": -\?[0-9]*' "$out/driver.json" | grep -o '\-\?[0-9]*$' || echo -1)
check "nothing on the dead-letter topic ($dead records)" "$([ "$dead" = 0 ] && echo ok)"
entries=$(grep -o '"entries": [0-9]*' "$out/driver.json" | grep -o '[0-9]*$' || echo 0)
complete=$(grep -o '"applications_complete": [0-9]*' "$out/driver.json" | grep -o '[0-9]*$' || echo 0)
check "the audit ledger verifies: $entries entries, every event of $complete of $runs applications, none twice" \
  "$(grep -q '"intact": true' "$out/driver.json" && echo ok)"
[ "$driver_status" = 0 ] || failed=1
echo "chaos: details in $out/"
exit "$failed"
