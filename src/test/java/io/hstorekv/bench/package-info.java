/**
 * The benchmark programs behind the scripts in {@code bench/} (see README "Benchmarks"): each
 * prints {@code RESULT <name> ours=<x> peer=<y> ratio=<x/y> unit=<unit>} lines, and the throughput
 * ones a {@code CPU} line per figure from {@link io.hstorekv.bench.ProcessCpu}. They live among the
 * tests for the test class path (Caffeine, JMH, the test database) but are run by the scripts,
 * never by the test suite.
 */
package io.hstorekv.bench;
