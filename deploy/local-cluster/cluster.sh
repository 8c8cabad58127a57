#!/usr/bin/env bash
# The whole production topology on this machine (issue 21, item 5), for developers and for the
# chaos suite: PostgreSQL with failover (postgres-ha.sh: three etcd members, three PostgreSQL
# under Patroni, pgBackRest archiving), the object store (s3rver), the external systems
# (`motcua simulate all`: one of each, shared by every node), three `serve` nodes behind HAProxy,
# and two `dispatch` processes delivering the outbox.
#
#   deploy/local-cluster/cluster.sh start            # prints the address and the settings
#   deploy/local-cluster/cluster.sh status
#   deploy/local-cluster/cluster.sh stop             # stops everything and removes its files
#   deploy/local-cluster/cluster.sh kill-node N | start-node N             # kill -9 / start serve N
#   deploy/local-cluster/cluster.sh kill-dispatcher N | start-dispatcher N
#   deploy/local-cluster/cluster.sh kill-primary | start-instance pgN | stop-etcd-leader | start-etcd N
#   deploy/local-cluster/cluster.sh pause-primary SECONDS   # SIGSTOP the primary's PostgreSQL (returns at once)
#   deploy/local-cluster/cluster.sh fill-disk N | free-disk N   # node N's local disk full / freed
#
# CLUSTER_DIR (default /tmp/motcua-cluster) holds everything. CLUSTER_PORT (default 8600) is the
# load balancer's port; +1..+3 the nodes, +9 the object store, +10..+17 the simulators, +100 the
# PostgreSQL write port (postgres-ha.sh's HA_PORT; the read port just below it). CLUSTER_ENV adds
# settings to every node and dispatcher.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=${CLUSTER_DIR:-/tmp/motcua-cluster}
port=${CLUSTER_PORT:-8600}
export HA_DIR=$dir/pg HA_PORT=$((port + 100))
ha() { bash "$here/postgres-ha.sh" "$@"; }
motcua=(node --import tsx "$root/src/cli.ts")

# Starts a command in the background, its pid in $dir/NAME.pid, its output in $dir/NAME.log.
background() {
  local name=$1
  shift
  (cd "$root" && exec "$@") >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}
alive() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }
stop_one() { if alive "$1"; then kill "$(cat "$dir/$1.pid")" 2>/dev/null || true; fi; }
wait_for() { # what, seconds, command...
  local what=$1 limit=$2
  shift 2
  for _ in $(seq 1 $((limit * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "$what did not come up in ${limit}s" >&2
  return 1
}

# What every node and dispatcher shares: one database (through HAProxy's write port), one object
# store, one set of external systems, one local CA for signing results, one public address.
app_env() {
  cat "$dir/simulators.env"
  cat <<ENV
DATABASE_URL=postgres://postgres@127.0.0.1:$HA_PORT/postgres
DATABASE_READ_URL=postgres://postgres@127.0.0.1:$((HA_PORT - 1))/postgres
S3_ENDPOINT=http://127.0.0.1:$((port + 9))
S3_BUCKET=motcua
S3_ACCESS_KEY_ID=S3RVER
S3_SECRET_ACCESS_KEY=S3RVER
S3_PREFIX=files/
PKI_DIR=$dir/pki
PUBLIC_URL=http://127.0.0.1:$port
DISPATCHER=false
DEMO_ACCOUNTS=true
LOG_LEVEL=${CLUSTER_LOG_LEVEL:-warn}
ENV
  # Extra settings for every node and dispatcher (KEY=VALUE, space-separated), e.g. the chaos
  # suite's higher per-account allowance.
  for kv in ${CLUSTER_ENV:-}; do echo "$kv"; done
}

start_node() {
  local n=$1
  mkdir -p "$dir/node$n/tmp"
  # The node's own disk (uploads are staged there): a small tmpfs when this runs as root, so that
  # the chaos suite can fill it.
  if [ "$(id -u)" = 0 ] && ! mountpoint -q "$dir/node$n/tmp"; then
    mount -t tmpfs -o size=64m tmpfs "$dir/node$n/tmp" || true
  fi
  background "node$n" env $(app_env) TMPDIR="$dir/node$n/tmp" DATA_DIR="$dir/node$n" \
    PORT=$((port + n)) HOST=127.0.0.1 "${motcua[@]}" serve
  wait_for "node $n" 120 curl -sf "http://127.0.0.1:$((port + n))/readyz"
}

start_dispatcher() {
  background "dispatcher$1" env $(app_env) DATA_DIR="$dir/dispatcher$1" "${motcua[@]}" dispatch
}

haproxy_config() {
  cat <<CFG
global
  maxconn 2000
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # A request is sent again only when no node took it (the connection failed): never a request a
  # node may have begun to carry out.
  retries 2
  retry-on conn-failure
  option redispatch
  # No node able to serve (the database away from all of them): the same problem+json 503 with
  # Retry-After that a node gives, never an HTML page.
  http-error status 503 content-type "application/problem+json; charset=utf-8" hdr Retry-After 5 string '{"type":"https://motcua.gov.vn/problems/unavailable","title":"Hệ thống tạm thời không phục vụ được, vui lòng thử lại sau ít giây","status":503}'
frontend motcua
  bind 127.0.0.1:$port
  # The public's and citizens' routes have a backend of their own: shed here, at the edge, first.
  acl public path_beg /api/v1/public/ /api/v1/citizen/
  use_backend public if public
  default_backend nodes
backend public
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
  # At most 16 public requests at once per node (the node's own public lane), waiting at most 1 s
  # for a place: past that HAProxy answers the problem+json 503 itself and the surge never reaches
  # a node, whose cores stay with the counters' work.
  timeout queue 1s
  http-response set-header X-Served-By %s
$(for n in 1 2 3; do echo "  server node$n 127.0.0.1:$((port + n)) check maxconn 16"; done)
backend nodes
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
  http-response set-header X-Served-By %s
$(for n in 1 2 3; do echo "  server node$n 127.0.0.1:$((port + n)) check"; done)
CFG
}

case ${1:-} in
  start)
    mkdir -p "$dir"
    chmod 755 "$dir"
    ha start
    mkdir -p "$dir/objects"
    background objects node "$here/object-store.mjs" "$dir/objects" $((port + 9))
    background simulators env SIMULATOR_TOKEN="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')" \
      "${motcua[@]}" simulate all --port $((port + 10)) --out "$dir/simulators.env"
    wait_for "the simulators" 60 test -s "$dir/simulators.env"
    wait_for "the object store" 30 curl -s "http://127.0.0.1:$((port + 9))/"
    # The first node migrates and seeds; the others start on the ready database, together.
    start_node 1
    start_node 2 &
    second=$!
    start_node 3 &
    third=$!
    wait "$second" "$third"
    start_dispatcher 1
    start_dispatcher 2
    haproxy_config >"$dir/haproxy.cfg"
    haproxy -f "$dir/haproxy.cfg" -D -p "$dir/haproxy.pid"
    wait_for "the load balancer" 30 curl -sf "http://127.0.0.1:$port/readyz"
    echo "motcua: http://127.0.0.1:$port/"
    echo "write:  postgres://postgres@127.0.0.1:$HA_PORT/postgres"
    echo "read:   postgres://postgres@127.0.0.1:$((HA_PORT - 1))/postgres"
    echo "logs:   $dir/*.log"
    ;;
  status)
    for p in objects simulators node1 node2 node3 dispatcher1 dispatcher2; do
      if alive "$p"; then echo "$p: running ($(cat "$dir/$p.pid"))"; else echo "$p: stopped"; fi
    done
    ha status
    ;;
  env)
    app_env
    ;;
  kill-node) kill -9 "$(cat "$dir/node$2.pid")" ;;
  start-node) start_node "$2" ;;
  kill-dispatcher) kill -9 "$(cat "$dir/dispatcher$2.pid")" ;;
  start-dispatcher) start_dispatcher "$2" ;;
  kill-primary | stop-etcd-leader | primary) ha "$1" ;;
  start-etcd) ha start-etcd "$2" ;;
  start-instance) ha start-instance "$2" ;;
  pause-primary)
    # The primary stops answering without dying (a stalled disk, a frozen VM): every process of
    # its PostgreSQL is stopped, then continued after the pause.
    p=$(ha primary)
    pm=$(head -1 "$HA_DIR/$p/postmaster.pid")
    pids="$pm $(pgrep -P "$pm" | tr '\n' ' ')"
    # shellcheck disable=SC2086
    kill -STOP $pids
    # Continued in the background: this returns as the pause begins.
    # shellcheck disable=SC2086
    (sleep "${2:-20}" && kill -CONT $pids) >/dev/null 2>&1 &
    echo "$p"
    ;;
  fill-disk)
    fallocate -l 1G "$dir/node$2/tmp/filler" 2>/dev/null || dd if=/dev/zero of="$dir/node$2/tmp/filler" bs=1M 2>/dev/null || true
    df -h "$dir/node$2/tmp" | tail -1
    ;;
  free-disk) rm -f "$dir/node$2/tmp/filler" ;;
  stop)
    [ -f "$dir/haproxy.pid" ] && kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true
    for p in node1 node2 node3 dispatcher1 dispatcher2 simulators objects; do stop_one "$p"; done
    sleep 1
    for n in 1 2 3; do mountpoint -q "$dir/node$n/tmp" 2>/dev/null && umount -l "$dir/node$n/tmp" || true; done
    ha stop || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|status|env|stop|kill-node N|start-node N|kill-dispatcher N|start-dispatcher N|kill-primary|start-instance pgN|stop-etcd-leader|start-etcd N|pause-primary S|fill-disk N|free-disk N" >&2
    exit 2
    ;;
esac
