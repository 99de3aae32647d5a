package dev.weft.server.internal.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One-line log format for the {@code dev.weft} loggers when System.Logger is backed by java.util.logging
 * (the JDK default): {@code 2025-01-01 12:00:00.000 INFO [master:1234] message}. If an application routes
 * System.Logger elsewhere, this has no effect on it.
 */
public final class LogSetup {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static Logger root; // strong reference: JUL keeps loggers weakly

    private LogSetup() {}

    /**
     * Installs the format.
     *
     * @param role    shown in each line, e.g. {@code master} or {@code web:0}
     * @param logFile also append to this file (null: console only)
     */
    public static synchronized void install(String role, Path logFile) {
        root = Logger.getLogger("dev.weft");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        root.setUseParentHandlers(false);
        root.setLevel(Level.INFO);
        Formatter f = new OneLine(role + ":" + ProcessHandle.current().pid());
        ConsoleHandler console = new ConsoleHandler(); // stderr
        console.setFormatter(f);
        console.setLevel(Level.ALL);
        root.addHandler(console);
        if (logFile != null) {
            try {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                FileHandler file = new FileHandler(logFile.toString(), true);
                file.setFormatter(f);
                root.addHandler(file);
            } catch (IOException e) {
                root.warning("cannot write log file " + logFile + ": " + e.getMessage());
            }
        }
    }

    private static final class OneLine extends Formatter {
        private final String who;

        OneLine(String who) {
            this.who = who;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder()
                    .append(TIME.format(LocalDateTime.now()))
                    .append(' ')
                    .append(r.getLevel().getName())
                    .append(" [")
                    .append(who)
                    .append("] ")
                    .append(formatMessage(r))
                    .append('\n');
            if (r.getThrown() != null) {
                var sw = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                sb.append(sw);
            }
            return sb.toString();
        }
    }
}
