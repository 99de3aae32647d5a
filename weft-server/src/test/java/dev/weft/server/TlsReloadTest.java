package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An https:// Worker reads its certificate files as each process starts: a reload serves renewed files. */
class TlsReloadTest {
    @Test
    void aReloadServesTheRenewedCertificate(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        selfSigned(dir, "first.test", cert, key);
        Map<String, String> props =
                Map.of("app.count", "1", "app.tlsCert", cert.toString(), "app.tlsKey", key.toString());
        try (Cluster c = Cluster.start(dir, props, 2)) {
            int port = c.port("secure");
            assertThat(subject(port)).isEqualTo("CN=first.test");
            // Renew: new files moved over the old ones, as certbot's renewal does.
            Path newCert = dir.resolve("new-cert.pem");
            Path newKey = dir.resolve("new-key.pem");
            selfSigned(dir, "second.test", newCert, newKey);
            Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(newCert, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertThat(subject(port))
                    .as("the running process keeps what it read")
                    .isEqualTo("CN=first.test");
            assertThat(c.cli("reload", "--wait").code()).isZero();
            assertThat(subject(port)).isEqualTo("CN=second.test");
        }
    }

    private static String subject(int port) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {TRUST_ALL}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal()
                    .getName();
        }
    }

    private static void selfSigned(Path dir, String cn, Path cert, Path key) throws Exception {
        Process p = new ProcessBuilder(List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-nodes",
                        "-days",
                        "2",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString(),
                        "-subj",
                        "/CN=" + cn))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl req (openssl must be installed)").isZero();
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
