#!/usr/bin/env bash
# Sticky-session demo on this machine: two optim_viz replicas on 127.0.0.1 behind Debian's nginx with
# deploy/nginx-sticky.conf, the load test (loadtest/run_loadtest.py) pointed at nginx, then a check of
# nginx's access log: every route cookie was served by exactly one replica, each browser session
# (websocket) had its own cookie, and both replicas got sessions. The result goes to stdout and into
# the "sticky" section of docs/loadtest.md (replaced on every run).
#
# Everything stays on loopback and in a temporary directory: nginx runs as root with -p/-c pointing
# there (pid, logs, temp files); the system's nginx configuration and service are not touched.
# Installs Debian's nginx with apt-get when it is missing. Every process started here is stopped on
# exit. Exit status: 0 only when the load test had no error and the stickiness check passed.
#
#   SESSIONS=20 DURATION=60 bash deploy/run_sticky_demo.sh     (make sticky-demo)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
SESSIONS=${SESSIONS:-20}
DURATION=${DURATION:-60}
NGINX=${NGINX:-/usr/sbin/nginx}
APP=${APP:-app.py}           # the Streamlit script the replicas serve
PAGE_PATH=${PAGE_PATH:-/}    # the page the load test opens

log() { printf '[sticky-demo] %s\n' "$*" >&2; }
die() {
  printf '[sticky-demo] FAIL: %s\n' "$*" >&2
  exit 1
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/optim-viz-sticky.XXXXXX")
chmod 755 "$WORK" # nginx's workers (not root) write proxy temp files under the prefix
mkdir -p "$WORK/logs"
REPLICA_PIDS=()
NGINX_PID=""
KEEP_WORK=1

stop_pid() { # stop_pid PID: TERM, up to 10 s, then KILL
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +e
  if [ -n "$NGINX_PID" ]; then
    kill -QUIT "$NGINX_PID" 2>/dev/null # graceful: lets the access log be complete
    for _ in $(seq 1 20); do
      kill -0 "$NGINX_PID" 2>/dev/null || break
      sleep 0.25
    done
    stop_pid "$NGINX_PID"
  fi
  for pid in "${REPLICA_PIDS[@]}"; do
    stop_pid "$pid"
  done
  if [ "$KEEP_WORK" = 1 ]; then
    log "logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- nginx ------------------------------------------------------------------------------------------
if [ ! -x "$NGINX" ]; then
  [ "$(id -u)" = 0 ] || die "nginx is missing and installing it needs root: apt-get install -y nginx"
  log "installing Debian's nginx"
  apt-get update -qq
  # Debian may start the packaged service on port 80 where services can start (not in containers);
  # this demo never uses it.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
[ -x "$NGINX" ] || die "no nginx at $NGINX"
[ -x "$PY" ] || die "no Python at $PY (run make loadtest's prerequisites: make .venv/.dev-deps)"

free_ports() { # three distinct free loopback ports
  "$PY" - <<'EOF'
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}
read -r PORT_A PORT_B PORT_NGINX < <(free_ports)

wait_healthy() { # wait_healthy URL PID NAME
  "$PY" - "$1" <<'EOF' || die "$3 was not healthy within 60 s (log: $WORK)"
import sys, time, urllib.request
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(sys.argv[1] + "/_stcore/health", timeout=2) as r:
            if r.read().strip() == b"ok":
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit(1)
EOF
}

# --- two replicas -----------------------------------------------------------------------------------
for name in a b; do
  port=$PORT_A
  [ "$name" = b ] && port=$PORT_B
  "$PY" -m streamlit run "$APP" --server.headless=true --server.address=127.0.0.1 --server.port="$port" \
    --browser.gatherUsageStats=false --server.fileWatcherType=none >"$WORK/replica-$name.log" 2>&1 &
  REPLICA_PIDS+=("$!")
  log "replica $name: http://127.0.0.1:$port (PID $!)"
done
wait_healthy "http://127.0.0.1:$PORT_A" "${REPLICA_PIDS[0]}" "replica a"
wait_healthy "http://127.0.0.1:$PORT_B" "${REPLICA_PIDS[1]}" "replica b"

# --- nginx in front ---------------------------------------------------------------------------------
sed -e "s/@LISTEN@/127.0.0.1:$PORT_NGINX/" \
  -e "s/@REPLICA_A@/127.0.0.1:$PORT_A/" \
  -e "s/@REPLICA_B@/127.0.0.1:$PORT_B/" \
  deploy/nginx-sticky.conf >"$WORK/nginx.conf"
grep -q '@[A-Z_]*@' "$WORK/nginx.conf" && die "a placeholder is left in $WORK/nginx.conf"
"$NGINX" -t -q -p "$WORK/" -c "$WORK/nginx.conf" -e "$WORK/logs/error.log" || die "nginx -t rejected the config"
"$NGINX" -p "$WORK/" -c "$WORK/nginx.conf" -e "$WORK/logs/error.log" -g 'daemon off;' &
NGINX_PID=$!
wait_healthy "http://127.0.0.1:$PORT_NGINX" "$NGINX_PID" "nginx"
log "nginx $("$NGINX" -v 2>&1 | sed 's/.*: //'): http://127.0.0.1:$PORT_NGINX (PID $NGINX_PID)"

# --- the load test through nginx ----------------------------------------------------------------------
set +e
"$PY" loadtest/run_loadtest.py --url "http://127.0.0.1:$PORT_NGINX" \
  --sessions "$SESSIONS" --duration "$DURATION" --path "$PAGE_PATH" \
  --server-pid "${REPLICA_PIDS[0]}" --server-pid "${REPLICA_PIDS[1]}" \
  --server-log "$WORK/replica-a.log" --server-log "$WORK/replica-b.log" \
  --label "Two replicas behind nginx, cookie-sticky (make sticky-demo)" \
  --no-doc --report "$WORK/report.md"
LOADTEST_RC=$?
set -e

# Stop nginx gracefully first: the websockets' log lines are written when they close.
kill -QUIT "$NGINX_PID"
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=""

# --- stickiness, from the access log ------------------------------------------------------------------
set +e
"$PY" - "$WORK/logs/access.log" "$WORK/logs/error.log" "$WORK/report.md" "$SESSIONS" "$LOADTEST_RC" \
  "127.0.0.1:$PORT_A" "127.0.0.1:$PORT_B" <<'EOF'
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, "loadtest")
from run_loadtest import DOC, write_section  # noqa: E402

access_log, error_log, report = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
sessions, loadtest_rc = int(sys.argv[4]), int(sys.argv[5])
replicas = {sys.argv[6]: "replica a", sys.argv[7]: "replica b"}
line_re = re.compile(r'"(?P<method>\S+) (?P<path>\S+)[^"]*" (?P<status>\d{3}) .*route=(?P<route>\S+) .*upstream=(?P<up>.*?) rt=')

upstreams_of = defaultdict(set)  # route cookie → upstream addresses that served it
requests_of = Counter()
ws_routes = defaultdict(set)  # upstream → routes whose websocket (/_stcore/stream, 101) it held
websockets, unparsed = 0, 0
for line in access_log.read_text().splitlines():
    m = line_re.search(line)
    if not m:
        unparsed += 1
        continue
    route, up = m["route"], m["up"].strip()
    if up in ("", "-"):
        continue  # answered by nginx itself
    upstreams_of[route].add(up)
    requests_of[route] += 1
    if m["path"].startswith("/_stcore/stream") and m["status"] == "101":
        websockets += 1
        ws_routes[up].add(route)

split = {r: u for r, u in upstreams_of.items() if len(u) != 1}
nginx_errors = [ln for ln in error_log.read_text().splitlines() if re.search(r"\[(error|crit|alert|emerg)\]", ln)]
session_routes = set().union(*ws_routes.values()) if ws_routes else set()
per_replica = {name: len(ws_routes.get(addr, ())) for addr, name in replicas.items()}
checks = [
    ("every route cookie was served by exactly one replica", not split,
     f"{len(upstreams_of)} routes, {sum(requests_of.values())} proxied requests; split: {len(split)}"),
    ("each browser session had its own route cookie", len(session_routes) == sessions == websockets,
     f"{websockets} websockets, {len(session_routes)} distinct routes, {sessions} sessions"),
    ("both replicas got sessions", all(n > 0 for n in per_replica.values()),
     ", ".join(f"{name}: {n} sessions" for name, n in per_replica.items())),
    ("access log fully parsed", unparsed == 0, f"{unparsed} unparsed lines"),
    ("no error in nginx's error log", not nginx_errors, f"{len(nginx_errors)} error lines"),
]
ok = all(passed for _, passed, _ in checks)
lines = [
    "",
    "Stickiness, from nginx's access log (`route=` cookie key, `upstream=` replica):",
    "",
    "| check | result | detail |",
    "|---|---|---|",
    *(f"| {name} | {'pass' if passed else '**FAIL**'} | {detail} |" for name, passed, detail in checks),
    "",
    f"Sticky-session check: **{'PASS' if ok else 'FAIL'}**; load test exit status {loadtest_rc}.",
]
for route, ups in list(split.items())[:5]:
    lines.append(f"- route {route} went to {sorted(ups)}")
lines += [f"- nginx: {ln}" for ln in nginx_errors[:5]]
text = "\n".join(lines)
print(text)
write_section(DOC, "sticky", report.read_text() + text + "\n")
print(f"updated {DOC}")
sys.exit(0 if ok else 1)
EOF
STICKY_RC=$?
set -e

if [ "$LOADTEST_RC" = 0 ] && [ "$STICKY_RC" = 0 ]; then
  KEEP_WORK=0
  log "PASS: 0 load-test errors; sessions stayed on their replica"
  exit 0
fi
log "FAIL: load test exit status $LOADTEST_RC, stickiness check exit status $STICKY_RC"
exit 1
