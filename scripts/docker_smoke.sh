#!/usr/bin/env bash
# Docker smoke test: build the image with a real engine, run it, wait until healthy, load the page.
#
# Uses the Docker engine that `docker info` reaches. Without one (and as root on a Debian-like machine)
# it installs docker.io and starts a private dockerd, stopped again on exit. When python:3.11-slim can
# be neither found nor pulled, it builds a local stand-in with debootstrap (machine-specific: the host's
# extra CA certificates go into the stand-in, never into the Dockerfile). Engine data and the stand-in
# rootfs are kept in $OPTIM_VIZ_DOCKER_STATE (default /tmp/optim-viz-docker) to speed up later runs.
# Prints "SKIP: ..." and exits 0 only when no engine can be started at all.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${IMAGE:-optim-viz:smoke}
BASE_IMAGE=python:3.11-slim
STANDIN_SUITE=bookworm # the Debian release whose python3 is 3.11
STATE_DIR=${OPTIM_VIZ_DOCKER_STATE:-${TMPDIR:-/tmp}/optim-viz-docker}
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-90}
PULL_TIMEOUT=${PULL_TIMEOUT:-25}

log() { printf '[docker-smoke] %s\n' "$*" >&2; }
die() {
  printf '[docker-smoke] FAIL: %s\n' "$*" >&2
  exit 1
}
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/optim-viz-smoke.XXXXXX")
CONTAINER=""
DOCKERD_PID=""

unmount_under() {
  awk -v d="$1" 'index($2, d "/") == 1 { print $2 }' /proc/mounts 2>/dev/null | sort -r |
    while read -r m; do umount -l "$m"; done
}

cleanup() {
  local rc=$?
  set +e
  if [ -n "$CONTAINER" ]; then
    docker rm -f "$CONTAINER" >/dev/null 2>&1
  fi
  if [ -n "$DOCKERD_PID" ]; then
    docker image prune -f >/dev/null 2>&1 # dangling images left by rebuilding the :smoke tag
    kill "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 40); do
      kill -0 "$DOCKERD_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$DOCKERD_PID" 2>/dev/null
    wait "$DOCKERD_PID" 2>/dev/null
    unmount_under "$STATE_DIR/run" # dockerd leaves its netns mount behind
    log "stopped the dockerd this script started"
  fi
  # debootstrap mounts /proc etc. in the rootfs; never let rm walk into a mount that is still there.
  unmount_under "$WORK"
  rm -rf --one-file-system "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null || { log "cannot install $*: no apt-get"; return 1; }
  [ "$(id -u)" -eq 0 ] || { log "cannot install $*: not root"; return 1; }
  log "apt-get install $*"
  if [ -z "$APT_UPDATED" ]; then
    apt-get update -qq >"$WORK/apt.log" 2>&1 || { tail -n 20 "$WORK/apt.log" >&2; return 1; }
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >>"$WORK/apt.log" 2>&1 ||
    { tail -n 20 "$WORK/apt.log" >&2; return 1; }
}

engine_ok() { timeout 15 docker info >/dev/null 2>&1; }

# Runs that share $STATE_DIR (a private dockerd, the stand-in cache) take turns.
LOCKED=""
take_lock() {
  [ -z "$LOCKED" ] || return 0
  mkdir -p "$STATE_DIR"
  exec 9>>"$STATE_DIR/lock"
  flock -w 600 9 || die "another smoke run holds $STATE_DIR/lock"
  LOCKED=1
}

# ---- 1. a working engine -------------------------------------------------------------------------
start_private_dockerd() {
  local run_dir="$STATE_DIR/run"
  take_lock
  mkdir -p "$run_dir" "$STATE_DIR/docker-data"
  rm -f "$run_dir/docker.sock"
  export DOCKER_HOST="unix://$run_dir/docker.sock"
  log "starting dockerd --data-root $STATE_DIR/docker-data (log: $STATE_DIR/dockerd.log)"
  # 9>&-: the daemon must not inherit (and keep) the lock of this run.
  dockerd --data-root "$STATE_DIR/docker-data" --exec-root "$run_dir/exec" \
    --pidfile "$run_dir/dockerd.pid" --host "$DOCKER_HOST" >"$STATE_DIR/dockerd.log" 2>&1 9>&- &
  DOCKERD_PID=$!
  for _ in $(seq 1 30); do
    engine_ok && return 0
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 1
  done
  kill "$DOCKERD_PID" 2>/dev/null
  wait "$DOCKERD_PID" 2>/dev/null || true
  DOCKERD_PID=""
  log "dockerd did not become ready; last lines of its log:"
  tail -n 15 "$STATE_DIR/dockerd.log" >&2 || true
  return 1
}

find_engine() {
  if ! command -v docker >/dev/null; then
    apt_install docker.io || return 1
  fi
  if engine_ok; then
    log "using the running engine ($(docker info --format '{{.ServerVersion}}' 2>/dev/null))"
    return 0
  fi
  if ! command -v dockerd >/dev/null; then
    log "no engine running and no dockerd: installing docker.io"
    apt_install docker.io || return 1
    if engine_ok; then return 0; fi # the package may have started one
  fi
  if [ "$(id -u)" -ne 0 ]; then
    log "no reachable engine, and starting dockerd needs root"
    return 1
  fi
  start_private_dockerd && return 0
  # A data root left unusable by an earlier run is only a cache: start again from an empty one.
  log "retrying with an empty data root"
  rm -rf --one-file-system "$STATE_DIR/docker-data"
  start_private_dockerd
}

if ! find_engine; then
  echo "SKIP: no Docker engine can be started on this machine"
  exit 0
fi
docker version --format 'engine: server {{.Server.Version}}, client {{.Client.Version}}' >&2 || true

# ---- 2. the base image ---------------------------------------------------------------------------
debian_mirror() {
  # The first http(s) URI of a Debian source for $STANDIN_SUITE in this machine's apt configuration.
  python3 - "$STANDIN_SUITE" <<'PY'
import glob, re, sys

suite, found = sys.argv[1], []
for path in ["/etc/apt/sources.list", *sorted(glob.glob("/etc/apt/sources.list.d/*.list")),
             *sorted(glob.glob("/etc/apt/sources.list.d/*.sources"))]:
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        continue
    if path.endswith(".sources"):  # deb822 stanzas
        for stanza in re.split(r"\n\s*\n", text):
            fields, key = {}, None
            for line in stanza.splitlines():
                if line.lstrip().startswith("#"):
                    continue
                if line[:1] in (" ", "\t") and key:
                    fields[key] += " " + line.strip()
                elif ":" in line:
                    key, value = line.split(":", 1)
                    key = key.strip().lower()
                    fields[key] = value.strip()
            if (fields.get("enabled", "yes").lower() != "no" and "deb" in fields.get("types", "").split()
                    and suite in fields.get("suites", "").split()):
                found += fields.get("uris", "").split()
    else:  # one-line format: deb [options] URI suite components
        for line in text.splitlines():
            words = re.sub(r"\[[^\]]*\]", " ", line.split("#", 1)[0]).split()
            if len(words) >= 3 and words[0] == "deb" and words[2] == suite:
                found.append(words[1])
web = [u for u in found if u.startswith(("http://", "https://"))]
print((web or ["http://deb.debian.org/debian"])[0].rstrip("/"))
PY
}

build_standin() {
  local tarball="$STATE_DIR/python-3.11-slim-standin.tar"
  take_lock
  if [ ! -s "$tarball" ]; then
    [ "$(id -u)" -eq 0 ] || die "building the $BASE_IMAGE stand-in needs root"
    command -v debootstrap >/dev/null || apt_install debootstrap || die "cannot install debootstrap"
    local mirror rootfs="$WORK/rootfs" t0
    mirror=${DEBIAN_MIRROR:-$(debian_mirror)}
    t0=$(now)
    log "building a local stand-in for $BASE_IMAGE: debootstrap $STANDIN_SUITE from $mirror"
    if ! debootstrap --variant=minbase --include=python3,python3-pip,python3-venv,ca-certificates \
      "$STANDIN_SUITE" "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1; then
      tail -n 30 "$WORK/debootstrap.log" >&2
      die "debootstrap failed"
    fi
    rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
    ln -sf python3 "$rootfs/usr/bin/python"
    ln -sf pip3 "$rootfs/usr/bin/pip"
    # Outbound HTTPS here may pass a proxy with its own CA: trust the host's extra CAs in the stand-in.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
      cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
      chroot "$rootfs" update-ca-certificates >/dev/null
    fi
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
    tar -C "$rootfs" --numeric-owner -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    rm -rf --one-file-system "$rootfs"
    log "stand-in rootfs ready in $(seconds_since "$t0") s (cached in $tarball)"
  else
    log "using the cached stand-in rootfs $tarball"
  fi
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'LABEL org.opencontainers.image.description=local-stand-in-for-python-3.11-slim' \
    --change 'CMD ["python3"]' \
    "$tarball" "$BASE_IMAGE" >/dev/null
}

BASE_KIND="$BASE_IMAGE"
if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  log "base image $BASE_IMAGE is present"
elif timeout "$PULL_TIMEOUT" docker pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
  log "pulled $BASE_IMAGE"
else
  log "cannot pull $BASE_IMAGE (no registry access?)"
  build_standin
fi
if docker image inspect --format '{{json .Config.Labels}}' "$BASE_IMAGE" | grep -q local-stand-in; then
  BASE_KIND="local debootstrap stand-in for $BASE_IMAGE"
fi

# ---- 3. build ------------------------------------------------------------------------------------
log "docker build --network host -t $IMAGE ."
t0=$(now)
if ! DOCKER_BUILDKIT=0 docker build --network host -t "$IMAGE" . 2>&1 | tee "$WORK/build.log" >&2; then
  die "docker build failed (see the output above)"
fi
BUILD_SECONDS=$(seconds_since "$t0")
log "built $IMAGE in $BUILD_SECONDS s"

# ---- 4. run until healthy, then check the page ---------------------------------------------------
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CONTAINER="optim-viz-smoke-$$"
fail_with_logs() {
  log "container logs:"
  docker logs "$CONTAINER" >&2 2>&1 || true
  docker inspect --format '{{json .State}}' "$CONTAINER" >&2 2>/dev/null || true
  die "$1"
}

t0=$(now)
docker run -d --name "$CONTAINER" -p "127.0.0.1:$PORT:8501" \
  --health-interval=2s --health-start-period=5s "$IMAGE" >/dev/null
status=""
while :; do
  status=$(docker inspect --format '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$CONTAINER")
  case "$status" in
  "running healthy") break ;;
  "running unhealthy") fail_with_logs "container is unhealthy" ;;
  running*) ;;
  *) fail_with_logs "container stopped (state: $status)" ;;
  esac
  if awk -v a="$(seconds_since "$t0")" -v b="$HEALTH_TIMEOUT" 'BEGIN { exit !(a > b) }'; then
    fail_with_logs "not healthy after $HEALTH_TIMEOUT s (state: $status)"
  fi
  sleep 0.5
done
HEALTHY_SECONDS=$(seconds_since "$t0")
log "healthy after $HEALTHY_SECONDS s (health checks every 2 s here; the image default is 10 s)"

python3 - "$PORT" <<'PY' || fail_with_logs "HTTP checks failed"
import sys, urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"
with urllib.request.urlopen(base + "/", timeout=10) as r:
    body = r.read().decode("utf-8", "replace")
    assert r.status == 200, f"GET / -> {r.status}"
assert "<title>Streamlit</title>" in body and 'id="root"' in body, "GET / is not Streamlit's page"
with urllib.request.urlopen(base + "/_stcore/health", timeout=10) as r:
    health = r.read().decode().strip()
assert health == "ok", f"/_stcore/health -> {health!r}"
print(f"[docker-smoke] GET / -> 200 Streamlit page ({len(body)} bytes); /_stcore/health -> ok", file=sys.stderr)
PY

UID_IN_CONTAINER=$(docker exec "$CONTAINER" id -u)
[ "$UID_IN_CONTAINER" != 0 ] || fail_with_logs "the app runs as root"
log "the app runs as uid $UID_IN_CONTAINER"

# .dockerignore is an allow-list: nothing from development may reach the image.
LEAKED=$(docker exec "$CONTAINER" sh -c 'cd /app && ls -d .venv .git tests benchmarks scripts deploy test-artifacts Makefile 2>/dev/null' || true)
[ -z "$LEAKED" ] || fail_with_logs "files that .dockerignore should exclude are in /app: $LEAKED"

# The page above is static HTML; also run the app script once inside the image, with its installed deps.
if ! docker exec "$CONTAINER" python -c '
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("/app/app.py", default_timeout=60).run()
assert not at.exception, [e.message for e in at.exception]
from optim_viz.render.animation_export import text_font
assert text_font().cjk, "no font that draws Chinese in the image: exported animations would show boxes"
' >"$WORK/apptest.log" 2>&1; then
  cat "$WORK/apptest.log" >&2
  fail_with_logs "app.py raises inside the image (AppTest)"
fi
log "app.py runs inside the image without exceptions (AppTest); a CJK font is there for exports"

t_stop=$(now)
docker stop -t 10 "$CONTAINER" >/dev/null
STOP_SECONDS=$(seconds_since "$t_stop")
EXIT_CODE=$(docker inspect --format '{{.State.ExitCode}}' "$CONTAINER")
[ "$EXIT_CODE" != 137 ] || log "WARNING: the app ignored SIGTERM and was killed after 10 s"

# ---- 5. summary ----------------------------------------------------------------------------------
SIZE_MB=$(docker image inspect --format '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f", $1 / 1e6 }')
echo "docker-smoke OK: image $IMAGE ${SIZE_MB} MB | build ${BUILD_SECONDS} s | healthy after ${HEALTHY_SECONDS} s | uid ${UID_IN_CONTAINER} | stop ${STOP_SECONDS} s (exit ${EXIT_CODE}) | base: ${BASE_KIND}"
