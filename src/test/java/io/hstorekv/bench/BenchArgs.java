package io.hstorekv.bench;

import java.util.Arrays;

/** The {@code --name value} and {@code --flag} options of the benchmark programs. */
final class BenchArgs {
    private BenchArgs() {}

    /** The integer after {@code name}, or {@code fallback} when the option is absent. */
    static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    /** Whether {@code name} is on the command line. */
    static boolean flag(String[] args, String name) {
        return Arrays.asList(args).contains(name);
    }
}
