#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the import benchmarks, configured as a production database
# server on this machine would be (Debian's default cluster keeps 128 MB of shared buffers and a
# 1 GB WAL budget: right for a shared laptop, not for a national system's bulk load).
#   bench/postgres-cluster.sh start   # listens on 127.0.0.1:5499, trust auth, user postgres
#   bench/postgres-cluster.sh stop    # stops it and removes its files
set -euo pipefail
dir=${BENCH_PG_DIR:-/tmp/motcua-bench-pg}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else eval "$*"; fi; }
case ${1:-} in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_postgres "$bin/initdb -D $dir/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
    cat >>"$dir/data/postgresql.conf" <<CONF
port = 5499
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
shared_buffers = 6GB
effective_cache_size = 16GB
maintenance_work_mem = 1GB
work_mem = 64MB
wal_buffers = 64MB
max_wal_size = 16GB
checkpoint_timeout = 30min
wal_compression = on
shared_preload_libraries = 'pg_stat_statements'
CONF
    as_postgres "$bin/pg_ctl -D $dir/data -l $dir/log -w start" >/dev/null
    echo "postgres://postgres@127.0.0.1:5499/postgres"
    ;;
  stop)
    as_postgres "$bin/pg_ctl -D $dir/data -w stop" >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
