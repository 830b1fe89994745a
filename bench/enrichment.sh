#!/usr/bin/env bash
# enrichment-service benchmark: cache-hit GET p99 at 2,000 requests/s (target <= 2 ms); the quota decision against a
# raw Redis EVALSHA of the same Lua script in the same run (target <= 1.5x at p99); refreshes while one provider is
# slow and one fails, against the waterfall budget (target: p99 within it). Constant-rate schedules measured from
# intended send times (HdrHistogram, no coordinated omission).
#
# Starts what it needs: PostgreSQL, Redis, NATS and Keycloak if stopped (scripts/infra.sh), the packaged
# profile-service and enrichment-service as child JVMs on ports 18092/18093 with databases c360_profile_bench and
# c360_enrichment_bench, Redis database 13 and NATS prefixes benchenr./BENCHENR_ (deleted at the end), so a running
# mesh is not disturbed; a local stub serving the providers' formats. The token is a real Keycloak token of
# acme-admin (get_token). Results: bench/results/enrichment-<timestamp>{.csv,-*.hgrm,-*.png,-*.log}.
#   bench/enrichment.sh [--duration=30] [--warmup=10] [--cache-rate=2000] [--quota-rate=2000] [--waterfall-rate=10]
#                       [--slow-ms=600] [--budget-ms=2000] [--customers=200] [--phases=cache,waterfall,quota] ...
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/infra.sh
. scripts/infra.sh

ensure_postgres
ensure_redis
ensure_nats
ensure_keycloak
ensure_databases c360_profile_bench c360_enrichment_bench
ensure_enrichment_dev_key

# enrichment-service is installed (the benchmark compiles against its quota classes) and packaged; build it when
# missing or older than its sources. profile-service belongs to its own team: it must be packaged already.
enrichment_jar=enrichment-service/target/quarkus-app/quarkus-run.jar
if [ ! -f "$enrichment_jar" ] || [ -n "$(find enrichment-service/src enrichment-service/pom.xml -newer "$enrichment_jar" -type f | head -1)" ]; then
  echo "building enrichment-service (./mvnw -B -q -pl enrichment-service -am install -DskipTests)"
  ./mvnw -B -q -o -pl enrichment-service -am install -DskipTests || ./mvnw -B -q -pl enrichment-service -am install -DskipTests
fi
[ -f profile-service/target/quarkus-app/quarkus-run.jar ] \
  || { echo "enrichment.sh: package profile-service first (./mvnw -B -q -pl profile-service -am package -DskipTests)" >&2; exit 1; }
# shellcheck source=build.sh
. bench/build.sh
ensure_bench_built "$enrichment_jar"

BENCH_TOKEN="$(get_token acme-admin)"
export BENCH_TOKEN
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"

# The service's own libraries, as a plain class path: without Mutiny's context propagation, which needs a running
# Quarkus to configure it and has no context to propagate in a load generator.
classpath="$bench_jar"
for lib in enrichment-service/target/quarkus-app/app/*.jar enrichment-service/target/quarkus-app/lib/main/*.jar; do
  case "$lib" in *mutiny-smallrye-context-propagation*) ;; *) classpath="$classpath:$lib" ;; esac
done

exec java ${BENCH_JAVA_OPTS:-} -cp "$classpath" io.customer360.bench.enrichment.EnrichmentBenchmark "$@"
