package io.hstorekv.imports;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@link io.hstorekv.HstoreKv#importTable}: what the source held, what was copied, and the
 * verification (a full comparison of source and namespace, by a join on the key). {@link #ok()}
 * is false when the verification found a difference.
 *
 * @param job             the job's name
 * @param source          the source table, schema-qualified
 * @param namespace       the target namespace
 * @param type            "string" or "hash"
 * @param dryRun          whether this was a dry run (nothing written, no verification)
 * @param sourceRows      source rows (after {@code where})
 * @param rowsWithoutValue source rows with nothing to store (NULL value; all columns NULL): not imported
 * @param existingKeys    keys of the source already live in the namespace when this run started
 *                        (counted for dry runs and on-conflict fail only, else -1)
 * @param rowsCopied      source rows copied by the job (this run and earlier ones)
 * @param rowsBefore      of those, rows copied by earlier runs of the job (resumed from there)
 * @param entriesWritten  entries inserted or overwritten by the job
 * @param elapsed         this run's time, checks and verification included
 * @param preview         dry run: the first rows as they would be stored
 * @param verification    the comparison (null for a dry run)
 */
public record ImportReport(String job, String source, String namespace, String type, boolean dryRun, long sourceRows,
                           long rowsWithoutValue, long existingKeys, long rowsCopied, long rowsBefore, long entriesWritten,
                           Duration elapsed, List<Row> preview, Verification verification) {

    /** A row as it would be stored: the key, and the value (strings) or hstore text (hashes). */
    public record Row(String key, String value) {}

    /**
     * The full comparison, made after the copy by one query that joins every source row (mapped
     * again) to its entry: entries expected (source rows with a value), present in the namespace,
     * and identical to their source row (type, value or every field, expiry); entries kept by
     * on-conflict skip (which need only be present); the first key, in byte order, that is missing
     * or differs (null when none does).
     */
    public record Verification(long expected, long present, long identical, long kept, String firstDifference) {
        /** Every expected entry present, and identical unless kept as it was. */
        public boolean ok() {
            return present == expected && identical >= expected - kept;
        }
    }

    /** True when nothing is amiss: a dry run, or a finished import whose verification passed. */
    public boolean ok() {
        return dryRun || verification != null && verification.ok() && rowsCopied == sourceRows;
    }

    /** Source rows per second over this run (rows copied by this run, whole elapsed time). */
    public double rowsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : (rowsCopied - rowsBefore) / seconds;
    }

    /** A short human-readable report, a few lines. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(dryRun ? "dry run (nothing written): " : "import ").append(source).append(" -> namespace ")
                .append(namespace).append(" (").append(type).append(type.equals("hash") ? "es" : "s").append("), job '")
                .append(job).append("'\n");
        s.append(String.format(Locale.ROOT, "  source rows   %d (%d without a value: not imported)%n", sourceRows, rowsWithoutValue));
        if (existingKeys >= 0) {
            s.append(String.format(Locale.ROOT, "  existing keys %d already in the namespace%n", existingKeys));
        }
        if (dryRun) {
            s.append("  first rows:\n");
            for (Row row : preview) {
                s.append("    ").append(row.key()).append(type.equals("hash") ? " => " : " = ").append(row.value()).append('\n');
            }
            return s.toString();
        }
        s.append(String.format(Locale.ROOT, "  copied        %d rows (%d in earlier runs), %d entries written, in %.1f s (%.0f rows/s)%n",
                rowsCopied, rowsBefore, entriesWritten, elapsed.toNanos() / 1e9, rowsPerSecond()));
        Verification v = verification;
        s.append(String.format(Locale.ROOT, "  verification  %d of %d entries present, %d identical to their source row%s%s%n",
                v.present(), v.expected(), v.identical(), v.kept() > 0 ? ", " + v.kept() + " existing kept" : "",
                v.firstDifference() == null ? "" : "; first difference: key '" + v.firstDifference() + "'"));
        s.append("  result        ").append(ok() ? "OK" : "MISMATCH: the namespace does not match the source").append('\n');
        return s.toString();
    }
}
