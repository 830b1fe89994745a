#!/usr/bin/env bash
# NATS authentication cost (issue 17: "the ingest benchmark with credentials is within 10 % of the same run without
# them"). Runs the phases publish (diagnostic: the partner's publishes alone) and ingest of bench/ingest.sh alternately
# on
#   open     a nats-server of its own WITHOUT authorization (the configuration of ./mesh test minus accounts.conf)
#   secured  the same server WITH k8s/base/nats/accounts.conf (partner-default publishes, ingest-service and the
#            operator connect with their own credentials, the provisioning step creates the topology)
# each started the same way (scripts/infra.sh, free port, fresh store), with the same event count, round after round
# (open first in odd rounds, secured first in even ones, so a drifting machine does not favour one mode), and prints
# per run and per mode (median): ingest events/s, ingest-service CPU µs per event (/proc of the child), nats-server CPU
# µs per event (the server process of that run only), load generator CPU µs per event, the partner's publishes alone
# (events/s, nats-server CPU µs per publish), and secured / open.
#
# The machine is shared: before each run it waits (up to --quiet-wait s) until the machine's CPU is below
# --quiet-cores over 3 s; a run during which other processes used more than --max-others cores is repeated (up to
# --retries times; the noisy run's CSV is kept in noisy/). Results: bench/results/ingest-auth-<timestamp>/ (the CSVs
# and summary.txt); logs: bench/target/ingest-auth-<timestamp>/.
#   bench/ingest-auth.sh [--events=50000] [--rounds=3] [--quiet-cores=0.3] [--quiet-wait=300] [--max-others=0.25]
#                        [--retries=2] [any option of bench/ingest.sh, e.g. --jar=... --warmup-events=20000]
set -euo pipefail
cd "$(dirname "$0")/.."

events=50000 rounds=3 quiet_cores=0.3 quiet_wait=300 max_others=0.25 retries=2
pass=()
for arg in "$@"; do
  case "$arg" in
    --events=*) events="${arg#*=}" ;;
    --rounds=*) rounds="${arg#*=}" ;;
    --quiet-cores=*) quiet_cores="${arg#*=}" ;;
    --quiet-wait=*) quiet_wait="${arg#*=}" ;;
    --max-others=*) max_others="${arg#*=}" ;;
    --retries=*) retries="${arg#*=}" ;;
    --mode=*|--secured|--phases=*|--results=*|--nats=*|--nats-pid=*)
      echo "ingest-auth.sh: $arg is chosen by this script" >&2; exit 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) pass+=("$arg") ;;
  esac
done

stamp="$(date +%Y%m%d-%H%M%S)"
work="bench/target/ingest-auth-$stamp"
out="bench/results/ingest-auth-$stamp"
mkdir -p "$work/noisy"

# busy cores of the whole machine over $1 seconds (/proc/stat: all but idle and iowait)
busy_cores() {
  local a b
  a="$(head -n 1 /proc/stat)"
  sleep "$1"
  b="$(head -n 1 /proc/stat)"
  awk -v a="$a" -v b="$b" -v s="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    n = split(a, x, " "); split(b, y, " "); busy = 0
    for (i = 2; i <= 9 && i <= n; i++) if (i != 5 && i != 6) busy += y[i] - x[i]
    printf "%.2f", busy / hz / s }'
}

wait_quiet() {
  local deadline=$((SECONDS + quiet_wait)) busy
  while :; do
    busy="$(busy_cores 3)"
    if awk -v b="$busy" -v q="$quiet_cores" 'BEGIN { exit !(b < q) }'; then
      echo "  machine quiet: $busy cores busy over 3 s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "  machine still busy ($busy cores over 3 s) after ${quiet_wait}s of waiting: running anyway (see the others' cores column)"
      return 0
    fi
    sleep 7
  done
}

# cores used by other processes during the measurement of a run's CSV (machine busy minus load generator,
# ingest-service, its nats-server, PostgreSQL and Redis)
others_of() {
  awk -F, '
    $1 == "cpu_ingest_machine_busy_cores" { m = $2 }
    $1 == "cpu_ingest_bench_load_generator" || $1 == "cpu_ingest_ingest_service_child" || $1 == "cpu_ingest_nats_server" \
      || $1 == "cpu_ingest_postgresql" || $1 == "cpu_ingest_redis" { o += $2 }
    END { if (m == "") print "nan"; else { v = m - o; if (v < 0) v = 0; printf "%.2f", v } }' "$1"
}

echo "NATS authentication cost: $rounds rounds of open + secured, $events events each (bench/ingest.sh --phases=publish,ingest)"
echo "  load average before: $(cat /proc/loadavg); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "  HEAD $(git rev-parse --short HEAD); logs in $work"
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then order=(open secured); else order=(secured open); fi
  for mode in "${order[@]}"; do
    attempt=0
    while :; do
      attempt=$((attempt + 1))
      echo
      echo "== round $round/$rounds: $mode (attempt $attempt)"
      wait_quiet
      log="$work/round$round-$mode-$attempt.log"
      before="$(ls "$work"/ingest-*.csv 2>/dev/null || true)"
      if ! bench/ingest.sh --mode="$mode" --phases=publish,ingest --events="$events" --results="$work" ${pass[@]+"${pass[@]}"} >"$log" 2>&1; then
        echo "  bench/ingest.sh --mode=$mode failed; last lines of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
      fi
      csv="$(comm -13 <(printf '%s\n' "$before") <(ls "$work"/ingest-*.csv) | tail -n 1)"
      [ -n "$csv" ] || { echo "  no CSV from this run (see $log)" >&2; exit 1; }
      grep -E '^  (acknowledged |CPU per publish|downstream: |CPU per event)' "$log" || true
      others="$(others_of "$csv")"
      if awk -v o="$others" -v m="$max_others" 'BEGIN { exit !(o != "nan" && o > m) }' && [ "$attempt" -le "$retries" ]; then
        echo "  noisy: other processes used $others cores during the measurement (> $max_others): repeating this run"
        mv "$csv" "$work/noisy/"
        continue
      fi
      echo "  other processes used $others cores during the measurement"
      break
    done
  done
done
echo
echo "  load average after: $(cat /proc/loadavg)"

mkdir -p "$out"
cp "$work"/ingest-*.csv "$out/"
if ls "$work"/noisy/ingest-*.csv >/dev/null 2>&1; then
  mkdir -p "$out/noisy" && cp "$work"/noisy/ingest-*.csv "$out/noisy/"
fi
{
  echo "bench/ingest-auth.sh --events=$events --rounds=$rounds ${pass[*]+${pass[*]}} (phases publish,ingest)  (HEAD $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%M:%SZ))"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); nats-server $(nats-server --version 2>/dev/null | awk '{print $NF}')"
  echo
  java -cp bench/target/classes io.customer360.bench.ingest.IngestAuthReport "$out"
  if [ -d "$out/noisy" ]; then
    echo
    echo "repeated as noisy (other processes above $max_others cores), not in the medians above: $(ls "$out/noisy" | tr '\n' ' ')"
    echo "medians of all runs, the noisy ones included:"
    java -cp bench/target/classes io.customer360.bench.ingest.IngestAuthReport --medians-only "$out" "$out/noisy"
  fi
} | tee "$out/summary.txt"
echo
echo "results: $out (CSV per run, summary.txt); logs: $work"
