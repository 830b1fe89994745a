# shellcheck shell=bash
# Local infrastructure for the Customer 360 mesh: PostgreSQL, Redis, NATS JetStream and Keycloak.
# Sourced by ./mesh. Every ensure_* function is idempotent and prints one line per thing it checks.
# Fatal problems print a message to stderr and exit 1 (this file is meant to be sourced by a script).

C360_ROOT="${C360_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
C360_CACHE="${C360_CACHE:-$HOME/.cache/c360}"
C360_STATE_DIR="${C360_STATE_DIR:-$C360_ROOT/.mesh}"

PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres
REDIS_PORT=6379
# The machine's shared nats-server (no authentication): the @QuarkusTests use it, the mesh does not.
NATS_PORT=4222
# The mesh's own nats-server (./mesh up): JetStream, the accounts and users of k8s/base/nats/accounts.conf.
MESH_NATS_PORT="${MESH_NATS_PORT:-4223}"
# Credentials (<user>.creds, passwords.conf), generated configurations and JetStream stores of the project's servers.
MESH_NATS_DIR="$C360_STATE_DIR/nats"
NATS_ACCOUNTS_CONF="$C360_ROOT/k8s/base/nats/accounts.conf"

KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.7.3}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
KEYCLOAK_URL="${KEYCLOAK_URL:-http://127.0.0.1:$KEYCLOAK_PORT}"
KEYCLOAK_REALM="${KEYCLOAK_REALM:-customer360}"
KEYCLOAK_CLI_CLIENT="${KEYCLOAK_CLI_CLIENT:-c360-cli}"
KEYCLOAK_REALM_FILE="${KEYCLOAK_REALM_FILE:-$C360_ROOT/infra/keycloak/customer360-realm.json}"
KEYCLOAK_MAVEN_URL="${KEYCLOAK_MAVEN_URL:-https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz}"

INFRA_WAIT_SECONDS="${INFRA_WAIT_SECONDS:-30}"
KEYCLOAK_WAIT_SECONDS="${KEYCLOAK_WAIT_SECONDS:-120}"

_infra_die() { echo "error: $*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else _infra_die "need root to run: $*"; fi
}

# port_in_use PORT [HOST]: succeeds when something accepts TCP connections on HOST (default 127.0.0.1):PORT.
port_in_use() {
  local port="$1" host="${2:-127.0.0.1}"
  timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# wait_port PORT TIMEOUT: waits up to TIMEOUT seconds until 127.0.0.1:PORT accepts connections.
wait_port() {
  local port="$1" deadline=$((SECONDS + ${2:-$INFRA_WAIT_SECONDS}))
  until port_in_use "$port"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.5
  done
}

# wait_http URL TIMEOUT: waits up to TIMEOUT seconds (default 30) until URL answers 2xx.
wait_http() {
  local url="$1" deadline=$((SECONDS + ${2:-30}))
  until curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 1
  done
}

_http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" 2>/dev/null || true; }

# Installs the three servers once per run (Debian/Ubuntu only); otherwise says what to install and exits.
_INFRA_APT_DONE=""
_install_infra_packages() {
  local what="$1"
  if ! command -v apt-get >/dev/null 2>&1; then
    _infra_die "$what is neither running nor installed. Install PostgreSQL 15+ (127.0.0.1:5432, user postgres, trust auth for 127.0.0.1), Redis 7 (127.0.0.1:6379) and nats-server 2.9+ with JetStream (-js, 127.0.0.1:4222), start them, and re-run."
  fi
  [ -n "$_INFRA_APT_DONE" ] && return 0
  echo "infra: $what is not installed; installing postgresql redis-server nats-server with apt-get"
  _as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null \
    && _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql redis-server nats-server >/dev/null \
    || _infra_die "apt-get install -y postgresql redis-server nats-server failed"
  _INFRA_APT_DONE=1
}

# ensure_postgres: PostgreSQL answering on 127.0.0.1:5432 (starts or installs it when needed).
ensure_postgres() {
  if port_in_use "$PG_PORT"; then
    echo "postgres: running on $PG_HOST:$PG_PORT"; return 0
  fi
  command -v pg_ctlcluster >/dev/null 2>&1 || _install_infra_packages postgresql
  local version created=""
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)"
  if [ -z "$version" ] || [ ! -d "/etc/postgresql/$version/main" ]; then
    [ -n "$version" ] || version="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
    [ -n "$version" ] || _infra_die "postgres: no PostgreSQL version found under /usr/lib/postgresql"
    _as_root pg_createcluster "$version" main >/dev/null || _infra_die "postgres: pg_createcluster $version main failed"
    created=1
  fi
  if [ -n "$created" ]; then
    # Only a cluster we created gets trust for local TCP; an existing cluster's auth is left as it is.
    _as_root sed -i '1i host all all 127.0.0.1/32 trust' "/etc/postgresql/$version/main/pg_hba.conf"
  fi
  _as_root pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start >/dev/null 2>&1 || true
  wait_port "$PG_PORT" "$INFRA_WAIT_SECONDS" \
    || _infra_die "postgres: did not answer on $PG_HOST:$PG_PORT within ${INFRA_WAIT_SECONDS}s (see /var/log/postgresql/)"
  echo "postgres: started PostgreSQL $version${created:+ (new cluster)} on $PG_HOST:$PG_PORT"
}

# ensure_redis: Redis answering on 127.0.0.1:6379 (starts or installs it when needed).
ensure_redis() {
  if port_in_use "$REDIS_PORT"; then
    echo "redis: running on 127.0.0.1:$REDIS_PORT"; return 0
  fi
  command -v redis-server >/dev/null 2>&1 || _install_infra_packages redis-server
  _as_root mkdir -p /var/lib/redis /var/log/redis
  _as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null \
    || _infra_die "redis: redis-server failed to start (see /var/log/redis/ci.log)"
  wait_port "$REDIS_PORT" "$INFRA_WAIT_SECONDS" \
    || _infra_die "redis: did not answer on 127.0.0.1:$REDIS_PORT within ${INFRA_WAIT_SECONDS}s (see /var/log/redis/ci.log)"
  echo "redis: started on 127.0.0.1:$REDIS_PORT"
}

# _nats_has_jetstream [PORT]: reads the INFO line a NATS server (default the machine's, 4222) sends on connect and
# checks it advertises JetStream.
_nats_has_jetstream() {
  timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/${1:-$NATS_PORT}; head -n1 <&3" 2>/dev/null | grep -q '"jetstream":true'
}

# ensure_nats: the machine's shared nats-server with JetStream answering on 127.0.0.1:4222, without authentication
# (starts or installs it when needed). The @QuarkusTests and benchmarks use it; the mesh runs its own (ensure_mesh_nats).
ensure_nats() {
  local how="running"
  if ! port_in_use "$NATS_PORT"; then
    [ -x /usr/sbin/nats-server ] || _install_infra_packages nats-server
    _as_root mkdir -p /var/lib/nats-server
    _as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log >/dev/null \
      || _infra_die "nats: nats-server failed to start (see /var/log/nats-server.log)"
    wait_port "$NATS_PORT" "$INFRA_WAIT_SECONDS" \
      || _infra_die "nats: did not answer on 127.0.0.1:$NATS_PORT within ${INFRA_WAIT_SECONDS}s (see /var/log/nats-server.log)"
    how="started"
  fi
  _nats_has_jetstream \
    || _infra_die "nats: 127.0.0.1:$NATS_PORT answers but JetStream is not enabled (start nats-server with -js)"
  echo "nats: $how on 127.0.0.1:$NATS_PORT with JetStream"
}

# ---- The project's own nats-server: the accounts, users and permissions of k8s/base/nats/accounts.conf -------------
#
# Credentials: one file per user of accounts.conf in $MESH_NATS_DIR (.mesh/nats), generated once (32 random letters
# and digits, mode 600): <user>.creds, and provision.creds for the provisioning user c360-provision. Not the JWT
# .creds format of nsc: two shell variables, NATS_USER=... and NATS_PASSWORD=..., which is what Provision, the
# services and the nats CLI read from the environment (set -a; . .mesh/nats/provision.creds; set +a).
# passwords.conf (mode 600) gives the server the same passwords as the variables of accounts.conf
# ($NATS_<USER>_PASSWORD: the user name in capitals, - as _).
#
# Configuration: nats-server 2.9 resolves a $VARIABLE inside an included file from the environment only (not from
# the including file, nor from another include; checked with 2.9.10), and an include path is always relative to the
# including file. So the generated server.conf holds the listen address, store, pid and log file, `include
# passwords.conf`, and then accounts.conf copied verbatim, rewritten at every start so it never drifts from k8s/.
# The server runs as `nats-server -c <absolute path of server.conf>`: no environment, no secret on the command
# line, and a test can restart it from its command line alone.

# nats_users: prints "USER VARIABLE" for every user of accounts.conf, in file order.
nats_users() {
  grep -oE 'user: *[A-Za-z0-9_-]+|password: *\$[A-Za-z0-9_]+' "$NATS_ACCOUNTS_CONF" | awk '
    /^user:/ { sub(/^user: */, ""); user = $0; next }
    /^password:/ { sub(/^password: *\$/, ""); if (user == "") exit 1; print user, $0; user = "" }'
}

# nats_creds_file USER: the credentials file of USER (provision.creds for c360-provision, else USER.creds).
nats_creds_file() {
  case "$1" in
    c360-provision) echo "$MESH_NATS_DIR/provision.creds" ;;
    *) echo "$MESH_NATS_DIR/$1.creds" ;;
  esac
}

# nats_creds_get USER KEY: prints KEY (NATS_USER or NATS_PASSWORD) of USER's credentials file.
nats_creds_get() {
  local file
  file="$(nats_creds_file "$1")"
  [ -r "$file" ] || _infra_die "nats: no credentials for $1 ($file); ./mesh up generates them"
  sed -n "s/^$2=//p" "$file" | tail -n 1
}

_nats_random_password() {
  local pw=""
  while [ "${#pw}" -lt 32 ]; do pw="$pw$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"; done
  printf '%s' "${pw:0:32}"
}

# ensure_nats_credentials: the credentials file of every user of accounts.conf (generated when missing) and
# passwords.conf (rewritten from them every time: delete a user's file to give that user a new password).
ensure_nats_credentials() {
  local pairs user var expected file pw generated=() tmp
  [ -f "$NATS_ACCOUNTS_CONF" ] || _infra_die "nats: $NATS_ACCOUNTS_CONF not found"
  pairs="$(nats_users)" && [ -n "$pairs" ] \
    || _infra_die "nats: cannot pair the users and password variables of $NATS_ACCOUNTS_CONF"
  (umask 077 && mkdir -p "$MESH_NATS_DIR") && chmod 700 "$MESH_NATS_DIR" || _infra_die "nats: cannot create $MESH_NATS_DIR"
  tmp="$MESH_NATS_DIR/passwords.conf.tmp"
  (umask 077 && printf '%s\n' \
    "# Passwords of the users of k8s/base/nats/accounts.conf, written by ./mesh from .mesh/nats/*.creds: do not edit." >"$tmp") \
    || _infra_die "nats: cannot write $tmp"
  while read -r user var; do
    expected="NATS_$(printf '%s' "$user" | tr 'a-z-' 'A-Z_')_PASSWORD"
    [ "$var" = "$expected" ] \
      || _infra_die "nats: user $user of $NATS_ACCOUNTS_CONF has the password \$$var; name it \$$expected (the local credentials are derived from the user name)"
    file="$(nats_creds_file "$user")"
    if [ ! -s "$file" ]; then
      pw="$(_nats_random_password)"
      (umask 077 && printf '%s\n' \
        "# NATS credentials of user $user (k8s/base/nats/accounts.conf) for the mesh's own nats-server, generated once" \
        "# by ./mesh. Not the JWT .creds format: shell variables (set -a; . THIS_FILE; set +a). Keep it private; delete" \
        "# it and run ./mesh up to get a new password." \
        "NATS_USER=$user" "NATS_PASSWORD=$pw" >"$file.tmp") && mv -f "$file.tmp" "$file" \
        || _infra_die "nats: cannot write $file"
      generated+=("$user")
    fi
    chmod 600 "$file"
    [ "$(nats_creds_get "$user" NATS_USER)" = "$user" ] || _infra_die "nats: $file does not say NATS_USER=$user"
    pw="$(nats_creds_get "$user" NATS_PASSWORD)"
    [[ "$pw" =~ ^[A-Za-z0-9._~-]{12,}$ ]] \
      || _infra_die "nats: $file: NATS_PASSWORD must be at least 12 letters, digits or ._~- (delete the file to generate one)"
    printf '%s: "%s"\n' "$var" "$pw" >>"$tmp"
  done <<<"$pairs"
  mv -f "$tmp" "$MESH_NATS_DIR/passwords.conf" || _infra_die "nats: cannot write $MESH_NATS_DIR/passwords.conf"
  if [ "${#generated[@]}" -gt 0 ]; then
    echo "nats: generated credentials for ${generated[*]} in ${MESH_NATS_DIR#"$C360_ROOT"/}/"
  fi
}

# Sets NATS_SERVER_BIN (installs nats-server with apt-get when it is missing).
_ensure_nats_bin() {
  NATS_SERVER_BIN="$(command -v nats-server 2>/dev/null || true)"
  if [ -z "$NATS_SERVER_BIN" ] && [ -x /usr/sbin/nats-server ]; then NATS_SERVER_BIN=/usr/sbin/nats-server; fi
  if [ -z "$NATS_SERVER_BIN" ]; then
    _install_infra_packages nats-server
    NATS_SERVER_BIN=/usr/sbin/nats-server
  fi
  [ -x "$NATS_SERVER_BIN" ] || _infra_die "nats: nats-server not found (Debian: apt-get install nats-server)"
}

# _nats_write_conf CONF PORT STORE_DIR SERVER_NAME LOG_FILE: writes the configuration of one server; succeeds when the
# file changed. The server's pid file is nats.pid beside CONF; passwords.conf is included from $MESH_NATS_DIR.
_nats_write_conf() {
  local conf="$1" port="$2" store="$3" name="$4" log="$5" dir include tmp
  dir="$(dirname "$conf")"
  (umask 077 && mkdir -p "$dir") || _infra_die "nats: cannot create $dir"
  include="$(realpath --relative-to="$dir" "$MESH_NATS_DIR/passwords.conf")"
  case "$include" in /*|../*) ;; *) include="./$include" ;; esac
  tmp="$conf.tmp"
  (
    umask 077
    cat >"$tmp" <<CONF
# nats-server configuration generated by ./mesh (scripts/infra.sh) at every start: do not edit. Accounts, users and
# permissions are k8s/base/nats/accounts.conf, copied below. Run: nats-server -c $conf
server_name: $name
listen: 127.0.0.1:$port
pid_file: "$dir/nats.pid"
log_file: "$log"
max_payload: 1MB
jetstream {
  store_dir: "$store"
  max_memory_store: 256MB
}

# The passwords (\$NATS_<USER>_PASSWORD) of the users below, from .mesh/nats/*.creds.
include $include

# ---- k8s/base/nats/accounts.conf, verbatim -------------------------------------------------------------------------
CONF
    cat "$NATS_ACCOUNTS_CONF" >>"$tmp"
  ) || _infra_die "nats: cannot write $tmp"
  if cmp -s "$tmp" "$conf"; then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$conf" || _infra_die "nats: cannot write $conf"
}

# _nats_pid CONF: prints the pid of the live nats-server that runs CONF (from the pid file beside it).
_nats_pid() {
  local pid_file pid
  pid_file="$(dirname "$1")/nats.pid"
  [ -f "$pid_file" ] || return 1
  pid="$(cat "$pid_file" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-c $1" || return 1
  echo "$pid"
}

# _nats_check_conf CONF: nats-server -t on CONF.
_nats_check_conf() {
  local out
  out="$("$NATS_SERVER_BIN" -t -c "$1" 2>&1)" || _infra_die "nats: nats-server -t rejects $1:
$out"
}

# _nats_start CONF PORT LOG LABEL: starts nats-server -c CONF in a session of its own, waits for its port, sets
# NATS_STARTED_PID.
_nats_start() {
  local conf="$1" port="$2" log="$3" label="$4" pid="" deadline
  _nats_check_conf "$conf"
  if port_in_use "$port"; then
    _infra_die "$label: port $port is taken by another process (ss -ltnp 'sport = :$port'); stop it or choose another port (MESH_NATS_PORT)"
  fi
  mkdir -p "$(dirname "$log")"
  rm -f "$(dirname "$conf")/nats.pid"
  setsid "$NATS_SERVER_BIN" -c "$conf" >>"$log" 2>&1 </dev/null &
  deadline=$((SECONDS + INFRA_WAIT_SECONDS))
  until port_in_use "$port" && pid="$(_nats_pid "$conf")"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$label: nats-server -c $conf did not answer on 127.0.0.1:$port within ${INFRA_WAIT_SECONDS}s; last lines of $log:" >&2
      tail -n 20 "$log" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.2
  done
  _nats_has_jetstream "$port" || _infra_die "$label: 127.0.0.1:$port answers without JetStream (see $log)"
  NATS_STARTED_PID="$pid"
}

# _nats_stop CONF LABEL: stops the nats-server that runs CONF (SIGTERM, so JetStream flushes; SIGKILL after 30 s).
_nats_stop() {
  local conf="$1" label="$2" pid deadline
  if ! pid="$(_nats_pid "$conf")"; then
    echo "$label: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    echo "$label: killed (pid $pid did not stop within 30s of SIGTERM)"
  else
    echo "$label: stopped (pid $pid)"
  fi
}

mesh_nats_conf() { echo "$MESH_NATS_DIR/server.conf"; }
mesh_nats_url() { echo "nats://127.0.0.1:$MESH_NATS_PORT"; }
mesh_nats_pid() { _nats_pid "$(mesh_nats_conf)"; }

# ensure_mesh_nats: the mesh's nats-server on 127.0.0.1:$MESH_NATS_PORT (default 4223) with JetStream (store
# .mesh/nats/jetstream, kept across restarts), log .mesh/logs/nats.log. A running one reloads its configuration
# (SIGHUP) when accounts.conf or a password changed.
ensure_mesh_nats() {
  local conf pid running_listen before
  conf="$(mesh_nats_conf)"
  _ensure_nats_bin
  # on a first start neither file exists yet (and pipefail would end the script here)
  before="$( (cat "$conf" "$MESH_NATS_DIR/passwords.conf" 2>/dev/null || true) | sha256sum)"
  running_listen="$(sed -n 's/^listen: //p' "$conf" 2>/dev/null || true)"
  ensure_nats_credentials
  _nats_write_conf "$conf" "$MESH_NATS_PORT" "$MESH_NATS_DIR/jetstream" c360-mesh "$C360_STATE_DIR/logs/nats.log" || true
  if pid="$(mesh_nats_pid)"; then
    [ "$running_listen" = "127.0.0.1:$MESH_NATS_PORT" ] \
      || _infra_die "nats: the mesh's nats-server (pid $pid) listens on $running_listen, not 127.0.0.1:$MESH_NATS_PORT; stop it first (./mesh down)"
    if [ "$(cat "$conf" "$MESH_NATS_DIR/passwords.conf" | sha256sum)" != "$before" ]; then
      _nats_check_conf "$conf"
      kill -HUP "$pid"
      sleep 0.5
      echo "nats: accounts.conf or a password changed: the mesh's nats-server (pid $pid) reloaded its configuration"
    fi
    echo "nats: running on $(mesh_nats_url) (pid $pid, accounts of k8s/base/nats/accounts.conf)"
    return 0
  fi
  _nats_start "$conf" "$MESH_NATS_PORT" "$C360_STATE_DIR/logs/nats.log" nats
  echo "nats: started on $(mesh_nats_url) (pid $NATS_STARTED_PID, JetStream store ${MESH_NATS_DIR#"$C360_ROOT"/}/jetstream, accounts of k8s/base/nats/accounts.conf, log ${C360_STATE_DIR#"$C360_ROOT"/}/logs/nats.log)"
}

# stop_mesh_nats: stops the mesh's nats-server (its streams stay in .mesh/nats/jetstream).
stop_mesh_nats() { _nats_stop "$(mesh_nats_conf)" nats; }

# _free_port: a TCP port on 127.0.0.1 that nothing listens on (below Linux's ephemeral range).
_free_port() {
  local port i
  for i in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  _infra_die "no free TCP port found between 20000 and 32000"
}

# start_nats_instance NAME: a nats-server from the same configuration as the mesh's (accounts.conf, the passwords of
# .mesh/nats) on a free port with a fresh store (.mesh/nats/NAME/jetstream, wiped here), log .mesh/logs/nats-NAME.log;
# sets NATS_INSTANCE_URL. For one run (tests): stop it with stop_nats_instance NAME, from a trap.
start_nats_instance() {
  local name="$1" dir conf port log
  [[ "$name" =~ ^[a-z][a-z0-9-]*$ ]] || _infra_die "nats: invalid instance name '$name'"
  _ensure_nats_bin
  ensure_nats_credentials
  dir="$MESH_NATS_DIR/$name" conf="$MESH_NATS_DIR/$name/server.conf" log="$C360_STATE_DIR/logs/nats-$name.log"
  # a leftover of an interrupted run
  if [ -f "$conf" ]; then _nats_stop "$conf" "nats ($name)" >/dev/null; fi
  rm -rf "$dir/jetstream"
  mkdir -p "$(dirname "$log")" && : >"$log"
  port="$(_free_port)"
  _nats_write_conf "$conf" "$port" "$dir/jetstream" "c360-$name" "$log" || true
  _nats_start "$conf" "$port" "$log" "nats ($name)"
  NATS_INSTANCE_URL="nats://127.0.0.1:$port"
  echo "nats ($name): started on $NATS_INSTANCE_URL (pid $NATS_STARTED_PID, fresh store, accounts of k8s/base/nats/accounts.conf, log ${log#"$C360_ROOT"/})"
}

# stop_nats_instance NAME: stops the server of start_nats_instance NAME (its store is wiped by the next start).
stop_nats_instance() { _nats_stop "$MESH_NATS_DIR/$1/server.conf" "nats ($1)"; }

# ensure_databases NAME...: creates each PostgreSQL database that does not exist yet.
# recreate_databases DB...: drops (forcing out any session) and creates each database, for tests that must not
# depend on what an earlier run, or an older build of a service, left in it.
recreate_databases() {
  local db
  for db in "$@"; do
    [[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || _infra_die "postgres: invalid database name '$db' (use [a-z_][a-z0-9_]*)"
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Xq -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
      -c "CREATE DATABASE $db" >/dev/null || _infra_die "postgres: cannot recreate $db"
  done
  echo "postgres: recreated $*"
}

ensure_databases() {
  local db exists
  for db in "$@"; do
    [[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || _infra_die "postgres: invalid database name '$db' (use [a-z_][a-z0-9_]*)"
    exists="$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -XtAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" \
      || _infra_die "postgres: cannot query $PG_HOST:$PG_PORT as $PG_USER"
    if [ "$exists" = "1" ]; then
      echo "postgres: database $db exists"
    else
      psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Xq -c "CREATE DATABASE \"$db\"" \
        || _infra_die "postgres: CREATE DATABASE $db failed"
      echo "postgres: database $db created"
    fi
  done
}

_keycloak_home() { echo "$C360_CACHE/keycloak-$KEYCLOAK_VERSION"; }
_keycloak_pid_file() { echo "$C360_STATE_DIR/pids/keycloak.pid"; }
_keycloak_log_file() { echo "$C360_STATE_DIR/logs/keycloak.log"; }
_keycloak_realm_url() { echo "$KEYCLOAK_URL/realms/$KEYCLOAK_REALM"; }

# Prints the pid of the Keycloak we started, if it is still alive.
_keycloak_our_pid() {
  local pid_file pid
  pid_file="$(_keycloak_pid_file)"
  [ -f "$pid_file" ] || return 1
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q keycloak || return 1
  echo "$pid"
}

# Downloads (once, atomically) and unpacks (once, atomically) the Keycloak distribution into the cache.
_keycloak_install() {
  local home tarball tmp sha_expected sha_actual
  home="$(_keycloak_home)"
  [ -x "$home/bin/kc.sh" ] && return 0
  mkdir -p "$C360_CACHE"
  tarball="$C360_CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
  if [ ! -s "$tarball" ]; then
    echo "keycloak: downloading $KEYCLOAK_VERSION (176 MB) from Maven Central into $C360_CACHE"
    tmp="$(mktemp "$tarball.part.XXXXXX")"
    if ! curl -fSL --retry 3 --progress-bar -o "$tmp" "$KEYCLOAK_MAVEN_URL"; then
      rm -f "$tmp"; _infra_die "keycloak: download failed: $KEYCLOAK_MAVEN_URL"
    fi
    sha_expected="$(curl -fsSL --retry 3 "$KEYCLOAK_MAVEN_URL.sha1" 2>/dev/null | cut -c1-40)"
    sha_actual="$(sha1sum "$tmp" | cut -c1-40)"
    if [ -n "$sha_expected" ] && [ "$sha_expected" != "$sha_actual" ]; then
      rm -f "$tmp"; _infra_die "keycloak: checksum mismatch for the download (expected $sha_expected, got $sha_actual)"
    fi
    chmod 644 "$tmp" && mv -f "$tmp" "$tarball"
  fi
  tmp="$(mktemp -d "$C360_CACHE/.unpack.XXXXXX")"
  tar -xzf "$tarball" -C "$tmp" || { rm -rf "$tmp"; _infra_die "keycloak: cannot unpack $tarball (delete it to download again)"; }
  [ -x "$tmp/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ] || { rm -rf "$tmp"; _infra_die "keycloak: $tarball has no keycloak-$KEYCLOAK_VERSION/bin/kc.sh"; }
  rm -rf "$home"
  mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$home"
  rm -rf "$tmp"
}

# ensure_keycloak: Keycloak with realm customer360 answering on 127.0.0.1:8180 (downloads and starts it when needed).
ensure_keycloak() {
  local realm_url home pid log_file pid_file started_at import_dir realm_sum
  realm_url="$(_keycloak_realm_url)"
  log_file="$(_keycloak_log_file)"
  pid_file="$(_keycloak_pid_file)"
  if port_in_use "$KEYCLOAK_PORT" && [ "$(_http_status "$realm_url")" = "200" ]; then
    echo "keycloak: running on $KEYCLOAK_URL (realm $KEYCLOAK_REALM)"
    _keycloak_sync_realm
    return 0
  fi
  if pid="$(_keycloak_our_pid)" && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--http-port $KEYCLOAK_PORT "; then
    # The one we started is still starting (the port opens only at the end): wait for it below.
    echo "keycloak: waiting for the Keycloak we started (pid $pid) to answer"
    started_at=$SECONDS
  elif port_in_use "$KEYCLOAK_PORT"; then
    _infra_die "keycloak: port $KEYCLOAK_PORT is in use by something that is not our Keycloak ($realm_url does not answer 200); stop it or free the port"
  else
    [ -f "$KEYCLOAK_REALM_FILE" ] || _infra_die "keycloak: realm file $KEYCLOAK_REALM_FILE not found"
    command -v java >/dev/null 2>&1 || _infra_die "keycloak: java (17+) not found on PATH"
    _keycloak_install
    home="$(_keycloak_home)"
    import_dir="$home/data/import"
    mkdir -p "$import_dir" "$(dirname "$log_file")" "$(dirname "$pid_file")"
    # --import-realm skips a realm that already exists: when the realm file changed since the last
    # import, drop the dev database so the new file is imported (users and settings come from the file).
    realm_sum="$(sha256sum "$KEYCLOAK_REALM_FILE" | cut -c1-64)"
    if [ -d "$home/data/h2" ] && [ "$(cat "$import_dir/.imported.sha256" 2>/dev/null)" != "$realm_sum" ]; then
      echo "keycloak: realm file changed since the last import; resetting the dev database in $home/data/h2"
      rm -rf "$home/data/h2"
    fi
    cp "$KEYCLOAK_REALM_FILE" "$import_dir/$KEYCLOAK_REALM-realm.json"
    echo "$realm_sum" >"$import_dir/.imported.sha256"
    started_at=$SECONDS
    rm -f "$pid_file"
    # Own session (Ctrl-C of ./mesh does not reach it); the pid file holds kc.sh's pid, which
    # forwards SIGTERM to its JVM.
    (
      cd "$home" || exit 1
      export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
      export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
      export JAVA_OPTS_KC_HEAP="${JAVA_OPTS_KC_HEAP:--Xms128m -Xmx768m}"
      exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pid_file" \
        bin/kc.sh start-dev --http-port "$KEYCLOAK_PORT" --http-host 127.0.0.1 \
        --hostname "$KEYCLOAK_URL" --import-realm
    ) >"$log_file" 2>&1 </dev/null &
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$pid_file" ] && break; sleep 0.2; done
    pid="$(cat "$pid_file" 2>/dev/null)"
    [ -n "$pid" ] || _infra_die "keycloak: failed to launch; see $log_file"
  fi
  local deadline=$((started_at + KEYCLOAK_WAIT_SECONDS))
  until [ "$(_http_status "$realm_url")" = "200" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "keycloak: exited during start-up; last lines of $log_file:" >&2; tail -n 40 "$log_file" >&2
      rm -f "$pid_file"; exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "keycloak: realm $realm_url did not answer within ${KEYCLOAK_WAIT_SECONDS}s; last lines of $log_file:" >&2
      tail -n 40 "$log_file" >&2; exit 1
    fi
    sleep 1
  done
  echo "keycloak: started $KEYCLOAK_VERSION on $KEYCLOAK_URL in $((SECONDS - started_at))s (pid $pid, log $log_file, admin/admin)"
}

# A running Keycloak keeps the realm it imported when it started (--import-realm skips an existing realm; the dev
# database is reset only at a start). When the realm file changed since that import, its roles, clients and users
# are updated in place through the admin API's partial import (existing ones overwritten, so their sessions end),
# once per version of the file; the next start re-imports the whole file. Only for a Keycloak that ./mesh started
# from $C360_CACHE (it records what it imported); needs the bootstrap admin (admin/admin unless KC_BOOTSTRAP_ADMIN_*).
_keycloak_sync_realm() {
  local import_dir sum admin_user admin_password token body code
  import_dir="$(_keycloak_home)/data/import"
  [ -f "$import_dir/.imported.sha256" ] || return 0
  sum="$(sha256sum "$KEYCLOAK_REALM_FILE" | cut -c1-64)"
  [ "$(cat "$import_dir/.imported.sha256")" = "$sum" ] && return 0
  [ "$(cat "$import_dir/.synced.sha256" 2>/dev/null)" = "$sum" ] && return 0
  if command -v jq >/dev/null 2>&1; then
    body="$(jq -c '{ifResourceExists: "OVERWRITE", roles, clients, users}' "$KEYCLOAK_REALM_FILE")"
  elif command -v python3 >/dev/null 2>&1; then
    body="$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))
print(json.dumps({"ifResourceExists": "OVERWRITE", "roles": r.get("roles"), "clients": r.get("clients"), "users": r.get("users")}))' \
      "$KEYCLOAK_REALM_FILE")"
  else
    echo "keycloak: warning: the realm file changed since Keycloak imported it, and neither jq nor python3 is here to update it; run ./mesh down && ./mesh up" >&2
    return 0
  fi
  admin_user="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" admin_password="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
  token="$(curl -sS --max-time 10 -X POST "$KEYCLOAK_URL/realms/master/protocol/openid-connect/token" \
    --data-urlencode grant_type=password --data-urlencode client_id=admin-cli \
    --data-urlencode "username=$admin_user" --data-urlencode "password=$admin_password" 2>/dev/null \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
  if [ -z "$token" ]; then
    echo "keycloak: warning: the realm file changed since Keycloak imported it, and the admin user $admin_user was refused; run ./mesh down && ./mesh up" >&2
    return 0
  fi
  code="$(printf '%s' "$body" | curl -sS -o /dev/null -w '%{http_code}' --max-time 60 -X POST \
    "$KEYCLOAK_URL/admin/realms/$KEYCLOAK_REALM/partialImport" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data-binary @- 2>/dev/null || true)"
  if [ "$code" != "200" ]; then
    echo "keycloak: warning: updating realm $KEYCLOAK_REALM from the changed realm file failed (HTTP ${code:-none}); run ./mesh down && ./mesh up" >&2
    return 0
  fi
  echo "$sum" >"$import_dir/.synced.sha256"
  echo "keycloak: realm file changed since Keycloak imported it: roles, clients and users updated in place"
}

# stop_keycloak: stops Keycloak only if we started it (pid file in .mesh/pids).
stop_keycloak() {
  local pid pid_file
  pid_file="$(_keycloak_pid_file)"
  if ! pid="$(_keycloak_our_pid)"; then
    rm -f "$pid_file"
    echo "keycloak: not started by us; nothing to stop"; return 0
  fi
  kill -TERM "$pid" 2>/dev/null
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  # Still there after 30 s: kill its whole session (kc.sh and the JVM).
  kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null
  rm -f "$pid_file"
  echo "keycloak: stopped (pid $pid)"
}

# ensure_enrichment_dev_key: exports ENRICHMENT_ENCRYPTION_KEY (enrichment-service refuses to start without it) when
# it is not set already: a random 256-bit key, generated once into $C360_STATE_DIR/enrichment-encryption.key (mode 600)
# and reused, so values sealed by an earlier local run still open. A local development key only: clusters take it
# from the Secret enrichment-encryption-key (k8s/), and no configuration file carries one.
ensure_enrichment_dev_key() {
  local file="$C360_STATE_DIR/enrichment-encryption.key"
  if [ -n "${ENRICHMENT_ENCRYPTION_KEY:-}" ]; then
    echo "enrichment: sealing key from ENRICHMENT_ENCRYPTION_KEY"; return 0
  fi
  if [ ! -s "$file" ]; then
    mkdir -p "$C360_STATE_DIR"
    (umask 077 && head -c 32 /dev/urandom | base64 >"$file.tmp") && mv -f "$file.tmp" "$file" \
      || _infra_die "enrichment: cannot write $file"
    echo "enrichment: generated a local sealing key in $file"
  fi
  ENRICHMENT_ENCRYPTION_KEY="$(cat "$file")"
  export ENRICHMENT_ENCRYPTION_KEY
}

# ensure_console_secrets: exports what aggregator-service's console (OIDC client c360-console) needs when it is not set
# already: CONSOLE_CLIENT_SECRET, the client's secret from the local realm file (and AGGREGATOR_CLIENT_SECRET, its
# background identity c360-aggregator's), and CONSOLE_SESSION_SECRET, which
# encrypts the console's session cookies, generated once into $C360_STATE_DIR/console-session.secret (mode 600) so a
# restarted aggregator keeps people signed in. Local values only: clusters take both from a Secret.
ensure_console_secrets() {
  local file="$C360_STATE_DIR/console-session.secret"
  if [ -z "${CONSOLE_CLIENT_SECRET:-}" ]; then
    if command -v jq >/dev/null 2>&1; then
      CONSOLE_CLIENT_SECRET="$(jq -r '.clients[] | select(.clientId == "c360-console") | .secret' "$KEYCLOAK_REALM_FILE")"
    elif command -v python3 >/dev/null 2>&1; then
      CONSOLE_CLIENT_SECRET="$(python3 -c 'import json, sys
print(next(c["secret"] for c in json.load(open(sys.argv[1]))["clients"] if c["clientId"] == "c360-console"))' "$KEYCLOAK_REALM_FILE")"
    fi
    [ -n "${CONSOLE_CLIENT_SECRET:-}" ] \
      || _infra_die "console: cannot read the c360-console secret from $KEYCLOAK_REALM_FILE (needs jq or python3); set CONSOLE_CLIENT_SECRET"
    export CONSOLE_CLIENT_SECRET
  fi
  # the aggregator's own client (background rescoring, client credentials): its secret in the local realm file
  if [ -z "${AGGREGATOR_CLIENT_SECRET:-}" ] && command -v jq >/dev/null 2>&1; then
    AGGREGATOR_CLIENT_SECRET="$(jq -r '.clients[] | select(.clientId == "c360-aggregator") | .secret' "$KEYCLOAK_REALM_FILE")"
    export AGGREGATOR_CLIENT_SECRET
  fi
  if [ -z "${CONSOLE_SESSION_SECRET:-}" ]; then
    if [ ! -s "$file" ]; then
      mkdir -p "$C360_STATE_DIR"
      (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n' >"$file.tmp") && mv -f "$file.tmp" "$file" \
        || _infra_die "console: cannot write $file"
      echo "console: generated a local session secret in $file"
    fi
    CONSOLE_SESSION_SECRET="$(cat "$file")"
    export CONSOLE_SESSION_SECRET
  fi
}

# get_token USER [PASSWORD]: prints an access token for USER (password defaults to USER) via the password grant on c360-cli.
get_token() {
  local user="${1:?usage: get_token USER [PASSWORD]}" password="${2:-$1}" body token
  body="$(curl -sS --max-time 10 -X POST "$(_keycloak_realm_url)/protocol/openid-connect/token" \
    --data-urlencode grant_type=password --data-urlencode "client_id=$KEYCLOAK_CLI_CLIENT" \
    --data-urlencode "username=$user" --data-urlencode "password=$password")" \
    || { echo "get_token: Keycloak at $KEYCLOAK_URL does not answer" >&2; return 1; }
  token="$(printf '%s' "$body" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
  if [ -z "$token" ]; then
    echo "get_token: no token for $user: $body" >&2; return 1
  fi
  printf '%s\n' "$token"
}

# jwt_payload TOKEN: prints the decoded JSON payload of a JWT (no signature check; for humans).
jwt_payload() {
  local p
  p="$(printf '%s' "${1:?usage: jwt_payload TOKEN}" | cut -d. -f2 | tr '_-' '/+')"
  case $(( ${#p} % 4 )) in 2) p="$p==" ;; 3) p="$p=" ;; esac
  printf '%s' "$p" | base64 -d
  echo
}
