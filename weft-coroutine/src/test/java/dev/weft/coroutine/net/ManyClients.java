package dev.weft.coroutine.net;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers of {@link ManyConnectionsTest}, in their own process: opens {@code args[1]}
 * connections to 127.0.0.1:{@code args[0]}, prints {@code connected}; on the stdin line
 * {@code send} writes one byte on every connection and reads one byte back from each, then prints
 * {@code echoed <n>}; exits at end of stdin.
 */
public final class ManyClients {
    private ManyClients() {}

    /** See the class comment. */
    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int n = Integer.parseInt(args[1]);
        List<SocketChannel> sockets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sockets.add(SocketChannel.open(server));
        }
        System.out.println("connected");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("send")) {
                for (SocketChannel s : sockets) {
                    s.write(ByteBuffer.wrap(new byte[] {'x'}));
                }
                int echoed = 0;
                ByteBuffer b = ByteBuffer.allocate(1);
                for (SocketChannel s : sockets) {
                    b.clear();
                    if (s.read(b) == 1) {
                        echoed++;
                    }
                }
                System.out.println("echoed " + echoed);
                System.out.flush();
            }
        }
        for (SocketChannel s : sockets) {
            s.close();
        }
    }
}
