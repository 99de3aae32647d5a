package dev.weft.coroutine.net;

import dev.weft.coroutine.Suspension;
import dev.weft.coroutine.internal.FutureWait;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A thin cancellable wrapper over {@link HttpClient}: the exchange runs asynchronously and the
 * coroutine waits in a suspension named {@code http <METHOD> <uri>}. On cancel, timeout or kill the
 * exchange is aborted ({@code cancel(true)} on the {@code sendAsync} future, which makes the
 * client abort the request and close or reset its stream) and the coroutine resumes at once.
 * Conventions as in {@link CoSocket}.
 */
public final class CoHttp {
    private static final class Default {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    private CoHttp() {}

    /** Sends with a shared default client (redirects followed); see {@link #send(HttpClient, HttpRequest, HttpResponse.BodyHandler, Duration)}. */
    public static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, Duration timeout)
            throws IOException {
        return send(Default.CLIENT, request, body, timeout);
    }

    /**
     * Sends {@code request} and waits for the response (its body handled by {@code body}).
     *
     * @return the response, or null on cancel or timeout (the exchange is aborted)
     * @throws IOException when the exchange fails
     */
    public static <T> HttpResponse<T> send(
            HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body, Duration timeout)
            throws IOException {
        return FutureWait.await(
                client.sendAsync(request, body),
                "http " + request.method() + " " + request.uri(),
                Suspension.deadline(timeout),
                f -> f.cancel(true));
    }
}
