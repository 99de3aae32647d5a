package dev.weft.coroutine.io;

import java.io.IOException;

/** One non-blocking try of an I/O call: the result, or null when it would block. */
@FunctionalInterface
interface Attempt<T> {
    T attempt() throws IOException;
}
