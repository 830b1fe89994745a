#!/usr/bin/env bash
# ./mesh bench: every service's benchmark in turn (bench/ingest.sh, segment-batch.sh, profile.sh, enrichment.sh, aggregator.sh,
# aggregator-cpu.sh, cpu-per-op.sh; each
# starts the service JVMs it needs on ports, databases and subjects of its own, so a running mesh is not disturbed, and
# measures its raw baseline in the same run), then one table: per figure the measured value, the raw baseline, the
# ratio and the target (MeshBenchSummary). Writes bench/results/mesh-<time>.csv and .png beside each benchmark's own
# CSV, .hgrm and .png files, and the printed summary (machine, command, load average before and after) as
# bench/results/mesh-<time>.txt.
#   bench/mesh-bench.sh [--quick]    on two vCPUs about 20-25 minutes; --quick: shorter phases and fewer events, about
#                                    8-10 minutes (the first run also seeds profile-service's read store, 3-5 minutes)
# Exits non-zero when a benchmark could not run; a missed target is a figure, not a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

quick=""
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: bench/mesh-bench.sh [--quick]" >&2; exit 2 ;;
esac

# Each script's own options. The aggregator's knee rates are those the table reports (10, 25, 50 and the target's 500);
# a phase at 500/s is beyond this machine's capacity, so --max-lag stops it sooner instead of queueing for minutes.
if [ -n "$quick" ]; then
  ingest_opts=(--events=20000 --warmup-events=5000 --duration=10 --warmup=3)
  profile_opts=(--events=20000 --warmup-events=5000 --duration=15 --warmup=15)
  enrichment_opts=(--duration=10 --warmup=5)
  segment_opts=(--duration=10 --warmup=3)
  aggregator_opts=(--duration=15 --warmup=5 --knee-rates=10,25,50 --jit-warmup=15 --max-lag=10 --recovery=20)
  aggcpu_opts=(--n=5000 --warmup=4000 --uncached-n=1500 --uncached-warmup=2000 --customers=4000)
  cpuop_opts=(--ops=profile,section,enrichment --n=5000 --warmup=4000 --customers=500)
else
  ingest_opts=()
  profile_opts=()
  enrichment_opts=(--duration=20)
  segment_opts=(--duration=30 --warmup=10)
  aggregator_opts=(--duration=30 --warmup=10 --knee-rates=10,25,50 --max-lag=15 --recovery=30)
  aggcpu_opts=()
  cpuop_opts=(--ops=profile,section,enrichment)
fi

started="$(date -u +%Y%m%d-%H%M%S)"
# the figures depend on what else the machine ran meanwhile: the summary prints this beside the load at the end
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
summary_args=()
failed=0
# run SERVICE OPTIONS...: runs bench/SERVICE.sh and passes on the CSV it wrote (or "failed")
run() {
  local service="$1" before after
  shift
  before="$(ls -1 bench/results/"$service"-*.csv 2>/dev/null | sort | tail -n1)"
  echo "== bench/$service.sh $* (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  if bash "bench/$service.sh" "$@"; then
    after="$(ls -1 bench/results/"$service"-*.csv 2>/dev/null | sort | tail -n1)"
    if [ -n "$after" ] && [ "$after" != "$before" ]; then
      summary_args+=("$service=$after")
      return
    fi
  fi
  echo "mesh-bench: bench/$service.sh failed or wrote no CSV" >&2
  summary_args+=("$service=failed")
  failed=1
}

run ingest "${ingest_opts[@]}"
# the Segment-compatible intake beside the NATS intake (bench/segment-batch.sh: POST /v1/batch, CPU per event of
# ingest-service and nats-server); its figures are printed under the table
segment_line=""
echo "== bench/segment-batch.sh ${segment_opts[*]} (load average $(cut -d' ' -f1-3 /proc/loadavg))"
if segment_out="$(bash bench/segment-batch.sh "${segment_opts[@]}")"; then
  echo "$segment_out"
  segment_line="$(grep '^{' <<<"$segment_out" | tail -n 1)"
else
  echo "mesh-bench: bench/segment-batch.sh failed" >&2
  failed=1
fi
run profile "${profile_opts[@]}"
run enrichment "${enrichment_opts[@]}"
run aggregator "${aggregator_opts[@]}"
# CPU per operation of the 360 view (bench/aggregator-cpu.sh: 404, cached, first view, and the cached view at 500/s with
# its p99), every process of the mesh counted; its lines are printed under the table
aggcpu_lines=""
echo "== bench/aggregator-cpu.sh ${aggcpu_opts[*]} (load average $(cut -d' ' -f1-3 /proc/loadavg))"
if aggcpu_out="$(bash bench/aggregator-cpu.sh "${aggcpu_opts[@]}")"; then
  echo "$aggcpu_out"
  aggcpu_lines="$(grep -E '^(404|cached|uncached|cached500) ' <<<"$aggcpu_out" | sed 's/^/  /')"
else
  echo "mesh-bench: bench/aggregator-cpu.sh failed" >&2
  failed=1
fi
# CPU per operation of profile-service's and enrichment-service's reads (bench/cpu-per-op.sh; ingest's CPU per event is
# in the table), every process of the operation counted; its lines are printed under the table
cpuop_lines=""
echo "== bench/cpu-per-op.sh ${cpuop_opts[*]} (load average $(cut -d' ' -f1-3 /proc/loadavg))"
if cpuop_out="$(bash bench/cpu-per-op.sh "${cpuop_opts[@]}")"; then
  echo "$cpuop_out"
  cpuop_lines="$(grep -E '^(profile|section|enrichment) ' <<<"$cpuop_out" | sed 's/^/  /')"
else
  echo "mesh-bench: bench/cpu-per-op.sh failed" >&2
  failed=1
fi

echo "== summary"
./mvnw -B -q -o -pl bench package -DskipTests 2>/dev/null || ./mvnw -B -q -pl bench package -DskipTests || exit 1
java -cp "bench/target/classes:bench/target/lib/*" io.customer360.bench.summary.MeshBenchSummary \
  "${summary_args[@]}" --out="bench/results/mesh-$started" --command="./mesh bench${quick:+ --quick}" \
  --load-before="$load_before" | tee "bench/results/mesh-$started.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
echo "Segment intake, POST /v1/batch (bench/segment-batch.sh): ${segment_line:-failed}" | tee -a "bench/results/mesh-$started.txt"
printf 'CPU per operation of the 360 view, µs, every process counted (bench/aggregator-cpu.sh):\n%s\n' "${aggcpu_lines:-  failed}" \
  | tee -a "bench/results/mesh-$started.txt"
printf 'CPU per operation of profile and enrichment reads, µs, every process counted (bench/cpu-per-op.sh):\n%s\n' \
  "${cpuop_lines:-  failed}" | tee -a "bench/results/mesh-$started.txt"
exit "$failed"
