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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket echo load driver: N JDK WebSocket clients each send M text messages one at a time,
 * the next only after the echo of the previous one came back, and the driver reports echoed
 * messages per second over all clients. A warm-up round of the same shape runs first (JIT).
 * Usage: {@code WsEchoLoad ws://host:port/ clients messages [payloadBytes]}; prints
 * {@code messages/s <rate> clients <N> messages <M> seconds <s>}.
 */
public final class WsEchoLoad {
    private WsEchoLoad() {}

    /** Runs a warm-up round and a measured round; exits 1 if an echo was missing or wrong. */
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        int payload = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        String text = "x".repeat(payload);
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            round(http, uri, clients, Math.max(1, messages / 4), text);
            long start = System.nanoTime();
            long echoed = round(http, uri, clients, messages, text);
            double secs = (System.nanoTime() - start) / 1e9;
            if (echoed != (long) clients * messages) {
                System.err.println("only " + echoed + " of " + (long) clients * messages + " messages echoed");
                System.exit(1);
            }
            System.out.printf(
                    "messages/s %.0f clients %d messages %d seconds %.2f%n", echoed / secs, clients, messages, secs);
        }
    }

    /** Connects every client, runs them to completion, closes them; returns the echoes received. */
    private static long round(HttpClient http, URI uri, int clients, int messages, String text) throws Exception {
        AtomicLong echoed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            sockets.add(http.newWebSocketBuilder()
                    .buildAsync(uri, new PingPong(text, messages, echoed, done))
                    .join());
        }
        sockets.forEach(ws -> ws.sendText(text, true));
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("clients did not finish in 5 minutes");
        }
        for (WebSocket ws : sockets) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
        return echoed.get();
    }

    /** One client: on each complete echo, counts it and sends the next message until M are done. */
    private static final class PingPong implements WebSocket.Listener {
        private final String text;
        private final int messages;
        private final AtomicLong echoed;
        private final CountDownLatch done;
        private final StringBuilder partial = new StringBuilder();
        private int received;
        /** The JDK client allows one outstanding send: the next one starts when the previous completed. */
        private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

        PingPong(String text, int messages, AtomicLong echoed, CountDownLatch done) {
            this.text = text;
            this.messages = messages;
            this.echoed = echoed;
            this.done = done;
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
                System.err.println("wrong echo length");
                done.countDown();
                return null;
            }
            echoed.incrementAndGet();
            if (++received < messages) {
                lastSend = lastSend.thenCompose(x -> ws.sendText(text, true));
            } else {
                done.countDown();
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            System.err.println("client error: " + error);
            done.countDown();
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
