#!/usr/bin/env bash
# Start to ready of the jar as a test harness sees it: launches `java [JVM flags] -jar JAR --ephemeral --print-ports`,
# prints the milliseconds until the JSON ports line, then closes stdin (which stops the server) and waits for it.
#   scripts/ready.sh target/parley.jar
#   scripts/ready.sh target/parley.jar -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SharedArchiveFile=parley.jsa
# (docs/benchmarks.md, "Start to ready of parley-testing")
set -euo pipefail
jar=${1:?usage: ready.sh JAR [JVM flags...]}
shift
start=$(date +%s%N)
coproc PARLEY { exec java "$@" -jar "$jar" --ephemeral --print-ports 2>/dev/null; }
line=
until [[ $line == '{"http"'* ]]; do
  IFS= read -r -t 60 line <&"${PARLEY[0]}" || { echo "no ports line within 60 s" >&2; exit 1; }
done
echo $(( ($(date +%s%N) - start) / 1000000 ))
pid=$PARLEY_PID
exec {PARLEY[1]}>&-
wait "$pid"
