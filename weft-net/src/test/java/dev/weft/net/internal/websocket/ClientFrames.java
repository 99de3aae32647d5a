package dev.weft.net.internal.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds frames as a client sends them: masked, with any header bits a test needs. */
final class ClientFrames {
    static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ClientFrames frame(int firstByte, byte[] payload) {
        return frame(firstByte, payload, true);
    }

    ClientFrames frame(int firstByte, byte[] payload, boolean masked) {
        out.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length <= 125) {
            out.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >>> shift));
            }
        }
        if (masked) {
            out.writeBytes(MASK);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ MASK[i & 3] : payload[i]);
        }
        return this;
    }

    ClientFrames text(String text) {
        return frame(0x81, utf8(text));
    }

    ClientFrames fragment(Opcode opcode, boolean fin, byte[] payload) {
        return frame((fin ? 0x80 : 0) | opcode.code(), payload);
    }

    ClientFrames close(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return frame(0x88, payload);
    }

    ClientFrames raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
