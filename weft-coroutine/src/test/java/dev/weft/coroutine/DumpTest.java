package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The text of Co.dump(). */
class DumpTest {

    @Test
    void theDumpHasAHeaderThenEachCoroutineWithStateEventAgeAndStack() {
        Channel<String> ch = new Channel<>(0);
        Coroutine c = Co.go("consumer", () -> ch.pop(LONG));
        awaitSuspendedIn(c, "channel.pop");
        String dump = Co.dump();
        String[] lines = dump.split("\n");
        assertThat(lines[0])
                .matches("Coroutines dump \\S+ \\(\\d+ live, pid "
                        + ProcessHandle.current().pid() + "\\)");
        Pattern header = Pattern.compile(
                "^Coroutine \"consumer\" #" + c.id() + ", state: SUSPENDED \\(channel\\.pop\\) since \\d+\\.\\d s$",
                Pattern.MULTILINE);
        assertThat(header.matcher(dump).find()).as(dump).isTrue();
        int at = dump.indexOf("Coroutine \"consumer\" #" + c.id());
        String block = dump.substring(at).split("\n\n")[0];
        assertThat(block).contains("\tat ").contains("dev.weft.coroutine.Channel.pop");
        ch.close();
        awaitDone(c);
        assertThat(Co.dump()).doesNotContain("Coroutine \"consumer\" #" + c.id() + ",");
    }

    @Test
    void aRunningCoroutineIsDumpedWithItsAge() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Coroutine c = Co.go("busy", () -> {
            running.countDown();
            KillTest.awaitQuietly(release);
        });
        running.await();
        try {
            assertThat(Co.dump())
                    .containsPattern("Coroutine \"busy\" #" + c.id() + ", state: RUNNING, started \\d+\\.\\d s ago");
        } finally {
            release.countDown();
        }
        awaitDone(c);
    }

    @Test
    void coroutinesAreDumpedInIdOrder() {
        Coroutine a = Co.go("first", () -> Co.sleep(LONG));
        Coroutine b = Co.go("second", () -> Co.sleep(LONG));
        awaitSuspendedIn(a, "sleep");
        awaitSuspendedIn(b, "sleep");
        String dump = Co.dump();
        assertThat(dump.indexOf("\"first\" #" + a.id())).isPositive().isLessThan(dump.indexOf("\"second\" #" + b.id()));
        a.kill();
        b.kill();
        awaitDone(a);
        awaitDone(b);
    }
}
