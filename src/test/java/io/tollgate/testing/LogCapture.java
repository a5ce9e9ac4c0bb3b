package io.tollgate.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** The formatted lines one class logs while open, for tests of what reaches the log. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger;
    private final Logger debugged;
    private final Level before;

    private LogCapture(String category, String debugCategory) {
        this.logger = Logger.getLogger(category);
        this.debugged = debugCategory == null ? null : Logger.getLogger(debugCategory);
        this.before = debugged == null ? null : debugged.getLevel();
        if (debugged != null) {
            debugged.setLevel(Level.FINE);
        }
        logger.addHandler(this);
    }

    public static LogCapture of(Class<?> source) {
        return new LogCapture(source.getName(), null);
    }

    /** Every line logged anywhere while open, with the gateway's own debug lines switched on. */
    public static LogCapture everythingWithDebug() {
        return new LogCapture("", "io.tollgate");
    }

    /** All lines captured, as one text. */
    public String text() {
        return String.join("\n", lines);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        if (debugged != null) {
            debugged.setLevel(before);
        }
    }
}
