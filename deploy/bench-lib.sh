# Sourced by the load benchmarks with the build folder as argument: sets root, build and out
# (build/bench), starts `make run`'s stack unless one is running, and reads the services'
# latency histograms around a phase.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
[[ "$build" = /* ]] || build="$root/$build"
out="$build/bench"
mkdir -p "$out"
stack_pid=""
stop_stack() {
  if [ -n "$stack_pid" ]; then kill -TERM "$stack_pid" 2>/dev/null; wait "$stack_pid" 2>/dev/null || true; fi
}
ensure_stack() {
  curl -sf http://127.0.0.1:9101/metrics >/dev/null && return 0
  trap stop_stack EXIT
  setsid "$root/deploy/run.sh" "$build" >"$out/stack.log" 2>&1 &
  stack_pid=$!
  for _ in $(seq 1 120); do grep -q 'is running' "$out/stack.log" && return 0; sleep 1; done
  echo "bench: the stack did not start; see $out/stack.log" >&2
  exit 1
}
# scrape NAME: every service's /metrics into $out/NAME-<port>.prom
scrape() {
  for port in 9101 9102 9103 9104 9105 9106; do curl -s "http://127.0.0.1:$port/metrics" >"$out/$1-$port.prom" || true; done
}
# lag_report BEFORE AFTER: per-hop p50/p99 of what happened between the two scrapes.
lag_report() { python3 "$root/deploy/lag-report.py" "$out" "$1" "$2"; }
