package dev.weft.internal.transport;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class LogOnceTest {
    /** A System.Logger that keeps what it is given, as "LEVEL message". */
    private static final class Recording implements System.Logger {
        final List<String> lines = new ArrayList<>();
        Error error;

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (error != null) {
                throw error;
            }
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(level + " " + msgSupplier.get());
        }
    }

    private static RuntimeException thrownAt(int site) {
        // Two call sites, so the two exceptions have different first frames.
        return site == 1 ? failOne() : failTwo();
    }

    private static RuntimeException failOne() {
        return new IllegalStateException("one");
    }

    private static RuntimeException failTwo() {
        return new IllegalStateException("two");
    }

    @Test
    void theSameFaultIsLoggedAtItsLevelOnceThenAtDebug() {
        Recording log = new Recording();
        LogOnce once = new LogOnce(16);
        for (int i = 0; i < 1000; i++) {
            once.log(log, System.Logger.Level.WARNING, "listener threw", thrownAt(1));
        }
        assertThat(log.lines).hasSize(1000);
        assertThat(log.lines.get(0)).isEqualTo("WARNING listener threw (repeats of this are logged at DEBUG)");
        assertThat(log.lines.subList(1, 1000)).allMatch(l -> l.equals("DEBUG listener threw"));
    }

    @Test
    void aDifferentFaultOrMessageGetsItsOwnWarning() {
        Recording log = new Recording();
        LogOnce once = new LogOnce(16);
        once.log(log, System.Logger.Level.WARNING, "listener threw", thrownAt(1));
        once.log(log, System.Logger.Level.WARNING, "listener threw", thrownAt(2));
        once.log(log, System.Logger.Level.WARNING, "listener threw", new IllegalArgumentException());
        once.log(log, System.Logger.Level.ERROR, "accept failed", null);
        once.log(log, System.Logger.Level.ERROR, "accept failed", null);
        assertThat(log.lines).extracting(l -> l.split(" ")[0])
                .containsExactly("WARNING", "WARNING", "WARNING", "ERROR", "DEBUG");
    }

    @Test
    void pastItsBoundNewKindsGoToDebugSoMemoryStaysBounded() {
        Recording log = new Recording();
        LogOnce once = new LogOnce(3);
        for (int i = 0; i < 10; i++) {
            once.log(log, System.Logger.Level.WARNING, "kind " + i, null);
        }
        assertThat(log.lines).filteredOn(l -> l.startsWith("WARNING")).hasSize(3);
        assertThat(log.lines).filteredOn(l -> l.startsWith("DEBUG")).hasSize(7);
        assertThat(once.firstTime("another")).isFalse();
    }

    @Test
    void aLogThatFailsDoesNotThrowAndTheFirstLineGoesToStderr() {
        Recording log = new Recording();
        log.error = new Error("tzdb.dat (Too many open files)");
        LogOnce once = new LogOnce(16);
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThatCode(() -> once.log(log, System.Logger.Level.WARNING, "accept failed", null)).doesNotThrowAnyException();
            assertThatCode(() -> once.log(log, System.Logger.Level.WARNING, "accept failed", null)).doesNotThrowAnyException();
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("weft: WARNING: accept failed")
                .contains("the log itself failed: java.lang.Error: tzdb.dat (Too many open files)");
    }

    @Test
    void anOutOfMemoryErrorFromTheLogIsNotSwallowed() {
        Recording log = new Recording();
        log.error = new OutOfMemoryError("test");
        LogOnce once = new LogOnce(16);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> once.log(log, System.Logger.Level.WARNING, "x", null))
                .isInstanceOf(OutOfMemoryError.class);
    }
}
