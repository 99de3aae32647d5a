package dev.weft.server.internal.posix;

import java.nio.charset.StandardCharsets;

/**
 * AF_UNIX datagram sockets through libc: the JDK has none (JEP 380 covers only stream sockets), and
 * systemd's {@code $NOTIFY_SOCKET} is one. An address is a path, or, when it starts with {@code @}, a name
 * in Linux's abstract namespace (the {@code @} stands for the leading NUL byte, as systemd writes it).
 */
public final class UnixDatagram {
    /** {@code sizeof(sun_path)} on Linux. */
    static final int SUN_PATH = 108;

    private UnixDatagram() {}

    /**
     * Sends one datagram to {@code address} from a fresh socket, without waiting: a receiver whose queue is
     * full makes this fail rather than block.
     *
     * @throws IllegalArgumentException if the address is empty or too long for {@code sun_path}
     * @throws NativeException          if the socket cannot be made or the datagram cannot be sent
     */
    public static void send(String address, byte[] datagram) {
        byte[] sa = sockaddr(address);
        int fd = Posix.socket(Posix.AF_UNIX, Posix.SOCK_DGRAM | Posix.SOCK_CLOEXEC, 0);
        try {
            Posix.sendto(fd, datagram, Posix.MSG_DONTWAIT | Posix.MSG_NOSIGNAL, sa);
        } finally {
            Posix.close(fd);
        }
    }

    /**
     * Binds a datagram socket to {@code address} (a path, or {@code @name}) and returns its descriptor, for
     * {@link #receive}; the caller closes it with {@link Posix#close}.
     */
    public static int bind(String address) {
        int fd = Posix.socket(Posix.AF_UNIX, Posix.SOCK_DGRAM | Posix.SOCK_CLOEXEC, 0);
        try {
            Posix.bind(fd, sockaddr(address));
            return fd;
        } catch (RuntimeException e) {
            Posix.close(fd);
            throw e;
        }
    }

    /** One datagram queued on {@code fd} as UTF-8 text, or null if none is queued. */
    public static String receive(int fd) {
        byte[] d = Posix.recvNow(fd, 4096);
        return d == null ? null : new String(d, StandardCharsets.UTF_8);
    }

    /**
     * {@code struct sockaddr_un} for a path (NUL-terminated) or an abstract name (leading NUL, length exactly
     * the name's: abstract names are not NUL-terminated).
     */
    static byte[] sockaddr(String address) {
        if (address == null || address.isEmpty() || address.equals("@")) {
            throw new IllegalArgumentException("empty AF_UNIX address");
        }
        boolean abstractName = address.charAt(0) == '@';
        byte[] name = (abstractName ? address.substring(1) : address).getBytes(StandardCharsets.UTF_8);
        int pathBytes = name.length + 1; // the leading NUL of an abstract name, or the trailing one of a path
        if (pathBytes > SUN_PATH) {
            throw new IllegalArgumentException("AF_UNIX address longer than " + (SUN_PATH - 1) + " bytes: " + address);
        }
        byte[] sa = new byte[2 + pathBytes];
        sa[0] = (byte) Posix.AF_UNIX; // sun_family, host order
        System.arraycopy(name, 0, sa, abstractName ? 3 : 2, name.length);
        return sa;
    }
}
