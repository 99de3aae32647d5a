package dev.weft.net.internal.http;

import dev.weft.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers that feed raw request bytes to a parser as a connection would. */
final class Wire {
    private Wire() {}

    static ByteBuffer bytes(String latin1) {
        return ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Feeds everything at once and collects every complete request. */
    static List<HttpRequest> parseAll(HttpRequestParser parser, String raw) {
        return parseInPieces(parser, raw.getBytes(StandardCharsets.ISO_8859_1), new int[0]);
    }

    /**
     * Feeds {@code raw} in pieces cut at the given offsets, compacting the receive buffer between
     * reads, and collects every complete request.
     */
    static List<HttpRequest> parseInPieces(HttpRequestParser parser, byte[] raw, int[] cuts) {
        List<HttpRequest> requests = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(raw.length);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : raw.length;
            buffer.put(raw, from, to - from);
            from = to;
            buffer.flip();
            HttpRequest request;
            while ((request = parser.parse(buffer)) != null) {
                requests.add(request);
            }
            buffer.compact();
        }
        return requests;
    }
}
