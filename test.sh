#!/usr/bin/env bash
# Parley's test command. Finds what the suite needs (Java 17+, Maven, Node 20.19+ with npm, Chromium with chromedriver,
# mosquitto, Alertmanager, Python 3 with pytest and paho-mqtt, PostgreSQL's server binaries), installs what is missing with apt on Debian/Ubuntu (as
# root, or with sudo), and otherwise stops at once with one line naming the packages to install. Then runs the whole
# suite (mvn -B verify: web client tests, unit and browser tests, then the jar's ITs) and prints the ten slowest test
# classes.
#
#   ./test.sh                                   the whole suite (what .ci/run runs)
#   ./test.sh -Dtest=ChatBrowserTest -DskipITs  one class (any Maven arguments are passed on; see docs/testing.md)
#   ./test.sh --check                           only find or install what the tests need, print where it is
set -euo pipefail
cd "$(dirname "$0")"

check_only=false
if [ "${1:-}" = "--check" ]; then
  check_only=true
  shift
fi

# The first of these that exists: a name on PATH or an absolute path.
find_program() {
  local candidate path
  for candidate in "$@"; do
    [ -n "$candidate" ] || continue
    if [[ $candidate == /* ]]; then
      path=$candidate
    else
      path=$(command -v "$candidate" 2>/dev/null) || continue
    fi
    # command -v also names a file that is not executable; only an executable file counts.
    if [ -f "$path" ] && [ -x "$path" ]; then
      echo "$path"
      return 0
    fi
  done
  return 1
}

find_all() {
  java=$(find_program java) || java=
  mvn=$(find_program mvn) || mvn=
  node=$(find_program node) || node=
  npm=$(find_program npm) || npm=
  chromium=$(find_program "${PARLEY_CHROMIUM:-}" chromium chromium-browser /usr/lib/chromium/chromium \
    /snap/bin/chromium "/Applications/Chromium.app/Contents/MacOS/Chromium") || chromium=
  chromedriver=$(find_program "${PARLEY_CHROMEDRIVER:-}" chromedriver /usr/lib/chromium/chromedriver \
    /snap/bin/chromium.chromedriver) || chromedriver=
  mosquitto=$(find_program "${PARLEY_MOSQUITTO:-}" mosquitto /usr/sbin/mosquitto /usr/local/sbin/mosquitto \
    /opt/homebrew/sbin/mosquitto /opt/homebrew/opt/mosquitto/sbin/mosquitto /usr/local/opt/mosquitto/sbin/mosquitto) \
    || mosquitto=
  alertmanager=$(find_program "${PARLEY_ALERTMANAGER:-}" prometheus-alertmanager alertmanager \
    /usr/bin/prometheus-alertmanager /opt/homebrew/bin/alertmanager /usr/local/bin/alertmanager) || alertmanager=
  python=$(find_python "${PARLEY_PYTHON:-}" python3 /usr/bin/python3 /usr/local/bin/python3 /opt/homebrew/bin/python3) \
    || python=
  postgres_bin=$(find_postgres_bin) || postgres_bin=
}

# The directory of PostgreSQL's server programs (initdb, pg_ctl): the tests start their own server with them
# (chat.parley.db.PostgresServer). Debian keeps them off PATH, one directory per major version: the newest wins.
find_postgres_bin() {
  local dir
  for dir in "${PARLEY_POSTGRES_BIN:-}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r) \
    "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")" /opt/homebrew/bin /usr/local/bin; do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

# The first Python 3 that can import paho-mqtt (the docs' Python bot): the python3 first on PATH (pyenv, a venv) may
# lack it while the system's has it.
find_python() {
  local candidate path
  for candidate in "$@"; do
    path=$(find_program "$candidate") || continue
    if "$path" -c 'import paho.mqtt.client' 2>/dev/null; then
      echo "$path"
      return 0
    fi
  done
  return 1
}
paho_version() { "$python" -c 'import paho.mqtt; print(paho.mqtt.__version__)'; }

java_major() { "$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'; }
node_ok() { "$node" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; }

# What is missing, as the names of the programs (for the message) and the packages of this system.
missing_programs() {
  missing=()
  [ -n "$java" ] && [ "$(java_major)" -ge 17 ] 2>/dev/null || missing+=("java17")
  [ -n "$mvn" ] || missing+=("mvn")
  { [ -n "$node" ] && node_ok; } || missing+=("node20")
  [ -n "$npm" ] || missing+=("npm")
  [ -n "$chromium" ] || missing+=("chromium")
  [ -n "$chromedriver" ] || missing+=("chromedriver")
  [ -n "$mosquitto" ] || missing+=("mosquitto")
  [ -n "$alertmanager" ] || missing+=("alertmanager")
  [ -n "$python" ] || missing+=("paho-mqtt")
  { [ -n "$python" ] && "$python" -c 'import pytest' 2>/dev/null; } || missing+=("pytest")
  [ -n "$postgres_bin" ] || missing+=("postgresql")
}

os_id=unknown
if [ "$(uname -s)" = Darwin ]; then
  os_id=macos
elif [ -r /etc/os-release ]; then
  os_id=$(. /etc/os-release && echo "${ID:-unknown} ${ID_LIKE:-}")
fi

# The package that provides a program, for this system's package manager.
package_for() {
  local program=$1
  case "$os_id" in
    macos)
      case $program in
        java17) echo openjdk@17 ;; mvn) echo maven ;; node20|npm) echo node ;;
        chromium) echo cask:chromium ;; chromedriver) echo cask:chromedriver ;; mosquitto) echo mosquitto ;;
        alertmanager) echo alertmanager ;; postgresql) echo postgresql@15 ;;
        pytest) echo pip:pytest ;; paho-mqtt) echo pip:paho-mqtt ;;
      esac ;;
    ubuntu*)
      case $program in
        java17) echo openjdk-17-jdk-headless ;; mvn) echo maven ;; node20) echo nodejs ;; npm) echo npm ;;
        chromium) echo chromium-browser ;; chromedriver) echo chromium-chromedriver ;; mosquitto) echo mosquitto ;;
        alertmanager) echo prometheus-alertmanager ;; postgresql) echo postgresql ;;
        pytest) echo python3-pytest ;; paho-mqtt) echo python3-paho-mqtt ;;
      esac ;;
    debian*|*" debian"*)
      case $program in
        java17) echo openjdk-17-jdk-headless ;; mvn) echo maven ;; node20) echo nodejs ;; npm) echo npm ;;
        chromium) echo chromium ;; chromedriver) echo chromium-driver ;; mosquitto) echo mosquitto ;;
        alertmanager) echo prometheus-alertmanager ;; postgresql) echo postgresql ;;
        pytest) echo python3-pytest ;; paho-mqtt) echo python3-paho-mqtt ;;
      esac ;;
    fedora*|*rhel*|*centos*)
      case $program in
        java17) echo java-17-openjdk-devel ;; mvn) echo maven ;; node20) echo nodejs ;; npm) echo npm ;;
        chromium) echo chromium ;; chromedriver) echo chromedriver ;; mosquitto) echo mosquitto ;;
        alertmanager) echo alertmanager ;; postgresql) echo postgresql-server ;;
        pytest) echo python3-pytest ;; paho-mqtt) echo python3-paho-mqtt ;;
      esac ;;
    arch*|*" arch"*)
      case $program in
        java17) echo jdk17-openjdk ;; mvn) echo maven ;; node20) echo nodejs ;; npm) echo npm ;;
        chromium|chromedriver) echo chromium ;; mosquitto) echo mosquitto ;;
        alertmanager) echo alertmanager ;; postgresql) echo postgresql ;;
        pytest) echo python-pytest ;; paho-mqtt) echo python-paho-mqtt ;;
      esac ;;
    alpine*)
      case $program in
        java17) echo openjdk17 ;; mvn) echo maven ;; node20) echo nodejs ;; npm) echo npm ;;
        chromium) echo chromium ;; chromedriver) echo chromium-chromedriver ;; mosquitto) echo mosquitto ;;
        alertmanager) echo alertmanager ;; postgresql) echo postgresql ;;
        pytest) echo py3-pytest ;; paho-mqtt) echo py3-paho-mqtt ;;
      esac ;;
    *) echo "$program" ;;
  esac
}

packages_for() {
  local program seen=" " package
  for program in "$@"; do
    package=$(package_for "$program")
    [[ $seen == *" $package "* ]] || { seen+="$package "; echo "$package"; }
  done
}

install_command() {
  local packages=$1
  case "$os_id" in
    macos)
      local formulae casks pips brew
      formulae=$(tr ' ' '\n' <<<"$packages" | grep -v '^cask:\|^pip:' | tr '\n' ' ' | sed 's/ $//') || true
      casks=$(tr ' ' '\n' <<<"$packages" | sed -n 's/^cask://p' | tr '\n' ' ' | sed 's/ $//') || true
      pips=$(tr ' ' '\n' <<<"$packages" | sed -n 's/^pip://p' | tr '\n' ' ' | sed 's/ $//') || true
      brew="${formulae:+brew install $formulae}${formulae:+${casks:+ && }}${casks:+brew install --cask $casks}"
      # Homebrew has no paho-mqtt: pip puts it beside Homebrew's python3.
      echo "$brew${brew:+${pips:+ && }}${pips:+python3 -m pip install --user $pips}" ;;
    ubuntu*|debian*|*" debian"*) echo "sudo apt-get install $packages" ;;
    fedora*|*rhel*|*centos*) echo "sudo dnf install $packages" ;;
    arch*|*" arch"*) echo "sudo pacman -S $packages" ;;
    alpine*) echo "sudo apk add $packages" ;;
    *) echo "install $packages with your package manager" ;;
  esac
}

# Stops with the one line: what is missing and how to get it on this system.
stop_missing() {
  local packages
  packages=$(packages_for "${missing[@]}" | tr '\n' ' ' | sed 's/ $//')
  local hint=""
  if [[ " ${missing[*]} " == *" node20 "* ]]; then
    hint=" (Node must be 20.19 or newer: if your system's nodejs is older, get Node 20 from https://nodejs.org)"
  fi
  local names
  names=$(sed 's/java17/Java 17+/; s/node20/Node 20.19+/' <<<"${missing[*]}" | sed 's/ \([a-zA-Z]\)/, \1/g')
  echo "test.sh: missing $names; install: $(install_command "$packages")$hint" >&2
  exit 1
}

find_all
missing_programs
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
      sudo=(sudo)
    else
      stop_missing
    fi
  fi
  case "$os_id" in
    ubuntu*|debian*|*" debian"*) command -v apt-get >/dev/null || stop_missing ;;
    *) stop_missing ;;
  esac
  # shellcheck disable=SC2207
  packages=($(packages_for "${missing[@]}"))
  echo "test.sh: installing ${packages[*]} with apt-get" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >&2
  find_all
  missing_programs
  [ ${#missing[@]} -eq 0 ] || stop_missing
fi

echo "test.sh: java $java ($(java_major)), mvn $mvn, node $node ($("$node" --version)), chromium $chromium," \
  "chromedriver $chromedriver, mosquitto $mosquitto, alertmanager $alertmanager," \
  "python $python (paho-mqtt $(paho_version)), postgresql $postgres_bin" >&2
if $check_only; then
  exit 0
fi

# The tests read these paths (Browser.java, Mosquitto.java, Alertmanager.java, Python.java, PostgresServer.java);
# Maven passes -D properties on to the test JVMs.
started=$(mktemp)
trap 'rm -f "$started"' EXIT
set +e
"$mvn" -B verify -Dparley.chromium="$chromium" -Dwebdriver.chrome.driver="$chromedriver" \
  -Dparley.mosquitto="$mosquitto" -Dparley.alertmanager="$alertmanager" -Dparley.python="$python" \
  -Dparley.postgres.bin="$postgres_bin" "$@"
status=$?
set -e
"$java" scripts/SlowestTests.java 10 --since "$started" target/surefire-reports target/failsafe-reports \
  parley-testing/target/failsafe-reports || true
exit $status
