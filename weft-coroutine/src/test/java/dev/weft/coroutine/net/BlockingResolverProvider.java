package dev.weft.coroutine.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * A test resolver (installed through META-INF/services): names ending in {@code .block.test}
 * block until {@link #RELEASE} gets a permit, so a DNS wait is deterministic without a network;
 * everything else goes to the JDK's resolver.
 */
public class BlockingResolverProvider extends InetAddressResolverProvider {
    /** Permits for blocked lookups to finish; fair, so a later lookup cannot take an earlier one's permit. */
    static final Semaphore RELEASE = new Semaphore(0, true);

    /** The blocked names whose lookup has reached the resolver (a pool thread may get there late). */
    static final Set<String> ENTERED = ConcurrentHashMap.newKeySet();

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (host.endsWith(".block.test")) {
                    ENTERED.add(host);
                    RELEASE.acquireUninterruptibly();
                    return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 9}));
                }
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "weft-test-blocking";
    }
}
