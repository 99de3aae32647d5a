package dev.weft.server;

import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one child process runs for its {@link Worker}: accepting on the listener the master opened,
 * serving connections, and retiring them on stop or reload.
 *
 * <p>The child calls the methods in this order: {@link #start} once; then, when asked to stop or retire,
 * {@link #stopAccepting}, {@link #awaitIdle} (graceful stop and graceful reload only), {@link #closeAll}.
 * {@link #stats} and {@link #connections} may be called from any thread at any time.
 */
public interface WorkerService {
    /**
     * Begins accepting. Returns once the service accepts (the child then reports "ready" to the master).
     *
     * @param listener the Worker's shared listening socket, or null for a Worker without a listen URL
     */
    void start(ServerSocketChannel listener) throws Exception;

    /**
     * Begins serving a {@code udp://} Worker on the datagram socket the master opened; called instead of
     * {@link #start(ServerSocketChannel)} when the inherited socket is a UDP one. Returns once it receives.
     *
     * @throws UnsupportedOperationException unless the service speaks UDP (the default)
     */
    default void startDatagram(DatagramChannel socket) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not serve UDP");
    }

    /** Stops accepting new connections; the first step of stop and reload. */
    void stopAccepting();

    /**
     * Waits until in-flight requests and connections are done.
     *
     * @return true if idle, false if {@code max} elapsed first
     */
    boolean awaitIdle(Duration max);

    /** Closes every connection after flushing what is already queued on it. */
    void closeAll();

    /**
     * Counters for {@code status}: {@code connections}, {@code send_fail}, {@code total_request},
     * {@code throw_exception}, and optionally {@code timers}, {@code coroutines}. Values are numbers.
     */
    Map<String, Object> stats();

    /**
     * Requests (or messages) handled so far: {@code total_request} of {@link #stats()}. It answers every heartbeat
     * of the master (which recycles at {@code maxRequests}), so services override it with a plain counter read.
     */
    default long totalRequests() {
        return stats().get("total_request") instanceof Number n ? n.longValue() : 0L;
    }

    /** One row per open connection for the {@code connections} command. */
    List<Map<String, Object>> connections();
}
