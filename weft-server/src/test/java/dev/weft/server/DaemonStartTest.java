package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code start -d} as a user runs it: the program's own options survive, a failure says why. */
class DaemonStartTest {
    private static final Map<String, String> ONE = Map.of("app.count", "1");

    @Test
    void aDaemonMasterAndItsChildrenRunWithExactlyTheUsersArguments(@TempDir Path dir) throws Exception {
        int port = freePort();
        Cluster.CliResult start = Cluster.cli(dir, ONE, "start", "-d", "--web-port", "" + port);
        try {
            assertThat(start.code()).as(start.err()).isZero();
            try (KeepAliveClient client = new KeepAliveClient(port)) {
                assertThat(client.get("/").body()).isEqualTo("hello");
            }
            ProcessHandle master = ProcessHandle.of(masterPid(dir)).orElseThrow();
            assertThat(tail(master, 4)).containsExactly("start", "-d", "--web-port", "" + port);
            List<ProcessHandle> children = master.children().toList();
            assertThat(children).hasSize(1);
            assertThat(tail(children.get(0), 4)).containsExactly("start", "-d", "--web-port", "" + port);
        } finally {
            stopAndKill(dir);
        }
    }

    @Test
    void startHelpListsTheProgramsOwnOptions(@TempDir Path dir) throws Exception {
        Cluster.CliResult help = Cluster.cli(dir, ONE, "start", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--web-port=PORT", "The web worker's port.", "--daemon");
    }

    @Test
    void aBadValueOfTheProgramsOptionIsAUsageErrorPrintedOnce(@TempDir Path dir) throws Exception {
        Cluster.CliResult r = Cluster.cli(dir, ONE, "start", "-d", "--web-port", "banana");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().split("Invalid value", -1)).hasSize(2);
        assertThat(r.err()).contains("--web-port", "banana", "Usage:").doesNotContain("Exception");
        assertThat(dir.resolve("run/app.pid")).doesNotExist();
    }

    @Test
    void aDaemonThatCannotBindPrintsTheMastersReasonAndExitsNonZero(@TempDir Path dir) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Cluster.CliResult start = Cluster.cli(dir, ONE, "start", "-d", "--web-port", "" + busy.getLocalPort());
            assertThat(start.code()).isEqualTo(1);
            assertThat(start.err())
                    .contains("failed to start")
                    .contains("cannot listen on http://127.0.0.1:" + busy.getLocalPort())
                    .contains("Address already in use");
        } finally {
            stopAndKill(dir);
        }
    }

    private static List<String> tail(ProcessHandle p, int n) {
        String[] args = p.info().arguments().orElseThrow();
        return List.of(args).subList(args.length - n, args.length);
    }

    private static long masterPid(Path dir) throws Exception {
        return Long.parseLong(Files.readString(dir.resolve("run/app.pid")).trim());
    }

    private static void stopAndKill(Path dir) throws Exception {
        if (!Files.exists(dir.resolve("run/app.pid"))) return;
        Cluster.cli(dir, ONE, "stop");
        if (Files.exists(dir.resolve("run/app.pid"))) {
            ProcessHandle.of(masterPid(dir)).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
