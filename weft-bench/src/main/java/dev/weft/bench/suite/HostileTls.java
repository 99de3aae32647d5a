package dev.weft.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS part of the hostile clients suite, against the {@code https} Worker of {@link SuiteApp}: plain
 * HTTP to the TLS port, garbage handshakes (random bytes, a handshake record header with garbage), and a
 * client that stops in the middle of its ClientHello. Each must be closed (the last at the Worker's TLS
 * handshake timeout), and a normal HTTPS request must succeed right after.
 */
final class HostileTls {
    /** The keystore's password, shared with {@link SuiteApp}. */
    static final String PASSWORD = "suite-secret";

    private final Checks checks;
    private final int port;
    private final SSLContext trusting;
    private final long handshakeMs;

    private HostileTls(Checks checks, int port, SSLContext trusting, long handshakeMs) {
        this.checks = checks;
        this.port = port;
        this.trusting = trusting;
        this.handshakeMs = handshakeMs;
    }

    /** A self-signed EC certificate for localhost and 127.0.0.1 in a new PKCS#12 file, by the JDK's keytool. */
    static Path keystore(Path dir) throws IOException, InterruptedException {
        Path p12 = dir.resolve("suite-tls.p12");
        Process k = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-alias",
                        "suite",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-keystore",
                        p12.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String out = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!k.waitFor(120, TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        return p12;
    }

    /** Runs the TLS checks against {@code port}, whose Worker serves {@code p12}. */
    static void run(Checks checks, int port, Path p12, long handshakeMs) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("suite", ks.getCertificate("suite"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        HostileTls t = new HostileTls(checks, port, ctx, handshakeMs);
        t.normalRequest("the start");
        t.closed(
                "plain HTTP to the HTTPS port",
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] random = new byte[4000];
        new Random(7).nextBytes(random);
        t.closed("a garbage handshake (4,000 random bytes)", random);
        byte[] fake = Arrays.copyOf(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}, 5 + 512);
        System.arraycopy(random, 0, fake, 5, 512);
        t.closed("a handshake record header followed by garbage", fake);
        t.stalledHandshake();
    }

    /** Sends {@code bytes}: the server must close the connection, and no HTTP answer may come back. */
    private void closed(String what, byte[] bytes) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String how = sendAndAwaitClose(bytes, 10_000);
        checks.check(
                what + " → closed",
                how.startsWith("closed") && !how.contains("HTTP/"),
                how + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        normalRequest(what);
    }

    private void stalledHandshake() throws Exception {
        SSLEngine client = SSLContext.getDefault().createSSLEngine("localhost", port);
        client.setUseClientMode(true);
        client.beginHandshake();
        ByteBuffer hello = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), hello);
        hello.flip();
        byte[] half = new byte[hello.remaining() / 2];
        hello.get(half);
        long t0 = System.nanoTime();
        String how = sendAndAwaitClose(half, (int) handshakeMs * 10);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        checks.check(
                "a client that stops mid-handshake (half a ClientHello) → closed at the TLS handshake timeout ("
                        + handshakeMs + " ms)",
                how.startsWith("closed") && ms >= handshakeMs * 8 / 10,
                how + " after " + ms + " ms");
        normalRequest("a stalled handshake");
    }

    /** "closed (...)" once the server closed, with what it sent; "still open" after {@code timeoutMs}. */
    private String sendAndAwaitClose(byte[] bytes, int timeoutMs) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(timeoutMs);
            try {
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
            } catch (IOException e) {
                return "closed (while sending: " + e.getMessage() + ")";
            }
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
                return "closed (EOF after " + got.length() + " bytes" + (got.indexOf("HTTP/") >= 0 ? ", HTTP/" : "")
                        + ")";
            } catch (SocketTimeoutException e) {
                return "still open after " + timeoutMs + " ms";
            } catch (IOException e) {
                return "closed (" + e.getMessage() + ")";
            }
        }
    }

    private void normalRequest(String after) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trusting)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !r.body().equals("hello")) {
                checks.check("a normal HTTPS request right after " + after, false, r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            checks.check("a normal HTTPS request right after " + after, false, e.toString());
        }
    }
}
