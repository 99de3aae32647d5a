package dev.weft.net;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a TLS listener's keys and certificates come from ({@code https://}, {@code wss://}, or the
 * {@code ssl} option of a {@code tcp}, {@code text} or {@code frame} Worker). Only paths are kept: the
 * files are read when the listener starts, in each worker process, so a reload (whose processes are
 * new) serves renewed files.
 *
 * <p>Each certificate is either PEM files — a certificate chain (the server's certificate first, then
 * the intermediates) and its private key in PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC, unencrypted)
 * — or a PKCS#12 keystore, whose every key entry counts as one certificate. With several
 * certificates, SNI picks the one whose subject alternative names (or common name, when it has none)
 * match the name the client asked for ({@code *.example.com} matches one label); a client that sends
 * no SNI, or an unknown name, gets the first one of a key type it accepts.
 *
 * <p>Protocols are TLS 1.3 and 1.2 only, with the JDK's default cipher suites for them (AES-128-GCM first, as
 * Netty and the browsers prefer it; the server's order decides). HTTP and
 * WebSocket listeners offer ALPN {@code http/1.1} only (no {@code h2}); a client that offers ALPN
 * without {@code http/1.1} is refused with {@code no_application_protocol}, as RFC 7301 says.
 *
 * <pre>{@code
 * new Worker("https://0.0.0.0:443").ssl(TlsConfig.pem(Path.of("fullchain.pem"), Path.of("privkey.pem")));
 * new Worker("text://0.0.0.0:7000").ssl(TlsConfig.pkcs12(Path.of("server.p12"), "secret"));
 * TlsConfig both = TlsConfig.pem(aChain, aKey).withPem(bChain, bKey);   // two names, picked by SNI
 * }</pre>
 *
 * <p>Immutable; the {@code with...} methods return copies.
 */
public final class TlsConfig {
    /** The default {@link #tlsHandshakeTimeout()}: 10 s, as in the table of time limits. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One certificate source.
     *
     * @param chain PEM: the certificate chain file; PKCS#12: the keystore
     * @param key PEM: the PKCS#8 private key file; PKCS#12: null
     * @param password PKCS#12: the keystore's password (also its keys'); PEM: null
     */
    public record Source(Path chain, Path key, char[] password) {
        /** Checks the paths. */
        public Source {
            Objects.requireNonNull(chain, "certificate file");
        }

        /** Whether this is a PKCS#12 keystore. */
        public boolean pkcs12() {
            return key == null;
        }

        @Override
        public String toString() {
            return pkcs12() ? "PKCS#12 " + chain : "PEM " + chain + " + " + key;
        }
    }

    private final List<Source> sources;
    private final Duration tlsHandshakeTimeout;

    private TlsConfig(List<Source> sources, Duration tlsHandshakeTimeout) {
        this.sources = List.copyOf(sources);
        this.tlsHandshakeTimeout = tlsHandshakeTimeout;
    }

    /** A certificate chain and its PKCS#8 private key, both PEM files. */
    public static TlsConfig pem(Path certificateChain, Path privateKey) {
        return new TlsConfig(List.of(pemSource(certificateChain, privateKey)), DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** A PKCS#12 keystore; every key entry in it is a certificate to serve. */
    public static TlsConfig pkcs12(Path keystore, String password) {
        return new TlsConfig(List.of(pkcs12Source(keystore, password)), DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** A copy that also serves this PEM certificate (picked by SNI). */
    public TlsConfig withPem(Path certificateChain, Path privateKey) {
        return with(pemSource(certificateChain, privateKey));
    }

    /** A copy that also serves the certificates of this PKCS#12 keystore (picked by SNI). */
    public TlsConfig withPkcs12(Path keystore, String password) {
        return with(pkcs12Source(keystore, password));
    }

    /**
     * A copy whose handshakes must complete within {@code timeout}, counted from the accept; a client
     * that is slower (or stops mid-handshake) is closed. Default {@link #DEFAULT_HANDSHAKE_TIMEOUT}.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public TlsConfig withTlsHandshakeTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tlsHandshakeTimeout must be positive: " + timeout);
        }
        return new TlsConfig(sources, timeout);
    }

    /** The certificate sources, in order: the first is the default. */
    public List<Source> sources() {
        return sources;
    }

    /** How long a handshake may take. */
    public Duration tlsHandshakeTimeout() {
        return tlsHandshakeTimeout;
    }

    private TlsConfig with(Source s) {
        List<Source> all = new ArrayList<>(sources);
        all.add(s);
        return new TlsConfig(all, tlsHandshakeTimeout);
    }

    private static Source pemSource(Path chain, Path key) {
        return new Source(chain, Objects.requireNonNull(key, "private key file"), null);
    }

    private static Source pkcs12Source(Path keystore, String password) {
        return new Source(
                keystore,
                null,
                Objects.requireNonNull(password, "keystore password").toCharArray());
    }

    @Override
    public String toString() {
        return "TlsConfig" + sources;
    }
}
