package dev.weft.server;

import java.util.Optional;

/**
 * Supplies a default {@link WorkerService} for a Worker that has no {@link Worker#service explicit one},
 * chosen by the scheme of its listen URL. Implementations (weft-net) are found with
 * {@link java.util.ServiceLoader}; the first one that returns a service wins.
 */
public interface WorkerServiceProvider {
    /**
     * @param worker the Worker, whose {@link Worker#listen()} URL names the protocol
     * @return a service for it, or empty if this provider does not speak that scheme
     */
    Optional<WorkerService> create(Worker worker);
}
