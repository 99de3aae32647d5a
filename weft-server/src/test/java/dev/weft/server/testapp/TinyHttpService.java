package dev.weft.server.testapp;

import dev.weft.server.WorkerService;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal HTTP/1.1 server for the tests: keep-alive, one virtual thread per connection, GET only.
 * Routes: {@code /} hello, {@code /slow?ms=N}, {@code /spin} (a CPU loop that never ends), {@code /pid}.
 *
 * <p>Retiring: {@link #stopAccepting} stops the accept loop; from then on every connection answers its
 * next request (or the one in flight) with {@code Connection: close} and closes, so a keep-alive client is
 * never cut off between requests while the process drains. {@link #closeAll} closes what is left, but never
 * in the middle of writing a response.
 */
public final class TinyHttpService implements WorkerService {
    private static volatile boolean spinForever = true;
    private final Set<Conn> conns = ConcurrentHashMap.newKeySet();
    private final AtomicLong totalRequests = new AtomicLong();
    private final AtomicLong sendFail = new AtomicLong();
    private final AtomicLong handlers = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean draining;
    private volatile ServerSocketChannel listener;
    private final Object idle = new Object();

    private final class Conn {
        final long id = ids.incrementAndGet();
        final SocketChannel ch;
        final Object writeLock = new Object();
        volatile boolean inRequest;
        volatile long requests;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }

        void close() {
            synchronized (writeLock) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    @Override
    public void start(ServerSocketChannel listener) {
        this.listener = listener;
        Thread.ofVirtual().name("http-accept").start(() -> {
            while (!draining) {
                SocketChannel ch;
                try {
                    ch = listener.accept();
                } catch (IOException e) {
                    return;
                }
                Conn c = new Conn(ch);
                conns.add(c);
                if (draining) { // lost the race with stopAccepting: nothing was read, the client retries
                    remove(c);
                    return;
                }
                Thread.ofVirtual().name("http-conn").start(() -> serve(c));
            }
        });
    }

    private void serve(Conn c) {
        try (InputStream in = new BufferedInputStream(Channels.newInputStream(c.ch));
             OutputStream out = Channels.newOutputStream(c.ch)) {
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null) return;
                c.inRequest = true;
                String line;
                boolean clientClose = false;
                while ((line = readLine(in)) != null && !line.isEmpty()) {
                    if (line.toLowerCase().startsWith("connection:") && line.toLowerCase().contains("close")) clientClose = true;
                }
                if (line == null) return;
                String path = requestLine.split(" ")[1];
                handlers.incrementAndGet();
                String body;
                try {
                    body = handle(path);
                } finally {
                    handlers.decrementAndGet();
                }
                boolean close = clientClose || draining;
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + b.length
                        + "\r\nX-Pid: " + ProcessHandle.current().pid() + (close ? "\r\nConnection: close" : "") + "\r\n\r\n";
                synchronized (c.writeLock) {
                    if (!c.ch.isOpen()) {
                        sendFail.incrementAndGet();
                        return;
                    }
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    out.write(b);
                    out.flush();
                }
                totalRequests.incrementAndGet();
                c.requests++;
                c.inRequest = false;
                if (close) return;
            }
        } catch (IOException e) {
            // client went away or we closed it
        } finally {
            remove(c);
        }
    }

    private String handle(String path) {
        if (path.startsWith("/slow")) {
            long ms = Long.parseLong(path.replaceAll(".*ms=(\\d+).*", "$1"));
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "slow " + ms;
        }
        if (path.startsWith("/spin")) {
            // Holds the only carrier thread (parallelism=1): the child stops answering the master.
            long x = 0;
            while (spinForever) x++;
            return "unreachable " + x;
        }
        if (path.startsWith("/pid")) return Long.toString(ProcessHandle.current().pid());
        return "hello";
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int ch;
        while ((ch = in.read()) >= 0) {
            if (ch == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                return sb.toString();
            }
            sb.append((char) ch);
        }
        return null;
    }

    private void remove(Conn c) {
        c.close();
        conns.remove(c);
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    @Override
    public void stopAccepting() {
        draining = true;
        try {
            if (listener != null) listener.close(); // our copy only: the master keeps the shared socket
        } catch (IOException ignored) {
            // closing
        }
        // Open connections stay: each one's next response says Connection: close, then it closes. A client
        // that sends nothing more is closed by closeAll.
    }

    @Override
    public boolean awaitIdle(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (idle) {
            while (!conns.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void closeAll() {
        for (Conn c : List.copyOf(conns)) remove(c);
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections", conns.size());
        m.put("send_fail", sendFail.get());
        m.put("total_request", totalRequests.get());
        m.put("throw_exception", 0);
        m.put("coroutines", handlers.get());
        return m;
    }

    @Override
    public List<Map<String, Object>> connections() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Conn c : conns) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("conn_id", c.id);
            r.put("remote", addr(c, true));
            r.put("local", addr(c, false));
            r.put("state", c.inRequest ? "busy" : "idle");
            r.put("requests", c.requests);
            rows.add(r);
        }
        return rows;
    }

    private static String addr(Conn c, boolean remote) {
        try {
            SocketAddress a = remote ? c.ch.getRemoteAddress() : c.ch.getLocalAddress();
            return a instanceof InetSocketAddress i ? i.getHostString() + ":" + i.getPort() : String.valueOf(a);
        } catch (IOException e) {
            return "-";
        }
    }
}
