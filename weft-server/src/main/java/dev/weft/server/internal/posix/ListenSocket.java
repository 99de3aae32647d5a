package dev.weft.server.internal.posix;

import dev.weft.net.ListenUrl;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

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
 *
 * <p>A {@code scheme+unix:///path} URL gets a Unix domain stream socket bound to that path, with the file
 * mode the Worker asks for; the master {@link #unlink()}s the file when it stops (not when it hands the
 * socket over to a new master).
 */
public final class ListenSocket implements AutoCloseable {
    /** The file mode of a Unix domain socket when the Worker sets none: owner and group may connect. */
    public static final int DEFAULT_UNIX_MODE = 0660;

    private final String scheme;
    private final String host;
    private final int port;
    private final int fd;
    /** The socket file of a Unix domain socket, else null. */
    private final String unixPath;
    /** Whether this process bound it (false for one inherited from an old master). */
    private final boolean created;

    private ListenSocket(String scheme, String host, int port, int fd) {
        this(scheme, host, port, fd, null, true);
    }

    private ListenSocket(String scheme, String host, int port, int fd, String unixPath, boolean created) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.fd = fd;
        this.unixPath = unixPath;
        this.created = created;
    }

    /**
     * Opens a listener for a listen URL; a Unix domain socket gets {@code unixMode} as its file mode
     * ({@link #open(String, boolean, int)} otherwise).
     *
     * @param unixMode the socket file's permission bits, e.g. {@code 0660}
     */
    public static ListenSocket open(String listenUrl, boolean reusePort, int backlog, int unixMode) {
        if (isUnix(listenUrl)) {
            return openUnix(ListenUrl.parse(listenUrl), backlog, unixMode);
        }
        return open(listenUrl, reusePort, backlog);
    }

    /** Whether {@code listenUrl} names a Unix domain socket ({@code scheme+unix:///path}). */
    public static boolean isUnix(String listenUrl) {
        int colon = listenUrl.indexOf(':');
        return colon > 0
                && listenUrl
                        .substring(0, colon)
                        .toLowerCase(java.util.Locale.ROOT)
                        .endsWith("+unix");
    }

    /**
     * Binds a Unix domain stream socket at the URL's path with file mode {@code mode}, then listens. A
     * socket file left behind by a process that is gone (a connect is refused) is replaced; a socket
     * someone still listens on, or a file that is not a socket, is an error.
     */
    private static ListenSocket openUnix(ListenUrl url, int backlog, int mode) {
        if ((mode & ~0777) != 0) {
            throw new IllegalArgumentException("unix socket mode must be within 0777: 0" + Integer.toOctalString(mode));
        }
        Path path = Path.of(url.unixPath());
        removeStale(url, path);
        int fd = Posix.socket(Posix.AF_UNIX, Posix.SOCK_STREAM | Posix.SOCK_CLOEXEC, 0);
        boolean bound = false;
        try {
            Posix.bind(fd, UnixDatagram.sockaddr(url.unixPath()));
            bound = true;
            // Before listen(2): nobody can connect while the mode is still the umask's.
            Files.setPosixFilePermissions(path, permissions(mode));
            Posix.listen(fd, backlog);
            return new ListenSocket(url.scheme(), "", 0, fd, url.unixPath(), true);
        } catch (RuntimeException | IOException e) {
            Posix.close(fd);
            if (bound) {
                deleteQuietly(path);
            }
            throw new IllegalStateException("cannot listen on " + url + ": " + e.getMessage(), e);
        }
    }

    private static void removeStale(ListenUrl url, Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new IllegalStateException("cannot listen on " + url + ": " + path + " exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            deleteQuietly(path); // left behind by a process that is gone
            return;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + url + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("cannot listen on " + url + ": another process listens on " + path);
    }

    private static boolean isSocket(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isOther();
        } catch (IOException e) {
            return false;
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, 0400 first
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // nothing better to do: the next start replaces a stale file
        }
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

    /**
     * Adopts a listening socket this process inherited (an upgrade hands the new master the old one's), bound
     * where {@code boundUrl} says.
     *
     * @param fd       the inherited descriptor
     * @param boundUrl the listen URL with the bound port, as {@link #url()} gave it in the old master
     */
    public static ListenSocket adopt(int fd, String boundUrl) {
        if (isUnix(boundUrl)) {
            ListenUrl url = ListenUrl.parse(boundUrl);
            return new ListenSocket(url.scheme(), "", 0, fd, url.unixPath(), false);
        }
        URI uri = URI.create(boundUrl);
        if (uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("inherited listener needs host and port: " + boundUrl);
        }
        return new ListenSocket(uri.getScheme(), uri.getHost(), uri.getPort(), fd);
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

    /** The listen URL with the bound port, e.g. {@code http://127.0.0.1:8080} (or {@code http+unix:///path}). */
    public String url() {
        if (unixPath != null) {
            return scheme + "+unix://" + unixPath;
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port;
    }

    /** Whether this is a Unix domain socket. */
    public boolean isUnix() {
        return unixPath != null;
    }

    /** Whether this process bound the socket (false for one inherited from an old master). */
    public boolean created() {
        return created;
    }

    /** Removes a Unix domain socket's file (nothing for a TCP or UDP socket); the socket itself stays open. */
    public void unlink() {
        if (unixPath != null) {
            deleteQuietly(Path.of(unixPath));
        }
    }

    @Override
    public void close() {
        Posix.close(fd);
    }
}
