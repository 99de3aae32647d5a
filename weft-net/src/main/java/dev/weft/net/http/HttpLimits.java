package dev.weft.net.http;

/**
 * Size limits the server's HTTP parser enforces, each with the status it answers when
 * exceeded. Bounding every part of a request bounds the memory one connection can make the server
 * hold.
 *
 * @param maxRequestLineLength longest request line, CRLF excluded; beyond it 414 URI Too Long
 * @param maxHeaderCount most header fields (and, separately, trailer fields); beyond it 431
 * @param maxHeaderSize most bytes in the header section (and, separately, the trailer section),
 *     CRLFs included; beyond it 431 Request Header Fields Too Large
 * @param maxBodySize most body bytes after removing chunked framing; beyond it 413 Content Too
 *     Large
 * @param maxParameters most query, form or multipart parameters parsed from one request; beyond
 *     it 400
 */
public record HttpLimits(
        int maxRequestLineLength, int maxHeaderCount, int maxHeaderSize, long maxBodySize, int maxParameters) {

    /** 8 KiB request line, 100 headers in 16 KiB, 10 MiB body, 1000 parameters. */
    public static final HttpLimits DEFAULT = new HttpLimits(8 * 1024, 100, 16 * 1024, 10L << 20, 1000);

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if a limit is not positive, or the body limit is above 2 GiB
     *     (bodies are held in one array)
     */
    public HttpLimits {
        if (maxRequestLineLength < 16
                || maxHeaderCount < 1
                || maxHeaderSize < 16
                || maxBodySize < 0
                || maxBodySize > Integer.MAX_VALUE - 16
                || maxParameters < 1) {
            // Not "this": in a compact constructor the fields are still unassigned here.
            throw new IllegalArgumentException(String.format(
                    "invalid HTTP limits: line %d, headers %d in %d bytes, body %d, parameters %d",
                    maxRequestLineLength, maxHeaderCount, maxHeaderSize, maxBodySize, maxParameters));
        }
    }

    /**
     * Returns a copy with a different body limit.
     *
     * @param bytes the new maximum body size
     * @return the new limits
     */
    public HttpLimits withMaxBodySize(long bytes) {
        return new HttpLimits(maxRequestLineLength, maxHeaderCount, maxHeaderSize, bytes, maxParameters);
    }
}
