package io.hstorekv.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The command line: {@code java -jar hstore-kv.jar serve|sql|import|export [options]}. Every option can also come
 * from the environment as {@code HSTOREKV_<OPTION>} ({@code --database-url}: {@code HSTOREKV_DATABASE_URL});
 * a command-line option wins over the environment.
 */
@Command(name = "hstore-kv", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A key-value store in PostgreSQL hstore columns.",
        subcommands = {ServeCommand.class, SqlCommand.class, ImportCommand.class, ExportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        quietLogging();
        System.exit(execute(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with this environment; returns the exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return commandLine(env, out, err).execute(args);
    }

    /** The parser, reading option defaults from {@code env} (and, for {@code sql}, psql's PATH). */
    public static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        ((SqlCommand) cl.getSubcommands().get("sql").getCommand()).environment(env);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Unless configured otherwise (-Dorg.slf4j.simpleLogger.defaultLogLevel=...), only warnings of
     * the libraries (pool, migrations, embedded PostgreSQL) are logged, and our own info lines.
     */
    private static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.io.hstorekv", "info");
        }
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    }

    /** {@code --foo-bar} defaults to {@code $HSTOREKV_FOO_BAR}. */
    static final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
        private final Map<String, String> env;

        EnvironmentDefaults(Map<String, String> env) {
            this.env = env;
        }

        static String variable(CommandLine.Model.OptionSpec option) {
            return "HSTOREKV_" + option.longestName().replaceFirst("^-+", "").replace('-', '_')
                    .toUpperCase(Locale.ROOT);
        }

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
            if (argSpec instanceof CommandLine.Model.OptionSpec option && !option.usageHelp() && !option.versionHelp()) {
                String value = env.get(variable(option));
                return value == null || value.isEmpty() ? null : value;
            }
            return null;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hstore-kv " + (v == null ? "dev" : v)};
        }
    }
}
