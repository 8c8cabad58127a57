#!/usr/bin/env bash
# PostgreSQL with automatic failover on this machine (issue 21): etcd, three PostgreSQL instances
# under Patroni (one primary, one synchronous standby, one asynchronous standby), and HAProxy in
# front routing writes to whichever instance Patroni says is the primary (its REST check /primary)
# and reads to the standbys (/replica). Debian packages: patroni etcd-server haproxy postgresql.
#
#   deploy/local-cluster/postgres-ha.sh start    # prints the write URL and the read URL
#   deploy/local-cluster/postgres-ha.sh status   # patronictl list
#   deploy/local-cluster/postgres-ha.sh kill-primary   # kill -9 the primary's Patroni and PostgreSQL
#   deploy/local-cluster/postgres-ha.sh start-instance pgN   # start a killed instance again
#   deploy/local-cluster/postgres-ha.sh etcd-leader | stop-etcd-leader | start-etcd N
#   deploy/local-cluster/postgres-ha.sh backup [full|diff|incr]   # a pgBackRest backup of the primary
#   deploy/local-cluster/postgres-ha.sh backup-config   # the pgBackRest configuration for a restore
#   deploy/local-cluster/postgres-ha.sh stop     # stops everything and removes its files
#
# Backups: every instance archives its WAL with pgBackRest into one repository ($HA_DIR/backup;
# in production a separate machine or an object store), two full backups kept with the WAL they
# need; `start` takes the first full backup. `motcua restore-drill` restores from it.
#
# HA_DIR (default /tmp/motcua-ha) holds everything; HA_PORT (default 5440) is the write port,
# HA_PORT-1 the read port, HA_PORT+1..3 the instances, HA_PORT+11..13 Patroni's REST API,
# HA_PORT+20..25 the three etcd members.
set -euo pipefail
dir=${HA_DIR:-/tmp/motcua-ha}
port=${HA_PORT:-5440}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
# Three etcd members (clients on +20, +22, +24; peers on +21, +23, +25): losing one, even the
# leader, leaves a quorum.
etcd_client() { echo $((port + 18 + 2 * $1)); }
etcd_peer() { echo $((port + 19 + 2 * $1)); }
etcd_hosts="127.0.0.1:$(etcd_client 1),127.0.0.1:$(etcd_client 2),127.0.0.1:$(etcd_client 3)"
etcd_cluster="e1=http://127.0.0.1:$(etcd_peer 1),e2=http://127.0.0.1:$(etcd_peer 2),e3=http://127.0.0.1:$(etcd_peer 3)"

# Starts a command in the background as the postgres user, its own pid in $dir/NAME.pid.
background() {
  local name=$1
  shift
  local cmd="echo \$\$ > $dir/$name.pid; exec $*"
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- bash -c "$cmd" >"$dir/$name.log" 2>&1 &
  else bash -c "$cmd" >"$dir/$name.log" 2>&1 & fi
}

node_config() {
  local i=$1
  cat <<YAML
scope: motcua
namespace: /motcua-ha-$port/
name: pg$i
restapi:
  listen: 127.0.0.1:$((port + 10 + i))
  connect_address: 127.0.0.1:$((port + 10 + i))
etcd3:
  hosts: $etcd_hosts
bootstrap:
  dcs:
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        max_connections: 200
        # Commit times: what a restore drill checks the restored point against.
        track_commit_timestamp: "on"
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - auth: trust
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:$((port + i))
  connect_address: 127.0.0.1:$((port + i))
  data_dir: $dir/pg$i
  bin_dir: $bin
  pgpass: $dir/pgpass$i
  authentication:
    superuser:
      username: postgres
    replication:
      username: postgres
  parameters:
    unix_socket_directories: $dir
    archive_mode: "on"
    archive_command: "pgbackrest --config=$dir/pgbackrest$i.conf --stanza=motcua archive-push %p"
    archive_timeout: 60
tags:
  nofailover: false
  noloadbalance: false
YAML
}

start_etcd() { # member, new|existing
  local e=$1
  background "etcd$e" etcd --name "e$e" --data-dir "$dir/etcd$e" \
    --listen-client-urls "http://127.0.0.1:$(etcd_client "$e")" \
    --advertise-client-urls "http://127.0.0.1:$(etcd_client "$e")" \
    --listen-peer-urls "http://127.0.0.1:$(etcd_peer "$e")" \
    --initial-advertise-peer-urls "http://127.0.0.1:$(etcd_peer "$e")" \
    --initial-cluster "$etcd_cluster" --initial-cluster-state "$2" --initial-cluster-token "motcua-$port"
}

# The etcd member that leads now (1, 2 or 3).
etcd_leader() {
  local e status
  for e in 1 2 3; do
    status=$(curl -sf -X POST "http://127.0.0.1:$(etcd_client "$e")/v3/maintenance/status" -d '{}' 2>/dev/null) || continue
    if [ "$(jq -r '.header.member_id' <<<"$status")" = "$(jq -r '.leader' <<<"$status")" ]; then
      echo "$e"
      return 0
    fi
  done
  return 1
}

# pgBackRest for instance i: the shared repository, this instance's data directory.
backup_config() {
  local i=$1
  cat <<CONF
[global]
repo1-path=$dir/backup
repo1-retention-full=2
start-fast=y
# Under a bulk load (a migration) the WAL comes faster than one archive-push a segment: pushed
# asynchronously by two processes, lz4-compressed, and a backup waits up to 10 minutes for its
# last segment to be archived.
archive-async=y
spool-path=$dir/pgbackrest-spool$i
process-max=2
compress-type=lz4
archive-timeout=600
log-path=$dir/pgbackrest-log
lock-path=$dir/pgbackrest-lock
log-level-console=warn
log-level-file=info

[motcua]
pg1-path=$dir/pg$i
pg1-port=$((port + i))
pg1-socket-path=$dir
pg1-user=postgres
CONF
}

# Runs pgBackRest as the postgres user.
pgbackrest_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- pgbackrest "$@"; else pgbackrest "$@"; fi
}

haproxy_config() {
  local servers_w="" servers_r=""
  for i in 1 2 3; do
    servers_w+="  server pg$i 127.0.0.1:$((port + i)) check port $((port + 10 + i))"$'\n'
    servers_r+="  server pg$i 127.0.0.1:$((port + i)) check port $((port + 10 + i))"$'\n'
  done
  cat <<CFG
global
  maxconn 1000
defaults
  mode tcp
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
listen write
  bind 127.0.0.1:$port
  option httpchk GET /primary
  http-check expect status 200
$servers_w
listen read
  bind 127.0.0.1:$((port - 1))
  balance roundrobin
  option httpchk GET /replica
  http-check expect status 200
$servers_r
CFG
}

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

case ${1:-} in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    for e in 1 2 3; do start_etcd "$e" new; done
    for e in 1 2 3; do wait_for "etcd e$e" 30 curl -sf "http://127.0.0.1:$(etcd_client "$e")/health"; done
    mkdir -p "$dir/backup" "$dir/pgbackrest-log" "$dir/pgbackrest-lock" "$dir"/pgbackrest-spool{1,2,3}
    [ "$(id -u)" = 0 ] && chown postgres "$dir/backup" "$dir/pgbackrest-log" "$dir/pgbackrest-lock" "$dir"/pgbackrest-spool{1,2,3}
    for i in 1 2 3; do
      node_config "$i" >"$dir/pg$i.yml"
      backup_config "$i" >"$dir/pgbackrest$i.conf"
      chown postgres "$dir/pg$i.yml" "$dir/pgbackrest$i.conf" 2>/dev/null || true
      background "patroni$i" patroni "$dir/pg$i.yml"
      # The first bootstraps the cluster; the others copy it once it is up.
      [ "$i" = 1 ] && wait_for "the primary" 60 curl -sf "http://127.0.0.1:$((port + 11))/primary"
    done
    haproxy_config >"$dir/haproxy.cfg"
    haproxy -f "$dir/haproxy.cfg" -D -p "$dir/haproxy.pid"
    for i in 2 3; do wait_for "standby pg$i" 90 curl -sf "http://127.0.0.1:$((port + 10 + i))/replica"; done
    wait_for "a synchronous standby" 60 bash -c \
      "curl -sf http://127.0.0.1:$((port + 12))/sync || curl -sf http://127.0.0.1:$((port + 13))/sync"
    wait_for "the write port" 20 "$bin/pg_isready" -h 127.0.0.1 -p "$port"
    p=$("$0" primary)
    pgbackrest_as_postgres --config="$dir/pgbackrest${p#pg}.conf" --stanza=motcua stanza-create
    pgbackrest_as_postgres --config="$dir/pgbackrest${p#pg}.conf" --stanza=motcua --type=full backup
    echo "write: postgres://postgres@127.0.0.1:$port/postgres"
    echo "read:  postgres://postgres@127.0.0.1:$((port - 1))/postgres"
    ;;
  status)
    patronictl -c "$dir/pg1.yml" list
    ;;
  primary)
    for i in 1 2 3; do
      if curl -sf "http://127.0.0.1:$((port + 10 + i))/primary" >/dev/null 2>&1; then echo "pg$i"; exit 0; fi
    done
    exit 1
    ;;
  kill-primary)
    # The machine of the primary is gone: its Patroni and its PostgreSQL die at once.
    p=$("$0" primary)
    kill -9 "$(cat "$dir/patroni${p#pg}.pid")" 2>/dev/null || true
    pkill -9 -f -- "-D $dir/$p" || pkill -9 -f -- "$dir/$p" || true
    echo "$p"
    ;;
  start-instance)
    # The machine of a killed instance is back: Patroni starts it, rewinds it if it was the
    # primary, and it follows the new primary; returns once there is a synchronous standby again.
    i=${2#pg}
    background "patroni$i" patroni "$dir/pg$i.yml"
    wait_for "pg$i as a standby" 180 curl -sf "http://127.0.0.1:$((port + 10 + i))/replica"
    wait_for "a synchronous standby" 60 bash -c \
      "for j in 1 2 3; do curl -sf http://127.0.0.1:\$(($port + 10 + j))/sync && exit 0; done; exit 1"
    ;;
  etcd-leader)
    etcd_leader
    ;;
  stop-etcd-leader)
    # The etcd leader's machine stops: the other two elect a new leader; Patroni carries on.
    e=$(etcd_leader)
    kill -9 "$(cat "$dir/etcd$e.pid")"
    echo "$e"
    ;;
  start-etcd)
    start_etcd "$2" existing
    wait_for "etcd e$2" 30 curl -sf "http://127.0.0.1:$(etcd_client "$2")/health"
    ;;
  backup)
    p=$("$0" primary)
    pgbackrest_as_postgres --config="$dir/pgbackrest${p#pg}.conf" --stanza=motcua --type="${2:-incr}" backup
    pgbackrest_as_postgres --config="$dir/pgbackrest${p#pg}.conf" --stanza=motcua info
    ;;
  backup-config)
    p=$("$0" primary)
    echo "$dir/pgbackrest${p#pg}.conf"
    ;;
  stop)
    [ -f "$dir/haproxy.pid" ] && kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true
    for i in 1 2 3; do
      [ -f "$dir/patroni$i.pid" ] && kill "$(cat "$dir/patroni$i.pid")" 2>/dev/null || true
    done
    sleep 2
    pkill -9 -f -- "$dir/pg" 2>/dev/null || true
    for e in 1 2 3; do [ -f "$dir/etcd$e.pid" ] && kill "$(cat "$dir/etcd$e.pid")" 2>/dev/null || true; done
    sleep 1
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|status|primary|kill-primary|start-instance pgN|etcd-leader|stop-etcd-leader|start-etcd N|backup [full|diff|incr]|backup-config|stop" >&2
    exit 2
    ;;
esac
