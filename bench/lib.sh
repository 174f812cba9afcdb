# Sourced by every bench script: the one way benchmarks are built, and the CPU figures they print.
#
# bench_build compiles with Maven (test-compile, into the normal target/), then copies target/classes
# and target/test-classes into a private temporary folder and exports BENCH_CP (that copy plus the
# test-scope dependency classpath). A running benchmark reads only its copy: a concurrent
# `mvn clean`, or a later build of half-edited code, cannot pull classes from under it. A script
# that calls another exports BENCH_CP and the callee reuses it. Maven runs offline first, online as
# a fallback; its output goes to stderr so that stdout carries only RESULT (and CPU) lines.
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Runs the given shell command when the script exits, before those registered earlier (a server
# started from the class snapshot stops before the snapshot goes): one EXIT trap for the script and
# this library.
BENCH_AT_EXIT=()
bench_at_exit() {
    BENCH_AT_EXIT=("$1" "${BENCH_AT_EXIT[@]}")
    trap 'for action in "${BENCH_AT_EXIT[@]}"; do eval "$action"; done' EXIT
}

bench_mvn() {
    mvn -q -B -o -f "$BENCH_ROOT/pom.xml" "$@" 1>&2 || mvn -q -B -ntp -f "$BENCH_ROOT/pom.xml" "$@" 1>&2
}

bench_build() {
    if [[ -n "${BENCH_CP:-}" ]]; then
        return
    fi
    bench_mvn test-compile
    local deps="$BENCH_ROOT/target/bench-deps.classpath"
    if [[ ! -s "$deps" || "$BENCH_ROOT/pom.xml" -nt "$deps" ]]; then
        bench_mvn dependency:build-classpath -Dmdep.outputFile="$deps" -Dmdep.includeScope=test
    fi
    BENCH_SNAPSHOT=$(mktemp -d "${TMPDIR:-/tmp}/hstorekv-bench.XXXXXX")
    bench_at_exit 'rm -rf "$BENCH_SNAPSHOT"'
    cp -R "$BENCH_ROOT/target/classes" "$BENCH_ROOT/target/test-classes" "$BENCH_SNAPSHOT/"
    export BENCH_CP="$BENCH_SNAPSHOT/classes:$BENCH_SNAPSHOT/test-classes:$(cat "$deps")"
}

# Prints NAME=MICROS ...: the CPU time so far (user + system, from /proc) of each NAME=PID or
# NAME=postgres:DATA_DIR (a local PostgreSQL: its postmaster and all children). Needs bench_build.
bench_cpu_sample() {
    java -XX:TieredStopAtLevel=1 -cp "$BENCH_CP" io.hstorekv.bench.ProcessCpu "$@"
}

# Prints NAME=US_PER_OP ... from two bench_cpu_sample lines and the operations run between them.
bench_cpu_per_op() { # BEFORE AFTER OPS
    awk -v before="$1" -v after="$2" -v ops="$3" 'BEGIN {
        n = split(before, b, " ")
        split(after, a, " ")
        for (i = 1; i <= n; i++) {
            split(b[i], start, "=")
            split(a[i], end, "=")
            printf "%s%s=%.1f", (i > 1 ? " " : ""), start[1], (end[2] - start[2]) / ops
        }
    }'
}
