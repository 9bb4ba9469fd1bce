#!/usr/bin/env bash
# `make run`: a real single-node Kafka broker (KRaft) and a real redis-server (AOF on) on
# loopback, the pipeline's topics, then every service that exists. Ctrl-C stops it all.
# Ports: AMS_RUN_KAFKA_PORT (9092), AMS_RUN_REDIS_PORT (6379). Data: AMS_RUN_DATA (.cache/run/).
# AMS_RUN_REPLICAS (1): processes of each pipeline service; replica r serves gRPC on
# 7101+100(r-1)… and metrics on 9101+100(r-1)….
# Every process is supervised: one that dies is started again (and the output says so);
# deploy/ctl.sh restarts, stops, starts or kills one on demand (`make restart SERVICE=…`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[[ "$build" = /* ]] || build="$root/$build"
kafka_port=${AMS_RUN_KAFKA_PORT:-9092}
redis_port=${AMS_RUN_REDIS_PORT:-6379}
data="${AMS_RUN_DATA:-$root/.cache/run}"
replicas=${AMS_RUN_REPLICAS:-1}
# The services refuse AMS_* settings they do not know.
unset AMS_RUN_KAFKA_PORT AMS_RUN_REDIS_PORT AMS_RUN_DATA AMS_RUN_REPLICAS
mkdir -p "$data/logs"

pids=()
mkdir -p "$data/pids" "$data/held"
rm -f "$data"/pids/* "$data"/held/*
stop() {
  trap - INT TERM EXIT
  echo
  echo "stopping..."
  # Newest first (services before the broker they commit to): each supervisor stops its
  # process, giving it time to finish.
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || continue
    for _ in $(seq 1 160); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pids[i]}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  echo "stopped."
  exit 0
}
trap stop INT TERM EXIT

# Runs "$@" as NAME in its own process group, output in logs/NAME.log, its pid in
# pids/NAME; starts it again whenever it exits, unless held/NAME exists (deploy/ctl.sh stop),
# then when that goes. A supervisor told to stop stops its process (SIGTERM, then SIGKILL).
start() {
  local name=$1; shift
  : >"$data/logs/$name.log"
  (
    child=0
    finish() {
      if ((child > 0)); then
        kill -TERM -- "-$child" 2>/dev/null
        for _ in $(seq 1 150); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$child" 2>/dev/null
      fi
      exit 0
    }
    # Ctrl-C reaches every process of the terminal: the supervisors leave it to run.sh's
    # stop(), which stops them newest first.
    trap finish TERM
    trap '' INT
    trap - EXIT
    set +e  # a process's failure is what this loop handles
    started=0
    while true; do
      while [ -e "$data/held/$name" ]; do sleep 0.2; done
      started=$SECONDS
      setsid "$@" >>"$data/logs/$name.log" 2>&1 &
      child=$!
      echo "$child" >"$data/pids/$name"
      wait "$child"
      status=$?
      child=0
      rm -f "$data/pids/$name"
      if [ -e "$data/held/$name" ]; then
        echo "run: $name stopped (deploy/ctl.sh start $name starts it again)"
        continue
      fi
      echo "run: $name exited (status $status); starting it again — see $data/logs/$name.log"
      # One that dies at once is not restarted in a tight loop.
      if ((SECONDS - started < 5)); then sleep 2; else sleep 0.2; fi
    done
  ) &
  pids+=($!)
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 600); do port_open "$1" && return 0; sleep 0.1; done
  echo "run: $2 did not open port $1; see $data/logs/$2.log" >&2
  exit 1
}

for p in "$kafka_port" "$redis_port"; do
  if port_open "$p"; then echo "run: port $p is in use; set AMS_RUN_KAFKA_PORT / AMS_RUN_REDIS_PORT" >&2; exit 1; fi
done

# Every write on disk before Redis answers (appendfsync always): a kill -9 of Redis loses
# nothing it acknowledged, which the chaos run (deploy/chaos.sh) relies on.
start redis redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$data" \
  --appendonly yes --appendfsync always --save "" --protected-mode no
start kafka "$root/deploy/kafka/run-broker.sh" "$data/kafka" "$kafka_port" "$((kafka_port + 1))"
wait_port "$redis_port" redis
wait_port "$kafka_port" kafka
for _ in $(seq 1 60); do
  "$build/common/ams-topics" --brokers "127.0.0.1:$kafka_port" >"$data/logs/topics.log" 2>&1 && break
  sleep 1
done

"$root/deploy/passwords/fetch.sh"
"$root/deploy/maildev/install.sh"
start maildev "$root/deploy/maildev/node_modules/.bin/maildev" --ip 127.0.0.1 --smtp 1025 --web 1080
wait_port 1025 maildev

export AMS_KAFKA_BROKERS="127.0.0.1:$kafka_port"
export AMS_REDIS_ADDR="127.0.0.1:$redis_port"
export AMS_API_KEYS_FILE="$root/deploy/dev-api-keys.txt"
export AMS_NIK_FINGERPRINT_KEY="dev-only-nik-fingerprint-key"
export AMS_SMTP_URL="smtp://127.0.0.1:1025"
export AMS_INTAKE_ADDR="127.0.0.1:7101"
export AMS_FORWARDING_INTAKE_KEY="dev-key-service-forwarding"
export AMS_VERIFICATION_INTAKE_KEY="dev-key-service-verification"
# Dev only: seals owed mail (an activation token, an initial password) until it is sent (32 bytes, hex).
export AMS_MAIL_SEAL_KEY="${AMS_MAIL_SEAL_KEY:-$(printf 'dev-only-seal-key-of-32-bytes!!!' | od -An -tx1 | tr -d ' \n')}"
# New passwords on this list are refused (credential); deploy/passwords/fetch.sh writes it.
export AMS_CREDENTIAL_COMMON_PASSWORDS_FILE="${AMS_CREDENTIAL_COMMON_PASSWORDS_FILE:-$root/.cache/passwords/common-passwords.txt}"
# Dev only: the Ed25519 seed the audit service signs its ledger head with (32 bytes, hex).
export AMS_AUDIT_SIGNING_KEY="${AMS_AUDIT_SIGNING_KEY:-$(printf 'dev-only-audit-signing-seed-32b!' | od -An -tx1 | tr -d ' \n')}"

# name grpc-port metrics-port; each binary is build/services/NAME/ams-NAME.
services=("intake 7101 9101" "forwarding 7102 9102" "enrollment 7103 9103" "verification 7104 9104"
          "credential 7105 9105" "audit 7106 9106")
for s in "${services[@]}"; do
  read -r name grpc metrics <<<"$s"
  for ((r=1; r<=replicas; r++)); do
    replica=$name; ((r > 1)) && replica="$name-$r"
    AMS_GRPC_ADDR="127.0.0.1:$((grpc + 100 * (r - 1)))" \
      AMS_METRICS_ADDR="127.0.0.1:$((metrics + 100 * (r - 1)))" \
      start "$replica" "$build/services/$name/ams-$name"
  done
done

# The operators' dashboard (issue 12) and one dev operator per role (dev only; an operator
# that exists already is kept).
dev_password="dev-only-operator-2026"
dev_operators=("diskominfo DISKOMINFO_OP Operator Diskominfo (dev)" "bsre BSRE_OP Operator BSrE (dev)"
               "verifikator VERIFIER Verifikator (dev)" "auditor AUDITOR Auditor (dev)"
               "admin ADMIN Admin (dev)")
for o in "${dev_operators[@]}"; do
  read -r id role display <<<"$o"
  echo "$dev_password" | "$build/services/gateway/ams-gateway" admin create "operators/$id" \
    "$display" "$role" >>"$data/logs/gateway-admin.log" 2>&1 || [ $? -eq 3 ]
done
# An agency without a system of its own submits at the gateway: its user "dinkes".
echo "$dev_password" | "$build/services/gateway/ams-gateway" admin create operators/dinkes \
  "Dinas Kesehatan (dev)" AGENCY agencies/dinkes >>"$data/logs/gateway-admin.log" 2>&1 || [ $? -eq 3 ]
AMS_GATEWAY_ADDR="127.0.0.1:8080" AMS_GATEWAY_WEB_ROOT="$root/services/gateway/web/dist" \
  AMS_GATEWAY_API_KEY="dev-key-gateway" AMS_FORWARDING_ADDR="127.0.0.1:7102" \
  AMS_ENROLLMENT_ADDR="127.0.0.1:7103" AMS_VERIFICATION_ADDR="127.0.0.1:7104" \
  AMS_AUDIT_ADDR="127.0.0.1:7106" \
  AMS_GATEWAY_SECRET_KEY="${AMS_GATEWAY_SECRET_KEY:-$(printf 'dev-only-gateway-secret-key-32b!' | od -An -tx1 | tr -d ' \n')}" \
  start gateway "$build/services/gateway/ams-gateway"

cat <<INFO

AMS registration pipeline is running (Ctrl-C stops everything):
  Kafka broker   127.0.0.1:$kafka_port   try: kcat -b 127.0.0.1:$kafka_port -L
  Redis          127.0.0.1:$redis_port   try: redis-cli -p $redis_port ping
  topics         $(tr '\n' ' ' < "$data/logs/topics.log" | sed 's/topic //g; s/ ready//g')
  mail (maildev) smtp://127.0.0.1:1025, read it at http://127.0.0.1:1080
  API keys       deploy/dev-api-keys.txt (dev only), e.g. authorization: Bearer dev-key-dinkes
  logs           $data/logs/
  dashboard      http://127.0.0.1:8080  operators diskominfo, bsre, verifikator, auditor, admin
                 (one per role) and dinkes (an agency's user, submits at /instansi),
                 password $dev_password (dev only); admin enrols an
                 authenticator app (TOTP) at first sign-in; a lost one is reset with
                 build/services/gateway/ams-gateway admin reset-second-factor operators/admin
  applicants     the activation link in the mail opens http://127.0.0.1:8080/aktivasi;
                 the password mail's login is http://127.0.0.1:8080/akun/masuk
INFO
for s in "${services[@]}"; do
  read -r name grpc metrics <<<"$s"
  echo "  $name  gRPC 127.0.0.1:$grpc  metrics http://127.0.0.1:$metrics/metrics$( ((replicas > 1)) && echo "  ($replicas replicas, +100 each)")"
done
echo "  a process that dies is started again; restart one: make restart SERVICE=credential"
echo "ready"
wait
