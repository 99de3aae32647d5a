package dev.weft.net.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key manager: picks the certificate for a handshake by the SNI host name the client sent
 * (exact or one-label wildcard match), among those whose key type the client can verify (from the
 * signature schemes it offered); without SNI, or with a name no certificate serves, the first certificate
 * the client can verify. Aliases are the indexes of the certificates. Server side only.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private final List<CertifiedKey> keys;

    SniKeyManager(List<CertifiedKey> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof javax.net.ssl.SSLSocket s ? s.getHandshakeSession() : null);
    }

    /**
     * The JDK asks once per key type, in the order of the client's preferences; this answers only for the
     * certificate it wants (so an RSA default is not passed over because the client asked for EC first).
     */
    private String choose(String keyType, SSLSession handshake) {
        // TLS 1.2 may ask for "EC_EC" or "EC_RSA": the first part is the key's own type.
        String type = keyType == null ? "" : keyType.split("_", 2)[0];
        int wanted = wanted(requestedHost(handshake), peerSignatures(handshake));
        if (wanted >= 0) {
            return keys.get(wanted).keyType().equals(type) ? Integer.toString(wanted) : null;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).keyType().equals(type)) {
                return Integer.toString(i);
            }
        }
        return null;
    }

    /** The first certificate serving {@code host} that the client can verify, else the first it can verify. */
    private int wanted(String host, String[] signatures) {
        if (host != null) {
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).serves(host) && verifiable(keys.get(i), signatures)) {
                    return i;
                }
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            if (verifiable(keys.get(i), signatures)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the client offered a signature scheme for the key's type (true when it is not known). */
    private static boolean verifiable(CertifiedKey k, String[] signatures) {
        if (signatures == null || signatures.length == 0) {
            return true;
        }
        for (String s : signatures) {
            // JCA names (SHA256withECDSA, RSASSA-PSS, SHA256withRSA), as the JDK reports them.
            boolean fits =
                    switch (k.keyType()) {
                        case "RSA" -> s.endsWith("withRSA") || s.equals("RSASSA-PSS");
                        case "EC" -> s.endsWith("withECDSA");
                        case "RSASSA-PSS" -> s.equals("RSASSA-PSS");
                        default -> true;
                    };
            if (fits) {
                return true;
            }
        }
        return false;
    }

    private static String[] peerSignatures(SSLSession handshake) {
        return handshake instanceof ExtendedSSLSession ext ? ext.getPeerSupportedSignatureAlgorithms() : null;
    }

    private static String requestedHost(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession ext) {
            for (SNIServerName n : ext.getRequestedServerNames()) {
                if (n.getType() == StandardConstants.SNI_HOST_NAME) {
                    return ((SNIHostName) n).getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return keys.stream()
                .filter(k -> k.keyType().equals(keyType))
                .map(k -> Integer.toString(keys.indexOf(k)))
                .toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey k = get(alias);
        return k == null ? null : k.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey k = get(alias);
        return k == null ? null : k.key();
    }

    private CertifiedKey get(String alias) {
        try {
            int i = Integer.parseInt(alias);
            return i >= 0 && i < keys.size() ? keys.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
