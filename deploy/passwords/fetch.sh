#!/usr/bin/env bash
# Writes the list of common and breached passwords the credential service refuses as new
# passwords (NIST SP 800-63B 5.1.1.2) to .cache/passwords/common-passwords.txt: zxcvbn-ts's
# list (@zxcvbn-ts/language-common, pinned in package-lock.json), lowercased, one a line.
# Once: a list newer than the lock file is kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/.cache/passwords/common-passwords.txt"
[ -s "$out" ] && [ "$out" -nt "$here/package-lock.json" ] && exit 0
mkdir -p "$(dirname "$out")"
cd "$here"
npm ci --no-progress --no-audit --no-fund >/dev/null
# The package's own entry point decompresses the list it ships.
node -e '
  const {dictionary} = require("@zxcvbn-ts/language-common");
  const words = [...new Set(dictionary["passwords-common"].map((w) => w.toLowerCase()))];
  if (words.length < 10000) throw new Error(`only ${words.length} passwords in the package`);
  process.stdout.write(words.join("\n") + "\n");
' >"$out.tmp"
mv "$out.tmp" "$out"
echo "passwords: $(wc -l <"$out") common passwords in $out"
