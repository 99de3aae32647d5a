package dev.weft.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A keep-alive HTTP/1.1 client for GETs. Like common HTTP clients it retries an idempotent request when the
 * connection broke before any byte of the response arrived (a server closing an idle keep-alive
 * connection, or a retiring process closing a connection it never read); {@link #retries()} counts those.
 */
final class KeepAliveClient implements Closeable {
    record Response(int status, String body, long pid, boolean close) {}

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int retries;
    private final java.util.concurrent.atomic.AtomicLong sharedRetries;

    KeepAliveClient(int port) {
        this(port, new java.util.concurrent.atomic.AtomicLong());
    }

    /** @param sharedRetries also counts this client's retries (for a pool of clients) */
    KeepAliveClient(int port, java.util.concurrent.atomic.AtomicLong sharedRetries) {
        this.port = port;
        this.sharedRetries = sharedRetries;
    }

    Response get(String path) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            if (socket == null) connect();
            boolean[] gotBytes = {false};
            try {
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Response r = read(gotBytes);
                if (r.close()) closeSocket();
                return r;
            } catch (IOException e) {
                closeSocket();
                if (gotBytes[0]) throw e; // a partial response is a real failure
                last = e;
                retries++;
                sharedRetries.incrementAndGet();
            }
        }
        throw last;
    }

    int retries() {
        return retries;
    }

    private Response read(boolean[] gotBytes) throws IOException {
        String status = line(gotBytes);
        if (status == null) throw new IOException("connection closed before the response");
        int len = 0;
        long pid = -1;
        boolean close = false;
        String h;
        while ((h = line(gotBytes)) != null && !h.isEmpty()) {
            String lower = h.toLowerCase();
            if (lower.startsWith("content-length:"))
                len = Integer.parseInt(h.substring(15).trim());
            if (lower.startsWith("x-pid:")) pid = Long.parseLong(h.substring(6).trim());
            if (lower.startsWith("connection:") && lower.contains("close")) close = true;
        }
        if (h == null) throw new IOException("truncated headers");
        byte[] body = in.readNBytes(len);
        if (body.length < len) throw new IOException("truncated body");
        return new Response(
                Integer.parseInt(status.split(" ")[1]), new String(body, StandardCharsets.UTF_8), pid, close);
    }

    private String line(boolean[] gotBytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            gotBytes[0] = true;
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return null;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        socket = null;
    }

    @Override
    public void close() {
        closeSocket();
    }
}
