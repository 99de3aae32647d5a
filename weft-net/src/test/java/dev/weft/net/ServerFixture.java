package dev.weft.net;

import dev.weft.net.server.NetServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;

/** Starts a {@link NetServer} on a free loopback port for a test. */
final class ServerFixture implements AutoCloseable {
    final NetServer server;
    final int port;

    private ServerFixture(NetServer server) throws IOException {
        this.server = server;
        this.port = server.localAddress().getPort();
    }

    static ServerFixture start(String scheme, Callbacks callbacks) throws IOException {
        return start(scheme, callbacks, NetOptions.defaults());
    }

    static ServerFixture start(String scheme, Callbacks callbacks, NetOptions options) throws IOException {
        NetServer s = new NetServer(ListenUrl.parse(scheme + "://127.0.0.1:0"), callbacks, options, null);
        s.start(null);
        return new ServerFixture(s);
    }

    /** A listener of {@code scheme} (https, wss, text, ...) speaking TLS with {@code tls}. */
    static ServerFixture startTls(String scheme, Callbacks callbacks, TlsConfig tls) throws IOException {
        return startTls(scheme, callbacks, NetOptions.defaults(), tls);
    }

    static ServerFixture startTls(String scheme, Callbacks callbacks, NetOptions options, TlsConfig tls)
            throws IOException {
        NetServer s = new NetServer(ListenUrl.parse(scheme + "://127.0.0.1:0"), callbacks, options, null, tls);
        s.start(null);
        return new ServerFixture(s);
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        server.stopAccepting();
        server.closeAll();
        server.awaitIdle(java.time.Duration.ofSeconds(5));
    }
}
