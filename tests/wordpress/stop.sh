#!/usr/bin/env bash
# Stops the WordPress that start.sh started in DATA_DIR; --remove also deletes the folder.
#
#   stop.sh DATA_DIR [--remove]
set -uo pipefail
data="${1:?usage: stop.sh DATA_DIR [--remove]}"
[ -f "$data/.postwright-wordpress" ] || { echo "stop.sh: $data is not a test WordPress" >&2; exit 1; }

running() { kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]; }
wait_for_end() { for _ in $(seq 1 100); do running "$1" || return 0; sleep 0.05; done; return 1; }

# php -S runs in its own process group (setsid), workers included.
if [ -s "$data/php.pid" ]; then
  pid="$(cat "$data/php.pid")"
  if running "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    wait_for_end "$pid" || kill -KILL -- "-$pid" 2>/dev/null
  fi
  rm -f "$data/php.pid"
fi
pid="$(cat "$data/mariadbd.pid" 2>/dev/null || cat "$data/mariadbd.launched" 2>/dev/null || true)"
if [ -n "$pid" ] && running "$pid"; then
  if [ "${2:-}" = --remove ]; then kill -KILL "$pid"; else kill -TERM "$pid"; fi
  wait_for_end "$pid" || kill -KILL "$pid" 2>/dev/null
fi
rm -f "$data/mariadbd.launched"
if [ -s "$data/socket-dir" ]; then rm -rf "$(cat "$data/socket-dir")"; rm -f "$data/socket-dir"; fi
# The watchdog, unless this is the watchdog itself.
if [ -s "$data/watchdog.pid" ]; then
  pid="$(cat "$data/watchdog.pid")"
  [ "$pid" != "$PPID" ] && [ "$pid" != "$$" ] && kill "$pid" 2>/dev/null
  rm -f "$data/watchdog.pid"
fi
[ "${2:-}" = --remove ] && rm -rf "$data"
exit 0
