package dev.weft.server.internal.posix;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * A listening TCP socket, or a bound UDP socket for a {@code udp://} URL, opened by the master with plain
 * libc calls, so that its descriptor can be handed to children as their fd 0 (the JDK then gives it back
 * through {@code System.inheritedChannel()}: a {@code ServerSocketChannel} for TCP, a
 * {@code DatagramChannel} for UDP).
 *
 * <p>All children of one Worker share this one socket and so one accept queue (for UDP: one receive
 * queue, each datagram going to one child): what is queued on it is never lost when a child exits,
 * because the master keeps the socket open. UDP uses the shared socket rather than SO_REUSEPORT
 * sockets per child for that reason, and because a reload then never has a moment with no socket bound.
 */
public final class ListenSocket implements AutoCloseable {
    private final String scheme;
    private final String host;
    private final int port;
    private final int fd;

    private ListenSocket(String scheme, String host, int port, int fd) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.fd = fd;
    }

    /**
     * Opens, binds and listens on the host and port of a listen URL such as {@code http://127.0.0.1:8080}.
     * Port 0 picks a free port; {@link #url()} then tells which.
     *
     * @param listenUrl scheme://host:port (the scheme only matters to the WorkerService, except
     *                  {@code udp}: a datagram socket, bound but with no listen(2))
     * @param reusePort also set SO_REUSEPORT
     * @param backlog   the accept queue length
     */
    public static ListenSocket open(String listenUrl, boolean reusePort, int backlog) {
        URI uri = URI.create(listenUrl);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("listen URL needs host and port: " + listenUrl);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in listen URL " + listenUrl, e);
        }
        boolean v6 = address instanceof Inet6Address;
        boolean udp = "udp".equalsIgnoreCase(uri.getScheme());
        int type = udp ? Posix.SOCK_DGRAM : Posix.SOCK_STREAM;
        byte[] sockaddr = sockaddr(address, uri.getPort());
        int fd;
        if (udp && !v6 && (fd = dualStackUdpSocket()) >= 0) {
            // The JDK adopts an inherited datagram socket as IPv6 whenever IPv6 is available, and then
            // sends to IPv4 peers with IPv4-mapped sockaddr_in6, which an AF_INET socket rejects: so an
            // IPv4 UDP listener is an IPv6 socket bound to the mapped address (the JDK's own choice too).
            sockaddr = mappedSockaddr(address, uri.getPort());
        } else {
            fd = Posix.socket(v6 ? Posix.AF_INET6 : Posix.AF_INET, type | Posix.SOCK_CLOEXEC, 0);
            if (v6) Posix.setsockoptInt(fd, Posix.IPPROTO_IPV6, Posix.IPV6_V6ONLY, 1);
        }
        try {
            // For UDP, SO_REUSEADDR would let a second process bind the same port and steal datagrams.
            if (!udp) Posix.setsockoptInt(fd, Posix.SOL_SOCKET, Posix.SO_REUSEADDR, 1);
            if (reusePort) Posix.setsockoptInt(fd, Posix.SOL_SOCKET, Posix.SO_REUSEPORT, 1);
            Posix.bind(fd, sockaddr);
            if (!udp) Posix.listen(fd, backlog);
            byte[] bound = Posix.getsockname(fd);
            int actualPort = ((bound[2] & 0xff) << 8) | (bound[3] & 0xff);
            return new ListenSocket(uri.getScheme(), uri.getHost(), actualPort, fd);
        } catch (RuntimeException e) {
            Posix.close(fd);
            throw new IllegalStateException("cannot listen on " + listenUrl + ": " + e.getMessage(), e);
        }
    }

    /** An IPv6 UDP socket that also speaks IPv4, or -1 where IPv6 is unavailable (the JDK then uses IPv4 too). */
    private static int dualStackUdpSocket() {
        int fd;
        try {
            fd = Posix.socket(Posix.AF_INET6, Posix.SOCK_DGRAM | Posix.SOCK_CLOEXEC, 0);
        } catch (NativeException e) {
            return -1;
        }
        Posix.setsockoptInt(fd, Posix.IPPROTO_IPV6, Posix.IPV6_V6ONLY, 0);
        return fd;
    }

    /** sockaddr_in6 of an IPv4 address as {@code ::ffff:a.b.c.d}; 0.0.0.0 becomes {@code ::}. */
    static byte[] mappedSockaddr(InetAddress v4, int port) {
        byte[] ip = v4.getAddress();
        byte[] sa = new byte[28];
        sa[0] = (byte) Posix.AF_INET6;
        sa[2] = (byte) (port >> 8);
        sa[3] = (byte) port;
        if (!v4.isAnyLocalAddress()) {
            sa[18] = (byte) 0xff;
            sa[19] = (byte) 0xff;
            System.arraycopy(ip, 0, sa, 20, 4);
        }
        return sa;
    }

    static byte[] sockaddr(InetAddress address, int port) {
        byte[] ip = address.getAddress();
        if (ip.length == 4) {
            byte[] sa = new byte[16]; // struct sockaddr_in
            sa[0] = (byte) Posix.AF_INET; // sa_family is host order (little-endian on x86_64)
            sa[2] = (byte) (port >> 8); // sin_port is network order
            sa[3] = (byte) port;
            System.arraycopy(ip, 0, sa, 4, 4);
            return sa;
        }
        byte[] sa = new byte[28]; // struct sockaddr_in6
        sa[0] = (byte) Posix.AF_INET6;
        sa[2] = (byte) (port >> 8);
        sa[3] = (byte) port;
        System.arraycopy(ip, 0, sa, 8, 16);
        int scope = ((Inet6Address) address).getScopeId();
        sa[24] = (byte) scope;
        sa[25] = (byte) (scope >> 8);
        sa[26] = (byte) (scope >> 16);
        sa[27] = (byte) (scope >> 24);
        return sa;
    }

    /** The descriptor, to be dup2'ed onto a child's fd 0. */
    public int fd() {
        return fd;
    }

    /** The bound port (the real one when the URL asked for port 0). */
    public int port() {
        return port;
    }

    /** The listen URL with the bound port, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port;
    }

    @Override
    public void close() {
        Posix.close(fd);
    }
}
