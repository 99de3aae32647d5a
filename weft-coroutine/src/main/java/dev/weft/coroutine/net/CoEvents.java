package dev.weft.coroutine.net;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Suspension;
import dev.weft.coroutine.internal.poll.PollKey;
import dev.weft.coroutine.internal.poll.Poller;
import dev.weft.coroutine.internal.poll.ReadyWait;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;

/**
 * Readiness waits on any selectable channel (Swoole's {@code System::waitEvent}), through the
 * {@link Poller}. Conventions as in {@link CoSocket}.
 */
public final class CoEvents {
    private CoEvents() {}

    /**
     * Waits until {@code channel} is ready for some of {@code ops} ({@link java.nio.channels.SelectionKey}
     * {@code OP_*}). The channel is switched to non-blocking mode and stays registered with the
     * poller until it is closed. The event is {@code event.wait <channel>}.
     *
     * @return the ready ops among {@code ops}; 0 on cancel or timeout
     * @throws IOException when the channel is closed
     */
    public static int waitEvent(SelectableChannel channel, int ops, Duration timeout) throws IOException {
        if ((ops & ~channel.validOps()) != 0 || ops == 0) {
            Co.setLastError(CoError.INVALID_PARAMS);
            throw new IllegalArgumentException("ops " + ops + " not valid for " + channel);
        }
        PollKey pk;
        try {
            if (channel.isBlocking()) {
                channel.configureBlocking(false);
            }
            pk = Poller.keyOf(channel);
        } catch (IOException e) {
            throw ReadyWait.failed(e);
        }
        Integer ready = ReadyWait.await(pk, ops, "event.wait " + channel, Suspension.deadline(timeout), () -> {
            int r = pk.lastReady() & ops;
            return r == 0 ? ops : r;
        });
        return ready == null ? 0 : ready;
    }
}
