#!/usr/bin/env bash
# Controls one process of a running `make run` (deploy/run.sh supervises each):
#   deploy/ctl.sh restart NAME   stop it gracefully (SIGTERM); its supervisor starts it again
#   deploy/ctl.sh kill NAME      kill -9 it; its supervisor starts it again
#   deploy/ctl.sh stop NAME      stop it and keep it stopped
#   deploy/ctl.sh start NAME     start it again after stop
#   deploy/ctl.sh status         every process and its pid
# NAME: intake, forwarding, enrollment, verification, credential, audit (replica r > 1:
# intake-2, …), gateway, kafka, redis, maildev. Data: AMS_RUN_DATA (.cache/run/), as run.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data="${AMS_RUN_DATA:-$root/.cache/run}"
action=${1:-status}
name=${2:-}

pid_of() {
  local pid
  pid=$(cat "$data/pids/$1" 2>/dev/null) || { echo "ctl: $1 is not running (see deploy/ctl.sh status)" >&2; exit 1; }
  echo "$pid"
}
# Waits until the supervisor has started a process other than pid $2 for $1.
wait_restarted() {
  for _ in $(seq 1 300); do
    local now
    now=$(cat "$data/pids/$1" 2>/dev/null || true)
    if [ -n "$now" ] && [ "$now" != "$2" ]; then echo "ctl: $1 running again (pid $now)"; return 0; fi
    sleep 0.1
  done
  echo "ctl: $1 did not come back; see $data/logs/$1.log" >&2
  exit 1
}

case "$action" in
  status)
    for f in "$data"/pids/*; do
      [ -e "$f" ] || continue
      echo "$(basename "$f") $(cat "$f")"
    done
    for f in "$data"/held/*; do [ -e "$f" ] && echo "$(basename "$f") stopped"; done
    ;;
  restart|kill)
    [ -n "$name" ] || { echo "usage: deploy/ctl.sh $action NAME" >&2; exit 2; }
    pid=$(pid_of "$name")
    if [ "$action" = kill ]; then sig=KILL; else sig=TERM; fi
    kill -"$sig" -- "-$pid"
    wait_restarted "$name" "$pid"
    ;;
  stop)
    [ -n "$name" ] || { echo "usage: deploy/ctl.sh stop NAME" >&2; exit 2; }
    pid=$(pid_of "$name")
    touch "$data/held/$name"
    kill -TERM -- "-$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    echo "ctl: $name stopped"
    ;;
  start)
    [ -n "$name" ] || { echo "usage: deploy/ctl.sh start NAME" >&2; exit 2; }
    [ -e "$data/held/$name" ] || { echo "ctl: $name was not stopped" >&2; exit 1; }
    rm -f "$data/held/$name"
    wait_restarted "$name" ""
    ;;
  *)
    echo "usage: deploy/ctl.sh restart|kill|stop|start NAME, or deploy/ctl.sh status" >&2
    exit 2
    ;;
esac
