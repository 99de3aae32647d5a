package dev.weft.bench.suite;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Tries to talk to a control socket: connects, sends {@code {"cmd":"ping"}}, prints {@code answered: <reply>}
 * or {@code refused: <error>}. Depends on nothing but the JDK, so the control suite can run it as another
 * user (as a single-file source program from a world-readable directory).
 */
public final class CtlProbe {
    private CtlProbe() {}

    public static void main(String[] args) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
            ch.write(ByteBuffer.wrap("{\"cmd\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(4096);
            ch.read(buf);
            System.out.println(
                    "answered: " + new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip());
        } catch (IOException | SecurityException e) {
            System.out.println("refused: " + e);
        }
    }
}
