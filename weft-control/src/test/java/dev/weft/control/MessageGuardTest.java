package dev.weft.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageGuardTest {
    private static final ControlSecret SECRET = ControlSecret.of("guard-secret-0123456789");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final MessageGuard guard =
            new MessageGuard(SECRET, "app", Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));

    private static ObjectNode signed(long ts) {
        return SignedMessages.sign(
                ControlMessage.create("app", "list", Json.object().put("b", 1).put("a", 2), ts)
                        .toJson(),
                SECRET);
    }

    @Test
    void canonicalFormIgnoresKeyOrder() throws Exception {
        ObjectNode m = signed(NOW.toEpochMilli());
        ObjectNode reordered =
                (ObjectNode) Json.MAPPER.readTree(m.toString().replace("\"b\":1,\"a\":2", "\"a\":2,\"b\":1"));
        assertThat(reordered.toString()).isNotEqualTo(m.toString());
        assertThat(guard.check(reordered)).isEqualTo(MessageGuard.Verdict.ACCEPTED);
    }

    @Test
    void verdicts() {
        long now = NOW.toEpochMilli();
        assertThat(guard.check(ControlMessage.create("app", "list", null, now).toJson()))
                .isEqualTo(MessageGuard.Verdict.UNSIGNED);
        ObjectNode tampered = signed(now).put("cmd", "kill");
        assertThat(guard.check(tampered)).isEqualTo(MessageGuard.Verdict.BAD_SIGNATURE);
        assertThat(guard.check(signed(now - 30_001))).isEqualTo(MessageGuard.Verdict.EXPIRED);
        assertThat(guard.check(signed(now + 30_001))).isEqualTo(MessageGuard.Verdict.EXPIRED);
        assertThat(guard.check(signed(now - 30_000))).isEqualTo(MessageGuard.Verdict.ACCEPTED);
        ObjectNode other = SignedMessages.sign(
                ControlMessage.create("other", "list", null, now).toJson(), SECRET);
        assertThat(guard.check(other)).isEqualTo(MessageGuard.Verdict.WRONG_APP);
        ObjectNode once = signed(now);
        assertThat(guard.check(once)).isEqualTo(MessageGuard.Verdict.ACCEPTED);
        assertThat(guard.check(once)).isEqualTo(MessageGuard.Verdict.REPLAYED);
    }

    @Test
    void secretComesFromTheEnvironmentOrAKeyFile(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "file-secret-0123456789\n");
        String text = "x";
        assertThat(ControlSecret.fromEnvironment(Map.of(ControlSecret.ENV_FILE, key.toString()))
                        .sign(text))
                .isEqualTo(ControlSecret.of("file-secret-0123456789").sign(text));
        assertThat(ControlSecret.fromEnvironment(Map.of(
                                ControlSecret.ENV, "env-secret-0123456789", ControlSecret.ENV_FILE, key.toString()))
                        .sign(text))
                .isEqualTo(ControlSecret.of("env-secret-0123456789").sign(text));
        assertThatThrownBy(() -> ControlSecret.fromEnvironment(Map.of())).hasMessageContaining(ControlSecret.ENV);
        assertThatThrownBy(() -> ControlSecret.of("short")).hasMessageContaining("at least 16");
        assertThat(SECRET.toString()).doesNotContain("guard-secret");
    }
}
