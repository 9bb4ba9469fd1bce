#!/usr/bin/env bash
# `make bench`: every benchmark binary in the build (Google Benchmark), with the machine
# it ran on. Results also go to build/bench/ as JSON.
source "$(dirname "$0")/bench-lib.sh" "$@"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
find "$build" -type f -name '*_benchmark' -perm -u+x | sort | while read -r bin; do
  name=$(basename "$bin")
  echo "== $name"
  "$bin" --benchmark_out="$out/$name.json" --benchmark_out_format=json
done
# The whole SOP starts stacks of its own (cheap and production hashing), before the shared one.
"$root/deploy/bench-whole-sop.sh" "$build"
# The other load benchmarks share one stack (started here, stopped at the end).
ensure_stack
"$root/deploy/bench-intake.sh" "$build"
"$root/deploy/bench-sop.sh" "$build"
node "$root/deploy/bench-gateway.mjs" "$build"
