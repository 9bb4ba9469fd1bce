#!/usr/bin/env bash
# Installs maildev (a real SMTP server whose mail can be read back over HTTP) from npm,
# once, into deploy/maildev/node_modules.
set -euo pipefail
cd "$(dirname "$0")"
[ -x node_modules/.bin/maildev ] && exit 0
npm ci --no-progress --no-audit --no-fund >/dev/null
