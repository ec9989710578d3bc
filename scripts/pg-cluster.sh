#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and the benchmark: Debian's server binaries,
# initdb in a folder of the caller's, listening on 127.0.0.1:PORT and a socket in the folder,
# one superuser `intake` (trust authentication: loopback only) and a database `intake`.
#   scripts/pg-cluster.sh start DIR PORT [tls]
#                                            creates the cluster when DIR has none, starts it;
#                                            with `tls`, also TLS: a CA of its own (DIR/tls/ca.crt)
#                                            and a server certificate for 127.0.0.1 and localhost
#   scripts/pg-cluster.sh stop DIR           stops it (fast shutdown)
#   scripts/pg-cluster.sh kill DIR           stops it at once (immediate shutdown: a crash)
# PostgreSQL refuses to run as root: as root, it runs as the `postgres` user Debian's package makes.
set -euo pipefail
# The server must not inherit the caller's descriptors: a test runner that waits for this
# script's end of a pipe would otherwise wait for the server too.
for fd in $(ls /proc/$$/fd); do
  ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null || true
done
command=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $bin/initdb ]] || { echo "pg-cluster: PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 1; }
as_postgres=()
((EUID == 0)) && as_postgres=(runuser -u postgres --)
case $command in
start)
  port=$3
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    mkdir -p "$dir"
    ((EUID == 0)) && chown postgres "$dir"
    "${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -U intake --auth=trust -E UTF8 --no-instructions >/dev/null
    fresh=1
  fi
  options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200"
  if [[ ${4:-} == tls ]]; then
    tls=$dir/tls
    if [[ ! -f $tls/server.key ]]; then
      mkdir -p "$tls"
      openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=intake test CA" \
        -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
      openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tls/san.ext"
      openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
        -days 2 -extfile "$tls/san.ext" -out "$tls/server.crt" 2>/dev/null
      chmod 600 "$tls/server.key"
      ((EUID == 0)) && chown postgres "$tls/server.key" "$tls/server.crt"
    fi
    options+=" -c ssl=on -c ssl_cert_file=$tls/server.crt -c ssl_key_file=$tls/server.key"
  fi
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$options" start >/dev/null
  if [[ ${fresh:-0} == 1 ]]; then
    "${as_postgres[@]}" "$bin/createdb" -h "$dir" -p "$port" -U intake intake
  fi
  ;;
stop)
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  ;;
kill)
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
  ;;
*)
  echo "usage: $0 start DIR PORT [tls] | stop DIR | kill DIR" >&2
  exit 2
  ;;
esac
