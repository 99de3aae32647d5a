package dev.weft.net.internal.websocket;

import dev.weft.net.websocket.PerMessageDeflate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The permessage-deflate configuration agreed in a handshake (RFC 7692 section 7.1), and the
 * negotiation that picks it from the client's offers.
 *
 * @param serverNoContextTakeover the server resets its compressor after every message
 * @param clientNoContextTakeover the client resets its compressor after every message, so the
 *     server may reset its decompressor too
 * @param serverMaxWindowBits 15 to echo {@code server_max_window_bits=15} that the client sent; 0
 *     when it sent none
 * @param minCompressSize messages shorter than this are sent uncompressed
 */
public record DeflateParams(
        boolean serverNoContextTakeover,
        boolean clientNoContextTakeover,
        int serverMaxWindowBits,
        int minCompressSize) {
    /** The extension's name in the header. */
    public static final String NAME = "permessage-deflate";

    /** The only LZ77 window {@link java.util.zip.Deflater} can use: 2^15 bytes. */
    static final int JDK_WINDOW_BITS = 15;

    /** Without context takeover a short message gains little: the same threshold as npm ws. */
    static final int MIN_SIZE_NO_TAKEOVER = 1024;

    /** With context takeover even a short message can refer back to earlier ones. */
    static final int MIN_SIZE_TAKEOVER = 128;

    /**
     * Picks the first acceptable permessage-deflate offer, in the client's order of preference.
     * An offer is declined (RFC 7692 section 7) when it has an unknown parameter, a parameter twice,
     * a parameter with a value it may not have or without one it must have, a window size outside
     * 8..15 (written without leading zeros), or {@code server_max_window_bits} below 15, which {@link
     * java.util.zip.Deflater} cannot honour.
     *
     * @param offers the client's offers, all extensions; others than permessage-deflate are skipped
     * @param mode the listener's setting
     * @return the configuration to use, or {@code null} when nothing is negotiated
     */
    public static DeflateParams negotiate(List<ExtensionOffer> offers, PerMessageDeflate mode) {
        if (mode == PerMessageDeflate.OFF) {
            return null;
        }
        for (ExtensionOffer offer : offers) {
            if (offer.name().equals(NAME)) {
                DeflateParams accepted = accept(offer, mode);
                if (accepted != null) {
                    return accepted;
                }
            }
        }
        return null;
    }

    /** The configuration for one offer, or null to decline it. */
    private static DeflateParams accept(ExtensionOffer offer, PerMessageDeflate mode) {
        boolean serverNoTakeover = false;
        boolean clientNoTakeover = false;
        int serverMaxWindowBits = 0;
        Set<String> seen = new HashSet<>();
        for (ExtensionOffer.Param p : offer.params()) {
            if (!seen.add(p.name())) {
                return null;
            }
            switch (p.name()) {
                case "server_no_context_takeover" -> {
                    if (p.value() != null) {
                        return null;
                    }
                    serverNoTakeover = true;
                }
                case "client_no_context_takeover" -> {
                    if (p.value() != null) {
                        return null;
                    }
                    clientNoTakeover = true;
                }
                case "server_max_window_bits" -> {
                    serverMaxWindowBits = windowBits(p.value());
                    if (serverMaxWindowBits != JDK_WINDOW_BITS) {
                        return null; // Invalid, or a window the JDK's Deflater cannot limit itself to.
                    }
                }
                case "client_max_window_bits" -> {
                    // The client may limit its own window: any window up to 15 bits inflates.
                    if (p.value() != null && windowBits(p.value()) == 0) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        boolean takeover = mode == PerMessageDeflate.CONTEXT_TAKEOVER;
        boolean serverNo = serverNoTakeover || !takeover;
        boolean clientNo = clientNoTakeover || !takeover;
        // Messages are compressed from a size threshold on; with the server's context kept, shorter.
        int minSize = serverNo ? MIN_SIZE_NO_TAKEOVER : MIN_SIZE_TAKEOVER;
        return new DeflateParams(serverNo, clientNo, serverMaxWindowBits, minSize);
    }

    /** 8..15 as RFC 7692 writes it (no leading zero), else 0. */
    private static int windowBits(String value) {
        if (value == null || value.length() > 2 || value.startsWith("0")) {
            return 0;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return 0;
            }
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15 ? bits : 0;
    }

    /**
     * Returns the {@code Sec-WebSocket-Extensions} value that accepts the offer. It names {@code
     * client_no_context_takeover} whenever the server wants it (RFC 7692 section 7.1.1.2 lets the
     * server ask even if the client did not offer it) and never {@code client_max_window_bits}.
     *
     * @return the response header value
     */
    public String responseHeader() {
        StringBuilder value = new StringBuilder(NAME);
        if (serverNoContextTakeover) {
            value.append("; server_no_context_takeover");
        }
        if (clientNoContextTakeover) {
            value.append("; client_no_context_takeover");
        }
        if (serverMaxWindowBits != 0) {
            value.append("; server_max_window_bits=").append(serverMaxWindowBits);
        }
        return value.toString();
    }
}
