package io.hstorekv.cli;

import io.hstorekv.HstoreKv;
import io.hstorekv.imports.ImportReport;
import io.hstorekv.imports.ImportSpec;
import io.hstorekv.imports.OnConflict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code import}: a table of the same database into a namespace (copied inside PostgreSQL, in
 * batches, resumable, verified), or a JSON Lines dump ({@code --from-jsonl}).
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import a table of the database into a namespace, or a JSON Lines dump (--from-jsonl).",
                "Exit codes: 0 done and verified, 1 failed (database), 2 bad options or bad input (nothing written),",
                "3 the verification found a difference.",
                "Every option may also be given as an environment variable HSTOREKV_<OPTION>, e.g. HSTOREKV_TABLE."})
public final class ImportCommand implements Callable<Integer> {
    private static final Pattern ON_CONFLICT = Pattern.compile("onConflict ((?:FAIL|OVERWRITE|SKIP)(?: or (?:FAIL|OVERWRITE|SKIP))*)");

    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int MISMATCH = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--table", paramLabel = "[SCHEMA.]NAME", description = "The table (or view) to import.")
    String table;

    @Option(names = "--key-column", paramLabel = "COLUMN", split = ",",
            description = "The key column; repeat (or separate with commas) for a composite key.")
    List<String> keyColumns = List.of();

    @Option(names = "--key-separator", paramLabel = "TEXT", description = "Between the parts of a composite key (default :).")
    String keySeparator = ":";

    @Option(names = "--namespace", paramLabel = "NS", description = "Target namespace (default: the table's name).")
    String namespace;

    @Option(names = "--value-column", paramLabel = "COLUMN", description = "One string entry per row, holding this column.")
    String valueColumn;

    @Option(names = "--as-hash", description = "One hash per row, the other columns its fields (the default without --value-column).")
    boolean asHash;

    @Option(names = "--where", paramLabel = "SQL", description = "Only rows for which this SQL predicate holds.")
    String where;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "Imported keys expire this long after the job started.")
    Long ttlSeconds;

    @Option(names = "--batch-rows", paramLabel = "N", description = "Rows per batch, each its own transaction (default 10000).")
    int batchRows = ImportSpec.DEFAULT_BATCH_ROWS;

    @Option(names = "--on-conflict", paramLabel = "MODE", description = "Keys already in the namespace: fail (default, nothing written), overwrite, skip.")
    OnConflict onConflict = OnConflict.FAIL;

    @Option(names = "--dry-run", description = "Check, count and show the first rows as they would be stored; write nothing.")
    boolean dryRun;

    @Option(names = "--resume", description = "Continue the interrupted job (an error if there is none with these options).")
    boolean resume;

    @Option(names = "--restart", description = "Start the job over, even if it ran before.")
    boolean restart;

    @Option(names = "--job", paramLabel = "NAME", description = "The job's name (default: \"<table> -> <namespace>\").")
    String job;

    @Option(names = "--from-jsonl", paramLabel = "FILE", description = "Restore a dump written by export (instead of --table).")
    Path fromJsonl;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((table == null) == (fromJsonl == null)) {
            err.println("hstore-kv import: give either --table or --from-jsonl");
            return BAD_INPUT;
        }
        if (valueColumn != null && asHash) {
            err.println("hstore-kv import: --value-column and --as-hash exclude each other");
            return BAD_INPUT;
        }
        try (HstoreKv kv = database.open()) {
            if (fromJsonl != null) {
                return restore(kv, out);
            }
            ImportReport report = kv.importTable(importSpec(out));
            out.print(report.describe());
            out.flush();
            return report.ok() ? 0 : MISMATCH;
        } catch (IllegalArgumentException e) {
            err.println("hstore-kv import: " + inFlagTerms(e.getMessage()));
            return BAD_INPUT;
        } catch (RuntimeException | IOException e) {
            err.println("hstore-kv import failed: " + inFlagTerms(e.getMessage()));
            return FAILED;
        }
    }

    /** The API's "onConflict OVERWRITE or SKIP" in a message, as this command's options say it. */
    static String inFlagTerms(String message) {
        return message == null ? null : ON_CONFLICT.matcher(message)
                .replaceAll(m -> "--on-conflict " + m.group(1).toLowerCase(Locale.ROOT));
    }

    ImportSpec importSpec(PrintWriter out) {
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("--key-column is required");
        }
        ImportSpec s = ImportSpec.table(table).keyColumns(keyColumns.toArray(String[]::new)).keySeparator(keySeparator)
                .into(namespace).where(where).batchRows(batchRows).onConflict(onConflict).job(job)
                .onProgress(new ProgressPrinter(out, System.console() != null, Duration.ofSeconds(5)));
        if (valueColumn != null) {
            s = s.valueColumn(valueColumn);
        }
        if (ttlSeconds != null) {
            if (ttlSeconds < 1) {
                throw new IllegalArgumentException("--ttl must be a positive number of seconds");
            }
            s = s.ttl(Duration.ofSeconds(ttlSeconds));
        }
        if (dryRun) {
            s = s.dryRun();
        }
        if (resume) {
            s = s.resume();
        }
        return restart ? s.restart() : s;
    }

    private int restore(HstoreKv kv, PrintWriter out) throws IOException {
        if (namespace == null) {
            throw new IllegalArgumentException("--namespace is required with --from-jsonl");
        }
        try (BufferedReader in = Files.newBufferedReader(fromJsonl, StandardCharsets.UTF_8)) {
            long written = kv.importJsonl(namespace, in, onConflict);
            out.println("imported " + written + " entries from " + fromJsonl + " into namespace " + namespace);
            return 0;
        }
    }
}
