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
 * @param children   the live children, in Worker order, then slot order, then age
 * @param exitCounts worker name → exit status → count
 */
record MasterSnapshot(
        Master.State state,
        Instant startTime,
        List<String> workers,
        List<Child> children,
        Map<String, Map<Integer, Long>> exitCounts) {

    /**
     * One live child.
     *
     * @param pid       its pid
     * @param worker    its Worker's name
     * @param slot      its slot
     * @param listening its Worker's bound listen URL, or {@code none}
     * @param link      its link to the master, or null before it said hello
     */
    record Child(long pid, String worker, int slot, String listening, Peer link) {}

    /** The child with this pid, or null. */
    Child child(long pid) {
        for (Child c : children) if (c.pid() == pid) return c;
        return null;
    }
}
