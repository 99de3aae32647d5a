package dev.weft.demo;

import dev.weft.net.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo's certificate: the PEM files named by {@code WEFT_TLS_CERT} (the chain) and {@code WEFT_TLS_KEY}
 * (a PKCS#8 key) when both are set; else a self-signed one for {@code localhost} and {@code 127.0.0.1}, made
 * on first start in the run directory by the JDK's {@code keytool}: {@code tls/demo.p12} (the key, PKCS#12,
 * password {@value #PASSWORD}) and {@code tls/demo-cert.pem} (the certificate, for {@code curl --cacert}).
 *
 * <p>The TLS Workers' processes call {@link #ensure()} as they start; a lock file makes the first one make
 * the certificate and the others wait for it. A reload's new processes read the files again, so replacing
 * them (or {@code WEFT_TLS_*}'s files) and reloading serves the new certificate.
 */
final class DemoTls {
    static final String PASSWORD = "weft-demo";
    private static final String ALIAS = "weft-demo";

    private final Path dir;
    private final Path cert;
    private final Path key;

    private DemoTls(Path dir, Path cert, Path key) {
        this.dir = dir;
        this.cert = cert;
        this.key = key;
    }

    /**
     * From the environment: {@code WEFT_TLS_CERT} and {@code WEFT_TLS_KEY}, else the self-signed certificate in
     * {@code runDir/tls}.
     *
     * @throws IllegalArgumentException when only one of the two variables is set
     */
    static DemoTls from(Map<String, String> env, Path runDir) {
        String c = blankToNull(env.get("WEFT_TLS_CERT"));
        String k = blankToNull(env.get("WEFT_TLS_KEY"));
        if ((c == null) != (k == null)) {
            throw new IllegalArgumentException("WEFT_TLS_CERT and WEFT_TLS_KEY go together (the certificate chain and"
                    + " its PKCS#8 key, PEM files): set both, or neither for a self-signed certificate");
        }
        return c != null ? new DemoTls(null, Path.of(c), Path.of(k)) : new DemoTls(runDir.resolve("tls"), null, null);
    }

    /** The certificate the TLS Workers serve. */
    TlsConfig config() {
        return dir == null ? TlsConfig.pem(cert, key) : TlsConfig.pkcs12(keystore(), PASSWORD);
    }

    /** Whether the certificate is the generated self-signed one. */
    boolean selfSigned() {
        return dir != null;
    }

    Path keystore() {
        return dir.resolve("demo.p12");
    }

    Path certificatePem() {
        return dir.resolve("demo-cert.pem");
    }

    /** Makes the self-signed certificate if it is not there yet (once across processes); nothing for WEFT_TLS_*. */
    void ensure() {
        if (dir == null || Files.exists(certificatePem())) {
            return;
        }
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(
                            dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                if (!Files.exists(certificatePem())) {
                    generate();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the demo's self-signed certificate in " + dir, e);
        }
    }

    /** keytool into temporary files, then renamed: a reader sees both files complete or neither. */
    private void generate() throws IOException {
        Path p12 = dir.resolve("demo.p12.tmp");
        Path pem = dir.resolve("demo-cert.pem.tmp");
        Files.deleteIfExists(p12);
        keytool(List.of(
                "-genkeypair",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-alias",
                ALIAS,
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "825",
                "-keystore",
                p12.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD));
        keytool(List.of(
                "-exportcert",
                "-rfc",
                "-alias",
                ALIAS,
                "-keystore",
                p12.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-file",
                pem.toString()));
        Files.move(p12, keystore(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(pem, certificatePem(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("weft-demo: made a self-signed certificate for localhost and 127.0.0.1 in " + dir);
    }

    private static void keytool(List<String> args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(keytool.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool " + args.get(0) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
