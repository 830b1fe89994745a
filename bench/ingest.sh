#!/usr/bin/env bash
# Ingest benchmark: raw JetStream baseline, ingest-service throughput + exactly-once, fixed-rate latency (HdrHistogram,
# no coordinated omission). Starts the packaged ingest-service itself as a child JVM on port 18091, on a database of
# its own (c360_ingest_bench, dropped and created at every run; a running mesh's c360_ingest is not touched).
# Needs PostgreSQL on 127.0.0.1:5432 (./mesh up or ./mesh test start it) and a packaged ingest-service
# (ingest-service/target/quarkus-app/quarkus-run.jar, or --jar=...). Results: bench/results/ingest-<timestamp>.{csv,hgrm,png}.
#
# Where NATS comes from (--mode):
#   shared (default)  the machine's NATS without accounts (127.0.0.1:4222, ./mesh test or ./mesh up ensure it), subject
#                     prefix bench. and stream prefix BENCH_ so nothing else is disturbed; the child creates its own
#                     topology (mesh.nats.provision=true); its BENCH_ streams are deleted at the end.
#   secured           (also --secured) a nats-server of this run, started by scripts/infra.sh's start_nats_instance from
#                     the configuration of ./mesh up and ./mesh test (k8s/base/nats/accounts.conf, the passwords of
#                     .mesh/nats/) on a free port with a fresh store. The provisioning step (common's Provision main, as
#                     c360-provision) creates the streams and durables, the child binds to them as NATS user
#                     ingest-service without prefixes, the load generator publishes as partner-default (the default
#                     tenant's account -> CUSTOMER_EVENTS) and the observer reads PROFILE_EVENTS as the operator
#                     (provision.creds, inbox prefix _INBOX.c360-provision). Phases publish (the partner's
#                     publishes alone, a diagnostic), ingest and latency.
#   open              the same server, started the same way from the same generated configuration minus the
#                     authorization (no include of passwords.conf, no accounts.conf: listen, store, limits, JetStream);
#                     no users, everything else as secured. bench/ingest-auth.sh compares open with secured.
# The server of open and secured is stopped at the end and its store wiped; only its CPU counts as "nats-server".
#
#   bench/ingest.sh [--events=100000] [--rate=2000] [--duration=30] [--warmup=5] [--phases=raw,ingest,latency] ...
#   bench/ingest.sh --secured --phases=ingest --events=50000
#   bench/ingest.sh --help      (all options)
set -euo pipefail
cd "$(dirname "$0")/.."

jar="ingest-service/target/quarkus-app/quarkus-run.jar"
mode=shared
args=()
nats_given=""
for arg in "$@"; do
  case "$arg" in
    --jar=*) jar="${arg#--jar=}"; args+=("$arg") ;;
    --secured) mode=secured ;;
    --mode=*) mode="${arg#--mode=}" ;;
    --nats=*|--nats-pid=*) nats_given="$arg"; args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done
case "$mode" in
  shared|open|secured) ;;
  *) echo "ingest.sh: unknown --mode=$mode (shared, open, secured)" >&2; exit 2 ;;
esac
if [ "$mode" != shared ] && [ -n "$nats_given" ]; then
  echo "ingest.sh: --mode=$mode starts its own nats-server; $nats_given is for --mode=shared" >&2
  exit 2
fi

# Build only this module (never -am: that would rebuild the services); offline first, online if a plugin is missing.
# shellcheck source=build.sh
. bench/build.sh
ensure_bench_built

help=""
case " $* " in
  *" --help "*|*" -h "*|*" help "*) help=1 ;;
  *)
    if [ ! -f "$jar" ]; then
      echo "ingest.sh: $jar is missing; package ingest-service first (./mvnw -B -q package -DskipTests -pl ingest-service, with common installed)" >&2
      exit 1
    fi ;;
esac

run_java() {
  java ${BENCH_JAVA_OPTS:-} -cp "$bench_classpath" io.customer360.bench.ingest.IngestBenchmark --mode="$mode" "$@"
}

if [ "$mode" = shared ] || [ -n "$help" ]; then
  # the machine's nats-server on 4222: measure its CPU alone when its pid can be found (ss needs the right to see it)
  if [ -z "$nats_given" ] && [ -z "$help" ]; then
    pid="$(ss -ltnpH 'sport = :4222' 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)"
    if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nats-server ]; then args+=("--nats-pid=$pid"); fi
  fi
  exec java ${BENCH_JAVA_OPTS:-} -cp "$bench_classpath" io.customer360.bench.ingest.IngestBenchmark --mode="$mode" ${args[@]+"${args[@]}"}
fi

# ---- open / secured: a nats-server of this run ----------------------------------------------------------------------
# shellcheck source=../scripts/infra.sh
. scripts/infra.sh

# start_open_nats_instance NAME: start_nats_instance (scripts/infra.sh) without authorization: the configuration
# _nats_write_conf generates for ./mesh test (server name, listen address on a free port, pid and log file,
# max_payload, JetStream store and limits) with everything from the passwords' include on left out, started by the
# same _nats_start. Sets NATS_INSTANCE_URL and NATS_STARTED_PID.
start_open_nats_instance() {
  local name="$1" dir conf port log
  _ensure_nats_bin
  ensure_nats_credentials # _nats_write_conf names passwords.conf, removed again below
  dir="$MESH_NATS_DIR/$name" conf="$MESH_NATS_DIR/$name/server.conf" log="$C360_STATE_DIR/logs/nats-$name.log"
  if [ -f "$conf" ]; then _nats_stop "$conf" "nats ($name)" >/dev/null; fi
  rm -rf "$dir/jetstream"
  mkdir -p "$(dirname "$log")" && : >"$log"
  port="$(_free_port)"
  _nats_write_conf "$conf" "$port" "$dir/jetstream" "c360-$name" "$log" || true
  sed -i -e '/^# The passwords/,$d' \
    -e '1i # bench/ingest.sh --mode=open: the configuration of ./mesh test below WITHOUT authorization (no passwords.conf,\
# no accounts.conf), the baseline of the authentication cost; for benchmarks only.' "$conf"
  if grep -qE '^[[:space:]]*(include|accounts|authorization|system_account)' "$conf"; then
    _infra_die "nats ($name): $conf still holds authorization settings"
  fi
  _nats_start "$conf" "$port" "$log" "nats ($name)"
  NATS_INSTANCE_URL="nats://127.0.0.1:$port"
  echo "nats ($name): started on $NATS_INSTANCE_URL (pid $NATS_STARTED_PID, fresh store, NO authorization, log ${log#"$C360_ROOT"/})"
}

instance="bench-$mode"
stop_instance() {
  stop_nats_instance "$instance" || true
  rm -rf "${MESH_NATS_DIR:?}/$instance/jetstream"
}
trap stop_instance EXIT
trap 'exit 130' INT TERM
if [ "$mode" = secured ]; then
  start_nats_instance "$instance"
else
  start_open_nats_instance "$instance"
fi
rc=0
run_java --nats="$NATS_INSTANCE_URL" --nats-pid="$NATS_STARTED_PID" --credentials="$MESH_NATS_DIR" ${args[@]+"${args[@]}"} || rc=$?
exit "$rc"
