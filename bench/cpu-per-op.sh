#!/usr/bin/env bash
# CPU per operation (issue 20), steady state, every process the operation runs in counted (bench/lib/cpu.sh):
#   profile     profile-service GET /api/v1/customers/{id}          profile-service + its PostgreSQL backends
#   section     profile-service GET /api/v1/customers/{id}/SECTION (--section, default subscription)   the same
#   enrichment  enrichment-service GET /api/v1/enrichment/customers/{id} of a customer with nothing stored
#               enrichment-service + profile-service (it asks it whether the customer exists) + both services'
#               PostgreSQL backends + a redis-server of this run
#   ingest      ingest-service CPU per event (bench/ingest.sh --phases=ingest, its figure ingest_ingest_service_cpu_us_per_event,
#               and nats-server's), after a warm-up of half as many events: 200,000 by default, as 60,000 left the JIT
#               compiling through the measured phase (124-138 µs per event against 57-60 µs)
# Each HTTP operation: hey -c 4 -n WARMUP (not measured: the JIT compiles the path), then rounds of 5,000 until the JIT
# is quiet (--jit-quiet), then hey -c 4 -n N measured; every
# answer must be 200. Also the resident memory (VmRSS) of each service JVM after its load.
#
# Starts what it needs, beside a running mesh without disturbing it: PostgreSQL, NATS and Keycloak when stopped
# (scripts/infra.sh); a redis-server of its own on a free port (so only this run's Redis work is counted); the packaged
# profile-service and enrichment-service (copied first, so a rebuild cannot swap classes under them) on free ports
# with databases c360_profile_cpubench and c360_enrichment_cpubench (recreated each run; profile's seeded by SQL
# with CUSTOMERS customers, 50 events and 27 records each) and NATS prefixes cpubench./CPUBENCH_. The token is a real
# Keycloak token of acme-viewer, fetched before each phase.
#
#   bench/cpu-per-op.sh [--ops=profile,section,enrichment,ingest] [--n=20000] [--warmup=8000] [--customers=2000]
#                       [--ingest-events=200000] [--java-opts="-Xmx96m ..."] [--jfr=DIR] [--apps=DIR]
#                       [--async-profiler=DIR] [--jit-quiet=5] [--section=subscription]
# --section=NAME: the section the section operation reads (subscription, support, engagement, usage, sales, security,
# contacts, success); its CSV row is named section-NAME unless NAME is subscription.
# --apps=DIR: the packaged services from DIR/<service>/ (copies of target/quarkus-app, e.g. a build of an older commit
# kept for a before/after comparison) instead of <service>/target/quarkus-app.
# --java-opts: JVM options of the two service JVMs (default: those ./mesh up starts them with, scripts/jvm-options.sh;
# --java-opts= for the JVM's defaults); their MALLOC_ARENA_MAX is the environment's, else 2 as ./mesh up's.
# --jit-quiet=PCT: after the warm-up, rounds of 5,000 more requests (at most 20) until the JIT compiler threads take
# less than PCT % of each service JVM's CPU in a round (bench/lib/cpu.sh cpu_jit_settle): on two vCPUs the one C2
# thread is still working off its queue long after a warm-up of 10,000 requests. 0: the warm-up only.
# --async-profiler=DIR: sample each measured HTTP phase with async-profiler (bench/lib/async-profiler.sh) into
# DIR/<op>-<service>.collapsed (bench/lib/folded-top.py prints the top frames).
# --jfr=DIR: record each measured phase with JFR (profile settings) into DIR/<op>.jfr (figures then include the
# recording's own cost).
# Prints one line per operation and writes bench/results/cpu-<time>.csv (operation,cpu_us_per_op,breakdown,rps,rss).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/infra.sh
. scripts/infra.sh
# shellcheck source=lib/cpu.sh
. bench/lib/cpu.sh
# shellcheck source=../scripts/jvm-options.sh
. scripts/jvm-options.sh
# shellcheck source=lib/children.sh
. bench/lib/children.sh
# shellcheck source=lib/async-profiler.sh
. bench/lib/async-profiler.sh

ops="profile,section,enrichment,ingest" n=20000 warmup=8000 customers=2000 ingest_events=200000 java_opts="$(c360_java_opts)" jfr="" apps="" jit_quiet=5 profiler="" section="subscription"
for arg in "$@"; do
  case "$arg" in
    --ops=*) ops="${arg#--ops=}" ;;
    --section=*) section="${arg#--section=}" ;;
    --n=*) n="${arg#--n=}" ;;
    --warmup=*) warmup="${arg#--warmup=}" ;;
    --customers=*) customers="${arg#--customers=}" ;;
    --ingest-events=*) ingest_events="${arg#--ingest-events=}" ;;
    --java-opts=*) java_opts="${arg#--java-opts=}" ;;
    --jit-quiet=*) jit_quiet="${arg#--jit-quiet=}" ;;
    --apps=*) apps="$(realpath "${arg#--apps=}")" ;;
    --jfr=*) jfr="$(realpath -m "${arg#--jfr=}")"; mkdir -p "$jfr" ;;
    --async-profiler=*) profiler="$(realpath -m "${arg#--async-profiler=}")"; mkdir -p "$profiler" ;;
    *) echo "cpu-per-op.sh: unknown option $arg (see the header of bench/cpu-per-op.sh)" >&2; exit 2 ;;
  esac
done
case "$section" in
  subscription | support | engagement | usage | sales | security | contacts | success) ;;
  *) echo "cpu-per-op.sh: --section=$section is no section of the 360 view" >&2; exit 2 ;;
esac
has() { [[ ",$ops," == *",$1,"* ]]; }

# free ports, so neither a running mesh nor another benchmark's children answer in our place
profile_port="$(free_port)" enrichment_port="$(free_port)"
profile_db=c360_profile_cpubench enrichment_db=c360_enrichment_cpubench
run_id="$(date -u +%Y%m%d-%H%M%S)"
results=bench/results
csv="$results/cpu-$run_id.csv"
children_init cpu-per-op.sh
child_subject_prefix=cpubench. child_stream_prefix=CPUBENCH_ child_properties=()

echo "service JVMs: ${java_opts:-the JVM defaults}; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-$C360_MALLOC_ARENA_MAX}"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- profile-service enrichment-service ingest-service common 2>/dev/null || echo ' (+ uncommitted changes)'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "operation,cpu_us_per_op,breakdown_us,rps,rss_mib,ops,command" >"$csv"

# measure OP TARGETS URL: warm-up, then the measured run; prints and records the figure.
measure() {
  local op="$1" targets="$2" url="$3" token line rss="" pid label
  token="$(get_token acme-viewer)"
  cpu_hey "$targets" "$warmup" 200 -H "Authorization: Bearer $token" "$url" >/dev/null
  [ "$jit_quiet" = 0 ] || cpu_jit_settle "$targets" 5000 20 "$jit_quiet" 200 -H "Authorization: Bearer $token" "$url"
  for pair in $targets; do
    [[ "$pair" == *=[0-9]* ]] && [ "$(cat "/proc/${pair#*=}/comm" 2>/dev/null)" = java ] || continue
    [ -n "$jfr" ] && jcmd "${pair#*=}" JFR.start name=cpu settings=profile filename="$jfr/$op-${pair%%=*}.jfr" >/dev/null
    [ -n "$profiler" ] && async_profiler_start "${pair#*=}"
  done
  line="$(cpu_hey "$targets" "$n" 200 -H "Authorization: Bearer $token" "$url")"
  for pair in $targets; do
    if [[ "$pair" == *=[0-9]* ]]; then
      label="${pair%%=*}" pid="${pair#*=}"
      [ -n "$jfr" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = java ] && jcmd "$pid" JFR.stop name=cpu >/dev/null
      [ -n "$profiler" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = java ] && async_profiler_stop "$pid" "$profiler/$op-$label.collapsed"
      rss="$rss $label=$(cpu_rss_mib "$pid")"
    fi
  done
  printf '%-11s %s  RSS MiB:%s\n' "$op" "$line" "$rss"
  per_op="${line%% *}"
  echo "$op,${per_op#cpu_us_per_op=},\"$(cut -d' ' -f2- <<<"$line" | sed 's/ rps=.*//')\",$(sed -n 's/.*rps=\([^ ]*\).*/\1/p' <<<"$line"),\"${rss# }\",$(sed -n 's/.*ops=\([0-9]*\).*/\1/p' <<<"$line"),\"hey -c ${CPU_HEY_CONCURRENCY:-4} -n $n $url\"" >>"$csv"
}

if has profile || has section || has enrichment; then
  ensure_postgres >/dev/null
  ensure_nats >/dev/null
  ensure_keycloak >/dev/null
  recreate_databases "$profile_db" "$enrichment_db" >/dev/null
  start_child profile-service "$profile_port" "$results/cpu-$run_id-profile.log" \
    "quarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/$profile_db"
  profile_pid=$started_pid
  # the store: CUSTOMERS acme customers c0…, 50 events and the records of every section each (ProfileBenchmark's
  # read store in small)
  psql -h 127.0.0.1 -U postgres -d "$profile_db" -qX -v ON_ERROR_STOP=1 -v customers="$customers" >/dev/null -f bench/lib/profile-seed.sql
  echo "  seeded $profile_db: $customers customers, $((customers * 50)) events"
  customer="c$((customers / 2))"
fi

if has profile; then
  measure profile "profile=$profile_pid postgres@$profile_db" \
    "http://127.0.0.1:$profile_port/api/v1/customers/$customer"
fi
if has section; then
  measure "$([ "$section" = subscription ] && echo section || echo "section-$section")" "profile=$profile_pid postgres@$profile_db" \
    "http://127.0.0.1:$profile_port/api/v1/customers/$customer/$section"
fi
if has enrichment; then
  redis_port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >"$work/redis.log" 2>&1 &
  redis_pid=$!
  pids+=("$redis_pid")
  wait_port "$redis_port" 10 || { echo "cpu-per-op.sh: redis-server did not start" >&2; exit 1; }
  ensure_enrichment_dev_key >/dev/null
  start_child enrichment-service "$enrichment_port" "$results/cpu-$run_id-enrichment.log" \
    "quarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/$enrichment_db" \
    "quarkus.redis.hosts=redis://127.0.0.1:$redis_port/0" \
    "quarkus.rest-client.profile.url=http://127.0.0.1:$profile_port"
  enrichment_pid=$started_pid
  measure enrichment "enrichment=$enrichment_pid profile=$profile_pid postgres@$profile_db,$enrichment_db redis=$redis_pid" \
    "http://127.0.0.1:$enrichment_port/api/v1/enrichment/customers/$customer"
fi
if has ingest; then
  before="$(ls -1 "$results"/ingest-*.csv 2>/dev/null | sort | tail -n1)"
  ingest_jar=()
  [ -z "$apps" ] || ingest_jar=(--jar="$apps/ingest-service/quarkus-run.jar")
  bash bench/ingest.sh --phases=ingest --events="$ingest_events" --warmup-events=$((ingest_events / 2)) "${ingest_jar[@]}" \
    >"$work/ingest.out" 2>&1 \
    || { tail -n 30 "$work/ingest.out" >&2; echo "cpu-per-op.sh: bench/ingest.sh failed" >&2; exit 1; }
  after="$(ls -1 "$results"/ingest-*.csv | sort | tail -n1)"
  [ "$after" != "$before" ] || { echo "cpu-per-op.sh: bench/ingest.sh wrote no CSV" >&2; exit 1; }
  figure() { sed -n "s/^$1,\([0-9.]*\),.*/\1/p" "$after"; }
  line="cpu_us_per_op=$(figure ingest_ingest_service_cpu_us_per_event) ingest=$(figure ingest_ingest_service_cpu_us_per_event) nats=$(figure ingest_nats_server_cpu_us_per_event) events_per_s=$(figure ingest_events_per_s)"
  printf '%-11s %s  (%s)\n' ingest "$line" "$after"
  echo "ingest,$(figure ingest_ingest_service_cpu_us_per_event),\"ingest=$(figure ingest_ingest_service_cpu_us_per_event) nats=$(figure ingest_nats_server_cpu_us_per_event)\",$(figure ingest_events_per_s),,$ingest_events,\"bench/ingest.sh --phases=ingest --events=$ingest_events ($after)\"" >>"$csv"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); CSV: $csv"
