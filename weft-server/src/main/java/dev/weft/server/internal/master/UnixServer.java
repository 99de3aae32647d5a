package dev.weft.server.internal.master;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

/**
 * An AF_UNIX listening socket in the run directory, owner-only (mode 0600), that hands every accepted
 * connection to a handler on its own virtual thread.
 */
final class UnixServer implements Closeable {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.master");
    private final Path path;
    private final ServerSocketChannel server;

    UnixServer(Path path, String name, Consumer<SocketChannel> handler) throws IOException {
        this.path = path;
        Files.deleteIfExists(path); // a previous master that was SIGKILLed leaves its socket file behind
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        Thread.ofVirtual().name("weft-" + name + "-accept").start(() -> {
            while (true) {
                SocketChannel ch;
                try {
                    ch = server.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, name + " accept failed: " + e.getMessage());
                    return;
                }
                Thread.ofVirtual().name("weft-" + name).start(() -> handler.accept(ch));
            }
        });
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
