# Sourced by the bench/*.sh scripts (from the repository root): builds the one bench module when it is missing or
# older than its sources (or than the extra files given), never with -am, so the services are not rebuilt.
# The module compiles against the installed enrichment-service (the enrichment benchmark times its quota classes):
# `./mvnw -B -q install -DskipTests -pl common,enrichment-service` once if ~/.m2 does not hold it yet.
bench_jar=bench/target/bench-1.0.0-SNAPSHOT.jar

ensure_bench_built() {
  if [ -f "$bench_jar" ] && [ -d bench/target/lib ] \
      && [ -z "$(find bench/pom.xml bench/src "$@" -type f -newer "$bench_jar" 2>/dev/null | head -1)" ]; then
    return 0
  fi
  echo "building bench (./mvnw -B -q -pl bench package -DskipTests)"
  # offline first, online if a plugin or dependency is missing
  ./mvnw -B -q -o -pl bench package -DskipTests 2>/dev/null || ./mvnw -B -q -pl bench package -DskipTests || {
    echo "bench: the build failed; if enrichment-service is not installed: ./mvnw -B -q install -DskipTests -pl common,enrichment-service" >&2
    return 1
  }
}

# The class path of the benchmarks that run on bench's own libraries (all but bench/enrichment.sh).
bench_classpath="$bench_jar:bench/target/lib/*"
