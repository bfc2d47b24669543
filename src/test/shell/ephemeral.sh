#!/usr/bin/env bash
# Drives `parley.jar --ephemeral --print-ports` the way a non-Java project's test would:
# start it, read the one JSON line of ports, check the web API answers, close stdin, expect exit 0
# and the temp data dir gone. Usage: ephemeral.sh PARLEY_JAR [JAVA]. Prints "ready_ms=N" on success.
set -euo pipefail
jar=${1:?usage: ephemeral.sh PARLEY_JAR [JAVA]}
java=${2:-java}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

start=$(date +%s%N)
coproc PARLEY { exec "$java" -Djava.io.tmpdir="$tmp" -jar "$jar" --ephemeral --print-ports 2>"$tmp/stderr"; }
IFS= read -r -t 60 ports <&"${PARLEY[0]}" || fail "no ports line within 60 s: $(cat "$tmp/stderr")"
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))

[[ $ports =~ ^\{\"http\":([0-9]+),\"mqtt\":([0-9]+),\"ws\":([0-9]+),\"https\":([0-9]+),\"mqtts\":([0-9]+),\"wss\":([0-9]+)\}$ ]] || fail "not a ports line: $ports"
http=${BASH_REMATCH[1]}
mqtt=${BASH_REMATCH[2]}

# The listeners are on loopback and the data dir is a fresh temp dir.
exec 3<>"/dev/tcp/127.0.0.1/$mqtt" || fail "MQTT port $mqtt is not listening on 127.0.0.1"
exec 3>&-
exec 4<>"/dev/tcp/127.0.0.1/$http" || fail "HTTP port $http is not listening on 127.0.0.1"
printf 'GET /api/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&4
health=$(cat <&4)
exec 4>&-
[[ $health == *'"status":"up"'* ]] || fail "health: $health"
ls -d "$tmp"/parley-ephemeral* >/dev/null 2>&1 || fail "no temp data dir under $tmp"

# Closing stdin stops the server; it exits 0 and deletes its data dir.
pid=$PARLEY_PID
exec {PARLEY[1]}>&-
wait "$pid" && code=0 || code=$?
[[ $code == 0 ]] || fail "exit code $code: $(cat "$tmp/stderr")"
if ls -d "$tmp"/parley-ephemeral* >/dev/null 2>&1; then fail "temp data dir left behind"; fi
echo "ready_ms=$ready_ms"
