package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JFR shows coroutines: start, end with its outcome, long suspensions, cancel and kill requests. */
class FlightRecorderTest {

    @Test
    void aRecordingShowsStartEndSuspensionsAndRequests(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weft.jfr");
        Coroutine sleeper;
        Coroutine victim;
        try (Recording r = new Recording()) {
            r.enable("dev.weft.CoroutineStart");
            r.enable("dev.weft.CoroutineEnd");
            r.enable("dev.weft.Suspension").withThreshold(Duration.ofMillis(5));
            r.enable("dev.weft.CoroutineRequest");
            r.start();
            // The first recorded suspension pays for the event's set-up between the sleep's deadline and
            // the event's start; a throwaway wait first keeps that out of the measured one.
            awaitDone(Co.go("jfr-warm-up", () -> Co.sleep(Duration.ofMillis(10))));
            sleeper = Co.go("jfr-sleeper", () -> Co.sleep(Duration.ofMillis(30)));
            victim = Co.go("jfr-victim", () -> Co.sleep(LONG));
            awaitSuspendedIn(victim, "sleep");
            // Only suspensions longer than the 5 ms threshold are recorded: let the victim's pass it first.
            Coroutine v = victim;
            org.awaitility.Awaitility.await()
                    .until(() -> v.suspension() != null && v.suspension().age().toMillis() > 10);
            victim.kill();
            awaitDone(sleeper);
            awaitDone(victim);
            r.stop();
            r.dump(file);
        }
        assertThat(Files.size(file)).isPositive();
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertThat(events)
                .anyMatch(e -> is(e, "dev.weft.CoroutineStart")
                        && e.getLong("id") == sleeper.id()
                        && e.getString("name").equals("jfr-sleeper"));
        assertThat(events)
                .anyMatch(e -> is(e, "dev.weft.CoroutineEnd")
                        && e.getLong("id") == sleeper.id()
                        && e.getString("outcome").equals("returned"));
        assertThat(events)
                .anyMatch(e -> is(e, "dev.weft.CoroutineEnd")
                        && e.getLong("id") == victim.id()
                        && e.getString("outcome").equals("killed"));
        assertThat(events)
                .anyMatch(e -> is(e, "dev.weft.Suspension")
                        && e.getLong("coroutineId") == sleeper.id()
                        && e.getString("event").equals("sleep")
                        && e.getString("outcome").equals("WOKEN")
                        && e.getDuration().compareTo(Duration.ofMillis(25)) >= 0);
        assertThat(events)
                .anyMatch(e -> is(e, "dev.weft.Suspension")
                        && e.getLong("coroutineId") == victim.id()
                        && e.getString("outcome").equals("KILLED"));
        assertThat(events)
                .anyMatch(e -> is(e, "dev.weft.CoroutineRequest")
                        && e.getString("request").equals("kill")
                        && e.getLong("target") == victim.id()
                        && e.getString("result").equals("NONE")
                        && e.getLong("pid") == ProcessHandle.current().pid());
    }

    private static boolean is(RecordedEvent e, String type) {
        return e.getEventType().getName().equals(type);
    }
}
