package dev.weft.net.internal.tls;

import dev.weft.net.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Reads the certificates of a {@link TlsConfig}: PEM chains with PKCS#8 keys, and PKCS#12 keystores. Every
 * failure is an {@link IOException} whose message names the file and says what to do.
 */
final class KeyLoader {
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----", Pattern.DOTALL);
    private static final int SAN_DNS = 2;

    private KeyLoader() {}

    /** Every certificate of {@code config}, in order. */
    static List<CertifiedKey> load(TlsConfig config) throws IOException {
        List<CertifiedKey> all = new ArrayList<>();
        for (TlsConfig.Source s : config.sources()) {
            if (s.pkcs12()) {
                all.addAll(pkcs12(s));
            } else {
                all.add(pem(s));
            }
        }
        if (all.isEmpty()) {
            throw new IOException("no certificate with a private key in " + config.sources());
        }
        return all;
    }

    private static CertifiedKey pem(TlsConfig.Source s) throws IOException {
        X509Certificate[] chain = certificates(Files.readString(s.chain(), StandardCharsets.US_ASCII), s);
        PrivateKey key = privateKey(Files.readString(s.key(), StandardCharsets.US_ASCII), s);
        matches(key, chain[0], s.toString());
        return new CertifiedKey(key, chain, names(chain[0]), s.toString());
    }

    private static X509Certificate[] certificates(String text, TlsConfig.Source s) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(text);
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    byte[] der = base64(m.group(2), s.chain().toString());
                    out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(s.chain() + ": not a valid certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException(s.chain() + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
        }
        return out.toArray(X509Certificate[]::new);
    }

    private static PrivateKey privateKey(String text, TlsConfig.Source s) throws IOException {
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(base64(m.group(2), s.key().toString()), s);
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
                    throw new IOException(s.key() + ": a " + type + " (PKCS#1/SEC1) key; Weft reads PKCS#8: convert it"
                            + " with 'openssl pkcs8 -topk8 -nocrypt -in " + s.key() + " -out key.pk8.pem'");
                case "ENCRYPTED PRIVATE KEY" ->
                    throw new IOException(s.key() + ": an encrypted key; decrypt it with 'openssl pkcs8 -in " + s.key()
                            + " -out key.pk8.pem' (or use a PKCS#12 keystore with a password)");
                default -> {
                    // a certificate or parameters block in the same file: look further
                }
            }
        }
        throw new IOException(s.key() + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in it");
    }

    private static PrivateKey pkcs8(byte[] der, TlsConfig.Source s) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new IOException(s.key() + ": not a PKCS#8 RSA or EC private key");
    }

    private static List<CertifiedKey> pkcs12(TlsConfig.Source s) throws IOException {
        List<CertifiedKey> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(s.chain())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, s.password());
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                Key key = ks.getKey(alias, s.password());
                Certificate[] certs = ks.getCertificateChain(alias);
                if (!(key instanceof PrivateKey pk) || certs == null || certs.length == 0) {
                    continue;
                }
                X509Certificate[] chain = new X509Certificate[certs.length];
                for (int i = 0; i < certs.length; i++) {
                    chain[i] = (X509Certificate) certs[i];
                }
                String origin = s + " alias " + alias;
                matches(pk, chain[0], origin);
                out.add(new CertifiedKey(pk, chain, names(chain[0]), origin));
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(s.chain() + ": cannot read the PKCS#12 keystore: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new IOException(s.chain() + ": wrong keystore password", e);
            }
            throw new IOException(s.chain() + ": cannot read the PKCS#12 keystore: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException(s.chain() + ": no key entry (a private key with its certificate) in the keystore");
        }
        return out;
    }

    /** Signs with the key and verifies with the certificate, so a mismatched pair fails at start, not per client. */
    private static void matches(PrivateKey key, X509Certificate cert, String origin) throws IOException {
        String alg =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    default -> null;
                };
        if (alg == null) {
            return;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature sign = Signature.getInstance(alg);
            sign.initSign(key);
            sign.update(probe);
            byte[] sig = sign.sign();
            Signature verify = Signature.getInstance(alg);
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            if (verify.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // reported below
        }
        throw new IOException(origin + ": the private key does not belong to the certificate "
                + cert.getSubjectX500Principal().getName());
    }

    /** The DNS names of the certificate's subject alternative names, else its common name; lower case. */
    static Set<String> names(X509Certificate cert) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> san = cert.getSubjectAlternativeNames();
            if (san != null) {
                for (List<?> entry : san) {
                    if (entry.size() >= 2 && entry.get(0) instanceof Integer t && t == SAN_DNS) {
                        names.add(entry.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // fall back to the common name
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
                    }
                }
            } catch (InvalidNameException e) {
                // no names: the certificate serves clients without SNI only (as the default)
            }
        }
        return names;
    }

    private static byte[] base64(String body, String file) throws IOException {
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": broken PEM (base64): " + e.getMessage(), e);
        }
    }
}
