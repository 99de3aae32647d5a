package dev.weft.coroutine;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Child-JVM probes of {@link SchedulerModeLoopTest}. {@code mode}: prints the scheduler mode and
 * whether a coroutine ran. {@code jdk-poller}: a coroutine on the (single) loop makes the process's
 * first blocking JDK socket call; then a coroutine hogs the loop while a virtual thread on the JDK's
 * scheduler reads from a JDK socket; prints {@code read-during-hog} if that read completed while the
 * loop was hogged, {@code stalled} if it had to wait for the hog to end.
 */
public final class LoopProbe {
    private LoopProbe() {}

    /** See the class comment. */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "mode" -> mode();
            case "jdk-poller" -> jdkPoller();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
        System.exit(0);
    }

    private static void mode() throws Exception {
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        Co.go(() -> ran.complete(EventLoops.onLoop()));
        System.out.println(
                EventLoops.mode() + " loops=" + EventLoops.count() + " onLoop=" + ran.get(10, TimeUnit.SECONDS));
    }

    private static void jdkPoller() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            // Peers on platform threads: accept, wait, answer one byte.
            Thread peers = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = server.accept()) {
                        s.getInputStream().read();
                        s.getOutputStream().write('x');
                    } catch (Exception e) {
                        e.printStackTrace();
                    }
                }
            });
            // 1. The first blocking JDK socket call of the process, in a coroutine on the loop.
            CompletableFuture<Integer> first = new CompletableFuture<>();
            Co.go(() -> first.complete(roundTrip(port)));
            first.get(10, TimeUnit.SECONDS);
            // 2. Hog the loop (at most 3 s) while a default-scheduler virtual thread does a JDK read.
            AtomicBoolean readDone = new AtomicBoolean();
            AtomicBoolean readDuringHog = new AtomicBoolean();
            CompletableFuture<Void> hogging = new CompletableFuture<>();
            CompletableFuture<Void> hogDone = new CompletableFuture<>();
            Co.go(() -> {
                hogging.complete(null);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (!readDone.get() && System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                readDuringHog.set(readDone.get());
                hogDone.complete(null);
            });
            hogging.get(10, TimeUnit.SECONDS);
            Thread reader = Thread.ofVirtual().start(() -> {
                roundTrip(port);
                readDone.set(true);
            });
            hogDone.get(10, TimeUnit.SECONDS);
            reader.join();
            peers.join();
            System.out.println(readDuringHog.get() ? "read-during-hog" : "stalled");
        }
    }

    private static int roundTrip(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write('?');
            InputStream in = s.getInputStream();
            return in.read();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
