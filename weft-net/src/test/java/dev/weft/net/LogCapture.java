package dev.weft.net;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what weft-net logs (System.Logger goes to java.util.logging in the tests) while open. */
final class LogCapture extends Handler implements AutoCloseable {
    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger jul = Logger.getLogger("dev.weft.net");

    LogCapture() {
        jul.addHandler(this);
    }

    /** The records whose message contains {@code text}. */
    List<LogRecord> containing(String text) {
        return records.stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains(text))
                .toList();
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        jul.removeHandler(this);
    }
}
