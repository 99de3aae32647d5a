package dev.weft.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One GET on a connection of its own whose response is read in the background. Unlike
 * {@link KeepAliveClient} it never retries, so a connection the server closes unanswered shows as
 * {@code null} instead of a resent request, and a killed request as its 503 body, {@link #KILLED}.
 */
final class PendingGet implements AutoCloseable {
    /** The body of the 503 that answers a request whose coroutine was killed. */
    static final String KILLED = "Service Unavailable\n";

    private final Socket socket;
    private final InputStream in;
    private final CompletableFuture<String> response = new CompletableFuture<>();

    private PendingGet(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Connects to 127.0.0.1:{@code port} and sends {@code GET path}; the response is read by a virtual thread. */
    static PendingGet send(int port, String path) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(90_000);
        PendingGet g = new PendingGet(s);
        g.write(path);
        Thread.ofVirtual().start(() -> {
            try {
                g.response.complete(g.readBody());
            } catch (IOException e) {
                g.response.complete(null); // reset: unanswered, like EOF
            }
        });
        return g;
    }

    /** The body of the first response, or null when the connection closed without one. */
    String response(Duration timeout) throws Exception {
        return response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the first response (or the close) has arrived. */
    boolean answered() {
        return response.isDone();
    }

    /** After the first response: another GET on the same connection; its body, or null on close. */
    String next(String path) throws IOException {
        write(path);
        return readBody();
    }

    private void write(String path) throws IOException {
        socket.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private String readBody() throws IOException {
        String status = line();
        if (status == null) return null;
        int len = 0;
        String h;
        while ((h = line()) != null && !h.isEmpty()) {
            if (h.toLowerCase().startsWith("content-length:"))
                len = Integer.parseInt(h.substring(15).trim());
        }
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
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
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
