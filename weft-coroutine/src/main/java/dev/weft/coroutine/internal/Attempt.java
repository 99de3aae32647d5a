package dev.weft.coroutine.internal;

import java.io.IOException;

/** One non-blocking try of an I/O call: the result, or null when it would block. Internal: not part of Weft's API. */
@FunctionalInterface
public interface Attempt<T> {
    /** Tries the call once: its result, or null when it would block. Internal: not part of Weft's API. */
    T attempt() throws IOException;
}
