# shellcheck shell=bash
# async-profiler (tools.profiler:async-profiler from Maven Central) loaded into a running JVM with jcmd, for the CPU
# benchmarks' --async-profiler option. Samples CPU time (itimer: works where perf events are not allowed) every
# millisecond in every thread, JIT compiler and GC threads included, with native and JVM frames; the first frame of
# each stack names its thread. Sourced:
#   . bench/lib/async-profiler.sh
#   async_profiler_start PID        starts sampling in the JVM PID
#   async_profiler_stop PID FILE    stops and writes the folded stacks (one "frame;frame;… count" line each) to FILE
ASYNC_PROFILER_VERSION="${ASYNC_PROFILER_VERSION:-4.1}"

async_profiler_lib() {
  local dir="$HOME/.cache/c360/async-profiler-$ASYNC_PROFILER_VERSION"
  if [ ! -f "$dir/linux-x64/libasyncProfiler.so" ]; then
    mkdir -p "$dir"
    ./mvnw -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION" \
      -DoutputDirectory="$dir" >&2 || { echo "async-profiler: cannot fetch it from Maven Central" >&2; return 1; }
    (cd "$dir" && unzip -qo "async-profiler-$ASYNC_PROFILER_VERSION.jar" 'linux-x64/*')
  fi
  echo "$dir/linux-x64/libasyncProfiler.so"
}

# the options are quoted once more: jcmd would read their '=' as its own argument syntax
async_profiler_start() {
  jcmd "$1" JVMTI.agent_load "$(async_profiler_lib)" "\"start,event=itimer,interval=1ms,threads\"" >/dev/null
}

async_profiler_stop() {
  jcmd "$1" JVMTI.agent_load "$(async_profiler_lib)" "\"stop,collapsed,file=$2\"" >/dev/null
}
