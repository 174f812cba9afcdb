package io.hstorekv.imports;

import io.hstorekv.internal.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What {@link io.hstorekv.HstoreKv#importTable} copies: a table of the store's own database into a namespace.
 * Immutable; each method returns a copy:
 *
 * <pre>{@code
 * ImportSpec.table("public.settings").keyColumns("key").valueColumn("value").into("settings");
 * ImportSpec.table("user_prefs").keyColumns("user_id").asHash().into("prefs").ttl(Duration.ofDays(30));
 * }</pre>
 *
 * A key/value table ({@link #valueColumn}) becomes string entries; otherwise ({@link #asHash}, the
 * default) each row becomes a hash whose fields are the other columns. See the README, "Migrating
 * an ad-hoc table", for how column types become text.
 */
public final class ImportSpec {
    /** Rows per batch unless {@link #batchRows} says otherwise. */
    public static final int DEFAULT_BATCH_ROWS = 10_000;

    String table;
    List<String> keyColumns = List.of();
    String keySeparator = ":";
    String valueColumn;
    String namespace;
    String where;
    Duration ttl;
    int batchRows = DEFAULT_BATCH_ROWS;
    OnConflict onConflict = OnConflict.FAIL;
    boolean dryRun;
    boolean resume;
    boolean restart;
    String job;
    Consumer<ImportProgress> progress = p -> { };

    private ImportSpec() {}

    /** Import from this table or view, {@code [schema.]name} as SQL would resolve it. */
    public static ImportSpec table(String table) {
        ImportSpec spec = new ImportSpec();
        spec.table = Limits.required(table, "table");
        return spec;
    }

    /** The columns that make the key, joined in this order by {@link #keySeparator} (default ":"). */
    public ImportSpec keyColumns(String... columns) {
        return with(c -> c.keyColumns = List.of(Limits.required(columns, "columns")));
    }

    /** Between the parts of a composite key; default ":". */
    public ImportSpec keySeparator(String separator) {
        return with(c -> c.keySeparator = Limits.required(separator, "separator"));
    }

    /** One string entry per row, holding this column; rows where it is NULL are not imported. */
    public ImportSpec valueColumn(String column) {
        return with(c -> c.valueColumn = Limits.required(column, "column"));
    }

    /** One hash per row, every column but the key columns a field (NULL columns left out); the default. */
    public ImportSpec asHash() {
        return with(c -> c.valueColumn = null);
    }

    /** The target namespace (created, DURABLE, if missing); default: the table's name, if it is a valid namespace name. */
    public ImportSpec into(String namespace) {
        return with(c -> c.namespace = namespace);
    }

    /** Only the rows for which this SQL predicate on the table's columns holds. Runs as SQL: never pass untrusted text. */
    public ImportSpec where(String predicate) {
        return with(c -> c.where = predicate);
    }

    /** Every imported key expires this long after the job starts (the same instant for all, also on resume). */
    public ImportSpec ttl(Duration ttl) {
        return with(c -> c.ttl = ttl);
    }

    /** Source rows per batch (one statement, one transaction each); default 10000. */
    public ImportSpec batchRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("batch rows must be positive, got " + rows);
        }
        return with(c -> c.batchRows = rows);
    }

    /** What to do with keys that exist in the namespace already; default {@link OnConflict#FAIL}. */
    public ImportSpec onConflict(OnConflict mode) {
        return with(c -> c.onConflict = Limits.required(mode, "mode"));
    }

    /** Check and count, and show the first rows as they would be stored, without writing anything. */
    public ImportSpec dryRun() {
        return with(c -> c.dryRun = true);
    }

    /**
     * Insist on continuing an interrupted job (an error if there is none, or if it was started with
     * other options). Without it, a job with the same options also continues where it stopped.
     */
    public ImportSpec resume() {
        return with(c -> c.resume = true);
    }

    /** Start over even if the job ran before (finished or not). */
    public ImportSpec restart() {
        return with(c -> c.restart = true);
    }

    /** The job's name, under which its progress is kept (table hstorekv.imports); default "{table} -> {namespace}". */
    public ImportSpec job(String name) {
        return with(c -> c.job = name);
    }

    /** Called after every batch (on the importing thread); an exception it throws stops the import, resumable. */
    public ImportSpec onProgress(Consumer<ImportProgress> listener) {
        return with(c -> c.progress = Limits.required(listener, "listener"));
    }

    /** The options that define the job's result: a resume must repeat them. */
    String definition(String source, String targetNamespace) {
        return "table=" + source + " keys=" + String.join(",", keyColumns) + " separator=" + keySeparator
                + (valueColumn == null ? " as-hash" : " value=" + valueColumn) + " namespace=" + targetNamespace
                + " where=" + (where == null ? "" : where) + " ttl=" + (ttl == null ? "none" : ttl.toMillis() + "ms")
                + " on-conflict=" + onConflict.name().toLowerCase(Locale.ROOT);
    }

    /** A copy with one change. */
    private ImportSpec with(Consumer<ImportSpec> change) {
        ImportSpec c = copy();
        change.accept(c);
        return c;
    }

    private ImportSpec copy() {
        ImportSpec c = new ImportSpec();
        c.table = table;
        c.keyColumns = keyColumns;
        c.keySeparator = keySeparator;
        c.valueColumn = valueColumn;
        c.namespace = namespace;
        c.where = where;
        c.ttl = ttl;
        c.batchRows = batchRows;
        c.onConflict = onConflict;
        c.dryRun = dryRun;
        c.resume = resume;
        c.restart = restart;
        c.job = job;
        c.progress = progress;
        return c;
    }
}
