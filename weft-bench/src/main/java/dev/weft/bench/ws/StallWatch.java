package dev.weft.bench.ws;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Waits for a round of the WebSocket echo drivers and turns a stall into an error: when no echo arrived for
 * {@code -Dws.stallSeconds} (default 15), it throws with the state of the clients that are not done, instead of
 * letting the round hang.
 */
final class StallWatch {
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("ws.stallSeconds", 15));

    private StallWatch() {}

    /** A round that cannot give a figure: a failed client, missing echoes or a stall. */
    static final class RoundFailed extends RuntimeException {
        RoundFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Returns when {@code done} reached zero.
     *
     * @param stuck describes the clients not done yet (called only on a stall)
     * @throws RoundFailed when {@code echoed} did not move for the stall time
     */
    static void await(String round, CountDownLatch done, AtomicLong echoed, Supplier<String> stuck)
            throws InterruptedException {
        long seen = -1;
        long lastProgress = System.nanoTime();
        while (!done.await(1, TimeUnit.SECONDS)) {
            long now = echoed.get();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                throw new RoundFailed(round + " round stalled: no echo for "
                        + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s, " + done.getCount()
                        + " clients not done, " + now + " echoes so far" + stuck.get());
            }
        }
    }

    /** This process's CPU time so far, in seconds (0 where the platform does not tell). */
    static double cpuSeconds() {
        return ProcessHandle.current()
                        .info()
                        .totalCpuDuration()
                        .map(d -> d.toNanos())
                        .orElse(0L)
                / 1e9;
    }
}
