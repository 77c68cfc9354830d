#!/usr/bin/env bash
# A private Docker Engine for the engine tests: Debian's docker.io started by hand (no systemd),
# everything under one project folder, and an offline base image made with `docker import`.
# install (and start) also bring Debian's docker-compose (v1) when no compose exists, for Compose Up/Down.
# Besides the unix socket, the engine listens on 127.0.0.1:<port in $DIR/tls-port> with --tlsverify:
# a CA, a server certificate (127.0.0.1, localhost) and a client certificate are made with openssl
# into $DIR/tls once; $DIR/tls/client is a DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem).
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
TLS_DIR="$DIR/tls"
TLS_PORT_FILE="$DIR/tls-port"
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
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  # Compose Up/Down need a compose; Debian 12 has no `docker compose` plugin, so v1 from apt.
  have_compose || missing+=(docker-compose)
  # The ssh:// tests start their own sshd (test/engine/sshd.ts); ssh and ssh-keygen come with it.
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  [ -x /usr/bin/ssh ] || missing+=(openssh-client)
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

# One certificate signed by the test CA: $1 the folder under $TLS_DIR, $2 the subject, $3 extensions.
issue_cert() {
  local name="$1" subject="$2" ext="$3" work="$4"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$subject" \
    -keyout "$TLS_DIR/$name/key.pem" -out "$work/$name.csr" 2>/dev/null
  printf '%b\n' "$ext" >"$work/$name.ext"
  openssl x509 -req -in "$work/$name.csr" -CA "$TLS_DIR/ca/ca.pem" -CAkey "$TLS_DIR/ca/key.pem" \
    -set_serial "0x$(openssl rand -hex 8)" -days 3650 -extfile "$work/$name.ext" -out "$TLS_DIR/$name/cert.pem" 2>/dev/null
  cp "$TLS_DIR/ca/ca.pem" "$TLS_DIR/$name/ca.pem"
  chmod 600 "$TLS_DIR/$name/key.pem"
}

ensure_tls_material() {
  local f
  for f in ca/ca.pem server/cert.pem server/key.pem client/cert.pem client/key.pem; do
    [ -s "$TLS_DIR/$f" ] || break
    [ "$f" = client/key.pem ] && return 0
  done
  rm -rf "$TLS_DIR"
  mkdir -p "$TLS_DIR/ca" "$TLS_DIR/server" "$TLS_DIR/client"
  chmod 700 "$TLS_DIR"
  local work
  work="$(mktemp -d)"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=Docker Workbench test CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$TLS_DIR/ca/key.pem" -out "$TLS_DIR/ca/ca.pem" 2>/dev/null
  chmod 600 "$TLS_DIR/ca/key.pem"
  issue_cert server "/CN=localhost" 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature' "$work"
  issue_cert client "/CN=docker-workbench-test-client" 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature' "$work"
  rm -rf "$work"
  say "made a test CA, a server and a client certificate in $TLS_DIR"
}

# A port free on 127.0.0.1 right now (Node is the project's runtime, so it is there).
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# The TLS listener answers a client that verifies it with the test CA and shows the client certificate.
tls_ok() {
  [ -s "$TLS_PORT_FILE" ] || return 1
  timeout 5 env DOCKER_CONFIG="$DIR/client-config" "$(cli_path)" --tlsverify --tlscacert "$TLS_DIR/client/ca.pem" \
    --tlscert "$TLS_DIR/client/cert.pem" --tlskey "$TLS_DIR/client/key.pem" \
    -H "tcp://127.0.0.1:$(cat "$TLS_PORT_FILE")" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

launch() {
  local driver="$1"
  rm -f "$SOCK"
  : >"$LOG"
  ensure_tls_material
  local tls_port
  tls_port="$(free_port)"
  echo "$tls_port" >"$TLS_PORT_FILE"
  # dockerd outlives this script: it must not keep the caller's descriptors, such as the
  # flock(1) lock the test tiers hold while they use the engine (it would hold the lock for good).
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      fd="${fd##*/}"
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
    done
    exec setsid dockerd \
      --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$PIDFILE" \
      -H "unix://$SOCK" --storage-driver "$driver" \
      -H "tcp://127.0.0.1:$tls_port" --tlsverify --tlscacert "$TLS_DIR/server/ca.pem" \
      --tlscert "$TLS_DIR/server/cert.pem" --tlskey "$TLS_DIR/server/key.pem" \
      --iptables=false --ip6tables=false \
      >>"$LOG" 2>&1 </dev/null
  ) &
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

# The TLS port is free when free_port looks, not reserved: another process can take it before
# dockerd listens. Then dockerd exits saying so, and it is launched again on another port (at most
# three times) rather than taken for a storage driver that does not work here.
launch_on_free_port() {
  local attempt
  for attempt in 1 2 3; do
    launch "$1" && return 0
    grep -q 'address already in use' "$LOG" || return 1
    say "the TLS port $(cat "$TLS_PORT_FILE") was taken before dockerd listened; another port"
    cmd_stop >/dev/null 2>&1 || true
  done
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
  # A dockerd started before the TLS listener existed (or without it) is restarted with it.
  if our_pid >/dev/null && docker_cli_info >/dev/null 2>&1 && tls_ok; then
    ensure_image
    say "already running (pid $(our_pid))"
    return 0
  fi
  # A dockerd of ours that no longer answers, or a stale pid file: clear it the same careful way.
  cmd_stop >/dev/null 2>&1 || true
  if ! launch_on_free_port overlay2; then
    say "overlay2 failed here; falling back to vfs"
    cmd_stop >/dev/null 2>&1 || true
    launch_on_free_port vfs || { say "dockerd did not start; see $LOG"; tail -n 20 "$LOG" >&2; exit 1; }
  fi
  ensure_image
  tls_ok || { say "the TLS listener on 127.0.0.1:$(cat "$TLS_PORT_FILE") does not answer; see $LOG"; exit 1; }
  say "running (pid $(our_pid), driver $(cat "$DIR/driver")) at unix://$SOCK and tcp://127.0.0.1:$(cat "$TLS_PORT_FILE") (TLS)"
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
  rm -f "$PIDFILE" "$TLS_PORT_FILE"
  say "stopped (pid $pid)"
}

cmd_status() {
  local pid
  if pid="$(our_pid)" && docker_cli_info >/dev/null 2>&1; then
    echo "running pid=$pid socket=unix://$SOCK tls=tcp://127.0.0.1:$(cat "$TLS_PORT_FILE" 2>/dev/null || echo none) driver=$(cat "$DIR/driver" 2>/dev/null || echo unknown) version=$(docker_cli_info)"
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
