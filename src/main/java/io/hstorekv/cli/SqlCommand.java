package io.hstorekv.cli;

import io.hstorekv.HstoreKv;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code sql}: SQL on the store's database. With {@code -c} it runs the statements over JDBC and
 * prints a table (or CSV); without, it starts {@code psql} on the database, or explains how to get
 * there when psql is not installed. The database is {@code --database-url}'s, or else the embedded
 * PostgreSQL of {@code --data-dir}: the one a running {@code serve} has started there (found through
 * its {@code postmaster.pid}), or, when none runs, one this command starts on the directory for its
 * own duration (after applying the store's migrations) and stops again; that one holds the
 * directory's lock, so a {@code serve} started meanwhile refuses to start rather than share it.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run SQL on the store's database (-c), or open psql on it.",
                "Without --database-url: the embedded PostgreSQL of --data-dir; a running serve's, or else one",
                "started on that directory for the duration of this command.",
                "Exit codes: 0 done, 1 failed (no database, cannot connect, SQL error, no psql), 2 bad options.",
                "Every option may also be given as an environment variable HSTOREKV_<OPTION>."})
public final class SqlCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The embedded PostgreSQL's files, as given to serve (default ./hstore-kv-data).")
    Path dataDir = Paths.get("hstore-kv-data");

    @Option(names = "--database-url", paramLabel = "JDBC_URL", description = "A PostgreSQL holding the store, instead of the embedded one.")
    String databaseUrl;

    @Option(names = "--database-user", paramLabel = "USER", description = "User for --database-url.")
    String databaseUser;

    @Option(names = "--database-password", paramLabel = "PASSWORD", description = "Password for --database-url.")
    String databasePassword;

    @Option(names = {"-c", "--command"}, paramLabel = "SQL", description = "Statements to run (several: separate with ;); without it, psql is started.")
    String command;

    @Option(names = "--csv", description = "Print results as CSV instead of a table (with -c).")
    boolean csv;

    @Parameters(paramLabel = "PSQL_ARGUMENT", description = "After --, more arguments for psql (without -c).")
    List<String> psqlArguments = new ArrayList<>();

    private Map<String, String> environment = System.getenv();

    /** The environment psql is looked for in (its PATH) and started with. */
    void environment(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (command != null && !psqlArguments.isEmpty()) {
            err.println("hstore-kv sql: arguments for psql (" + String.join(" ", psqlArguments) + ") do not go with -c");
            return BAD_INPUT;
        }
        if (csv && command == null) {
            err.println("hstore-kv sql: --csv goes with -c");
            return BAD_INPUT;
        }
        Optional<Path> psql = command == null ? Psql.find(environment) : Optional.empty();
        try {
            if (databaseUrl != null && !databaseUrl.isBlank()) {
                Target target = new Target(databaseUrl, databaseUser, databasePassword,
                        PostgresAddress.ofJdbcUrl(databaseUrl, databaseUser));
                return run(target, psql);
            }
            return onDataDir(new DataDir(dataDir), psql);
        } catch (SQLException e) {
            err.println("hstore-kv sql: " + e.getMessage());
            return FAILED;
        } catch (IOException | RuntimeException e) {
            err.println("hstore-kv sql failed: " + e.getMessage());
            return FAILED;
        }
    }

    private int onDataDir(DataDir dir, Optional<Path> psql) throws SQLException, IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!dir.holdsDatabase()) {
            err.println("hstore-kv sql: no database in " + dir + ": `serve --data-dir " + dir + "` creates one there;"
                    + " or give --database-url");
            return FAILED;
        }
        Optional<PostgresAddress> running = dir.runningPostgres().filter(SqlCommand::answers);
        if (running.isPresent()) {
            return run(Target.embedded(running.get()), psql);
        }
        if (command == null && psql.isEmpty()) {
            return explainWithoutPsql(Optional.empty());
        }
        EmbeddedDatabase own = EmbeddedDatabase.start(dir.path(), 0);
        // Stopped however this process ends: normally below, or on SIGTERM/SIGHUP by the hook.
        Thread stopOnExit = new Thread(() -> stop(own), "hstore-kv-sql-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            PostgresAddress address = PostgresAddress.embedded(own.port());
            HstoreKv.builder().jdbcUrl(address.jdbcUrl()).credentials(PostgresAddress.EMBEDDED_USER, null).poolSize(2)
                    .sweepInterval(null).open().close();
            return run(Target.embedded(address), psql);
        } finally {
            stop(own);
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway; stopping twice is harmless
            }
        }
    }

    private void stop(EmbeddedDatabase own) {
        try {
            own.close();
        } catch (IOException e) {
            spec.commandLine().getErr().println("hstore-kv sql: stopping the embedded PostgreSQL failed: " + e.getMessage());
        }
    }

    private int run(Target target, Optional<Path> psql) throws SQLException, IOException {
        if (command != null) {
            return query(target);
        }
        if (psql.isEmpty()) {
            return explainWithoutPsql(target.address());
        }
        if (target.address().isEmpty()) {
            spec.commandLine().getErr().println("hstore-kv sql: psql cannot be pointed at " + ServeCommand.redact(target.jdbcUrl())
                    + " (only jdbc:postgresql://host[:port]/database URLs translate); use -c, or psql with that database");
            return FAILED;
        }
        return Psql.run(psql.get(), target.address().get(), target.password(), psqlArguments, environment);
    }

    private int query(Target target) throws SQLException {
        ResultPrinter printer = new ResultPrinter(spec.commandLine().getOut(), csv);
        Connection connection;
        try {
            connection = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
        } catch (SQLException e) {
            throw new SQLException("cannot connect to PostgreSQL at " + ServeCommand.redact(target.jdbcUrl()) + ": " + e.getMessage(), e);
        }
        try (connection; Statement statement = connection.createStatement()) {
            boolean isResultSet = statement.execute(command);
            while (true) {
                if (isResultSet) {
                    try (ResultSet rs = statement.getResultSet()) {
                        printer.print(rs);
                    }
                } else if (statement.getUpdateCount() >= 0) {
                    printer.printUpdateCount(statement.getUpdateCount());
                } else {
                    return 0;
                }
                isResultSet = statement.getMoreResults();
            }
        }
    }

    private int explainWithoutPsql(Optional<PostgresAddress> address) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("hstore-kv sql: psql is not installed (no psql on the PATH), so there is no SQL shell to start.");
        err.println("  Run statements without it:  java -jar hstore-kv.jar sql -c \"SELECT namespace, key, type FROM hstorekv.keys\"");
        err.println("  Install psql:               apt-get install postgresql-client (Debian, Ubuntu), dnf install postgresql (Fedora),"
                + " brew install libpq (macOS)");
        err.println(address.map(a -> "  Or connect any SQL tool:    " + a.jdbcUrl())
                .orElse("  Or connect any SQL tool:    serve prints the JDBC URL of its database when it is ready"));
        return FAILED;
    }

    /** Whether a PostgreSQL answers at this address (a postmaster.pid can outlive its server). */
    private static boolean answers(PostgresAddress address) {
        try (Connection ignored = DriverManager.getConnection(address.jdbcUrl())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The database to connect to: its JDBC URL and credentials, and its address for psql when it has one. */
    private record Target(String jdbcUrl, String user, String password, Optional<PostgresAddress> address) {
        static Target embedded(PostgresAddress address) {
            return new Target(address.jdbcUrl(), address.user(), null, Optional.of(address));
        }
    }

    /** psql: where it is installed, and running it in this terminal. */
    static final class Psql {
        private Psql() {}

        /** The psql on the environment's PATH, if any. */
        static Optional<Path> find(Map<String, String> environment) {
            String path = environment.getOrDefault("PATH", "");
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path candidate = Paths.get(dir, "psql");
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
            return Optional.empty();
        }

        /** Runs psql on the terminal (standard input, output and error are its) until it exits; returns its exit code. */
        static int run(Path psql, PostgresAddress address, String password, List<String> extra, Map<String, String> environment)
                throws IOException {
            List<String> commandLine = new ArrayList<>();
            commandLine.add(psql.toString());
            commandLine.addAll(address.psqlArguments());
            commandLine.addAll(extra);
            ProcessBuilder builder = new ProcessBuilder(commandLine).inheritIO();
            builder.environment().clear();
            builder.environment().putAll(environment);
            if (password != null) {
                builder.environment().put("PGPASSWORD", password);
            }
            // Ctrl-C in psql cancels its query; it must not end this process too, which would leave
            // psql without its parent and an embedded PostgreSQL started by sql running without owner.
            Signal interrupt = new Signal("INT");
            SignalHandler previous = Signal.handle(interrupt, signal -> { });
            try {
                Process process = builder.start();
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    process.destroy();
                    Thread.currentThread().interrupt();
                    return FAILED;
                }
            } finally {
                Signal.handle(interrupt, previous);
            }
        }
    }
}
