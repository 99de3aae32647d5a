package dev.weft.coroutine;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The text of {@link Co#dump()}. */
final class Dump {
    private Dump() {}

    static String text(List<Coroutine> coroutines) {
        coroutines.sort(Comparator.comparingLong(Coroutine::id));
        StringBuilder b = new StringBuilder(256 + coroutines.size() * 512);
        b.append("Coroutines dump ")
                .append(Instant.now())
                .append(" (")
                .append(coroutines.size())
                .append(" live, pid ")
                .append(ProcessHandle.current().pid())
                .append(")\n");
        for (Coroutine c : coroutines) {
            b.append('\n').append(header(c)).append('\n');
            for (StackTraceElement e : c.stackTrace()) {
                b.append("\tat ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    /** {@code Coroutine "name" #id, state: SUSPENDED (channel.pop) since 1.2 s}, then {@code , kill pending} if so. */
    static String header(Coroutine c) {
        StringBuilder b = new StringBuilder(96);
        b.append("Coroutine \"")
                .append(c.name())
                .append("\" #")
                .append(c.id())
                .append(", state: ")
                .append(c.state());
        Suspension s = c.suspension();
        if (s != null) {
            b.append(" (").append(s.event()).append(") since ").append(seconds(s.age()));
        } else {
            b.append(", started ").append(seconds(c.age())).append(" ago");
        }
        if (c.isKillPending()) {
            b.append(", kill pending");
        }
        return b.toString();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }
}
