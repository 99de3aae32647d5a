package dev.weft.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client whose records the test controls byte by byte: a client {@link SSLEngine} over a blocking
 * socket. It can seal a message into ciphertext and send any part of it, so a test can stop in the
 * middle of a record (or of the handshake).
 */
final class EngineClient implements AutoCloseable {
    final SocketChannel channel;
    final SSLEngine engine;
    private ByteBuffer netIn = ByteBuffer.allocate(1 << 16);
    private final ByteBuffer app = ByteBuffer.allocate(1 << 17);

    EngineClient(int port) throws Exception {
        channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {TRUST_ALL}, null);
        engine = ctx.createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
    }

    /** The first flight of the handshake (the ClientHello), as ciphertext, without sending it. */
    byte[] clientHello() throws IOException {
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    /** Runs the whole handshake. */
    void handshake() throws IOException {
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        for (; ; ) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_WRAP -> {
                    out.clear();
                    engine.wrap(ByteBuffer.allocate(0), out);
                    out.flip();
                    while (out.hasRemaining()) channel.write(out);
                }
                case NEED_TASK -> {
                    Runnable t;
                    while ((t = engine.getDelegatedTask()) != null) t.run();
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    netIn.flip();
                    SSLEngineResult r = engine.unwrap(netIn, app);
                    netIn.compact();
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && channel.read(netIn) < 0) {
                        throw new EOFException("server closed during the handshake");
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** {@code text} as application-data ciphertext (one record), not sent. */
    byte[] seal(String text) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    void sendRaw(byte[] bytes, int from, int to) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, from, to - from);
        while (b.hasRemaining()) channel.write(b);
    }

    /** Reads and decrypts until {@code count} bytes of application data arrived. */
    String receive(int count) throws IOException {
        while (app.position() < count) {
            netIn.flip();
            SSLEngineResult r = engine.unwrap(netIn, app);
            netIn.compact();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) throw new EOFException("closed");
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.bytesConsumed() == 0) {
                if (channel.read(netIn) < 0) throw new EOFException("server closed");
            }
        }
        app.flip();
        byte[] b = new byte[count];
        app.get(b);
        app.compact();
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static final X509TrustManager TRUST_ALL = new X509TrustManager() {
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
