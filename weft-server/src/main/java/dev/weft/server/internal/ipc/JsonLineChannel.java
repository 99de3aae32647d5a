package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One JSON document per line over a blocking stream socket (AF_UNIX here). Writes from several threads
 * are serialized; reading is done by one thread.
 */
public final class JsonLineChannel implements Closeable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final Object writeLock = new Object();

    /** Wraps a connected blocking channel. */
    public JsonLineChannel(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
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

    /** Reads the next document, or returns null at end of stream. */
    public JsonNode receive() throws IOException {
        String line = in.readLine();
        if (line == null) return null;
        return Json.MAPPER.readTree(line);
    }

    /**
     * Reads the next document of at most {@code maxChars} characters, or returns null at end of stream: a
     * peer that may be hostile cannot make this process buffer an endless line.
     *
     * @throws LineTooLongException when the line reaches {@code maxChars} before its newline
     * @throws com.fasterxml.jackson.core.JsonProcessingException when the line is not JSON
     */
    public JsonNode receive(int maxChars) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.length() >= maxChars) throw new LineTooLongException(maxChars);
            line.append((char) c);
        }
        if (c < 0 && line.isEmpty()) return null;
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
        return Json.MAPPER.readTree(line.toString());
    }

    /** A request line longer than the reader accepts. */
    public static final class LineTooLongException extends IOException {
        LineTooLongException(int max) {
            super("request line longer than " + max + " characters");
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
