package io.hstorekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.imports.ImportProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress display: a bar redrawn in place on a terminal, plain lines elsewhere. */
class ProgressPrinterTest {
    private final StringWriter out = new StringWriter();

    @Test
    void aTerminalGetsABarRedrawnInPlace() {
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), true, Duration.ZERO);
        printer.accept(new ImportProgress(250, 1000, 250, Duration.ofSeconds(1)));
        printer.accept(new ImportProgress(1000, 1000, 1000, Duration.ofSeconds(4)));
        assertThat(out.toString()).isEqualTo(
                "\r[#######                       ] 250/1000 rows (25%), 250 rows/s, ETA 0:00:03   "
                        + "\r[##############################] 1000/1000 rows (100%), 250 rows/s, ETA 0:00:00   "
                        + System.lineSeparator());
    }

    @Test
    void elsewhereAPlainLineEveryIntervalAndAtTheEnd() {
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), false, Duration.ofHours(1));
        printer.accept(new ImportProgress(10, 30, 10, Duration.ofSeconds(1)));
        printer.accept(new ImportProgress(20, 30, 20, Duration.ofSeconds(2)));
        printer.accept(new ImportProgress(30, 30, 30, Duration.ofSeconds(3)));
        assertThat(out.toString()).isEqualTo("import: 30/30 rows (100%), 10 rows/s, ETA 0:00:00" + System.lineSeparator());
        assertThat(new ImportProgress(0, 30, 0, Duration.ZERO).eta()).isNull();
        assertThat(ProgressPrinter.line(new ImportProgress(5, 7200 * 2 + 5, 5, Duration.ofSeconds(5)))).endsWith("ETA 4:00:00");
    }
}
