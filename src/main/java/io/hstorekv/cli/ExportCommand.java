package io.hstorekv.cli;

import io.hstorekv.HstoreKv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code export}: a namespace as JSON Lines, to a file or standard output; {@code import --from-jsonl} restores it. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a namespace's live keys as JSON Lines (types, expiry, binary values preserved).",
                "Every option may also be given as an environment variable HSTOREKV_<OPTION>."})
public final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--namespace", paramLabel = "NS", required = true, description = "The namespace to export.")
    String namespace;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl (the only one).")
    String format = "jsonl";

    @Option(names = "--output", paramLabel = "FILE", description = "Where to write (default: standard output).")
    Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!"jsonl".equals(format)) {
            err.println("hstore-kv export: --format must be jsonl");
            return ImportCommand.BAD_INPUT;
        }
        try (HstoreKv kv = database.open()) {
            long lines;
            if (output == null) {
                PrintWriter out = spec.commandLine().getOut();
                lines = kv.exportJsonl(namespace, out);
                out.flush();
            } else {
                try (Writer out = new BufferedWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
                    lines = kv.exportJsonl(namespace, out);
                }
            }
            err.println("exported " + lines + " keys of namespace " + namespace);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("hstore-kv export: " + e.getMessage());
            return ImportCommand.BAD_INPUT;
        } catch (RuntimeException | IOException e) {
            err.println("hstore-kv export failed: " + e.getMessage());
            return ImportCommand.FAILED;
        }
    }
}
