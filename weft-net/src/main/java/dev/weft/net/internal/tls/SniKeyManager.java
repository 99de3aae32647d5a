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
 * (exact or one-label wildcard match) among those of the key type the handshake can use; without SNI, or
 * with a name no certificate serves, the first certificate of that key type. Aliases are the indexes of
 * the certificates. Server side only.
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

    private String choose(String keyType, SSLSession handshake) {
        // TLS 1.2 may ask for "EC_EC" or "EC_RSA": the first part is the key's own type.
        String type = keyType == null ? "" : keyType.split("_", 2)[0];
        String host = requestedHost(handshake);
        int fallback = -1;
        for (int i = 0; i < keys.size(); i++) {
            CertifiedKey k = keys.get(i);
            if (!k.keyType().equals(type)) {
                continue;
            }
            if (host == null || k.serves(host)) {
                return Integer.toString(i);
            }
            if (fallback < 0) {
                fallback = i;
            }
        }
        return fallback < 0 ? null : Integer.toString(fallback);
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
