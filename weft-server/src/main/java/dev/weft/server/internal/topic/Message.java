package dev.weft.server.internal.topic;

import java.nio.charset.StandardCharsets;

/**
 * One message as a subscriber's queue holds it: shared by every subscription of a process, decoded lazily
 * and at most once per form (a text published here keeps its String; one that came in a frame is decoded
 * on the first subscriber coroutine that wants it).
 */
final class Message {
    private final byte kind;
    private volatile byte[] bytes;
    private volatile String text;

    private Message(byte kind, byte[] bytes, String text) {
        this.kind = kind;
        this.bytes = bytes;
        this.text = text;
    }

    static Message text(String text) {
        return new Message(Frames.TEXT, null, text);
    }

    static Message bytes(byte[] bytes) {
        return new Message(Frames.BYTES, bytes, null);
    }

    /** The message a TEXT or BYTES frame carries. */
    static Message of(byte[] frame) {
        int from = Frames.payloadOffset(frame);
        byte[] payload = java.util.Arrays.copyOfRange(frame, from, frame.length);
        return new Message(Frames.type(frame), payload, null);
    }

    /** {@link Frames#TEXT} or {@link Frames#BYTES}. */
    byte kind() {
        return kind;
    }

    /** The payload as text (bytes decoded as UTF-8). */
    String text() {
        String t = text;
        if (t == null) text = t = new String(bytes, StandardCharsets.UTF_8);
        return t;
    }

    /** The payload as bytes (a text encoded as UTF-8); shared: callers must not change it. */
    byte[] bytes() {
        byte[] b = bytes;
        if (b == null) bytes = b = text.getBytes(StandardCharsets.UTF_8);
        return b;
    }
}
