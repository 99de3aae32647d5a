package dev.weft.net.internal.http;

import java.util.List;

/** Request methods the parser accepts; any other valid token is answered 501. */
final class Methods {
    /** CONNECT is absent on purpose: this server is not a tunnelling proxy. */
    static final List<String> IMPLEMENTED =
            List.of("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE");

    private Methods() {}
}
