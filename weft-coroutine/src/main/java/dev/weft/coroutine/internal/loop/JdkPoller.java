package dev.weft.coroutine.internal.loop;

/**
 * Starts the JDK's socket poller ({@code sun.nio.ch.Poller}) from a platform thread. On Linux, JDK
 * 25 runs its sub-pollers as virtual threads created by whichever thread first initialises the
 * poller; created from a coroutine on an event loop, they would inherit that loop, and every JDK
 * socket in the process (a JDBC driver's, say) would wait whenever the loop is busy. Initialised
 * here, they run on the JDK's default scheduler.
 */
final class JdkPoller {
    private static final System.Logger LOG = System.getLogger("dev.weft.coroutine.loop");
    static final String CLASS = "sun.nio.ch.Poller";

    private JdkPoller() {}

    /** {@code -Dweft.loop.initJdkPoller=false} leaves the JDK's poller alone: only to demonstrate the trap. */
    static final String PROPERTY = "weft.loop.initJdkPoller";

    static void initFromPlatformThread() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return;
        }
        Runnable init = () -> {
            try {
                Class.forName(CLASS, true, null);
            } catch (ClassNotFoundException | LinkageError e) {
                // Another JDK: no such poller, nothing to pre-empt.
                LOG.log(System.Logger.Level.DEBUG, () -> "no JDK socket poller to initialise: " + e);
            }
        };
        if (!Thread.currentThread().isVirtual()) {
            init.run();
            return;
        }
        Thread t = Thread.ofPlatform().name("weft-jdk-poller-init").start(init);
        boolean interrupted = false;
        for (; ; ) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
