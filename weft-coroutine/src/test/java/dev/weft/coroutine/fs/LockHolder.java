package dev.weft.coroutine.fs;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A child process that holds an exclusive lock on {@code args[0]} until its stdin closes. */
public final class LockHolder {
    private LockHolder() {}

    /** Locks, prints {@code locked}, waits for end of stdin, exits (releasing the lock). */
    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                var lock = ch.lock()) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
