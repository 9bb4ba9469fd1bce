#!/usr/bin/env bash
# Builds the operators' web app (services/gateway/web) into services/gateway/web/dist/, which
# the gateway serves (AMS_GATEWAY_WEB_ROOT). Idempotent and fast when nothing changed: skips
# when dist/index.html is newer than every input; installs node_modules with `npm ci` only when
# the lock file is newer than the last install.
#
# Usage: deploy/web-build.sh
# Exit status: 0 built (or up to date), 1 install or build failed, 2 npm missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../services/gateway/web"

command -v npm >/dev/null || { echo "web-build: npm not found" >&2; exit 2; }

# Everything the build reads. Directories count too: removing a file changes its folder's time.
inputs=(package.json package-lock.json .npmrc index.html vite.config.ts tsconfig.json src public
        ../../../common/field_rules.json)
if [ -f dist/index.html ] &&
  [ -z "$(find "${inputs[@]}" -newer dist/index.html -print -quit)" ]; then
  exit 0
fi

# npm ci writes node_modules/.package-lock.json: its time is the time of the last install.
if [ ! -f node_modules/.package-lock.json ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-progress --no-audit --no-fund >/dev/null
fi

# The types first: they also hold the two message catalogues to the same keys (en.ts is typed
# by id.ts) and every t("…") key to one that exists, so a missing string fails the build.
npm run --silent typecheck
npm run --silent build >/dev/null
echo "web-build: built services/gateway/web/dist"
