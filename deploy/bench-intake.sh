#!/usr/bin/env bash
# SubmitApplication under load (issue: SOP steps 1-2 benchmark): the running stack (real
# Kafka, Redis, intake, forwarding consuming every event) driven by ghz with a 4 KiB PDF
# letter and a distinct valid NIK per request. Usage: bench-intake.sh BUILD_DIR
# Starts `make run`'s stack itself unless BENCH_INTAKE_TARGET points at a running intake.
source "$(dirname "$0")/bench-lib.sh" "$@"
"$root/deploy/install-tools.sh" ghz
ghz="$root/.cache/bin/ghz"
target=${BENCH_INTAKE_TARGET:-127.0.0.1:7101}

[ -z "${BENCH_INTAKE_TARGET:-}" ] && ensure_stack

# A distinct valid NIK per request: a regency code per phase, then day, month, year and
# sequence derived from ghz's request number (about 300,000 distinct per phase).
request() {
  local regency=$1
  "$build/tests/ams-sample-request" | python3 -c "
import sys
nik = ('33$regency' '01'
       '{{ printf \"%02d\" (add1 (mod (div .RequestNumber 300000) 28)) }}'
       '{{ printf \"%02d\" (add1 (mod (div .RequestNumber 8400000) 12)) }}'
       '{{ printf \"%02d\" (add 60 (mod (div .RequestNumber 9999) 30)) }}'
       '{{ printf \"%04d\" (add1 (mod .RequestNumber 9999)) }}')
sys.stdout.write(sys.stdin.read().replace('{{NIK}}', nik))" >"$out/request-$regency.json"
  echo "$out/request-$regency.json"
}

# phase NAME GHZ-ARGS...: runs ghz, prints one summary line, keeps the JSON report.
phase() {
  local name=$1; shift
  local regency=$((RANDOM % 89 + 10))
  "$ghz" --insecure --call ams.intake.v1.IntakeService.SubmitApplication \
    -m '{"authorization":"Bearer dev-key-dinkes"}' -D "$(request "$regency")" \
    -O json "$@" "$target" >"$out/intake-$name.json" 2>/dev/null || true
  python3 - "$out/intake-$name.json" "$name" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
lat = {x["percentage"]: x["latency"] / 1e6 for x in (d.get("latencyDistribution") or [])}
codes = d.get("statusCodeDistribution") or {}
print(f"{sys.argv[2]:>12}: {d['rps']:8.0f} requests/s  p50 {lat.get(50, float('nan')):6.2f} ms"
      f"  p99 {lat.get(99, float('nan')):7.2f} ms  {d['count']} calls {codes}")
PY
}

echo "SubmitApplication (4 KiB letter) against $target, $(nproc) cores"
phase warmup -c 20 -n 2000
phase max -c 50 -n 20000
scrape before-1000
phase rate-1000 -c 100 --rps 1000 -z 10s
scrape after-1000
[ -z "${BENCH_INTAKE_TARGET:-}" ] && lag_report before-1000 after-1000
phase rate-5000 -c 200 --rps 5000 -z 10s
