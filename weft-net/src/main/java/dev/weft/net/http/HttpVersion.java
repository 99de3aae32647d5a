package dev.weft.net.http;

/** The HTTP versions this server speaks. */
public enum HttpVersion {
    /** HTTP/1.0: connections close after each response unless the client asks for keep-alive. */
    HTTP_1_0("HTTP/1.0"),
    /** HTTP/1.1: persistent connections by default, chunked transfer coding, Host required. */
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /**
     * Returns the version as it appears on the wire.
     *
     * @return {@code "HTTP/1.0"} or {@code "HTTP/1.1"}
     */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
