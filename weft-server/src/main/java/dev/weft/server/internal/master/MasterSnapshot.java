package dev.weft.server.internal.master;

import dev.weft.server.internal.ipc.Peer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the master loop publishes for status threads after every turn: immutable, so the {@code status},
 * {@code connections} and fan-out code never reads the loop's own fields.
 *
 * @param state      the master's state
 * @param startTime  when the master started
 * @param workers    the Workers' names, in creation order
 * @param counts     worker name → its number of slots (what scaling set), in creation order
 * @param children   the live children, in Worker order, then slot order, then age
 * @param exitCounts worker name → exit status → count
 * @param reload     {@code idle}, {@code running} or {@code queued} (requested, waiting for the start or
 *                   for the running reload to end)
 * @param recycled   worker name → children recycled (maxRequests, maxMemory); absent when none
 * @param reloadFailures one "reload failed: ..." line per slot the last reload could not replace
 * @param readySlots worker name → its slots whose serving child has reported ready, in creation order
 */
record MasterSnapshot(
        Master.State state,
        Instant startTime,
        List<String> workers,
        Map<String, Integer> counts,
        List<Child> children,
        Map<String, Map<Integer, Long>> exitCounts,
        String reload,
        List<String> reloadFailures,
        Map<String, Long> recycled,
        Map<String, Integer> readySlots) {

    /**
     * One live child.
     *
     * @param pid       its pid
     * @param worker    its Worker's name
     * @param slot      its slot, -1 for a standby
     * @param listening its Worker's bound listen URL, or {@code none}
     * @param link      its link to the master, or null before it said hello
     * @param startedAt when it was spawned
     * @param restarts  children of its slot respawned after exiting on their own
     * @param recycles  children of its slot recycled
     * @param standby   whether it is a standby, waiting for a slot
     * @param ready     whether it reported ready (accepting; for a standby: warm and waiting)
     */
    record Child(
            long pid,
            String worker,
            int slot,
            String listening,
            Peer link,
            java.time.Instant startedAt,
            int restarts,
            int recycles,
            boolean standby,
            boolean ready) {}

    /** The child with this pid, or null. */
    Child child(long pid) {
        for (Child c : children) if (c.pid() == pid) return c;
        return null;
    }
}
