package dev.weft.coroutine.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * A file lock taken by {@link CoFiles#lock}. Closing it releases the lock, and also closes the
 * channel when {@link CoFiles} opened that channel itself (the {@code Path} variant).
 */
public final class CoFileLock implements AutoCloseable {
    private final FileLock lock;
    private final boolean ownsChannel;

    CoFileLock(FileLock lock, boolean ownsChannel) {
        this.lock = lock;
        this.ownsChannel = ownsChannel;
    }

    /** The JDK lock. */
    public FileLock lock() {
        return lock;
    }

    /** The locked channel. */
    public FileChannel channel() {
        return lock.channel();
    }

    /** Whether the lock is still held. */
    public boolean isValid() {
        return lock.isValid();
    }

    /** Releases the lock (and closes the channel if {@link CoFiles} opened it). */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            if (ownsChannel) {
                lock.channel().close();
            }
        }
    }

    /** Closes quietly: for abandoned and killed lock waits. */
    void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // nothing useful to do: the lock dies with its channel anyway
        }
    }
}
