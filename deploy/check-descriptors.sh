#!/usr/bin/env bash
# Checks that the checked-in descriptor set, proto/ams.protoset, matches proto/: regenerates it
# with the command of the CMake target `descriptors` (proto/CMakeLists.txt) into a temporary
# file and compares the two byte for byte. Outside consumers decode events with this file.
#
# Usage: deploy/check-descriptors.sh [--update]
#   --update   write the regenerated set to proto/ams.protoset instead of checking it
# Environment: PROTOC (default: protoc). Exit status: 0 match (or updated), 1 mismatch, 2 error.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

checked_in=proto/ams.protoset
protoc=${PROTOC:-protoc}
update=0
case "${1:-}" in
  "") ;;
  --update) update=1 ;;
  *) echo "usage: $0 [--update]" >&2; exit 2 ;;
esac

command -v "$protoc" >/dev/null || { echo "descriptors: $protoc not found" >&2; exit 2; }

# The .proto files in the order of AMS_PROTOS: file(GLOB_RECURSE ... RELATIVE proto
# proto/*.proto) gives the paths relative to proto/, sorted bytewise (CMake sorts the glob's
# result), without following symlinked directories. protoc's output depends on this order.
mapfile -t protos < <(cd proto && find . -name '*.proto' ! -type d -print | sed 's|^\./||' |
  LC_ALL=C sort)
if [ "${#protos[@]}" -eq 0 ]; then
  echo "descriptors: no .proto files under proto/" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fresh=$tmp/ams.protoset
"$protoc" --proto_path=proto --include_imports --descriptor_set_out="$fresh" "${protos[@]}"

if [ "$update" -eq 1 ]; then
  cp "$fresh" "$checked_in"
  echo "descriptors: wrote $checked_in ($("$protoc" --version))"
  exit 0
fi

fix="Regenerate it with \`make descriptors\` (writes build/ams.protoset; copy it to $checked_in)
or with \`deploy/check-descriptors.sh --update\`, then commit $checked_in."

if [ ! -f "$checked_in" ]; then
  echo "descriptors: $checked_in is missing." >&2
  echo "$fix" >&2
  exit 1
fi

if cmp -s "$fresh" "$checked_in"; then
  echo "descriptors: $checked_in matches proto/"
  exit 0
fi

echo "descriptors: $checked_in does not match proto/ (regenerated with $("$protoc" --version))." >&2

# Which files differ: decode both sets to text and compare them file by file.
decode() {  # descriptor set -> text
  "$protoc" --decode=google.protobuf.FileDescriptorSet google/protobuf/descriptor.proto <"$1"
}
split_files() {  # text -> one file per FileDescriptorProto in dir $2, and the order in $2.order
  mkdir -p "$2"
  awk -v out="$2" '
    /^file \{/ { buf = ""; name = ""; inside = 1 }
    inside { buf = buf $0 "\n" }
    inside && name == "" && /^  name: / {
      name = $2; gsub(/"/, "", name); print name > (out ".order"); gsub(/\//, "__", name)
    }
    inside && /^\}/ { printf "%s", buf > (out "/" name); close(out "/" name); inside = 0 }
  ' "$1"
}
if decode "$checked_in" >"$tmp/old.txt" 2>"$tmp/old.err" && decode "$fresh" >"$tmp/new.txt"; then
  split_files "$tmp/old.txt" "$tmp/old"
  split_files "$tmp/new.txt" "$tmp/new"
  for f in $( (ls "$tmp/old"; ls "$tmp/new") | LC_ALL=C sort -u); do
    name=${f//__//}
    if [ ! -f "$tmp/old/$f" ]; then
      echo "  added:   $name" >&2
    elif [ ! -f "$tmp/new/$f" ]; then
      echo "  removed: $name" >&2
    elif ! cmp -s "$tmp/old/$f" "$tmp/new/$f"; then
      echo "  changed: $name" >&2
    fi
  done
  if cmp -s "$tmp/old.txt" "$tmp/new.txt"; then
    echo "  same content, different encoding (another protoc version?)" >&2
  elif ! cmp -s "$tmp/old.order" "$tmp/new.order" &&
    [ "$(LC_ALL=C sort "$tmp/old.order")" = "$(LC_ALL=C sort "$tmp/new.order")" ]; then
    echo "  same files, different order (file order given to protoc?)" >&2
  fi
  diff -u --label "$checked_in" --label "proto/ (regenerated)" "$tmp/old.txt" "$tmp/new.txt" |
    head -n 200 >&2 || true
else
  echo "  $checked_in is not a readable FileDescriptorSet: $(head -n 1 "$tmp/old.err")" >&2
fi

echo "$fix" >&2
exit 1
