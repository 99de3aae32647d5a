package dev.weft.control;

import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import java.time.Duration;
import java.util.List;

/** Real coroutines for tests: sleepers and suspenders that are cleaned up after each test. */
final class Fixtures implements AutoCloseable {
    private final List<Coroutine> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A user coroutine sleeping for an hour (until cancelled or killed), already suspended on return. */
    Coroutine sleeper(String name) {
        return track(Co.go(name, () -> Co.sleep(Duration.ofHours(1))));
    }

    /** A user coroutine that sleeps again after each cancelled sleep, so cancel leaves it alive. */
    Coroutine stubbornSleeper(String name) {
        return track(Co.go(name, () -> {
            while (true) {
                Co.sleep(Duration.ofHours(1));
            }
        }));
    }

    /** A user coroutine in {@code Co.suspend()}. */
    Coroutine suspender(String name) {
        return track(Co.go(name, Co::suspend));
    }

    /** A user coroutine in an idle wait, as a kept-alive connection waiting for its next request. */
    Coroutine idler(String name) {
        return track(Co.go(name, () -> {
            Suspension s = Suspension.beginIdle("socket.read 10.0.0.9:80 (idle)");
            try {
                s.await(Long.MAX_VALUE);
            } finally {
                s.end();
            }
        }));
    }

    /** A user coroutine that starts a sleeping child and then sleeps itself. */
    Coroutine parentOfSleeper(String name) {
        return track(Co.go(name, () -> {
            track(Co.go(name + "-child", () -> Co.sleep(Duration.ofHours(1))));
            Co.sleep(Duration.ofHours(1));
        }));
    }

    /** A system coroutine sleeping for an hour. */
    Coroutine systemSleeper(String name) {
        return track(Co.goSystem(name, () -> Co.sleep(Duration.ofHours(1))));
    }

    private Coroutine track(Coroutine c) {
        started.add(c);
        await().until(() -> c.state() == Coroutine.State.SUSPENDED);
        return c;
    }

    /** Waits until the current suspension of {@code c} is older than {@code age}. */
    static void ageAtLeast(Coroutine c, Duration age) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> c.suspension() != null && c.suspension().age().compareTo(age) > 0);
    }

    @Override
    public void close() {
        for (Coroutine c : started) {
            c.kill();
        }
        await().until(() -> started.stream().allMatch(Coroutine::isDone));
    }
}
