package dev.weft.server.nativeio;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * A listening TCP socket opened by the master with plain libc calls, so that its descriptor can be handed
 * to children as their fd 0 (the JDK then gives it back as a {@code ServerSocketChannel} through
 * {@code System.inheritedChannel()}).
 *
 * <p>All children of one Worker share this one socket and so one accept queue: a connection queued on it
 * is never lost when a child exits, because the master keeps the socket open.
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
     * @param listenUrl scheme://host:port (the scheme only matters to the WorkerService)
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
        int fd = Posix.socket(v6 ? Posix.AF_INET6 : Posix.AF_INET, Posix.SOCK_STREAM | Posix.SOCK_CLOEXEC, 0);
        try {
            Posix.setsockoptInt(fd, Posix.SOL_SOCKET, Posix.SO_REUSEADDR, 1);
            if (reusePort) Posix.setsockoptInt(fd, Posix.SOL_SOCKET, Posix.SO_REUSEPORT, 1);
            if (v6) Posix.setsockoptInt(fd, Posix.IPPROTO_IPV6, Posix.IPV6_V6ONLY, 1);
            Posix.bind(fd, sockaddr(address, uri.getPort()));
            Posix.listen(fd, backlog);
            byte[] bound = Posix.getsockname(fd);
            int actualPort = ((bound[2] & 0xff) << 8) | (bound[3] & 0xff);
            return new ListenSocket(uri.getScheme(), uri.getHost(), actualPort, fd);
        } catch (RuntimeException e) {
            Posix.close(fd);
            throw new IllegalStateException("cannot listen on " + listenUrl + ": " + e.getMessage(), e);
        }
    }

    static byte[] sockaddr(InetAddress address, int port) {
        byte[] ip = address.getAddress();
        if (ip.length == 4) {
            byte[] sa = new byte[16]; // struct sockaddr_in
            sa[0] = (byte) Posix.AF_INET; // sa_family is host order (little-endian on x86_64)
            sa[2] = (byte) (port >> 8);   // sin_port is network order
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
