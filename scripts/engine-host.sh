#!/usr/bin/env bash
# A private Docker Engine for the engine tests: Debian's docker.io started by hand (no systemd),
# everything under one project folder, and an offline base image made with `docker import`.
# install (and start) also bring Debian's docker-compose (v1) when no compose exists, for Compose Up/Down.
# Nothing is ever pulled. Usage: scripts/engine-host.sh install|start|stop|status|env
#
# The folder defaults to <repo>/.cache/engine (git-ignored); DOCKER_WORKBENCH_ENGINE_DIR moves it.
# Unix socket paths are limited to 107 bytes, so keep that folder short.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${DOCKER_WORKBENCH_ENGINE_DIR:-$ROOT/.cache/engine}"
SOCK="$DIR/docker.sock"
PIDFILE="$DIR/dockerd.pid"
LOG="$DIR/dockerd.log"
IMAGE="${DOCKER_WORKBENCH_ENGINE_IMAGE:-workbench-busybox:latest}"
START_TIMEOUT_S="${DOCKER_WORKBENCH_ENGINE_START_TIMEOUT:-30}"
STOP_TIMEOUT_S=20

say() { echo "engine-host: $*" >&2; }

# Debian's client first: it matches the 20.10 daemon; any docker CLI works since only the socket matters.
docker_cli() {
  local bin=/usr/bin/docker
  [ -x "$bin" ] || bin="$(command -v docker)"
  DOCKER_CONFIG="$DIR/client-config" "$bin" -H "unix://$SOCK" "$@"
}

have_compose() {
  command -v docker-compose >/dev/null 2>&1 && return 0
  local cli
  cli="$(command -v docker 2>/dev/null)" || return 1
  timeout 10 "$cli" compose version >/dev/null 2>&1
}

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  # Compose Up/Down need a compose; Debian 12 has no `docker compose` plugin, so v1 from apt.
  have_compose || missing+=(docker-compose)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing ${missing[*]}; run as root so apt-get can install them"
    exit 1
  fi
  say "installing ${missing[*]} (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The pid in the pid file, only if that process is alive and is a dockerd (a recycled pid is not ours).
our_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PIDFILE")"
  [ -n "$pid" ] || return 1
  [ -r "/proc/$pid/comm" ] || return 1
  [ "$(cat "/proc/$pid/comm")" = "dockerd" ] || return 1
  echo "$pid"
}

docker_cli_info() { timeout 5 env DOCKER_CONFIG="$DIR/client-config" "$(cli_path)" -H "unix://$SOCK" version --format '{{.Server.Version}}'; }
cli_path() { if [ -x /usr/bin/docker ]; then echo /usr/bin/docker; else command -v docker; fi; }

launch() {
  local driver="$1"
  rm -f "$SOCK"
  : >"$LOG"
  setsid dockerd \
    --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$PIDFILE" \
    -H "unix://$SOCK" --storage-driver "$driver" \
    --iptables=false --ip6tables=false \
    >>"$LOG" 2>&1 </dev/null &
  local launched=$!
  local deadline=$((SECONDS + START_TIMEOUT_S))
  while [ $SECONDS -lt $deadline ]; do
    if docker_cli_info >/dev/null 2>&1; then
      echo "$driver" >"$DIR/driver"
      return 0
    fi
    # dockerd gave up (overlay2 unsupported here, say): no point waiting for it. ($! is dockerd
    # itself, since setsid execs in place outside a group leader; the pid file is the backstop.)
    if ! kill -0 "$launched" 2>/dev/null && ! our_pid >/dev/null; then return 1; fi
    sleep 0.2
  done
  say "dockerd ($driver) did not answer within ${START_TIMEOUT_S}s; log: $LOG"
  kill -TERM "$launched" 2>/dev/null || true
  return 1
}

ensure_image() {
  if docker_cli image inspect "$IMAGE" >/dev/null 2>&1; then return 0; fi
  local rootfs
  rootfs="$(mktemp -d)"
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/root" "$rootfs/www" "$rootfs/sbin" "$rootfs/usr/bin" "$rootfs/usr/sbin"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  echo 'hello from the workbench' >"$rootfs/www/index.html"
  tar -C "$rootfs" -c . | docker_cli import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin:/sbin:/usr/bin:/usr/sbin' - "$IMAGE" >/dev/null
  rm -rf "$rootfs"
  say "imported $IMAGE"
}

cmd_start() {
  ensure_packages
  mkdir -p "$DIR"
  if our_pid >/dev/null && docker_cli_info >/dev/null 2>&1; then
    ensure_image
    say "already running (pid $(our_pid))"
    return 0
  fi
  # A dockerd of ours that no longer answers, or a stale pid file: clear it the same careful way.
  cmd_stop >/dev/null 2>&1 || true
  if ! launch overlay2; then
    say "overlay2 failed here; falling back to vfs"
    cmd_stop >/dev/null 2>&1 || true
    launch vfs || { say "dockerd did not start; see $LOG"; tail -n 20 "$LOG" >&2; exit 1; }
  fi
  ensure_image
  say "running (pid $(our_pid), driver $(cat "$DIR/driver")) at unix://$SOCK"
}

cmd_stop() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$PIDFILE"
    say "not running"
    return 0
  fi
  # Containers first: busybox sleep/httpd ignore SIGTERM, so give them one second, then they are killed.
  local ids
  ids="$(docker_cli ps -q 2>/dev/null || true)"
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086
    timeout 30 env DOCKER_CONFIG="$DIR/client-config" "$(cli_path)" -H "unix://$SOCK" stop -t 1 $ids >/dev/null 2>&1 || true
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT_S))
  while [ $SECONDS -lt $deadline ] && kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    say "dockerd $pid did not exit in ${STOP_TIMEOUT_S}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PIDFILE"
  say "stopped (pid $pid)"
}

cmd_status() {
  local pid
  if pid="$(our_pid)" && docker_cli_info >/dev/null 2>&1; then
    echo "running pid=$pid socket=unix://$SOCK driver=$(cat "$DIR/driver" 2>/dev/null || echo unknown) version=$(docker_cli_info)"
    return 0
  fi
  echo "stopped"
  return 3
}

cmd_env() {
  echo "export DOCKER_HOST=unix://$SOCK"
  echo "export DOCKER_WORKBENCH_ENGINE_DIR=$DIR"
  echo "export DOCKER_WORKBENCH_ENGINE_IMAGE=$IMAGE"
}

case "${1:-}" in
  install) ensure_packages ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 install|start|stop|status|env" >&2; exit 2 ;;
esac
