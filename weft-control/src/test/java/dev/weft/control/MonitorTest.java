package dev.weft.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Coroutine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MonitorTest {
    private final Fixtures fx = new Fixtures();

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    @Test
    void policyKillsExactlyTheOverAgeMatchingUserCoroutines() {
        Coroutine oldSleep = fx.sleeper("m-old-sleep");
        Coroutine oldSuspend = fx.suspender("m-old-suspend");
        Coroutine oldSystem = fx.systemSleeper("m-old-system");
        Fixtures.ageAtLeast(oldSleep, Duration.ofMillis(600));
        Fixtures.ageAtLeast(oldSuspend, Duration.ofMillis(600));
        Fixtures.ageAtLeast(oldSystem, Duration.ofMillis(600));
        Coroutine youngSleep = fx.sleeper("m-young-sleep");

        List<String> lines = new CopyOnWriteArrayList<>();
        Monitor monitor = new Monitor(
                new Monitor.Config(
                        Duration.ofHours(1),
                        MonitorSample.LogFormat.KEY_VALUE,
                        new AgeFilter(Duration.ofMillis(500), AgeBasis.SUSPENSION, Pattern.compile("^sleep$"))),
                lines::add);
        MonitorSample sample = monitor.sampleNow();

        assertThat(sample.killed()).isEqualTo(1);
        await().until(oldSleep::isDone);
        assertThat(oldSuspend.isDone()).as("event does not match").isFalse();
        assertThat(oldSystem.isDone()).as("system coroutine").isFalse();
        assertThat(youngSleep.isDone()).as("young").isFalse();
        assertThat(monitor.kills()).isEqualTo(1);
        assertThat(monitor.samples()).isEqualTo(1);
        assertThat(lines)
                .singleElement()
                .asString()
                .startsWith("ts=")
                .contains(" pid=" + ProcessHandle.current().pid(), " killed=1", " live=", " oldest_suspension_ms=");
        assertThat(sample.oldestSuspensionAge()).isGreaterThan(Duration.ofMillis(500));
        assertThat(sample.oldestCoroutineAge()).isGreaterThanOrEqualTo(sample.oldestSuspensionAge());
    }

    @Test
    void runsPeriodicallyOnASystemCoroutineAndLogsJsonLines() throws Exception {
        Coroutine c = fx.sleeper("m-periodic");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Monitor monitor = new Monitor(
                        new Monitor.Config(
                                Duration.ofMillis(20),
                                MonitorSample.LogFormat.JSON,
                                new AgeFilter(Duration.ofMillis(300), AgeBasis.COROUTINE, null)),
                        lines::add)
                .start()) {
            await().until(() -> monitor.samples() >= 3 && monitor.kills() >= 1);
            await().until(c::isDone);
            // The monitor's own coroutine is a system one and survives its own policy.
            assertThat(dev.weft.coroutine.Co.list())
                    .anyMatch(x -> x.isSystem() && x.name().equals("weft-monitor"));
        }
        var json = Json.MAPPER.readTree(lines.getFirst());
        assertThat(json.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(json.has("live")).isTrue();
        assertThat(json.has("suspended")).isTrue();
        assertThat(json.has("oldest_coroutine_ms")).isTrue();
        assertThat(json.has("oldest_suspension_ms")).isTrue();
        await().until(() ->
                dev.weft.coroutine.Co.list().stream().noneMatch(x -> x.name().equals("weft-monitor")));
    }

    @Test
    void badConfigIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new Monitor.Config(Duration.ZERO, MonitorSample.LogFormat.NONE, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
