package dev.weft.server.internal.posix;

/**
 * How a child ended, decoded from the raw {@code waitpid} status.
 *
 * @param pid    the reaped child
 * @param code   the exit code when the child exited, else -1
 * @param signal the signal that killed the child, else 0
 */
public record WaitStatus(long pid, int code, int signal) {

    static WaitStatus decode(long pid, int raw) {
        int sig = raw & 0x7f;
        if (sig == 0) return new WaitStatus(pid, (raw >> 8) & 0xff, 0);
        return new WaitStatus(pid, -1, sig);
    }

    /**
     * One number for logs and counters, the convention of shells and of {@code Process.exitValue()}:
     * the exit code, or 128 + the signal number for a child killed by a signal (137 for SIGKILL).
     */
    public int status() {
        return signal == 0 ? code : 128 + signal;
    }

    @Override
    public String toString() {
        return signal == 0 ? "exit code " + code : "killed by signal " + signal;
    }
}
