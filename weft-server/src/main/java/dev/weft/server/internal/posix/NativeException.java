package dev.weft.server.internal.posix;

/** A libc call failed; {@link #errno()} tells why. */
public final class NativeException extends RuntimeException {
    private final int errno;

    /** @param call the libc function that failed; @param errno its error number */
    public NativeException(String call, int errno) {
        super(call + ": " + Posix.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** The error number ({@code errno}, or the return value of the posix_spawn family). */
    public int errno() {
        return errno;
    }
}
