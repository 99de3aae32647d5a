package dev.weft.server.internal.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.internal.ipc.Fanout;
import java.nio.file.Path;

/**
 * What the dashboard needs of the master, implemented by the master package (so the dependency runs one way).
 * Every method runs on a dashboard request's virtual thread, never on the master loop.
 *
 * <p>Internal: not part of Weft's API.
 */
public interface MasterView {
    /** The application name (files in the run directory, the Redis channel). */
    String appName();

    /** The run directory, where the token file goes. */
    Path runDir();

    /**
     * The {@code status --json} document (master, processes, exit_info, recycled).
     *
     * @param window the caller's qps window id: qps is measured since that caller's previous call
     */
    ObjectNode status(String window);

    /** Asks the children; what the control adapter is built on. */
    Fanout fanout();

    /** The Redis URL of fleet-wide control ({@code WEFT_CONTROL_REDIS}), or null when not configured. */
    String redis();

    /**
     * Requests a rolling reload, as {@code weft reload [-g]}.
     *
     * @return how the master took it ("started", "queued: ...")
     * @throws IllegalStateException with the reason if the master refused it or did not answer
     */
    String reload(boolean graceful);

    /** Requests a stop, as {@code weft stop [-g]}; the master then exits. */
    void stop(boolean graceful);
}
