package dev.weft.coroutine.net;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Suspension;
import dev.weft.coroutine.internal.BlockingPool;
import dev.weft.coroutine.internal.FutureWait;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Cancellable name resolution. The JDK resolver blocks (and cannot be interrupted), so lookups
 * run on a small pool of platform threads ({@code -Dweft.io.dnsThreads}, default 4) and the
 * coroutine awaits them in a suspension named {@code dns <host>}. Cancel, timeout and kill abandon
 * the wait at once; a lookup already running finishes in the background (and fills the JDK's
 * cache). Conventions as in {@link CoSocket}.
 */
public final class CoDns {
    private static final BlockingPool POOL = new BlockingPool("weft-dns", Integer.getInteger("weft.io.dnsThreads", 4));

    private CoDns() {}

    /**
     * Resolves {@code host} to all its addresses.
     *
     * @return the addresses, or null on cancel or timeout
     * @throws java.net.UnknownHostException (with {@link CoError#IO_ERROR}) when the name does not resolve
     */
    public static List<InetAddress> resolve(String host, Duration timeout) throws IOException {
        return FutureWait.awaitPooled(
                POOL.submit(() -> List.of(InetAddress.getAllByName(host))),
                "dns " + host,
                Suspension.deadline(timeout),
                f -> f.cancel(false));
    }

    /**
     * Resolves {@code host} to one address (Swoole's {@code gethostbyname}).
     *
     * @return the first address, or null on cancel or timeout
     */
    public static InetAddress resolveOne(String host, Duration timeout) throws IOException {
        List<InetAddress> all = resolve(host, timeout);
        if (all == null) {
            return null;
        }
        Co.setLastError(CoError.NONE);
        return all.getFirst();
    }
}
