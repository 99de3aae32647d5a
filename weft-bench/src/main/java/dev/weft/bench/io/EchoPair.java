package dev.weft.bench.io;

import java.io.Closeable;

/** An echo server on 127.0.0.1 and a way to open clients to it, for one socket implementation. */
interface EchoPair extends Closeable {
    /** One client connection; {@link #roundTrip} must run in a virtual thread or coroutine. */
    interface Client extends Closeable {
        /** Sends the message and reads its echo. */
        void roundTrip() throws Exception;
    }

    Client connect() throws Exception;

    /** Runs {@code task} in the kind of thread this implementation is meant for, and waits. */
    void runAll(Runnable[] tasks) throws Exception;
}
