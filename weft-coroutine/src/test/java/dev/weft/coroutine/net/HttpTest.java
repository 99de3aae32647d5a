package dev.weft.coroutine.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** CoHttp against a local JDK HttpServer: a response, a cancelled and a timed-out exchange. */
class HttpTest {
    @Test
    void sendsCancelsAndTimesOut() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/fast", ex -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/slow", ex -> {
            try {
                never.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            CompletableFuture<String> cancelled = new CompletableFuture<>();
            Coroutine c = Co.go(() -> {
                try {
                    HttpResponse<String> r = CoHttp.send(
                            HttpRequest.newBuilder(URI.create(base + "/slow")).build(),
                            HttpResponse.BodyHandlers.ofString(),
                            Duration.ofSeconds(30));
                    cancelled.complete(r + " " + Co.lastError());
                } catch (Exception e) {
                    cancelled.completeExceptionally(e);
                }
            });
            await().until(() -> c.state() == Coroutine.State.SUSPENDED
                    && c.suspension().event().equals("http GET " + base + "/slow"));
            long t0 = System.nanoTime();
            assertThat(Co.cancel(c.id())).isTrue();
            assertThat(cancelled.get(5, TimeUnit.SECONDS)).isEqualTo("null CO_CANCELED");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));

            CompletableFuture<String> rest = new CompletableFuture<>();
            Co.go(() -> {
                try {
                    HttpResponse<String> slow = CoHttp.send(
                            HttpRequest.newBuilder(URI.create(base + "/slow")).build(),
                            HttpResponse.BodyHandlers.ofString(),
                            Duration.ofMillis(100));
                    String a = slow + " " + Co.lastError();
                    HttpResponse<String> fast = CoHttp.send(
                            HttpRequest.newBuilder(URI.create(base + "/fast")).build(),
                            HttpResponse.BodyHandlers.ofString(),
                            Duration.ofSeconds(10));
                    rest.complete(a + " | " + fast.statusCode() + " " + fast.body() + " " + Co.lastError());
                } catch (Exception e) {
                    rest.completeExceptionally(e);
                }
            });
            assertThat(rest.get(15, TimeUnit.SECONDS)).isEqualTo("null CO_TIMEDOUT | 200 ok NONE");
        } finally {
            never.countDown();
            server.stop(0);
        }
    }
}
