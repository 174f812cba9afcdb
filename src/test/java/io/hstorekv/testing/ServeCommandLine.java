package io.hstorekv.testing;

import io.hstorekv.cli.Main;
import io.hstorekv.cli.ServeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** {@code serve} options parsed as the command line does, without running the command. */
public final class ServeCommandLine {
    private ServeCommandLine() {}

    /** The {@code serve} command for {@code options} (without the word "serve") and {@code env}. */
    public static ServeCommand parse(Map<String, String> env, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "serve";
        System.arraycopy(options, 0, args, 1, options.length);
        PrintWriter discard = new PrintWriter(new StringWriter(), true);
        return (ServeCommand) Main.commandLine(env, discard, discard).parseArgs(args).subcommand().commandSpec().userObject();
    }
}
