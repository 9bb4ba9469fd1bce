#!/usr/bin/env bash
# SOP steps 1-5 under a steady load (issue: SOP steps 3-5 benchmark): ams-sop-driver plays the
# agency, both operators, the applicant and the verifier for many applications at once
# against the running stack (real Kafka, Redis, maildev, the four services); the services'
# histograms give each hop's latency. Usage: bench-sop.sh BUILD_DIR
source "$(dirname "$0")/bench-lib.sh" "$@"
ensure_stack

driver() { "$build/tests/ams-sop-driver" "$@" || echo "  (some runs failed; see above)"; }
echo "SOP steps 1-5, $(nproc) cores, every person played by ams-sop-driver"
driver --runs 100 --rate 20 --last_step 5 >/dev/null  # warm-up: connections, topic metadata
for rate in ${BENCH_SOP_RATES:-50 100}; do
  scrape "sop-before-$rate"
  driver --runs $((rate * 20)) --rate "$rate" --last_step 5 --out "$out/sop-$rate.json"
  scrape "sop-after-$rate"
  echo "  per hop at $rate runs/s:"
  lag_report "sop-before-$rate" "sop-after-$rate"
done
