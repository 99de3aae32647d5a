package dev.weft.control;

/**
 * Lets a long command share the worker's carrier. A worker process runs its coroutines on one
 * carrier thread; a command walking a million coroutines would otherwise hold it for seconds, and
 * the worker would miss its heartbeats and be killed by the master as stuck.
 */
final class Fairness {
    private static final int EVERY = 4096;

    private Fairness() {}

    /** Yields the carrier every {@value #EVERY} items of a loop ({@code i} counts them). */
    static void step(int i) {
        if ((i & (EVERY - 1)) == EVERY - 1) {
            Thread.yield();
        }
    }
}
