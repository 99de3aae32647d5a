package dev.weft.demo;

import dev.weft.coroutine.Channel;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Entry point of {@code ./weft}: for now a small coroutine demo (the demo server's CLI comes with the network workers). */
public final class DemoMain {
    private DemoMain() {
    }

    /** Starts producers and a consumer on a channel, cancels a sleeper, and prints the registry dump. */
    public static void main(String[] args) {
        Channel<String> ch = new Channel<>(4);
        List<Coroutine> producers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            producers.add(Co.go("producer-" + n, () -> ch.push("hello from producer " + n, Duration.ofSeconds(1))));
        }
        Coroutine sleeper = Co.go("sleeper", () -> {
            boolean slept = Co.sleep(Duration.ofMinutes(1));
            System.out.println("sleeper woke: slept=" + slept + " canceled=" + Co.isCanceled() + " lastError=" + Co.lastError());
        });
        for (int i = 0; i < 3; i++) {
            System.out.println(ch.pop(Duration.ofSeconds(1)));
        }
        Co.waitFor(() -> sleeper.state() == Coroutine.State.SUSPENDED, Duration.ofSeconds(1));
        System.out.print(Co.dump());
        Co.cancel(sleeper.id());
        Co.join(List.of(sleeper), Duration.ofSeconds(1));
        Co.join(producers, Duration.ofSeconds(1));
        System.out.println("stats: " + Co.stats());
    }
}
