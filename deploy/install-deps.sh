#!/usr/bin/env bash
# Installs the Debian packages the build, tests and `make run` need, only when missing.
# Idempotent: a machine that already has everything returns at once. Arguments name more
# packages to ensure along with these.
set -euo pipefail

packages=(
  cmake ninja-build pkg-config g++ clang-format
  protobuf-compiler libprotobuf-dev protobuf-compiler-grpc libgrpc++-dev libgrpc-dev
  libabsl-dev librdkafka-dev libhiredis-dev libsodium-dev libcurl4-openssl-dev
  prometheus-cpp-dev nlohmann-json3-dev libqpdf-dev libssl-dev zlib1g-dev libre2-dev
  libpwquality-dev cracklib-runtime libicu-dev libboost1.81-dev libqrencode-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  redis-server kcat
  chromium  # the browser tests (playwright-core drives it)
  "$@"  # more for one target only, such as the benchmarks' plotter
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Java, Maven and Go come with the machine; install Debian's only where they are absent.
command -v java >/dev/null || missing+=(default-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v go >/dev/null || missing+=(golang-go)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian redis-server package starts a system daemon on 6379; the project runs its own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  $sudo systemctl stop redis-server || true
fi
