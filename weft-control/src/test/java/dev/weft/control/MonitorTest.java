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

    @Test
    void aSampleNamesTheOldestNonIdleCoroutinesAndSuspensions() {
        Coroutine oldest = fx.sleeper("named-oldest");
        Coroutine idle = fx.idler("named-idle");
        Fixtures.ageAtLeast(oldest, Duration.ofMillis(50));
        Fixtures.ageAtLeast(idle, Duration.ofMillis(50));
        Coroutine younger = fx.suspender("named-younger");
        List<String> lines = new CopyOnWriteArrayList<>();
        Monitor monitor = new Monitor(
                new Monitor.Config(Duration.ofHours(1), MonitorSample.LogFormat.KEY_VALUE, null, 100), lines::add);
        MonitorSample sample = monitor.sampleNow();
        assertThat(sample.oldestSuspensions())
                .extracting(MonitorSample.Named::id)
                .contains(oldest.id(), younger.id())
                .doesNotContain(idle.id());
        assertThat(sample.oldestCoroutines())
                .extracting(MonitorSample.Named::id)
                .doesNotContain(idle.id());
        MonitorSample.Named first = sample.oldestSuspensions().stream()
                .filter(n -> n.id() == oldest.id())
                .findFirst()
                .orElseThrow();
        assertThat(first.name()).isEqualTo("named-oldest");
        assertThat(first.event()).isEqualTo("sleep");
        assertThat(sample.oldestSuspensions())
                .extracting(MonitorSample.Named::age)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(lines.getFirst()).contains(" oldest_suspensions=").contains(oldest.id() + ":named-oldest@sleep:");

        MonitorSample top1 = new Monitor(
                        new Monitor.Config(Duration.ofHours(1), MonitorSample.LogFormat.NONE, null, 1), l -> {})
                .sampleNow();
        assertThat(top1.oldestSuspensions()).hasSize(1);
    }

    @Test
    void theMonitorIsConfiguredFromTheEnvironment() {
        assertThat(MonitorSettings.fromEnvironment(java.util.Map.of())).isNull();
        Monitor.Config c = MonitorSettings.fromEnvironment(java.util.Map.of(
                "WEFT_MONITOR_INTERVAL", "1s",
                "WEFT_MONITOR_KILL_OLDER_THAN", "60s",
                "WEFT_MONITOR_MATCH", "^db\\.",
                "WEFT_MONITOR_INCLUDE_IDLE", "true"));
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.killPolicy().olderThan()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.killPolicy().event().pattern()).isEqualTo("^db\\.");
        assertThat(c.killPolicy().includeIdle()).isTrue();
        assertThat(MonitorSettings.fromEnvironment(java.util.Map.of("WEFT_MONITOR_INTERVAL", "500ms"))
                        .killPolicy())
                .isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> MonitorSettings.fromEnvironment(java.util.Map.of("WEFT_MONITOR_INTERVAL", "soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WEFT_MONITOR_INTERVAL");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MonitorSettings.fromEnvironment(
                        java.util.Map.of("WEFT_MONITOR_INTERVAL", "1s", "WEFT_MONITOR_MATCH", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WEFT_MONITOR_KILL_OLDER_THAN");
    }
}
