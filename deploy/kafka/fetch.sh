#!/usr/bin/env bash
# Fetches the Kafka broker jars from Maven Central into .cache/kafka/libs (once).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
libs="$root/.cache/kafka/libs"
[ -f "$libs/.complete" ] && exit 0
mkdir -p "$libs"
echo "kafka: fetching broker jars with Maven into $libs"
mvn -q -B -f "$root/deploy/kafka/pom.xml" -Dmaven.repo.local="$root/.cache/m2" \
  dependency:copy-dependencies -DoutputDirectory="$libs" -DincludeScope=runtime
touch "$libs/.complete"
