package dev.weft.bench.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket echo load driver: N JDK WebSocket clients each send M text messages one at a time,
 * the next only after the echo of the previous one came back, and the driver reports echoed
 * messages per second over all clients. A warm-up round of the same shape runs first (JIT).
 * Usage: {@code WsEchoLoad ws://host:port/ clients messages [payloadBytes]}; prints
 * {@code messages/s <rate> clients <N> messages <M> seconds <s> driver-cpu-s <c>}, the last being this
 * process's CPU time (both rounds), so that a caller can tell whether the driver was the bottleneck.
 *
 * <p>The JDK client allows one outstanding send per socket and fails a second one with
 * {@code IllegalStateException: Send pending}. Every send of a client, the first included, is therefore
 * chained after the previous one, and a failed send fails the run loudly. (The first send used to be
 * made outside the chain: when its echo arrived before the JDK had completed the send's future, the
 * second send failed silently, that client never sent again and the run hung until its 5-minute timeout.)
 * A round in which no echo arrives for {@code -Dws.stallSeconds} (default 15) is reported as a stall, with
 * the state of the clients that are not done, and exits 1 ({@link StallWatch}).
 */
public final class WsEchoLoad {
    private WsEchoLoad() {}

    /** Runs a warm-up round and a measured round; exits 1 if an echo was missing or wrong, or a round stalled. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: WsEchoLoad ws://host:port/ clients messages [payloadBytes]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        int payload = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        String text = "x".repeat(payload);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            round(http, uri, clients, Math.max(1, messages / 4), text, "warm-up");
            long start = System.nanoTime();
            long echoed = round(http, uri, clients, messages, text, "measured");
            double secs = (System.nanoTime() - start) / 1e9;
            double cpu = StallWatch.cpuSeconds();
            System.out.printf(
                    "messages/s %.0f clients %d messages %d seconds %.2f driver-cpu-s %.2f%n",
                    echoed / secs, clients, messages, secs, cpu);
        } catch (StallWatch.RoundFailed e) {
            System.err.println("WsEchoLoad: " + e.getMessage());
            System.exit(1);
        } finally {
            // Not close(): it waits for every exchange, and a server that never answers a close frame would
            // keep the driver waiting.
            http.shutdownNow();
        }
    }

    /** Connects every client, runs them to completion, closes them; returns the echoes received. */
    private static long round(HttpClient http, URI uri, int clients, int messages, String text, String name)
            throws InterruptedException {
        AtomicLong echoed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        CompletableFuture<Void> go = new CompletableFuture<>();
        List<PingPong> pingPongs = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            PingPong p = new PingPong(i, text, messages, echoed, done, go);
            pingPongs.add(p);
            sockets.add(http.newWebSocketBuilder().buildAsync(uri, p).join());
        }
        go.complete(null);
        StallWatch.await(name, done, echoed, () -> {
            StringBuilder why = new StringBuilder();
            pingPongs.stream().filter(p -> !p.finished.get()).limit(10).forEach(p -> why.append("\n  ")
                    .append(p.state()));
            return why.toString();
        });
        for (PingPong p : pingPongs) {
            if (p.failure != null) {
                throw new StallWatch.RoundFailed(name + " round: client " + p.id + " failed: " + p.failure);
            }
        }
        List<CompletableFuture<?>> closes = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            WebSocket ws = sockets.get(i);
            closes.add(pingPongs
                    .get(i)
                    .lastSend
                    .thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"))
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null));
        }
        CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).join();
        long total = echoed.get();
        if (total != (long) clients * messages) {
            throw new StallWatch.RoundFailed(
                    name + " round: only " + total + " of " + (long) clients * messages + " messages echoed");
        }
        return total;
    }

    /** One client: on each complete echo, counts it and sends the next message until M are done. */
    private static final class PingPong implements WebSocket.Listener {
        private final int id;
        private final String text;
        private final int messages;
        private final AtomicLong echoed;
        private final CountDownLatch done;
        private final CompletableFuture<Void> go;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicBoolean finished = new AtomicBoolean();
        private int received;
        /** The last send; the next one is chained after it (the JDK client allows one outstanding send). */
        private volatile CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

        private volatile Throwable failure;

        PingPong(
                int id, String text, int messages, AtomicLong echoed, CountDownLatch done, CompletableFuture<Void> go) {
            this.id = id;
            this.text = text;
            this.messages = messages;
            this.echoed = echoed;
            this.done = done;
            this.go = go;
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
            // The first send joins the chain here, before any onText of this socket can run (the JDK calls a
            // listener's methods one at a time), and starts when every client is connected.
            send(ws, go);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            ws.request(1);
            if (!last) {
                return null;
            }
            boolean ok = partial.length() == text.length();
            partial.setLength(0);
            if (!ok) {
                finish(new IllegalStateException("wrong echo length"));
                return null;
            }
            echoed.incrementAndGet();
            if (++received < messages) {
                send(ws, lastSend);
            } else {
                finish(null);
            }
            return null;
        }

        private void send(WebSocket ws, CompletableFuture<?> after) {
            CompletableFuture<WebSocket> s = after.thenCompose(x -> ws.sendText(text, true));
            lastSend = s;
            s.whenComplete((x, e) -> {
                if (e != null) {
                    finish(e);
                }
            });
        }

        private void finish(Throwable error) {
            if (finished.compareAndSet(false, true)) {
                failure = error;
                done.countDown();
            }
        }

        String state() {
            CompletableFuture<WebSocket> s = lastSend;
            String send = !s.isDone() ? "pending" : s.isCompletedExceptionally() ? "failed" : "completed";
            return "client " + id + ": " + received + " of " + messages + " echoes, last send " + send;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            finish(error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            if (received < messages) {
                finish(new IllegalStateException("server closed (" + code + " " + reason + ") after " + received));
            }
            return CompletableFuture.completedFuture(null);
        }
    }
}
