/**
 * weft-net's TLS machinery, not API: reading keys and certificates (PEM, PKCS#12), the key manager that
 * picks a certificate by SNI, and the server's {@link javax.net.ssl.SSLContext} and engines. The
 * per-connection record layer on Weft's sockets is {@code dev.weft.net.internal.TlsWire}.
 */
package dev.weft.net.internal.tls;
