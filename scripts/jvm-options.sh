# shellcheck shell=bash
# The service JVMs' memory settings (issue 20; why each one: docs/configuration.md "JVM memory"), kept in one place:
# ./mesh up starts the services with them unless MESH_JAVA_OPTS is set, and bench/cpu-per-op.sh and
# bench/aggregator-cpu.sh use them unless --java-opts= is given. Sourced:
#   . scripts/jvm-options.sh
#   java $(c360_java_opts) ...                                   the JVM options
#   MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-$C360_MALLOC_ARENA_MAX}" java ...   glibc's arenas, in the JVM's environment

C360_JAVA_MEMORY_OPTS="-Xms32m -Xmx96m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k"
# Gives freed C heap (JIT compiler arenas, symbol tables, buffers) back to the OS every second. A product option since
# JDK 17.0.11 and 21.0.3; c360_java_opts leaves it out for a java that does not know it.
C360_JAVA_TRIM_OPTS="-XX:TrimNativeHeapInterval=1000"
# glibc malloc arenas of a service process (default: 8 per core, each keeping its own free memory).
C360_MALLOC_ARENA_MAX=2

# c360_java_opts [JAVA]: the default JVM options of a service, for JAVA (default: java on PATH).
c360_java_opts() {
  # shellcheck disable=SC2086
  if "${1:-java}" $C360_JAVA_TRIM_OPTS -version >/dev/null 2>&1; then
    echo "$C360_JAVA_MEMORY_OPTS $C360_JAVA_TRIM_OPTS"
  else
    echo "$C360_JAVA_MEMORY_OPTS"
  fi
}
