package dev.weft.net.internal.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * One certificate a TLS listener serves: its private key, its chain (the server's certificate first) and
 * the host names SNI matches against.
 *
 * @param key the private key
 * @param chain the certificate chain, the server's own certificate first
 * @param names lower-case DNS names from the subject alternative names, else the common name; may hold
 *              wildcards such as {@code *.example.com}
 * @param origin where it was read from, for messages
 */
record CertifiedKey(PrivateKey key, X509Certificate[] chain, Set<String> names, String origin) {
    /** The key's algorithm as the JDK's key managers are asked for it: {@code RSA}, {@code EC}, ... */
    String keyType() {
        return key.getAlgorithm();
    }

    /** Whether this certificate serves {@code host} (lower case). */
    boolean serves(String host) {
        for (String n : names) {
            if (n.equals(host)) {
                return true;
            }
            if (n.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot).equals(n.substring(1))) {
                    return true;
                }
            }
        }
        return false;
    }
}
