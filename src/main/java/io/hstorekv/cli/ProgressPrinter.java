package io.hstorekv.cli;

import io.hstorekv.imports.ImportProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Import progress: on a terminal a bar redrawn in place (rows done, rows/s, ETA); elsewhere (logs,
 * pipes) a plain line every few seconds and one at the end.
 */
final class ProgressPrinter implements Consumer<ImportProgress> {
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final long intervalNanos;
    private long lastPrinted;

    ProgressPrinter(PrintWriter out, boolean terminal, Duration interval) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = interval.toNanos();
        this.lastPrinted = System.nanoTime();
    }

    @Override
    public void accept(ImportProgress p) {
        boolean done = p.rowsDone() >= p.rowsTotal();
        long now = System.nanoTime();
        if (!done && now - lastPrinted < intervalNanos) {
            return;
        }
        lastPrinted = now;
        if (terminal) {
            int filled = (int) (BAR_WIDTH * fraction(p));
            out.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + line(p) + "   ");
            if (done) {
                out.println();
            }
        } else {
            out.println("import: " + line(p));
        }
        out.flush();
    }

    static String line(ImportProgress p) {
        Duration eta = p.eta();
        return String.format(Locale.ROOT, "%d/%d rows (%.0f%%), %.0f rows/s, ETA %s", p.rowsDone(), p.rowsTotal(),
                100 * fraction(p), p.rowsPerSecond(), eta == null ? "?" : clock(eta));
    }

    private static double fraction(ImportProgress p) {
        return p.rowsTotal() == 0 ? 1 : Math.min(1, (double) p.rowsDone() / p.rowsTotal());
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
