package dev.weft.bench.suite;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A client process that holds idle TCP connections: opens {@code count} connections to 127.0.0.1:{@code port},
 * prints {@code open N} (or {@code failed after N: error}), then keeps them until its stdin ends or
 * {@code maxSeconds} passed, and closes them. One process holds at most its open-files limit; the bounds
 * suite starts several.
 *
 * <pre>java -cp ... dev.weft.bench.suite.IdleClients PORT COUNT [MAX_SECONDS]</pre>
 */
public final class IdleClients {
    private IdleClients() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long maxSeconds = args.length > 2 ? Long.parseLong(args[2]) : 600;
        List<SocketChannel> open = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                open.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
            }
            System.out.println("open " + open.size());
        } catch (IOException e) {
            System.out.println("failed after " + open.size() + ": " + e);
        }
        System.out.flush();
        Thread stdin = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for EOF
                }
            } catch (IOException ignored) {
                // parent gone
            }
        });
        stdin.join(maxSeconds * 1000);
        for (SocketChannel c : open) c.close();
    }
}
