# Sourced by the bench scripts. bench_build compiles the cache package and the cache benchmarks
# (only those, with javac, into a private temporary folder: unrelated work in progress elsewhere in
# the tree cannot break the build, and a concurrent `mvn clean` cannot pull classes from under a
# running benchmark) and exports BENCH_CP. The test-scope dependency classpath comes from Maven
# (offline first, online as a fallback). A script that calls another exports BENCH_CP and the
# callee reuses it. Build output goes to stderr so that stdout carries only RESULT lines.
BENCH_SOURCES=(TraceReplay.java Zipf.java CacheReadBenchmark.java)
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

bench_mvn() {
  mvn -q -B -o -f "$BENCH_ROOT/pom.xml" "$@" 1>&2 || mvn -q -B -f "$BENCH_ROOT/pom.xml" "$@" 1>&2
}

bench_build() {
  if [[ -n "${BENCH_CP:-}" ]]; then
    return
  fi
  local deps="$BENCH_ROOT/target/bench-deps.classpath"
  if [[ ! -s "$deps" || "$BENCH_ROOT/pom.xml" -nt "$deps" ]]; then
    bench_mvn dependency:build-classpath -Dmdep.outputFile="$deps" -Dmdep.includeScope=test
  fi
  local dep_cp
  dep_cp=$(cat "$deps")
  BENCH_SNAPSHOT=$(mktemp -d "${TMPDIR:-/tmp}/hstorekv-bench.XXXXXX")
  trap 'rm -rf "$BENCH_SNAPSHOT"' EXIT
  mkdir -p "$BENCH_SNAPSHOT/classes"
  # The JMH annotation processor (on the dependency classpath) generates the benchmark harness.
  javac -nowarn -encoding UTF-8 --release 17 -d "$BENCH_SNAPSHOT/classes" -cp "$dep_cp" \
    $(find "$BENCH_ROOT/src/main/java/io/hstorekv/cache" -name '*.java') \
    "${BENCH_SOURCES[@]/#/$BENCH_ROOT/src/test/java/io/hstorekv/bench/}" 1>&2
  export BENCH_CP="$BENCH_SNAPSHOT/classes:$dep_cp"
}
