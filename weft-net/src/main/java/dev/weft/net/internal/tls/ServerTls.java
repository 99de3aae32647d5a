package dev.weft.net.internal.tls;

import dev.weft.net.TlsConfig;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A TLS listener's server context, built once per process when the listener starts: the certificates read
 * from the {@link TlsConfig}'s files, the {@link SniKeyManager}, TLS 1.3 and 1.2 only, and ALPN
 * {@code http/1.1} for HTTP and WebSocket listeners. {@link #newEngine()} makes one server-mode
 * {@link SSLEngine} per connection.
 *
 * <p>Internal: not part of Weft's API.
 */
public final class ServerTls {
    /** The protocols a Weft listener speaks: TLS 1.3 and 1.2, nothing older. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** The ALPN protocols offered by HTTP and WebSocket listeners: HTTP/1.1 only, no h2. */
    public static final String[] ALPN_HTTP = {"http/1.1"};

    private final SSLContext context;
    private final SSLParameters parameters;
    private final Duration handshakeTimeout;
    private final List<CertifiedKey> keys;

    private ServerTls(
            SSLContext context, SSLParameters parameters, Duration handshakeTimeout, List<CertifiedKey> keys) {
        this.context = context;
        this.parameters = parameters;
        this.handshakeTimeout = handshakeTimeout;
        this.keys = keys;
    }

    /**
     * Reads the certificates of {@code config} now and builds the context.
     *
     * @param http whether the listener speaks HTTP (or WebSocket): ALPN then offers {@code http/1.1}
     * @throws IOException when a file cannot be read or holds no usable key and certificate (the message
     *     names the file)
     */
    public static ServerTls load(TlsConfig config, boolean http) throws IOException {
        // A client-initiated TLS 1.2 renegotiation costs the server a full handshake each time: refuse it,
        // unless the application decided otherwise. Read by the JDK when its handshakers first load.
        if (System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null) {
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        }
        List<CertifiedKey> keys = KeyLoader.load(config);
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[] {new SniKeyManager(keys)}, null, null);
            SSLParameters p = ctx.getDefaultSSLParameters();
            p.setProtocols(PROTOCOLS);
            p.setCipherSuites(aes128First(p.getCipherSuites()));
            p.setUseCipherSuitesOrder(true);
            p.setNeedClientAuth(false);
            if (http) {
                p.setApplicationProtocols(ALPN_HTTP);
            }
            return new ServerTls(ctx, p, config.tlsHandshakeTimeout(), keys);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK's suites, AES-128-GCM ones first and the rest in the JDK's order. The JDK puts AES-256-GCM with
     * SHA-384 first; with the server's order in force every client then gets it, and its key schedule (SHA-384)
     * and its 14 AES rounds cost more per handshake and per record for no security a 128-bit key lacks. Netty,
     * Go and the browsers prefer AES-128-GCM.
     */
    static String[] aes128First(String[] suites) {
        return Arrays.stream(suites)
                .sorted(Comparator.comparing((String s) -> !s.contains("_AES_128_GCM_")))
                .toArray(String[]::new);
    }

    /** A new server-mode engine with the listener's parameters. */
    public SSLEngine newEngine() {
        SSLEngine e = context.createSSLEngine();
        e.setUseClientMode(false);
        e.setSSLParameters(parameters);
        return e;
    }

    /** How long a handshake may take, counted from the accept. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The certificates served, for the start-up log: each one's origin and names. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (CertifiedKey k : keys) {
            if (!b.isEmpty()) {
                b.append("; ");
            }
            b.append(k.keyType()).append(' ').append(k.names()).append(" from ").append(k.origin());
        }
        return b.toString();
    }
}
