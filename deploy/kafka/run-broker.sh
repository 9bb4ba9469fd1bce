#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker (KRaft, combined broker+controller) on loopback
# in the foreground. Usage: run-broker.sh DATA_DIR PORT [CONTROLLER_PORT]
# Formats DATA_DIR on first use. Stops on SIGTERM.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${1:?data dir}
port=${2:?port}
controller_port=${3:-$((port + 1))}
"$root/deploy/kafka/fetch.sh"
libs="$root/.cache/kafka/libs"
mkdir -p "$data"
config="$data/server.properties"
cat >"$config" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${data}/log
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPS
java_opts=(-Xms256m -Xmx512m -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$root/deploy/kafka/log4j2.properties")
if [ ! -f "$data/log/meta.properties" ]; then
  java "${java_opts[@]}" -cp "$libs/*" kafka.tools.StorageTool format \
    -t "ams-local-cluster-0001" -c "$config" --ignore-formatted >/dev/null
fi
exec java "${java_opts[@]}" -cp "$libs/*" kafka.Kafka "$config"
