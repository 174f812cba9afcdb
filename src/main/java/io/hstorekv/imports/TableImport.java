package io.hstorekv.imports;

import io.hstorekv.internal.Limits;
import io.hstorekv.internal.store.ConflictMode;
import io.hstorekv.internal.store.Database;
import io.hstorekv.internal.store.Identifiers;
import io.hstorekv.internal.store.TableCopy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs an {@link ImportSpec}: checks everything before writing, copies batch by batch (each batch
 * and the job's position commit together), verifies each batch's key range once it has committed
 * (on another connection, while the next batch copies), and counts the source again at the end. A
 * job whose options match an earlier, unfinished run continues from its position; a finished one
 * is only verified again.
 */
public final class TableImport {
    private static final int PREVIEW_ROWS = 5;

    private final Database database;
    private final Limits limits;
    private final Clock clock;
    private final Consumer<String> createNamespace;

    public TableImport(Database database, Limits limits, Clock clock, Consumer<String> createNamespace) {
        this.database = database;
        this.limits = limits;
        this.clock = clock;
        this.createNamespace = createNamespace;
    }

    /** The store's name for what a bulk write does with existing keys. */
    public static ConflictMode conflictMode(OnConflict onConflict) {
        return switch (onConflict) {
            case FAIL -> ConflictMode.FAIL;
            case OVERWRITE -> ConflictMode.OVERWRITE;
            case SKIP -> ConflictMode.SKIP;
        };
    }

    public ImportReport run(ImportSpec spec) {
        long started = System.nanoTime();
        String namespace = namespace(spec);
        TableCopy copy = database.tableCopy(new TableCopy.Plan(spec.table, spec.keyColumns, spec.keySeparator, spec.valueColumn,
                spec.where, namespace, conflictMode(spec.onConflict), limits.maxKeyBytes, limits.maxValueBytes));
        String type = spec.valueColumn == null ? "hash" : "string";
        String job = spec.job != null ? spec.job : copy.sourceName() + " -> " + namespace;
        String definition = spec.definition(copy.sourceName(), namespace);
        Optional<TableCopy.Job> continued = earlierRun(spec, copy, job, definition);
        List<String> position = continued.map(TableCopy.Job::position).orElse(null);

        TableCopy.Counts counts = copy.checkAndCount();
        boolean finished = continued.map(j -> j.finishedAt() != null).orElse(false);
        long existing = -1;
        boolean plainInsert = false;
        if (spec.dryRun || spec.onConflict == OnConflict.FAIL && !finished) {
            TableCopy.Conflicts conflicts = copy.conflicts(position, clock.instant());
            existing = conflicts.count();
            plainInsert = conflicts.rows() == 0 && spec.onConflict == OnConflict.FAIL;
            if (!spec.dryRun && existing > 0) {
                throw new IllegalArgumentException(existing + " keys of " + copy.sourceName() + " exist in namespace " + namespace
                        + " already (the first: '" + conflicts.firstKey() + "'); nothing was written. Choose onConflict OVERWRITE or SKIP.");
            }
        }
        long withoutValue = counts.rows() - counts.withValue();
        if (spec.dryRun) {
            List<ImportReport.Row> preview = copy.preview(PREVIEW_ROWS).stream()
                    .map(m -> new ImportReport.Row(m.key(), m.text() == null ? "(NULL: not imported)" : m.text())).toList();
            return new ImportReport(job, copy.sourceName(), namespace, type, true, counts.rows(), withoutValue, existing,
                    0, 0, 0, Duration.ofNanos(System.nanoTime() - started), preview, null);
        }

        createNamespace.accept(namespace);
        Instant expiresAt;
        Progress done;
        if (continued.isPresent()) {
            expiresAt = continued.get().expiresAt();
            done = new Progress(continued.get().rowsRead(), continued.get().rowsWritten());
        } else {
            expiresAt = spec.ttl == null ? null : Limits.expiry(clock.instant(), spec.ttl);
            copy.startJob(job, definition, expiresAt);
            done = new Progress(0, 0);
        }
        long rowsBefore = done.read();
        TableCopy.Comparison c;
        try (RangeVerifier verifier = new RangeVerifier()) {
            if (finished) {
                verifier.verify(() -> copy.compare(null, null, expiresAt));
            } else {
                if (position != null) { // the rows that earlier runs copied
                    List<String> upTo = position;
                    verifier.verify(() -> copy.compare(null, upTo, expiresAt));
                }
                done = copyRest(spec, copy, job, position, expiresAt, plainInsert, counts.rows(), done, verifier);
                copy.finishJob(job);
            }
            c = verifier.total();
        }
        // Rows that reached the source behind the position while the import ran: counted, not copied.
        long sourceRows = copy.count();
        long kept = spec.onConflict == OnConflict.SKIP ? Math.max(0, done.read() - withoutValue - done.written()) : 0;
        return new ImportReport(job, copy.sourceName(), namespace, type, false, sourceRows, withoutValue, existing,
                done.read(), rowsBefore, done.written(), Duration.ofNanos(System.nanoTime() - started), List.of(),
                new ImportReport.Verification(c.expected(), c.present(), c.identical(), kept, c.firstDifference()));
    }

    /** Source rows read and entries written, by this job so far. */
    private record Progress(long read, long written) {}

    /**
     * The unfinished or finished run of this job with the same options, to continue; empty to start
     * afresh. With {@code resume}, a missing job or one with other options is an error.
     */
    private static Optional<TableCopy.Job> earlierRun(ImportSpec spec, TableCopy copy, String job, String definition) {
        Optional<TableCopy.Job> earlier = spec.restart ? Optional.empty() : copy.job(job);
        if (spec.resume && earlier.isEmpty()) {
            throw new IllegalArgumentException("there is no import job '" + job + "' to resume");
        }
        if (spec.resume && !earlier.get().spec().equals(definition)) {
            throw new IllegalArgumentException("import job '" + job + "' was started with other options (" + earlier.get().spec()
                    + "); run it with those, or start over without --resume");
        }
        return earlier.filter(j -> j.spec().equals(definition));
    }

    /** Copies the batches after {@code position}, handing each committed range to the verifier; reports progress. */
    private Progress copyRest(ImportSpec spec, TableCopy copy, String job, List<String> position, Instant expiresAt,
                                     boolean plainInsert, long sourceRows, Progress done, RangeVerifier verifier) {
        long rowsBefore = done.read();
        long copying = System.nanoTime();
        TableCopy.Batch batch;
        do {
            List<String> from = position;
            batch = copy.copyBatch(job, position, spec.batchRows, expiresAt, clock.instant(), plainInsert);
            position = batch.position();
            done = new Progress(done.read() + batch.rowsRead(), done.written() + batch.rowsWritten());
            if (batch.rowsRead() > 0) {
                List<String> to = position;
                verifier.verify(() -> copy.compare(from, to, expiresAt));
            }
            report(spec, new ImportProgress(done.read(), sourceRows, done.read() - rowsBefore,
                    Duration.ofNanos(System.nanoTime() - copying)));
        } while (batch.rowsRead() == spec.batchRows);
        return done;
    }

    private static void report(ImportSpec spec, ImportProgress progress) {
        try {
            spec.progress.accept(progress);
        } catch (RuntimeException e) {
            throw new ListenerFailure(e);
        }
    }

    /** An exception of the caller's progress listener, carried past the API's translation of failures unchanged. */
    public static final class ListenerFailure extends RuntimeException {
        ListenerFailure(RuntimeException cause) {
            super(cause);
        }

        public RuntimeException listenerException() {
            return (RuntimeException) getCause();
        }
    }

    private static String namespace(ImportSpec spec) {
        if (spec.namespace != null) {
            return Identifiers.namespace(spec.namespace);
        }
        String table = spec.table.substring(spec.table.lastIndexOf('.') + 1).replace("\"", "");
        try {
            return Identifiers.namespace(table);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("table name " + table + " is not a valid namespace name: name the namespace", e);
        }
    }
}
