package io.hstorekv.imports;

import java.time.Duration;

/**
 * Where a running import stands, after each batch: source rows copied (by this and earlier runs of
 * the job), of how many, and the pace of this run.
 *
 * @param rowsDone    source rows copied so far, including those of earlier, interrupted runs
 * @param rowsTotal   source rows to copy in all
 * @param rowsThisRun source rows copied by this run
 * @param elapsed     time since this run started copying
 */
public record ImportProgress(long rowsDone, long rowsTotal, long rowsThisRun, Duration elapsed) {
    /** Rows per second in this run (0 before the first batch). */
    public double rowsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : rowsThisRun / seconds;
    }

    /** Time left at this run's pace, or null when there is no pace yet. */
    public Duration eta() {
        double rate = rowsPerSecond();
        return rate <= 0 ? null : Duration.ofMillis((long) (Math.max(0, rowsTotal - rowsDone) / rate * 1000));
    }
}
