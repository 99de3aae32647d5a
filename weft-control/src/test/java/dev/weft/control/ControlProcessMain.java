package dev.weft.control;

import dev.weft.coroutine.Co;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * A worker in a separate JVM for the Redis tests: {@code <redis-url> <app> <worker> <slot>}; the
 * secret comes from {@code WEFT_CONTROL_SECRET}. Prints {@code ready} once subscribed and exits when
 * its stdin closes, so it can never outlive the test JVM.
 */
public final class ControlProcessMain {
    private ControlProcessMain() {}

    /** Runs the worker. */
    public static void main(String[] args) throws IOException {
        Co.go("external-sleeper", () -> Co.sleep(Duration.ofHours(1)));
        CommandRegistry commands = Commands.standard(ProcessIdentity.current(args[2], Integer.parseInt(args[3])));
        try (RedisControlServer server = new RedisControlServer(
                        URI.create(args[0]), args[1], commands, ControlSecret.fromEnvironment())
                .start()) {
            while (!server.isSubscribed()) {
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // poll gently: 2 shared cores
            }
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
        System.exit(0);
    }
}
