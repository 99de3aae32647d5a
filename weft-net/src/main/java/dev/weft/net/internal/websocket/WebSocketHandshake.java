package dev.weft.net.internal.websocket;

import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.HttpVersion;
import dev.weft.net.http.Response;
import dev.weft.net.websocket.PerMessageDeflate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The server's side of the opening handshake (RFC 6455 section 4.2): checks that a request is a
 * valid WebSocket upgrade, picks a subprotocol, and builds the response: {@code 101 Switching
 * Protocols} with {@code Sec-WebSocket-Accept}, or an error.
 *
 * <p>Rejections: 405 (with {@code Allow: GET}) for another method; 400 for HTTP/1.0, or a missing
 * or wrong {@code Upgrade: websocket}, {@code Connection: upgrade} or {@code Sec-WebSocket-Key}
 * (which must be the base64 of 16 bytes, sent once); 426 with {@code Sec-WebSocket-Version: 13}
 * when the client does not speak version 13.
 *
 * <p>The one extension is permessage-deflate (RFC 7692), negotiated from {@code
 * Sec-WebSocket-Extensions} as {@link DeflateParams#negotiate} says unless it is off; an offer the
 * server declines, or a header it cannot parse, leaves the connection uncompressed, never fails it.
 * Without it clients may not use RSV bits.
 */
public final class WebSocketHandshake {
    /** The GUID that RFC 6455 appends to the key before hashing. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Response response;
    private final String subprotocol;
    private final boolean accepted;
    private final DeflateParams deflate;

    private WebSocketHandshake(Response response, String subprotocol, boolean accepted, DeflateParams deflate) {
        this.response = response;
        this.subprotocol = subprotocol;
        this.accepted = accepted;
        this.deflate = deflate;
    }

    /**
     * Tells whether a request asks to upgrade to WebSocket ({@code Upgrade: websocket}), so that a
     * router can hand it to {@link #negotiate} instead of a plain HTTP handler.
     *
     * @param request the request
     * @return true if it names the websocket upgrade
     */
    public static boolean isUpgradeRequest(HttpRequest request) {
        return request.headers().containsToken("Upgrade", "websocket");
    }

    /**
     * Validates an upgrade request and builds the response, without extensions.
     *
     * @param request the request
     * @param subprotocols the subprotocols the server speaks, most preferred first; may be empty
     * @return the outcome: accepted with a 101 response, or rejected with an error response
     */
    public static WebSocketHandshake negotiate(HttpRequest request, List<String> subprotocols) {
        return negotiate(request, subprotocols, PerMessageDeflate.OFF);
    }

    /**
     * Validates an upgrade request and builds the response.
     *
     * @param request the request
     * @param subprotocols the subprotocols the server speaks, most preferred first; may be empty
     * @param deflate whether and how permessage-deflate is negotiated
     * @return the outcome: accepted with a 101 response, or rejected with an error response
     */
    public static WebSocketHandshake negotiate(
            HttpRequest request, List<String> subprotocols, PerMessageDeflate deflate) {
        if (!request.method().equals("GET")) {
            return reject(Response.status(405).withHeader("Allow", "GET"), "WebSocket upgrade needs GET");
        }
        if (request.version() != HttpVersion.HTTP_1_1) {
            return reject(Response.status(400), "WebSocket upgrade needs HTTP/1.1");
        }
        if (!isUpgradeRequest(request)) {
            return reject(Response.status(400), "missing Upgrade: websocket");
        }
        if (!request.headers().containsToken("Connection", "upgrade")) {
            return reject(Response.status(400), "missing Connection: upgrade");
        }
        List<String> versions = request.headers().getAll("Sec-WebSocket-Version");
        if (versions.size() != 1 || !versions.getFirst().equals("13")) {
            return reject(
                    Response.status(426).withHeader("Sec-WebSocket-Version", "13"), "unsupported WebSocket version");
        }
        List<String> keys = request.headers().getAll("Sec-WebSocket-Key");
        if (keys.size() != 1 || !isValidKey(keys.getFirst())) {
            return reject(Response.status(400), "missing or invalid Sec-WebSocket-Key");
        }
        Response switching = Response.status(101)
                .withHeader("Upgrade", "websocket")
                .withHeader("Connection", "Upgrade")
                .withHeader("Sec-WebSocket-Accept", acceptKey(keys.getFirst()));
        String chosen = chooseSubprotocol(request, subprotocols);
        if (chosen != null) {
            switching = switching.withHeader("Sec-WebSocket-Protocol", chosen);
        }
        DeflateParams params = deflate == PerMessageDeflate.OFF
                ? null
                : DeflateParams.negotiate(
                        ExtensionOffer.parse(request.headers().getAll("Sec-WebSocket-Extensions")), deflate);
        if (params != null) {
            switching = switching.withHeader("Sec-WebSocket-Extensions", params.responseHeader());
        }
        return new WebSocketHandshake(switching, chosen, true, params);
    }

    /**
     * Computes {@code Sec-WebSocket-Accept}: base64 of the SHA-1 of the key followed by {@link
     * #GUID}.
     *
     * @param key the client's Sec-WebSocket-Key, as sent
     * @return the accept value
     */
    public static String acceptKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    /**
     * Tells whether the handshake succeeded.
     *
     * @return true if {@link #response()} is the 101 response and the connection now speaks
     *     WebSocket
     */
    public boolean accepted() {
        return accepted;
    }

    /**
     * Returns the response to send: 101 when accepted, else the error (with a short plain-text
     * reason).
     *
     * @return the response
     */
    public Response response() {
        return response;
    }

    /**
     * Returns the chosen subprotocol.
     *
     * @return the subprotocol, or {@code null} if none was offered or none matched
     */
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * Returns the negotiated permessage-deflate configuration.
     *
     * @return the configuration, or {@code null} if the connection is uncompressed
     */
    public DeflateParams deflate() {
        return deflate;
    }

    /** 24 base64 characters ending in "==" are exactly 16 bytes; the decoder checks the alphabet. */
    private static boolean isValidKey(String key) {
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The server's most preferred subprotocol among those the client offered. */
    private static String chooseSubprotocol(HttpRequest request, List<String> supported) {
        List<String> offered = request.headers().getAll("Sec-WebSocket-Protocol");
        for (String candidate : supported) {
            for (String list : offered) {
                for (String element : list.split(",")) {
                    if (element.strip().equals(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        return null;
    }

    private static WebSocketHandshake reject(Response response, String reason) {
        Response answer =
                response.withHeader("Content-Type", "text/plain; charset=utf-8").withBody(reason);
        return new WebSocketHandshake(answer, null, false, null);
    }
}
