package dev.weft.server.internal.topic;

import dev.weft.server.Topic;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The topic protocol between a worker process and the master, on the master's topic socket: length-prefixed
 * binary frames, so that the master forwards a published message to each subscriber as the very bytes it
 * read, without decoding its payload.
 *
 * <pre>
 *   frame       = int32 length (of what follows), byte type, body        (big-endian)
 *   HELLO       body: int64 pid                                          (process → master, first frame)
 *   TEXT/BYTES  body: uint16 topic length, topic (UTF-8), payload       (both ways)
 *   SUBSCRIBE   body: int32 ack id, uint16 topic length, topic          (process → master)
 *   UNSUBSCRIBE body: uint16 topic length, topic                         (process → master)
 *   ACK         body: int32 ack id                                       (master → process: subscribed)
 * </pre>
 */
public final class Frames {
    /** A text message. */
    public static final byte TEXT = 1;
    /** A byte message. */
    public static final byte BYTES = 2;
    /** A process subscribes to a topic. */
    static final byte SUBSCRIBE = 3;
    /** A process has no subscriber of a topic left. */
    static final byte UNSUBSCRIBE = 4;
    /** The master has registered a SUBSCRIBE. */
    static final byte ACK = 5;
    /** A process says its pid. */
    static final byte HELLO = 6;

    /** The longest topic name, in characters. */
    static final int MAX_TOPIC = 128;
    /** The longest frame body a reader accepts: the biggest payload with its header and topic. */
    static final int MAX_BODY = Topic.MAX_PAYLOAD + 1 + 2 + MAX_TOPIC;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/@-]{1," + MAX_TOPIC + "}");

    private Frames() {}

    /** Checks a topic name; returns it. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a topic name is 1 to " + MAX_TOPIC + " characters of letters, digits and . _ - : / @, not "
                            + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    /** A TEXT or BYTES frame. */
    static byte[] message(String topic, byte kind, byte[] payload) {
        checkPayload(payload.length);
        byte[] t = topic.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 2 + t.length + payload.length);
        b.putInt(1 + 2 + t.length + payload.length).put(kind).putShort((short) t.length);
        return b.put(t).put(payload).array();
    }

    static void checkPayload(int length) {
        if (length > Topic.MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "a topic message is at most " + Topic.MAX_PAYLOAD + " bytes, this one has " + length);
        }
    }

    static byte[] subscribe(int ackId, String topic) {
        byte[] t = topic.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + 1 + 4 + 2 + t.length)
                .putInt(1 + 4 + 2 + t.length)
                .put(SUBSCRIBE)
                .putInt(ackId)
                .putShort((short) t.length)
                .put(t)
                .array();
    }

    static byte[] unsubscribe(String topic) {
        byte[] t = topic.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + 1 + 2 + t.length)
                .putInt(1 + 2 + t.length)
                .put(UNSUBSCRIBE)
                .putShort((short) t.length)
                .put(t)
                .array();
    }

    static byte[] ack(int ackId) {
        return ByteBuffer.allocate(4 + 1 + 4)
                .putInt(1 + 4)
                .put(ACK)
                .putInt(ackId)
                .array();
    }

    static byte[] hello(long pid) {
        return ByteBuffer.allocate(4 + 1 + 8)
                .putInt(1 + 8)
                .put(HELLO)
                .putLong(pid)
                .array();
    }

    /**
     * Reads one whole frame, its length prefix included.
     *
     * @return the frame, or null at end of stream before a frame starts
     * @throws IOException on a broken or truncated stream, or a length over {@link #MAX_BODY}
     */
    static byte[] read(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 1 || length > MAX_BODY) throw new IOException("bad topic frame length " + length);
        byte[] frame = new byte[4 + length];
        ByteBuffer.wrap(frame).putInt(length);
        in.readFully(frame, 4, length);
        return frame;
    }

    /** The type of a frame. */
    static byte type(byte[] frame) {
        return frame[4];
    }

    /** The topic of a TEXT, BYTES or UNSUBSCRIBE frame (offset 5), or of a SUBSCRIBE frame (offset 9). */
    static String topic(byte[] frame) {
        int at = type(frame) == SUBSCRIBE ? 9 : 5;
        int length = ((frame[at] & 0xff) << 8) | (frame[at + 1] & 0xff);
        if (at + 2 + length > frame.length) throw new IllegalArgumentException("topic past the frame's end");
        return new String(frame, at + 2, length, StandardCharsets.US_ASCII);
    }

    /** Where the payload of a TEXT or BYTES frame starts. */
    static int payloadOffset(byte[] frame) {
        return 5 + 2 + (((frame[5] & 0xff) << 8) | (frame[6] & 0xff));
    }

    /** The int32 at {@code offset}: the ack id of SUBSCRIBE and ACK frames is at 5. */
    static int int32(byte[] frame, int offset) {
        return ByteBuffer.wrap(frame, offset, 4).getInt();
    }

    /** The pid of a HELLO frame. */
    static long pid(byte[] frame) {
        return ByteBuffer.wrap(frame, 5, 8).getLong();
    }
}
