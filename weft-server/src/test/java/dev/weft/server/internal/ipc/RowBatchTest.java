package dev.weft.server.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows written by a {@link RowBatch} (as trees or field by field, across several 64 KiB batches) reach the
 * asking {@link Peer}'s listener as the exact bytes of each row, in order, and then the reply.
 */
class RowBatchTest {
    @TempDir
    Path dir;

    @Test
    void rowsCrossTheLinkUnparsedInOrderThenTheReply() throws Exception {
        Path socket = dir.resolve("link.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (JsonLineChannel asking = JsonLineChannel.connect(socket);
                    JsonLineChannel answering = new JsonLineChannel(server.accept())) {
                Peer master = new Peer(asking);
                List<String> rows = new ArrayList<>();
                CompletableFuture<JsonNode> reply = master.requestStream(
                        "list", null, (line, off, len) -> rows.add(new String(line, off, len, StandardCharsets.UTF_8)));

                // Read while the rows are written: a socket's buffer holds less than they make.
                Thread reader = Thread.ofPlatform().start(() -> {
                    try {
                        while (!reply.isDone()) {
                            byte[] line = asking.receiveLine(Integer.MAX_VALUE);
                            if (line == null) break;
                            master.acceptLine(line);
                        }
                    } catch (java.io.IOException e) {
                        reply.completeExceptionally(e);
                    }
                });
                JsonNode request = answering.receive();
                long rid = request.path("rid").asLong();
                assertThat(request.path("stream").asBoolean()).isTrue();
                int n = 5000; // ~60 bytes each: several 64 KiB batches
                RowBatch batch = new RowBatch(answering, rid);
                for (int i = 0; i < n; i++) {
                    int k = i;
                    if (i % 2 == 0) {
                        batch.fields(g -> {
                            g.writeNumberField("id", k);
                            g.writeStringField("name", "row \"" + k + "\" é");
                            g.writeNullField("suspension");
                        });
                    } else {
                        batch.row(Json.object().put("id", k).put("name", "tree " + k));
                    }
                }
                batch.flush();
                new Peer(answering).reply(rid, Json.object().put("count", n));

                assertThat(reply.get(10, TimeUnit.SECONDS).path("count").asInt())
                        .isEqualTo(n);
                reader.join();
                assertThat(rows).hasSize(n);
                for (int i = 0; i < n; i++) {
                    JsonNode row = Json.MAPPER.readTree(rows.get(i));
                    assertThat(row.path("id").asInt()).isEqualTo(i);
                    assertThat(row.path("name").asText()).isEqualTo(i % 2 == 0 ? "row \"" + i + "\" é" : "tree " + i);
                }
                assertThat(rows.getFirst()).isEqualTo("{\"id\":0,\"name\":\"row \\\"0\\\" é\",\"suspension\":null}");
            }
        }
    }
}
