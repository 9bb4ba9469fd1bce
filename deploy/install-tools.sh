#!/usr/bin/env bash
# Installs Go-built peer tools into .cache/bin from the Go module proxy, only when missing.
# Usage: install-tools.sh TOOL...   (buf, grpcurl, ghz)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.cache/bin"
mkdir -p "$bin"
for tool in "$@"; do
  case "$tool" in
    buf) module=github.com/bufbuild/buf/cmd/buf@v1.75.0 ;;
    grpcurl) module=github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3 ;;
    ghz) module=github.com/bojand/ghz/cmd/ghz@v0.121.0 ;;
    *) echo "install-tools: unknown tool $tool" >&2; exit 2 ;;
  esac
  [ -x "$bin/$tool" ] && continue
  echo "install-tools: building $module"
  GOBIN="$bin" GOFLAGS=-buildvcs=false go install "$module"
done
