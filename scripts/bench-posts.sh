#!/usr/bin/env bash
# What the extra hop of a web node costs (docs/scale.md): `parley bench posts` against three shapes, each started
# here as `java -jar … serve --ephemeral --print-ports` (free loopback ports, a temp data dir) with the post rate
# limit lifted, rounds interleaved (a, b, c, a, b, c …) so a change in the machine's load hits every shape alike:
#   a. one jar on SQLite;
#   b. one jar on PostgreSQL (PG_A);
#   c. a Parley whose embedded broker trusts web nodes and a web node on it, both on PostgreSQL (PG_B); the posts go
#      to the node, the subscriber is on the broker.
# Prints the load average before each run and the bench's Markdown row. PG_A and PG_B are JDBC URLs of databases
# that exist (empty or not: every run posts into a room of its own); without them only shape a runs.
#
#   PG_A=jdbc:postgresql://127.0.0.1:55433/hop_a PG_B=jdbc:postgresql://127.0.0.1:55433/hop_b scripts/bench-posts.sh
#   ROUNDS=1 POSTS=20 WARMUP=5 scripts/bench-posts.sh     # a quick look at shape a
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/parley.jar}
[ -f "$JAR" ] || { echo "no $JAR: build it first (mvn -q -f server.pom.xml package -DskipTests)" >&2; exit 1; }
ROUNDS=${ROUNDS:-2}
POSTS=${POSTS:-300}
WARMUP=${WARMUP:-50}
PG_USER=${PG_USER:-parley}
SECRET=${SECRET:-bench-posts-node-secret-$RANDOM$RANDOM}
LIFT=(--post-rate-limit 1000000 --post-rate-burst 1000000)
work=$(mktemp -d)
fds=()

# Each server reads its stdin from a FIFO this script holds open; closing it stops the server (--print-ports).
stop_all() {
  for fd in "${fds[@]}"; do eval "exec $fd>&-"; done
  wait || true
  rm -rf "$work"
}
trap stop_all EXIT

# start NAME ARGS…: starts a server and sets PORTS to "http mqtt ws" once it printed them.
start() {
  local name=$1 fd
  shift
  mkfifo "$work/$name.in"
  java -jar "$JAR" serve --ephemeral --print-ports "${LIFT[@]}" "$@" < "$work/$name.in" > "$work/$name.log" 2>&1 &
  exec {fd}> "$work/$name.in"
  fds+=("$fd")
  for _ in $(seq 1 1200); do
    PORTS=$(sed -n 's/^{"http":\([0-9]*\),"mqtt":\([0-9]*\),"ws":\([0-9]*\).*/\1 \2 \3/p' "$work/$name.log")
    [ -n "$PORTS" ] && return 0
    sleep 0.1
  done
  echo "$name did not start:" >&2
  cat "$work/$name.log" >&2
  exit 1
}

shapes=()
start a
read -r a_http a_mqtt _ <<< "$PORTS"
shapes+=("a|one jar, SQLite|$a_http|$a_mqtt")
if [ -n "${PG_A:-}" ]; then
  start b --store postgresql --postgres-url "$PG_A" --postgres-user "$PG_USER"
  read -r b_http b_mqtt _ <<< "$PORTS"
  shapes+=("b|one jar, PostgreSQL|$b_http|$b_mqtt")
fi
if [ -n "${PG_B:-}" ]; then
  start broker --store postgresql --postgres-url "$PG_B" --postgres-user "$PG_USER" --node-secret "$SECRET"
  read -r _ broker_mqtt broker_ws <<< "$PORTS"
  start node --store postgresql --postgres-url "$PG_B" --postgres-user "$PG_USER" --node-secret "$SECRET" \
    --broker-url "mqtt://127.0.0.1:$broker_mqtt" --broker-ws-url "ws://127.0.0.1:$broker_ws/mqtt" --web-push false
  read -r node_http _ _ <<< "$PORTS"
  shapes+=("c|web node → broker, PostgreSQL|$node_http|$broker_mqtt")
fi

echo "$(nproc) cores, $(java -version 2>&1 | head -1), $(date -u)"
for round in $(seq 1 "$ROUNDS"); do
  for shape in "${shapes[@]}"; do
    IFS='|' read -r key label http mqtt <<< "$shape"
    echo "round $round, $key. $label: $(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    java -jar "$JAR" bench posts --url "http://127.0.0.1:$http" --mqtt "mqtt://127.0.0.1:$mqtt" \
      --posts "$POSTS" --warmup "$WARMUP" | grep "^|" || echo "(exit code $?)"
  done
done
