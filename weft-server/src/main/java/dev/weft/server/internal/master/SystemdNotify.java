package dev.weft.server.internal.master;

import dev.weft.server.internal.posix.UnixDatagram;
import java.nio.charset.StandardCharsets;

/**
 * systemd's {@code Type=notify} protocol for a master started in the foreground under systemd: {@code
 * READY=1} once every process is ready, {@code RELOADING=1} when a reload starts and {@code READY=1} again
 * when it ends, {@code STOPPING=1} when the stop begins, and {@code MAINPID=} from a master that took over
 * by {@code weft upgrade}. Messages go to {@code $NOTIFY_SOCKET}, an AF_UNIX datagram socket (a path or
 * {@code @abstract}), sent through libc because the JDK has no datagram AF_UNIX channel.
 *
 * <p>Off when {@code $NOTIFY_SOCKET} is unset, and for the master that {@code start -d} detaches (systemd
 * would track the CLI, which exits). A failed send is logged once per kind and never stops the master.
 */
final class SystemdNotify {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.master");
    private final String socket;

    private SystemdNotify(String socket) {
        this.socket = socket;
    }

    /** From {@code $NOTIFY_SOCKET}; off for a daemon master. */
    static SystemdNotify fromEnvironment(boolean daemon) {
        String s = System.getenv("NOTIFY_SOCKET");
        return new SystemdNotify(daemon || s == null || s.isBlank() ? null : s);
    }

    /** Off: every message is dropped. */
    static SystemdNotify off() {
        return new SystemdNotify(null);
    }

    boolean enabled() {
        return socket != null;
    }

    /** Every process is ready (at start, and at the end of a reload). */
    void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    /** A reload starts; systemd wants the monotonic time with it (CLOCK_MONOTONIC, as nanoTime on Linux). */
    void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000 + "\nSTATUS=reloading");
    }

    /** The stop begins. */
    void stopping() {
        send("STOPPING=1\nSTATUS=stopping");
    }

    /** This process is the service's main process from now on (a master started by {@code weft upgrade}). */
    void mainPid(long pid, String status) {
        send("MAINPID=" + pid + "\nREADY=1\nSTATUS=" + status);
    }

    private void send(String message) {
        if (socket == null) return;
        try {
            UnixDatagram.send(socket, message.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot notify systemd on " + socket + " ("
                            + message.lines().findFirst().orElse("") + "): " + e.getMessage());
        }
    }
}
