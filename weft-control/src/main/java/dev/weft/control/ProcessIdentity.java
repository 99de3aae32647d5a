package dev.weft.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who answers a command: the host, the OS process id, the worker's name and the slot of that
 * process in the master's table. Given once at startup; every reply carries it so a merged answer
 * says which process said what.
 *
 * @param host host name
 * @param pid OS process id
 * @param worker the worker's name (the master uses {@code master})
 * @param slot slot of the worker in the master's process table
 */
public record ProcessIdentity(String host, long pid, String worker, int slot) {
    /** Checks the host is given. */
    public ProcessIdentity {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (worker == null || worker.isBlank()) {
            throw new IllegalArgumentException("worker must not be blank");
        }
    }

    /**
     * This JVM's identity as worker {@code worker} in slot {@code slot}; the host is {@value #HOST_ENV} when
     * set, else the machine's host name.
     */
    public static ProcessIdentity current(String worker, int slot) {
        return new ProcessIdentity(localHost(), ProcessHandle.current().pid(), worker, slot);
    }

    /** A short key unique per process: {@code host/pid/worker/slot}. */
    public String key() {
        return host + "/" + pid + "/" + worker + "/" + slot;
    }

    /** Writes host, pid, worker and slot into {@code node}. */
    public ObjectNode writeTo(ObjectNode node) {
        return node.put("host", host).put("pid", pid).put("worker", worker).put("slot", slot);
    }

    /** The environment variable that names this machine in replies, instead of its host name. */
    public static final String HOST_ENV = "WEFT_HOSTNAME";

    private static String localHost() {
        String given = System.getenv(HOST_ENV);
        if (given != null && !given.isBlank()) {
            // Containers and several masters on one machine: the operator says which "host" this is.
            return given.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // A host without a resolvable name is still a host; the pid tells processes apart.
            return "localhost";
        }
    }
}
