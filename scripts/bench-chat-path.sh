#!/usr/bin/env bash
# Issue 21's side-by-side table of the chat path: Mosquitto, then one Parley process measured on a plain topic
# (`plain/...`, outside the chat namespace: the broker alone) and on a chat room (validated, stamped, stored before
# the PUBACK). Fan-out 10 -> 100 at 200 msg/s and throughput of 10 pairs with a window of 100, QoS 1, each after a
# warm-up. Prints the bench's Markdown rows with the 1-minute load average before each; the CPU per delivered
# message is the broker's CPU share divided by the rate (see docs/benchmarks.md).
#
#   scripts/bench-chat-path.sh                          # about 8 minutes
#   JAR=/tmp/before.jar scripts/bench-chat-path.sh      # another build, for a before/after
#   LOADS=throughput BROKERS=parley PAIRS=50 WINDOW=20 scripts/bench-chat-path.sh   # more publishing connections
#   BROKERS=parley BROKER_JAVA_OPTS='-XX:StartFlightRecording=settings=profile,filename=/tmp/p.jfr' \
#     scripts/bench-chat-path.sh                        # with a JFR profile of the broker
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/parley.jar}
BROKERS=${BROKERS:-"mosquitto parley"}
PREFIXES=${PREFIXES:-"plain parley"}
LOADS=${LOADS:-"fanout throughput"}
WARMUP=${WARMUP:-20}
SECONDS_MEASURED=${SECONDS_MEASURED:-20}
PORT=${PORT:-18840}
BENCH=(java -Xmx2g -jar "$JAR" bench)
work=$(mktemp -d)
server=""
stop_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi
}
trap 'stop_server; rm -rf "$work"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

wait_port() {
  for _ in $(seq 1 600); do
    kill -0 "$server" 2>/dev/null || { echo "the broker exited" >&2; cat "$work"/*.log >&2; exit 1; }
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $PORT" >&2; exit 1
}

batches() { # Parley's group commits so far: how many, and messages in them (a delta over a load is its mean batch),
  # and the CPU seconds of its store writer thread (a delta over messages committed: the writer's CPU per message)
  [[ "$1" == parley* ]] || return 0
  local writer=0 task
  for task in /proc/"$server"/task/*; do
    if [[ "$(cat "$task/comm" 2>/dev/null)" == parley-store-wr* ]]; then
      writer=$(awk '{printf "%.2f", ($14 + $15) / 100}' "$task/stat"); fi
  done
  echo "# store commits / messages committed / writer CPU s: $(curl -s "http://127.0.0.1:$((PORT + 1))/metrics" \
    | awk '/^parley_store_batch_size_(count|sum)/ {printf "%s / ", $2}')$writer"
}

run_loads() { # $1: label, $2: topic prefix
  local args=(--url "mqtt://127.0.0.1:$PORT" --server-pid "$server" --prefix "$2")
  batches "$1"
  if [[ " $LOADS " == *" fanout "* ]]; then
  echo "## $1, load average $(load)"
  "${BENCH[@]}" fanout "${args[@]}" --publishers 10 --subscribers 100 --rate 200 \
    --seconds "$SECONDS_MEASURED" --warmup "$WARMUP" | grep '^|' | sed "s/^|/| $1 |/"
  fi
  if [[ " $LOADS " == *" throughput "* ]]; then
  echo "## $1, load average $(load)"
  "${BENCH[@]}" throughput "${args[@]}" --pairs "${PAIRS:-10}" --window "${WINDOW:-100}" --qos 1 \
    --seconds "$SECONDS_MEASURED" --warmup "$WARMUP" | grep '^|' | sed "s/^|/| $1 |/"
  fi
  batches "$1"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $JAR, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# $(nproc) cores, $(java -version 2>&1 | head -1), $(mosquitto -h 2>&1 | head -1)"
for broker in $BROKERS; do
  case "$broker" in
    mosquitto)
      printf 'listener %d 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n' "$PORT" > "$work/mq.conf"
      mosquitto -c "$work/mq.conf" > "$work/mosquitto.log" 2>&1 &
      server=$!
      wait_port
      run_loads mosquitto parley ;;
    parley)
      # shellcheck disable=SC2086 # the options are words
      java ${BROKER_JAVA_OPTS:-} -jar "$JAR" --bind 127.0.0.1 --http-port $((PORT + 1)) --mqtt-port "$PORT" \
        --ws-port $((PORT + 2)) --data-dir "$work/parley" --discovery false --rate-limit 1000000 \
        --rate-burst 1000000 --max-connections-per-ip 0 > "$work/parley.log" 2>&1 &
      server=$!
      wait_port
      for prefix in $PREFIXES; do
        run_loads "parley-$prefix" "$prefix"
      done ;;
  esac
  stop_server
done
echo "# done, load average $(load)"
