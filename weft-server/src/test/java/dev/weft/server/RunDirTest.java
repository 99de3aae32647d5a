package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run directory and its files on real processes: private modes, connection rows that name their
 * transport and IP version (UDP Workers included), status files gone after stop, qps per caller window.
 */
class RunDirTest {

    @Test
    void runFilesArePrivateListTheirTransportAndAreRemovedAtStop(@TempDir Path dir) throws Exception {
        Map<String, String> props = Map.of("app.count", "1", "app.udp", "true");
        try (Cluster c = Cluster.start(dir, props, 3)) {
            assertThat(mode(c.runDir)).isEqualTo("rwx------");
            assertThat(mode(c.runDir.resolve("app.log"))).isEqualTo("rw-------");
            try (KeepAliveClient k = new KeepAliveClient(c.port("web"))) {
                k.get("/");

                JsonNode conns = Cluster.json(c.cli("connections", "--json").out());
                List<String> rows = new ArrayList<>();
                for (JsonNode r : conns.path("connections")) {
                    rows.add(r.path("worker").asText() + " "
                            + r.path("transport").asText() + " " + r.path("ip").asText());
                }
                assertThat(rows)
                        .as("the HTTP connection and one row per UDP process")
                        .containsExactlyInAnyOrder("web tcp ipv4", "udp udp ipv4", "udp udp ipv4");

                Cluster.signal(c.master.pid(), "USR2");
                Cluster.signal(c.master.pid(), "IO");
                Path status = c.runDir.resolve("app.status");
                Path connections = c.runDir.resolve("app.connections");
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> Files.exists(status)
                                && Files.exists(connections)
                                && Files.readAllLines(connections).size() == 3);
                assertThat(mode(status)).isEqualTo("rw-------");
                assertThat(mode(connections)).isEqualTo("rw-------");
            }

            Cluster.CliResult stop = c.cli("stop");
            assertThat(stop.code()).as(stop.err()).isZero();
            assertThat(c.runDir.resolve("app.status")).doesNotExist();
            assertThat(c.runDir.resolve("app.connections")).doesNotExist();
            assertThat(c.runDir.resolve("app.pid")).doesNotExist();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
