package dev.weft.net.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.net.TlsConfig;
import dev.weft.net.http.HttpLimits;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.internal.http.HttpRequestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS records through Weft's inbound path ({@link TlsRecords}, as a connection's {@code TlsWire} drives it)
 * and on into the HTTP decoder:
 * <ul>
 *   <li>any bytes as a client's first flight end in "need more", a handshake step or
 *       {@link SSLException}, never another exception;</li>
 *   <li>any bytes, sealed by a real client into records of any size, fed in any split and decrypted into
 *       a receive buffer of any room, reach the HTTP parser exactly as the plaintext would;</li>
 *   <li>a record with any byte flipped is refused with {@link SSLException}, and nothing of it is
 *       delivered.</li>
 * </ul>
 */
class TlsRecordsFuzzTest {
    private static final HttpLimits LIMITS = new HttpLimits(256, 16, 512, 1024, 16);
    private static final ServerTls SERVER = server();

    @FuzzTest(maxDuration = "30s")
    void anyBytesAsAFirstFlightFailCleanly(byte[] data) {
        TlsRecords server = new TlsRecords(SERVER.newEngine());
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(data));
        try {
            server.engine().beginHandshake();
            int fed = 0;
            while (fed < data.length) {
                ByteBuffer in = server.inbound();
                int n = Math.min(Math.min(in.remaining(), 1 + random.nextInt(64)), data.length - fed);
                in.put(data, fed, n);
                fed += n;
                TlsRecords.Step step = server.handshake();
                if (step == TlsRecords.Step.WRITE) {
                    server.outbound().position(server.outbound().limit()); // "written"
                }
            }
        } catch (SSLException expected) {
            assertThat(expected.getMessage()).isNotNull();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void sealedBytesReachTheHttpParserAsThePlaintextWould(byte[] data) throws Exception {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(data));
        Pair p = Pair.connect();
        // The client seals the data into records of 1..600 bytes (at least one record, even for no data).
        ByteBuffer wire = ByteBuffer.allocate(data.length * 2 + 64 * 1024);
        ByteBuffer plain = ByteBuffer.wrap(data);
        do {
            ByteBuffer piece = plain.slice().limit(Math.min(plain.remaining(), 1 + random.nextInt(600)));
            plain.position(plain.position() + piece.remaining());
            p.client.wrap(piece, wire);
        } while (plain.hasRemaining());
        wire.flip();
        // The server decrypts it fed in random pieces into a receive buffer with random room, as ReadLoop does.
        ByteBuffer received = ByteBuffer.allocate(data.length + 1);
        while (wire.hasRemaining() || p.server.hasInbound()) {
            ByteBuffer in = p.server.inbound();
            int n = Math.min(Math.min(in.remaining(), 1 + random.nextInt(2000)), wire.remaining());
            in.put(wire.slice().limit(n));
            wire.position(wire.position() + n);
            for (; ; ) {
                int room = Math.min(received.remaining(), 1 + random.nextInt(300));
                ByteBuffer dst = received.slice().limit(room);
                int got = p.server.decrypt(dst);
                assertThat(got).isGreaterThanOrEqualTo(0);
                received.position(received.position() + dst.position());
                if (got == 0) {
                    break;
                }
            }
            if (n == 0 && !wire.hasRemaining()) {
                break;
            }
        }
        received.flip();
        assertThat(received.remaining()).isEqualTo(data.length);
        byte[] got = new byte[received.remaining()];
        received.get(got);
        assertThat(got).isEqualTo(data);
        assertThat(parse(got)).isEqualTo(parse(data));
    }

    @FuzzTest(maxDuration = "30s")
    void aFlippedByteInARecordIsRefused(byte[] data) throws Exception {
        if (data.length < 2) {
            return;
        }
        Pair p = Pair.connect();
        ByteBuffer wire = ByteBuffer.allocate(data.length + 64 * 1024);
        p.client.wrap(ByteBuffer.wrap(data), wire);
        wire.flip();
        int at = Math.floorMod(data[0] * 256 + data[1], wire.remaining());
        byte flip = data[data.length - 1] == 0 ? 1 : data[data.length - 1];
        wire.put(at, (byte) (wire.get(at) ^ flip));
        ByteBuffer in = p.server.inbound();
        while (in.remaining() < wire.remaining()) {
            in.put(wire.slice().limit(in.remaining()));
            wire.position(wire.position() + in.remaining());
            in = p.server.inbound();
        }
        in.put(wire);
        ByteBuffer dst = ByteBuffer.allocate(data.length + 1024);
        try {
            int n = p.server.decrypt(dst);
            // A flip in the length field may leave the record incomplete: then nothing is delivered yet.
            assertThat(n).isZero();
        } catch (SSLException expected) {
            assertThat(dst.position()).isZero();
        }
    }

    private static String parse(byte[] bytes) {
        HttpRequestParser parser = new HttpRequestParser(LIMITS);
        StringBuilder out = new StringBuilder();
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            HttpRequest r;
            while ((r = parser.parse(b)) != null) {
                out.append(r).append('|').append(r.headers()).append('|').append(Arrays.hashCode(r.body()));
            }
            out.append(parser.idle() ? "idle" : "need more");
        } catch (HttpParseException e) {
            out.append("rejected ").append(e.status());
        }
        return out.toString();
    }

    /** A client engine and Weft's server records after a completed in-memory handshake. */
    private record Pair(SSLEngine client, TlsRecords server) {
        static Pair connect() throws Exception {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {TRUST_ALL}, null);
            SSLEngine client = ctx.createSSLEngine("localhost", 443);
            client.setUseClientMode(true);
            TlsRecords server = new TlsRecords(SERVER.newEngine());
            client.beginHandshake();
            server.engine().beginHandshake();
            ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
            ByteBuffer app = ByteBuffer.allocate(64 * 1024);
            for (int rounds = 0; rounds < 100; rounds++) {
                // The client's turn.
                for (; ; ) {
                    SSLEngineResult.HandshakeStatus hs = client.getHandshakeStatus();
                    if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                        client.wrap(ByteBuffer.allocate(0), toServer);
                    } else if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        client.getDelegatedTask().run();
                    } else if (server.hasOutbound()
                            && (hs == SSLEngineResult.HandshakeStatus.NEED_UNWRAP
                                    || hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING)) {
                        // Handshake messages, and a TLS 1.3 session ticket after the handshake.
                        SSLEngineResult r = client.unwrap(server.outbound(), app);
                        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) break;
                    } else {
                        break;
                    }
                }
                // Weft's turn.
                toServer.flip();
                server.inbound().put(toServer);
                toServer.clear();
                TlsRecords.Step step = server.handshake();
                if (step == TlsRecords.Step.DONE
                        && client.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                        && !server.hasOutbound()) {
                    return new Pair(client, server);
                }
            }
            throw new IllegalStateException("the in-memory handshake did not complete");
        }
    }

    private static ServerTls server() {
        try {
            Path dir = Files.createTempDirectory("weft-tls-fuzz");
            Path p12 = dir.resolve("server.p12");
            Process k = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "keytool")
                                    .toString(),
                            "-genkeypair",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-alias",
                            "server",
                            "-dname",
                            "CN=localhost",
                            "-validity",
                            "2",
                            "-keystore",
                            p12.toString(),
                            "-storetype",
                            "PKCS12",
                            "-storepass",
                            "secret",
                            "-keypass",
                            "secret")
                    .redirectErrorStream(true)
                    .start();
            k.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!k.waitFor(60, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new IllegalStateException("keytool failed");
            }
            return ServerTls.load(TlsConfig.pkcs12(p12, "secret"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
