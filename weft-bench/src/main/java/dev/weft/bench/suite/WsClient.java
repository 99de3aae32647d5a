package dev.weft.bench.suite;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A minimal WebSocket client over a plain socket: handshake (optionally offering extensions), masked frames,
 * permessage-deflate messages, and how the server closed.
 */
final class WsClient implements AutoCloseable {
    /** How the connection ended: a close frame with {@code code}, or a TCP-level end (code -1). */
    record Ending(int code, String how) {
        boolean clean(int expected) {
            return code == expected;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String extensions = "";
    /** RSV1 of the last frame read. */
    private boolean lastCompressed;

    WsClient(int port) throws IOException {
        this(port, null);
    }

    /** Connects and offers {@code offer} as {@code Sec-WebSocket-Extensions} (null: no header). */
    WsClient(int port, String offer) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] keyBytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(keyBytes);
        out.write(
                ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                                + Base64.getEncoder().encodeToString(keyBytes)
                                + "\r\nSec-WebSocket-Version: 13\r\n"
                                + (offer == null ? "" : "Sec-WebSocket-Extensions: " + offer + "\r\n")
                                + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        if (status == null || !status.contains(" 101 ")) throw new IOException("handshake failed: " + status);
        String h;
        while ((h = line()) != null && !h.isEmpty()) {
            if (h.regionMatches(true, 0, "Sec-WebSocket-Extensions:", 0, 25))
                extensions = h.substring(25).strip();
        }
    }

    /** The server's {@code Sec-WebSocket-Extensions} answer; empty if none. */
    String extensions() {
        return extensions;
    }

    /**
     * Sends a text message compressed (RSV1, RFC 7692) and returns the echo, inflated if the server compressed
     * it; {@code compressedEcho[0]} tells whether it did.
     */
    String echoCompressed(String text, boolean[] compressedEcho) throws IOException {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        d.setInput(data);
        byte[] buf = new byte[data.length + 1024];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        d.end();
        sendFrame(0xC1, Arrays.copyOf(buf, n - 4)); // FIN, RSV1, text; without the flush's 00 00 ff ff
        int[] op = new int[1];
        byte[] p = readFrame(op);
        if (p == null || op[0] != 0x1)
            throw new IOException("expected a text frame, got " + (p == null ? "EOF" : op[0]));
        compressedEcho[0] = lastCompressed;
        if (!lastCompressed) return new String(p, StandardCharsets.UTF_8);
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(concat(p, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
            byte[] outBuf = new byte[data.length * 2 + 1024];
            int m = inf.inflate(outBuf);
            return new String(outBuf, 0, m, StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IOException("the echo does not inflate: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Sends a text message and returns the echo. */
    String echo(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
        int[] op = new int[1];
        byte[] p = readFrame(op);
        if (op[0] != 0x1) throw new IOException("expected a text frame, got opcode " + op[0]);
        return new String(p, StandardCharsets.UTF_8);
    }

    /** Sends one masked frame, FIN set. */
    void send(int opcode, byte[] payload) throws IOException {
        sendFrame(0x80 | opcode, payload);
    }

    /** Sends one masked frame with {@code firstByte} as its first byte (FIN, RSV bits, opcode). */
    void sendFrame(int firstByte, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write(firstByte);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) f.write((int) ((long) payload.length >>> shift));
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.write(mask);
        for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i & 3]);
        out.write(f.toByteArray());
        out.flush();
    }

    /**
     * Reads until the server ends the connection (at most {@code timeoutMs}): answers a close frame with
     * one, then expects EOF.
     */
    Ending awaitEnd(int timeoutMs) {
        try {
            socket.setSoTimeout(timeoutMs);
            while (true) {
                int[] op = new int[1];
                byte[] p = readFrame(op);
                if (p == null) return new Ending(-1, "EOF without a close frame");
                if (op[0] == 0x8) {
                    int code = p.length >= 2 ? ((p[0] & 0xff) << 8) | (p[1] & 0xff) : 1005;
                    try {
                        send(0x8, new byte[] {p.length >= 2 ? p[0] : 0x03, p.length >= 2 ? p[1] : (byte) 0xe8});
                    } catch (IOException e) {
                        return new Ending(code, "close frame, then our close reply failed: " + e.getMessage());
                    }
                    try {
                        int r = in.read();
                        return new Ending(code, r < 0 ? "close frame, then EOF" : "close frame, then more bytes");
                    } catch (IOException e) {
                        return new Ending(code, "close frame, then " + e.getMessage());
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            return new Ending(-2, "no end within " + timeoutMs + " ms");
        } catch (IOException e) {
            return new Ending(-1, "TCP error: " + e);
        }
    }

    /** One frame's payload (opcode into {@code op[0]}), or null at EOF. Server frames are unmasked. */
    private byte[] readFrame(int[] op) throws IOException {
        int b0 = in.read();
        if (b0 < 0) return null;
        int b1 = in.read();
        if (b1 < 0) return null;
        op[0] = b0 & 0x0f;
        lastCompressed = (b0 & 0x40) != 0;
        long len = b1 & 0x7f;
        if (len == 126) len = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
        else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) len = (len << 8) | (in.read() & 0xff);
        }
        byte[] p = in.readNBytes((int) len);
        if (p.length < len) return null;
        return p;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return null;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
