package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Certificates for the TLS tests, made with the real openssl: self-signed, CA-signed chains, PKCS#12. */
final class TestCerts {
    /** A PEM certificate (chain) file and its PKCS#8 key. */
    record Pem(Path chain, Path key, Path leaf) {}

    private TestCerts() {}

    /** A self-signed certificate for {@code cn} with DNS {@code cn} and IP 127.0.0.1; {@code keyType} rsa or ec. */
    static Pem selfSigned(Path dir, String cn, String keyType) throws Exception {
        Path cert = dir.resolve(cn + "-" + keyType + ".crt.pem");
        Path key = dir.resolve(cn + "-" + keyType + ".key.pem");
        List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes", "-days", "2"));
        cmd.addAll(newKey(keyType));
        cmd.addAll(List.of(
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-subj",
                "/CN=" + cn,
                "-addext",
                "subjectAltName=DNS:" + cn + ",IP:127.0.0.1"));
        openssl(dir, cmd);
        return new Pem(cert, key, cert);
    }

    /** A CA and a leaf for {@code cn} signed by it; the chain file holds the leaf, then the CA. */
    static Pem chain(Path dir, String cn) throws Exception {
        Path caKey = dir.resolve("ca.key.pem");
        Path ca = dir.resolve("ca.crt.pem");
        openssl(
                dir,
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-nodes",
                        "-days",
                        "2",
                        "-newkey",
                        "rsa:2048",
                        "-keyout",
                        caKey.toString(),
                        "-out",
                        ca.toString(),
                        "-subj",
                        "/CN=Weft Test CA"));
        Path key = dir.resolve(cn + ".leaf.key.pem");
        Path csr = dir.resolve(cn + ".csr");
        openssl(
                dir,
                List.of(
                        "openssl",
                        "req",
                        "-new",
                        "-nodes",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-keyout",
                        key.toString(),
                        "-out",
                        csr.toString(),
                        "-subj",
                        "/CN=" + cn));
        Path ext = Files.writeString(dir.resolve("leaf.ext"), "subjectAltName=DNS:" + cn + ",IP:127.0.0.1\n");
        Path leaf = dir.resolve(cn + ".leaf.crt.pem");
        openssl(
                dir,
                List.of(
                        "openssl",
                        "x509",
                        "-req",
                        "-in",
                        csr.toString(),
                        "-CA",
                        ca.toString(),
                        "-CAkey",
                        caKey.toString(),
                        "-CAcreateserial",
                        "-days",
                        "2",
                        "-extfile",
                        ext.toString(),
                        "-out",
                        leaf.toString()));
        Path chain = dir.resolve(cn + ".chain.pem");
        Files.writeString(chain, Files.readString(leaf) + Files.readString(ca));
        return new Pem(chain, key, ca);
    }

    /** The PEM pair as a PKCS#12 keystore with {@code password}. */
    static Path pkcs12(Path dir, Pem pem, String password) throws Exception {
        Path p12 = dir.resolve(pem.key().getFileName() + ".p12");
        openssl(
                dir,
                List.of(
                        "openssl",
                        "pkcs12",
                        "-export",
                        "-in",
                        pem.chain().toString(),
                        "-inkey",
                        pem.key().toString(),
                        "-out",
                        p12.toString(),
                        "-passout",
                        "pass:" + password,
                        "-name",
                        "server"));
        return p12;
    }

    /** A client context that trusts exactly the certificates in {@code pem} (a self-signed cert or a CA). */
    static SSLContext trusting(Path pem) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ts.setCertificateEntry("c" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static List<String> newKey(String keyType) {
        return keyType.equals("ec")
                ? List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256")
                : List.of("-newkey", "rsa:2048");
    }

    private static void openssl(Path dir, List<String> cmd) throws Exception {
        assertThat(Cli.installed("openssl")).as("openssl must be installed").isTrue();
        Cli.Result r = Cli.run(dir, 60, cmd);
        assertThat(r.code()).as(cmd + ": " + r.err()).isZero();
    }
}
