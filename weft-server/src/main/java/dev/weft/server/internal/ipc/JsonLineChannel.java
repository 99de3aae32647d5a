package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One JSON document per line over a blocking stream socket (AF_UNIX here). Writes from several threads
 * are serialized; reading is done by one thread. Lines can also be read and written as raw bytes
 * ({@link #receiveLine}, {@link #sendRaw}), for streams that are relayed without being parsed.
 */
public final class JsonLineChannel implements Closeable {
    private final SocketChannel channel;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private final Object writeLock = new Object();

    /** Wraps a connected blocking channel. */
    public JsonLineChannel(SocketChannel channel) {
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
    }

    /** Connects to an AF_UNIX socket. */
    public static JsonLineChannel connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new JsonLineChannel(ch);
    }

    /** Writes one document and a newline. */
    public void send(JsonNode message) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(message);
        ByteBuffer buf =
                ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        synchronized (writeLock) {
            while (buf.hasRemaining()) channel.write(buf);
        }
    }

    /**
     * Writes bytes as they are: one or more whole lines, each ending with a newline, in one piece (a reader
     * never sees them mixed with another thread's message).
     */
    public void sendRaw(byte[] bytes, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, off, len);
        synchronized (writeLock) {
            while (b.hasRemaining()) channel.write(b);
        }
    }

    /** Reads the next document, or returns null at end of stream. */
    public JsonNode receive() throws IOException {
        return receive(Integer.MAX_VALUE);
    }

    /**
     * Reads the next document of at most {@code maxBytes} bytes, or returns null at end of stream: a
     * peer that may be hostile cannot make this process buffer an endless line.
     *
     * @throws LineTooLongException when the line reaches {@code maxBytes} before its newline
     * @throws com.fasterxml.jackson.core.JsonProcessingException when the line is not JSON
     */
    public JsonNode receive(int maxBytes) throws IOException {
        byte[] line = receiveLine(maxBytes);
        return line == null ? null : Json.MAPPER.readTree(line);
    }

    /**
     * Reads the next line as bytes, without its newline (nor a {@code \r} before it), or returns null at end
     * of stream.
     *
     * @throws LineTooLongException when the line reaches {@code maxBytes} before its newline
     */
    public byte[] receiveLine(int maxBytes) throws IOException {
        byte[] line = null;
        int len = 0;
        while (true) {
            if (pos == lim) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    if (len == 0) return null;
                    break;
                }
                pos = 0;
                lim = n;
            }
            int start = pos;
            int nl = -1;
            for (int i = pos; i < lim; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl >= 0 ? nl : lim;
            int chunk = end - start;
            if ((long) len + chunk > maxBytes) throw new LineTooLongException(maxBytes);
            if (line == null) line = new byte[Math.max(chunk, 64)];
            else if (len + chunk > line.length) line = Arrays.copyOf(line, Math.max(len + chunk, line.length * 2));
            System.arraycopy(buf, start, line, len, chunk);
            len += chunk;
            pos = nl >= 0 ? nl + 1 : lim;
            if (nl >= 0) break;
        }
        if (len > 0 && line[len - 1] == '\r') len--;
        return line.length == len ? line : Arrays.copyOf(line, len);
    }

    /** A request line longer than the reader accepts. */
    public static final class LineTooLongException extends IOException {
        LineTooLongException(int max) {
            super("request line longer than " + max + " bytes");
        }
    }

    /** Whether the channel is open. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort: the peer sees EOF either way
        }
    }
}
