#!/usr/bin/env bash
# Kills ingest-service with SIGKILL while events are in flight, restarts it, and proves every acknowledged event is
# downstream exactly once (IngestCrashIT). CI runs it with 2,000 events; this runs 10,000 (or $1).
# Needs the infrastructure and Keycloak (./mesh up or ./mesh test starts them) and packaged services.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-10000}"
[ -f ingest-service/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
start=$(date +%s)
./mvnw -B -q verify -Pit -pl mesh-tests -Dit.test=IngestCrashIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.events="$events"
echo "ingest crash test with $events events: passed in $(( $(date +%s) - start )) s"
