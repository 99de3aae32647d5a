package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.server.internal.posix.Posix;
import dev.weft.server.internal.posix.UnixDatagram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd's Type=notify, with a fake {@code $NOTIFY_SOCKET}: the test binds the datagram socket itself (through
 * FFM, as the master sends) and reads what real master JVMs send through a start, a reload, an upgrade and a
 * stop.
 */
class SystemdNotifyTest {
    private final List<String> messages = new CopyOnWriteArrayList<>();

    @Test
    void aForegroundMasterSendsReadyReloadingReadyThenMainPidAfterAnUpgradeAndStopping(@TempDir Path dir)
            throws Exception {
        String socket = dir.resolve("notify.sock").toString();
        int fd = UnixDatagram.bind(socket);
        try (Cluster c =
                Cluster.startWith(dir, Map.of("app.count", "1"), 0, List.of(), Map.of("NOTIFY_SOCKET", socket))) {
            awaitMessage(fd, "READY=1");
            assertThat(messages.getFirst()).contains("STATUS=all 1 processes ready");
            c.awaitIdle(1);

            Cluster.signal(c.master.pid(), "HUP");
            awaitMessage(fd, "RELOADING=1");
            assertThat(last()).containsPattern("MONOTONIC_USEC=\\d+");
            awaitMessage(fd, "READY=1");
            assertThat(last()).contains("STATUS=reload done");

            // An upgrade: the new master names itself the main process; the old one does not say STOPPING.
            Cluster.CliResult up = c.cli("upgrade");
            assertThat(up.code()).as(up.err()).isZero();
            awaitMessage(fd, "MAINPID=" + newMaster(c));
            assertThat(last()).contains("READY=1");
            assertThat(c.master.waitFor(30, TimeUnit.SECONDS)).isTrue();

            long pid = newMaster(c);
            Cluster.signal(pid, "TERM");
            awaitMessage(fd, "STOPPING=1");
            assertThat(ProcessHandle.of(pid).map(h -> h.onExit().join()))
                    .as("the new master stops")
                    .isPresent();
            assertThat(messages).as("one message each, in order").hasSize(5);
        } finally {
            Posix.close(fd);
        }
    }

    private static long newMaster(Cluster c) throws java.io.IOException {
        return Long.parseLong(
                java.nio.file.Files.readString(c.runDir.resolve("app.pid")).trim());
    }

    private String last() {
        return messages.getLast();
    }

    /** Waits for the next datagram and checks that it starts with {@code first}. */
    private void awaitMessage(int fd, String first) {
        int before = messages.size();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    String m = UnixDatagram.receive(fd);
                    if (m != null) messages.add(m);
                    return messages.size() > before;
                });
        assertThat(last().lines().findFirst()).as(String.join(" | ", messages)).hasValue(first);
    }
}
