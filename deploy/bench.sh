#!/usr/bin/env bash
# `make bench`: every benchmark binary in the build (Google Benchmark), with the machine
# it ran on. Results also go to build/bench/ as JSON.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[[ "$build" = /* ]] || build="$root/$build"
mkdir -p "$build/bench"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
find "$build" -type f -name '*_benchmark' -perm -u+x | sort | while read -r bin; do
  name=$(basename "$bin")
  echo "== $name"
  "$bin" --benchmark_out="$build/bench/$name.json" --benchmark_out_format=json
done
# The load benchmarks share one stack (started here, stopped at the end).
out="$build/bench"
source "$root/deploy/bench-lib.sh"
ensure_stack
"$root/deploy/bench-intake.sh" "$build"
"$root/deploy/bench-sop.sh" "$build"
