#!/usr/bin/env bash
# Reproduces the comparison table of docs/benchmarks.md: the same chat loads against Mosquitto, a bare HiveMQ CE
# (in-memory, no extension) and Parley, one broker at a time, each in its own process, the load generator
# (`parley bench …`) in another. Prints Markdown rows; the broker's CPU and RSS come from /proc.
#
#   scripts/bench.sh            # full size (about 25 minutes)
#   QUICK=1 scripts/bench.sh    # tiny size, seconds per scenario
#   BROKERS="parley" scripts/bench.sh
#   BROKERS="parley" SCENARIOS="fanout throughput" JAR=/path/to/other/parley.jar scripts/bench.sh   # before/after
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/parley.jar}
[ -f "$JAR" ] || mvn -B -q package -DskipTests
command -v mosquitto >/dev/null || { echo "mosquitto is not installed (apt-get install mosquitto)" >&2; exit 1; }
BROKERS=${BROKERS:-"mosquitto hivemq parley"}
SCENARIOS=${SCENARIOS:-"fanout throughput connections startup history"}
wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }
if [ -n "${QUICK:-}" ]; then
  FANOUT=(--publishers 2 --subscribers 10 --rate 50 --seconds 3 --warmup 1)
  THROUGHPUT=(--pairs 2 --window 10 --seconds 2 --warmup 1)
  CONNECTIONS=(--clients 200 --rooms 10 --hold 1)
  HISTORY=(--messages 5000 --mqtt-messages 500 --warmup-requests 50)
else
  # The warm-ups are long because a JVM broker on 2 cores is still compiling its hot paths 30 s after its first
  # message (C2 took a quarter of a core 40 s into a fan-out run); Mosquitto gets the same load, it needs none.
  FANOUT=(--publishers 10 --subscribers 100 --rate 200 --seconds 30 --warmup 30)
  THROUGHPUT=(--pairs 10 --window 50 --seconds 15 --warmup 20)
  # Everyone on presence is quadratic for a broker that publishes presence (Parley): 10,000 clients would mean
  # 50 million presence deliveries. By default 100 clients watch presence, the rest sit in their room.
  CONNECTIONS=(--clients "${CLIENTS:-10000}" --rooms 100 --hold 30 --presence "${PRESENCE:-100}")
  HISTORY=()
fi
BENCH=(java -Xmx3g -jar "$JAR" bench)
PORT=18830
work=$(mktemp -d)
server=""
stop_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi
}
trap 'stop_server; rm -rf "$work"' EXIT

wait_port() {
  for _ in $(seq 1 600); do
    kill -0 "$server" 2>/dev/null || { echo "the broker exited; see $work/*.log" >&2; cat "$work"/*.log >&2; exit 1; }
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2; exit 1
}

start_server() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "port $PORT is already in use: stop what listens there first" >&2; exit 1
  fi
  case "$1" in
    mosquitto)
      printf 'listener %d 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n' "$PORT" > "$work/mosquitto.conf"
      mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
      server=$! ;;
    hivemq)
      java -jar "$JAR" bench broker --mqtt-port "$PORT" > "$work/hivemq.log" 2>&1 &
      server=$! ;;
    parley)
      rm -rf "$work/parley"
      java -jar "$JAR" --bind 127.0.0.1 --http-port $((PORT + 1)) --mqtt-port "$PORT" --ws-port $((PORT + 2)) \
        --data-dir "$work/parley" --discovery false --rate-limit 1000000 --rate-burst 1000000 \
        --max-connections-per-ip 0 \
        > "$work/parley.log" 2>&1 &
      server=$! ;;
  esac
  wait_port "$PORT"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), \
$(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1), $(mosquitto -h 2>&1 | head -1)"
for broker in $BROKERS; do
  start_server "$broker"
  args=(--url "mqtt://127.0.0.1:$PORT" --server-pid "$server")
  echo "## $broker (pid $server, $(cut -d" " -f2 /proc/$server/stat)), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  if wants fanout; then "${BENCH[@]}" fanout "${args[@]}" "${FANOUT[@]}" | grep '^|' | sed "s/^|/| $broker |/"; fi
  if wants throughput; then
    "${BENCH[@]}" throughput "${args[@]}" "${THROUGHPUT[@]}" | grep '^|' | sed "s/^|/| $broker |/"
  fi
  if wants connections; then
    "${BENCH[@]}" connections "${args[@]}" "${CONNECTIONS[@]}" | grep '^|' | sed "s/^|/| $broker |/"
  fi
  echo "## load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  stop_server
done
if [[ " $BROKERS " == *" parley "* ]]; then
  if wants startup; then "${BENCH[@]}" startup --jar "$JAR" --runs "${STARTUP_RUNS:-3}" | grep '^|'; fi
  if wants history; then
    echo "## parley history (its own in-process server), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    "${BENCH[@]}" history "${HISTORY[@]}" | grep -E '^(\||history)'
  fi
fi
