package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS listeners against real clients: curl, {@code openssl s_client}, the JDK's HttpClient, WebSocket
 * client and SSLSocket; PEM (RSA, EC, a CA-signed chain) and PKCS#12; SNI; TLS 1.3 and 1.2 only; ALPN
 * {@code http/1.1} only.
 */
class TlsRealClientsTest {
    @TempDir
    static Path dir;

    static TestCerts.Pem rsa;
    static TestCerts.Pem ec;

    @BeforeAll
    static void certificates() throws Exception {
        rsa = TestCerts.selfSigned(dir, "localhost", "rsa");
        ec = TestCerts.selfSigned(dir, "b.test", "ec");
    }

    /** GET answers "hello PATH"; /big answers 1 MiB; a body is answered with its length. */
    static Callbacks routes() {
        return new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            if (r.path().equals("/big")) {
                c.send(Response.text("x".repeat(1 << 20)));
            } else if (r.body().length > 0) {
                c.send(Response.text("got " + r.body().length + " bytes"));
            } else {
                c.send(Response.text("hello " + r.path()));
            }
        });
    }

    private static HttpClient client(SSLContext ctx) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(ctx)
                .build();
    }

    @Test
    void theJdkHttpClientVerifiesThePemCertificateAndKeepsTheConnectionAlive() throws Exception {
        try (ServerFixture f = ServerFixture.startTls("https", routes(), TlsConfig.pem(rsa.chain(), rsa.key()));
                HttpClient client = client(TestCerts.trusting(rsa.leaf()))) {
            for (String path : List.of("/a", "/b", "/c")) {
                HttpResponse<String> r = client.send(
                        java.net.http.HttpRequest.newBuilder(f.uri("https", path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("hello " + path);
            }
            assertThat(f.server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void largeBodiesCrossInBothDirections() throws Exception {
        try (ServerFixture f = ServerFixture.startTls("https", routes(), TlsConfig.pem(rsa.chain(), rsa.key()));
                HttpClient client = client(TestCerts.trusting(rsa.leaf()))) {
            HttpResponse<String> big = client.send(
                    java.net.http.HttpRequest.newBuilder(f.uri("https", "/big")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(big.body()).hasSize(1 << 20).matches("x+");
            HttpResponse<String> up = client.send(
                    java.net.http.HttpRequest.newBuilder(f.uri("https", "/up"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[700_000]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(up.body()).isEqualTo("got 700000 bytes");
        }
    }

    @Test
    void curlOverHttp11GetsTheAnswerAndAlpnHttp11() throws Exception {
        assertThat(Cli.installed("curl")).as("curl must be installed").isTrue();
        try (ServerFixture f = ServerFixture.startTls("https", routes(), TlsConfig.pem(rsa.chain(), rsa.key()))) {
            Cli.Result r = Cli.run(
                    null,
                    30,
                    List.of(
                            "curl",
                            "-sS",
                            "-v",
                            "--http1.1",
                            "--cacert",
                            rsa.leaf().toString(),
                            f.uri("https", "/x").toString(),
                            f.uri("https", "/y").toString()));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("hello /xhello /y");
            assertThat(r.err()).contains("ALPN: server accepted http/1.1").contains("Re-using existing connection");
            // Without --http1.1 curl offers h2 as well: the server still picks http/1.1.
            Cli.Result both = Cli.run(
                    null,
                    30,
                    List.of("curl", "-sS", "-v", "-k", f.uri("https", "/z").toString()));
            assertThat(both.out()).isEqualTo("hello /z");
            assertThat(both.err()).contains("ALPN: server accepted http/1.1");
        }
    }

    @Test
    void opensslSClientSpeaksTls13And12AndIsRefusedTls11AndH2Only() throws Exception {
        try (ServerFixture f = ServerFixture.startTls("https", routes(), TlsConfig.pem(rsa.chain(), rsa.key()))) {
            String request = "GET /s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
            Cli.Result v13 = sClient(f.port, request, "-alpn", "h2,http/1.1");
            assertThat(v13.out()).contains("New, TLSv1.3", "ALPN protocol: http/1.1", "hello /s");
            Cli.Result v12 = sClient(f.port, request, "-tls1_2");
            assertThat(v12.out()).contains("New, TLSv1.2", "hello /s");
            Cli.Result v11 = sClient(f.port, request, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
            assertThat(v11.code()).isNotZero();
            assertThat(v11.out()).doesNotContain("hello /s");
            Cli.Result h2 = sClient(f.port, request, "-alpn", "h2");
            assertThat(h2.out() + h2.err()).doesNotContain("hello /s").contains("no application protocol");
            // The listener serves on after the refusals.
            assertThat(sClient(f.port, request).out()).contains("hello /s");
        }
    }

    @Test
    void theServerPicksAes128GcmEvenWhenTheClientPrefersAes256() throws Exception {
        try (ServerFixture f = ServerFixture.startTls("https", routes(), TlsConfig.pem(rsa.chain(), rsa.key()))) {
            String request = "GET /s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
            // OpenSSL's own order puts TLS_AES_256_GCM_SHA384 first; the server's order decides.
            Cli.Result v13 = sClient(f.port, request, "-ciphersuites", "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256");
            assertThat(v13.out()).contains("Cipher is TLS_AES_128_GCM_SHA256", "hello /s");
            Cli.Result v12 = sClient(
                    f.port, request, "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256");
            assertThat(v12.out()).contains("ECDHE-RSA-AES128-GCM-SHA256", "hello /s");
        }
    }

    @Test
    void sniPicksTheCertificateForTheRequestedName() throws Exception {
        TlsConfig both = TlsConfig.pem(rsa.chain(), rsa.key()).withPem(ec.chain(), ec.key());
        Callbacks echo = new Callbacks().onMessage((Connection c, String line) -> c.send(line));
        try (ServerFixture f = ServerFixture.startTls("text", echo, both)) {
            assertThat(subjectFor(f.port, "b.test")).isEqualTo("CN=b.test");
            assertThat(subjectFor(f.port, "localhost")).isEqualTo("CN=localhost");
            assertThat(subjectFor(f.port, "unknown.test")).isEqualTo("CN=localhost");
            assertThat(subjectFor(f.port, null)).isEqualTo("CN=localhost");
            Cli.Result s = sClient(f.port, "", "-servername", "b.test");
            assertThat(s.out()).contains("subject=CN = b.test");
        }
    }

    @Test
    void aTextListenerWithSslEchoesLines() throws Exception {
        Callbacks echo = new Callbacks().onMessage((Connection c, String line) -> c.send("echo " + line));
        try (ServerFixture f = ServerFixture.startTls("text", echo, TlsConfig.pem(ec.chain(), ec.key()));
                SSLSocket s = socket(f.port, null)) {
            PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.print("one\ntwo\n");
            out.flush();
            assertThat(in.readLine()).isEqualTo("echo one");
            assertThat(in.readLine()).isEqualTo("echo two");
            assertThat(s.getApplicationProtocol()).isEmpty(); // ALPN belongs to HTTP listeners
        }
    }

    @Test
    void aPkcs12KeystoreWithACaSignedChainServesWss() throws Exception {
        Path chainDir = Files.createDirectories(dir.resolve("chain"));
        TestCerts.Pem chain = TestCerts.chain(chainDir, "localhost");
        Path p12 = TestCerts.pkcs12(chainDir, chain, "secret");
        Callbacks cb = new Callbacks().onMessage((Connection c, String text) -> c.send("echo:" + text));
        try (ServerFixture f = ServerFixture.startTls("wss", cb, TlsConfig.pkcs12(p12, "secret"));
                HttpClient client = HttpClient.newBuilder()
                        .sslContext(TestCerts.trusting(chain.leaf())) // the CA only: the chain must come along
                        .build()) {
            WebSocketServingTest.Listener l = new WebSocketServingTest.Listener();
            WebSocket ws = client.newWebSocketBuilder()
                    .buildAsync(f.uri("wss", "/"), l)
                    .get(10, TimeUnit.SECONDS);
            ws.sendText("hi", true).get(5, TimeUnit.SECONDS);
            assertThat(l.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo:hi");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        // The PEM form of the same chain serves HTTPS too.
        try (ServerFixture f = ServerFixture.startTls("https", routes(), TlsConfig.pem(chain.chain(), chain.key()));
                HttpClient client = client(TestCerts.trusting(chain.leaf()))) {
            assertThat(client.send(
                                    java.net.http.HttpRequest.newBuilder(f.uri("https", "/c"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .isEqualTo("hello /c");
        }
    }

    @Test
    void badKeyFilesAreRefusedAtStartWithTheFileNamed() throws Exception {
        Path pkcs1 = dir.resolve("pkcs1.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ServerFixture.startTls("https", routes(), TlsConfig.pem(rsa.chain(), pkcs1)))
                .hasMessageContaining(pkcs1.toString())
                .hasMessageContaining("openssl pkcs8 -topk8");
        assertThatThrownBy(() -> ServerFixture.startTls("https", routes(), TlsConfig.pem(rsa.chain(), ec.key())))
                .hasMessageContaining("does not belong to the certificate");
        Path p12 = TestCerts.pkcs12(dir, rsa, "right");
        assertThatThrownBy(() -> ServerFixture.startTls("https", routes(), TlsConfig.pkcs12(p12, "wrong")))
                .hasMessageContaining(p12.toString());
        assertThatThrownBy(() -> ServerFixture.start("https", routes())).hasMessageContaining("needs a certificate");
    }

    private static SSLSocket socket(int port, String sni) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {EngineClient.TRUST_ALL}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        if (sni != null) {
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            s.setSSLParameters(p);
        }
        s.startHandshake();
        return s;
    }

    private static String subjectFor(int port, String sni) throws Exception {
        try (SSLSocket s = socket(port, sni)) {
            return ((X509Certificate) s.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal()
                    .getName();
        }
    }

    /** {@code openssl s_client} with {@code input} on its stdin; -ign_eof keeps it reading until the server closes. */
    static Cli.Result sClient(int port, String input, String... args) throws Exception {
        assertThat(Cli.installed("openssl")).as("openssl must be installed").isTrue();
        Path in = Files.writeString(Files.createTempFile(dir, "s_client", ".in"), input);
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        if (!input.isEmpty()) cmd.add("-ign_eof");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(in.toFile());
        Path out = Files.createTempFile(dir, "s_client", ".out");
        Path err = Files.createTempFile(dir, "s_client", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("s_client finished").isTrue();
        return new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
