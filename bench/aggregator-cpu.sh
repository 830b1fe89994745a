#!/usr/bin/env bash
# CPU per operation of the 360 view (issue 20), steady state, every process the operation runs in counted
# (bench/lib/cpu.sh): aggregator-service, profile-service and enrichment-service (by pid), the PostgreSQL backends of
# their three databases, a redis-server of this run (the aggregator's view cache and enrichment's cache) and the
# machine's nats-server(s).
#   404       GET /api/v1/customer-360/{id} of an id no service knows: answered 404 (audited)
#   cached    GET /api/v1/customer-360/{id} of one customer whose view is cached (audited, traced, visibility applied)
#   uncached  GET /api/v1/customer-360/{id} of customers never viewed before in the run: the first view, built from
#             the eight providers, with everything it records and publishes (CPU counted until 2 s after the last
#             answer, so the recording off the request path is in)
#   cached500 the cached view at a constant 500 requests/s (hey -q): p99 latency (target <= 5 ms) beside its CPU
# Background rescoring is off (aggregator.rescoring.every=off): its first run, a minute after the start, would otherwise
# discover every seeded customer and build each one's view while a phase is measured, and its CPU (tens of ms per
# account, enrichment-service included) would be counted against the requests of that phase.
# First UNCACHED_WARMUP first views (not measured: the JIT compiles the build path). 404 and cached: hey -c 4 -n WARMUP
# (not measured) and rounds of 5,000 until the JIT is quiet (--jit-quiet), then hey -c 4 -n N measured; uncached:
# rounds of UNCACHED_ROUND first views until the JIT is quiet (as many as the customers beyond the warm-up and the
# measured views allow), then four curl processes over distinct customers (hey repeats one URL), N first views measured. Every answer must have the
# expected status. Also the resident memory (VmRSS) of each service JVM after its load.
#
# Starts what it needs beside a running mesh without disturbing it: PostgreSQL, NATS and Keycloak when stopped
# (scripts/infra.sh); a redis-server of its own on a free port; the packaged profile-, enrichment- and
# aggregator-service (copied first) on free ports with databases c360_{profile,enrichment,aggregator}_aggcpubench
# (recreated each run; profile's seeded by SQL with CUSTOMERS customers, 50 events and 27 records each, as
# bench/cpu-per-op.sh) and NATS prefixes aggcpubench./AGGCPUBENCH_. The token is a real Keycloak token of acme-viewer,
# fetched before each phase.
#
#   bench/aggregator-cpu.sh [--ops=404,cached,uncached,cached500] [--n=20000] [--warmup=8000] [--uncached-n=4000]
#                           [--uncached-warmup=4000] [--uncached-round=1000] [--customers=10000] [--java-opts="..."] [--apps=DIR] [--jfr=DIR]
#                           [--tag=T] [--async-profiler=DIR] [--jit-quiet=5]
# --apps=DIR: the packaged services from DIR/<service>/ (copies of target/quarkus-app, e.g. a build of an older commit
# kept for a before/after comparison). --tag=T: databases and NATS prefixes end in T, so two runs can go at once.
# --jfr=DIR: a JFR recording of each measured phase in every service JVM, DIR/<phase>-<service>.jfr (settings "profile",
# or JFR_SETTINGS' name, e.g. default).
# --jit-quiet=PCT: 404 and cached, after the warm-up: rounds of 5,000 more requests (at most 20) until the JIT compiler
# threads take less than PCT % of each service JVM's CPU in a round (bench/lib/cpu.sh cpu_jit_settle); uncached: rounds
# of UNCACHED_ROUND first views, at most (CUSTOMERS - UNCACHED_WARMUP - UNCACHED_N - 2) / UNCACHED_ROUND of them (give
# --customers room for them). 0: the warm-up only.
# --async-profiler=DIR: async-profiler (tools.profiler:async-profiler from Maven Central, fetched once into
# ~/.cache/c360) samples each measured phase in every service JVM, CPU time every millisecond (itimer), Java and native
# frames, JIT and GC threads included: DIR/<phase>-<service>.collapsed, one folded stack per line with its sample count
# (flame graph input; bench/lib/folded-top.py prints the top frames).
# --java-opts: JVM options of the three service JVMs (default: those ./mesh up starts them with, scripts/jvm-options.sh;
# --java-opts= for the JVM's defaults); their MALLOC_ARENA_MAX is the environment's, else 2 as ./mesh up's.
# Prints one line per operation and writes bench/results/aggcpu-<time>.csv
# (operation,cpu_us_per_op,breakdown_us,rps,rss_mib,ops,p99_ms,command).
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

ops="404,cached,uncached,cached500" n=20000 warmup=8000 uncached_n=4000 uncached_warmup=4000 uncached_round=1000 customers=10000
java_opts="$(c360_java_opts)" jfr="" apps="" jit_quiet=5 tag="" profiler=""
for arg in "$@"; do
  case "$arg" in
    --ops=*) ops="${arg#--ops=}" ;;
    --n=*) n="${arg#--n=}" ;;
    --warmup=*) warmup="${arg#--warmup=}" ;;
    --uncached-n=*) uncached_n="${arg#--uncached-n=}" ;;
    --uncached-warmup=*) uncached_warmup="${arg#--uncached-warmup=}" ;;
    --uncached-round=*) uncached_round="${arg#--uncached-round=}" ;;
    --customers=*) customers="${arg#--customers=}" ;;
    --java-opts=*) java_opts="${arg#--java-opts=}" ;;
    --jit-quiet=*) jit_quiet="${arg#--jit-quiet=}" ;;
    --apps=*) apps="$(realpath "${arg#--apps=}")" ;;
    --tag=*) tag="${arg#--tag=}" ;;
    --jfr=*) jfr="$(realpath -m "${arg#--jfr=}")"; mkdir -p "$jfr" ;;
    --async-profiler=*) profiler="$(realpath -m "${arg#--async-profiler=}")"; mkdir -p "$profiler" ;;
    *) echo "aggregator-cpu.sh: unknown option $arg (see the header of bench/aggregator-cpu.sh)" >&2; exit 2 ;;
  esac
done
has() { [[ ",$ops," == *",$1,"* ]]; }
if has uncached && [ $((uncached_n + uncached_warmup + 2)) -gt "$customers" ]; then
  echo "aggregator-cpu.sh: uncached needs $((uncached_n + uncached_warmup + 2)) customers; --customers=$customers" >&2
  exit 2
fi

profile_port="$(free_port)" enrichment_port="$(free_port)" aggregator_port="$(free_port)" redis_port="$(free_port)"
profile_db=c360_profile_aggcpubench$tag enrichment_db=c360_enrichment_aggcpubench$tag aggregator_db=c360_aggregator_aggcpubench$tag
run_id="$(date -u +%Y%m%d-%H%M%S)"
results=bench/results
csv="$results/aggcpu-$run_id.csv"
children_init aggregator-cpu.sh
child_subject_prefix="aggcpubench$tag." child_stream_prefix="AGGCPUBENCH${tag}_" child_properties=(quarkus.log.level=WARN)

echo "service JVMs: ${java_opts:-the JVM defaults}; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-$C360_MALLOC_ARENA_MAX}"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs; git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- aggregator-service profile-service enrichment-service common 2>/dev/null || echo ' (+ uncommitted changes)'); apps ${apps:-<service>/target/quarkus-app}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "operation,cpu_us_per_op,breakdown_us,rps,rss_mib,ops,p99_ms,command" >"$csv"

# start_service NAME PORT PROPERTIES...: start_child with the run's log file of the service.
start_service() {
  start_child "$1" "$2" "$results/aggcpu-$run_id-${1%-service}.log" "${@:3}"
}

ensure_postgres >/dev/null
ensure_nats >/dev/null
ensure_keycloak >/dev/null
recreate_databases "$profile_db" "$enrichment_db" "$aggregator_db" >/dev/null
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
pids+=("$redis_pid")
wait_port "$redis_port" 10 || { echo "aggregator-cpu.sh: redis-server did not start" >&2; exit 1; }

start_service profile-service "$profile_port" "quarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/$profile_db"
profile_pid=$started_pid
psql -h 127.0.0.1 -U postgres -d "$profile_db" -qX -v ON_ERROR_STOP=1 -v customers="$customers" >/dev/null -f bench/lib/profile-seed.sql
echo "  seeded $profile_db: $customers customers, $((customers * 50)) events"
ensure_enrichment_dev_key >/dev/null
start_service enrichment-service "$enrichment_port" \
  "quarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/$enrichment_db" \
  "quarkus.redis.hosts=redis://127.0.0.1:$redis_port/1" \
  "quarkus.rest-client.profile.url=http://127.0.0.1:$profile_port"
enrichment_pid=$started_pid
start_service aggregator-service "$aggregator_port" \
  "quarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/$aggregator_db" \
  "quarkus.redis.hosts=redis://127.0.0.1:$redis_port/0" \
  "quarkus.rest-client.profile.url=http://127.0.0.1:$profile_port" \
  "quarkus.rest-client.enrichment.url=http://127.0.0.1:$enrichment_port" \
  "aggregator.cache.ttl=30m" "aggregator.rescoring.every=off"
aggregator_pid=$started_pid
targets="aggregator=$aggregator_pid profile=$profile_pid enrichment=$enrichment_pid postgres@$profile_db,$enrichment_db,$aggregator_db redis=$redis_pid nats"
view="http://127.0.0.1:$aggregator_port/api/v1/customer-360"

rss_of_services() {
  echo "aggregator=$(cpu_rss_mib "$aggregator_pid") profile=$(cpu_rss_mib "$profile_pid") enrichment=$(cpu_rss_mib "$enrichment_pid")"
}
# one recording per service JVM: <phase>-<service>.jfr (JFR) or .collapsed (async-profiler)
recording_start() {
  local service pid
  if [ -n "$profiler" ]; then
    for service in aggregator profile enrichment; do
      pid="${service}_pid"
      async_profiler_start "${!pid}"
    done
  fi
  [ -z "$jfr" ] && return
  for service in aggregator profile enrichment; do
    pid="${service}_pid"
    jcmd "${!pid}" JFR.start name=cpu settings=${JFR_SETTINGS:-profile} filename="$jfr/$1-$service.jfr" >/dev/null
  done
}
recording_stop() {
  local service pid
  if [ -n "$profiler" ]; then
    for service in aggregator profile enrichment; do
      pid="${service}_pid"
      async_profiler_stop "${!pid}" "$profiler/$1-$service.collapsed"
    done
  fi
  [ -z "$jfr" ] && return
  for pid in "$aggregator_pid" "$profile_pid" "$enrichment_pid"; do jcmd "$pid" JFR.stop name=cpu >/dev/null; done
}
# record OP LINE P99 COMMAND
record() {
  local rss
  rss="$(rss_of_services)"
  printf '%-10s %s%s  RSS MiB: %s\n' "$1" "$2" "${3:+ p99_ms=$3}" "$rss"
  echo "$1,${2%% *},\"$(cut -d' ' -f2- <<<"$2" | sed 's/ rps=.*//')\",$(sed -n 's/.*rps=\([^ ]*\).*/\1/p' <<<"$2"),\"$rss\",$(sed -n 's/.*ops=\([0-9]*\).*/\1/p' <<<"$2"),$3,\"$4\"" >>"$csv"
}
# hey_op OP STATUS URL: warm-up, then the measured run
hey_op() {
  local token line
  token="$(get_token acme-viewer)"
  cpu_hey "$targets" "$warmup" "$2" -H "Authorization: Bearer $token" "$3" >/dev/null
  [ "$jit_quiet" = 0 ] || cpu_jit_settle "$targets" 5000 20 "$jit_quiet" "$2" -H "Authorization: Bearer $token" "$3"
  recording_start "$1"
  line="$(cpu_hey "$targets" "$n" "$2" -H "Authorization: Bearer $token" "$3")"
  recording_stop "$1"
  record "$1" "$line" "" "hey -c ${CPU_HEY_CONCURRENCY:-4} -n $n $3"
}

next_customer=1
# views FROM COUNT TOKEN: first views of customers cFROM.. by four curl processes; fails unless every answer is 200
views() {
  local from="$1" count="$2" token="$3" k curls=()
  if [ "$count" -eq 0 ]; then return 0; fi
  for k in 0 1 2 3; do
    {
      echo "header = \"Authorization: Bearer $token\""
      seq $((from + k)) 4 $((from + count - 1)) | sed "s|.*|url = \"$view/c&\"\noutput = /dev/null|"
    } >"$work/curl-$k.cfg"
    curl -s -K "$work/curl-$k.cfg" -w '%{http_code}\n' >"$work/status-$k" &
    curls+=("$!")
  done
  wait "${curls[@]}" || true
  local ok
  ok="$(cat "$work"/status-* | grep -c '^200$' || true)"
  if [ "$ok" -ne "$count" ]; then
    echo "aggregator-cpu.sh: $count first views, $ok answered 200: $(cat "$work"/status-* | sort | uniq -c | tr '\n' ' ')" >&2
    return 1
  fi
}

# first views before anything is measured: the JIT compiles the build path (a cold aggregator can miss the providers'
# budgets and answer a partial view, even of an unknown id); the uncached phase measures the customers after these
if has uncached || has 404; then
  token="$(get_token acme-viewer)"
  views "$next_customer" "$uncached_warmup" "$token"
  next_customer=$((next_customer + uncached_warmup))
fi
if has 404; then
  hey_op 404 404 "$view/nobody-here"
fi
if has cached || has cached500; then
  # the cached customer: one past the first views, so the uncached phase never asks it
  token="$(get_token acme-viewer)"
  curl -fs -o /dev/null -H "Authorization: Bearer $token" "$view/c0"
fi
if has cached; then
  hey_op cached 200 "$view/c0"
fi
# a round of the uncached JIT settling: ROUND first views of the next customers
uncached_round() {
  views "$next_customer" "$uncached_round" "$token" || return 1
  next_customer=$((next_customer + uncached_round))
}
if has uncached; then
  token="$(get_token acme-viewer)"
  # the customers beyond the warm-up and the measured views are for rounds until the JIT is quiet (as 404 and cached)
  settle_rounds=$(((customers - uncached_warmup - uncached_n - 2) / uncached_round))
  if [ "$jit_quiet" != 0 ] && [ "$settle_rounds" -gt 0 ]; then
    cpu_jit_settle_with "$targets" "$settle_rounds" "$jit_quiet" "round(s) of $uncached_round first views" uncached_round
  fi
  sleep 2
  recording_start uncached
  before="$(cpu_snapshot $targets)"
  start_ns="$(date +%s%N)"
  views "$next_customer" "$uncached_n" "$token"
  elapsed_ns=$(($(date +%s%N) - start_ns))
  sleep 2
  after="$(cpu_snapshot $targets)"
  recording_stop uncached
  rps="$(awk -v n="$uncached_n" -v ns="$elapsed_ns" 'BEGIN { printf "%.1f", n / (ns / 1e9) }')"
  line="cpu_us_per_op=$(cpu_per_op_us "$before" "$after" "$uncached_n") $(cpu_breakdown_us "$before" "$after" "$uncached_n") rps=$rps ops=$uncached_n"
  record uncached "$line" "" "4 x curl -K (distinct customers c$next_customer..), CPU until 2 s after the last answer"
fi
if has cached500; then
  token="$(get_token acme-viewer)"
  before="$(cpu_snapshot $targets)"
  report="$(hey -c 10 -q 50 -z 20s -H "Authorization: Bearer $token" "$view/c0" 2>&1)"
  after="$(cpu_snapshot $targets)"
  count="$(sed -n 's/^ *\[200\][[:space:]]*\([0-9]*\) responses.*/\1/p' <<<"$report")"
  total="$(sed -n 's/^ *\[[0-9]*\][[:space:]]*\([0-9]*\) responses.*/\1/p' <<<"$report" | awk '{ s += $1 } END { print s + 0 }')"
  [ "${count:-0}" = "$total" ] && [ "$total" -gt 0 ] || { echo "aggregator-cpu.sh: cached500: $total answers, ${count:-0} 200" >&2; exit 1; }
  p99="$(sed -n 's/^ *99% in \([0-9.]*\) secs.*/\1/p' <<<"$report" | awk '{ printf "%.2f", $1 * 1000 }')"
  rps="$(sed -n 's/^ *Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p' <<<"$report")"
  line="cpu_us_per_op=$(cpu_per_op_us "$before" "$after" "$total") $(cpu_breakdown_us "$before" "$after" "$total") rps=$rps ops=$total"
  record cached500 "$line" "$p99" "hey -c 10 -q 50 -z 20s $view/c0"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); CSV: $csv"
