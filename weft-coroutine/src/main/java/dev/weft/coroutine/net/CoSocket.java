package dev.weft.coroutine.net;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Suspension;
import dev.weft.coroutine.internal.poll.PollKey;
import dev.weft.coroutine.internal.poll.Poller;
import dev.weft.coroutine.internal.poll.ReadyWait;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A cancellable TCP connection for coroutines, over a non-blocking {@link SocketChannel} and Weft's
 * {@link Poller}.
 *
 * <h2>Conventions (all of Weft's cancellable I/O: {@code dev.weft.coroutine.net}, {@code .fs},
 * {@code .process} and {@code .signal})</h2>
 * <ul>
 *   <li>Every blocking operation takes a timeout: {@code null} or negative waits forever, zero
 *       does not wait.</li>
 *   <li>Cancel ({@link Co#cancel(long)} or a {@link Co#withTimeout} deadline) and timeout return
 *       the operation's failure value at once, with {@link Co#lastError()}
 *       {@link CoError#CO_CANCELED} (and {@link Co#isCanceled()}) or {@link CoError#CO_TIMEDOUT}.
 *       Neither closes the socket: the next operation continues where this one stopped.</li>
 *   <li>A kill raises {@link dev.weft.coroutine.KilledException}; the socket stays open. A pending
 *       kill is delivered when an operation starts, even one that would complete without waiting,
 *       so a read loop on a fast peer is killable too.</li>
 *   <li>A real I/O failure (reset, closed, refused) throws {@link IOException} with
 *       {@link Co#lastError()} {@link CoError#IO_ERROR}.</li>
 *   <li>Success sets {@link Co#lastError()} to {@link CoError#NONE}.</li>
 * </ul>
 * While an operation blocks, its coroutine is listed in {@link Co#suspensions()} with the event
 * {@code socket.read <peer>}, {@code socket.write <peer>} or {@code socket.connect <peer>}.
 * At most one coroutine may read and one write at a time; a second concurrent reader (or writer)
 * gets {@link IllegalStateException}.
 */
public final class CoSocket implements Closeable {
    private final SocketChannel channel;
    private final PollKey pollKey;
    private String readEvent;
    private String idleReadEvent;
    private String writeEvent;
    /** Read-ahead of {@link #readLine}, in read mode; drained first by every read. Null until needed. */
    private ByteBuffer pending;

    private CoSocket(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        this.channel = channel;
        this.pollKey = Poller.newKey(channel);
        events(channel.getRemoteAddress());
    }

    /** Opens an unconnected socket; {@link #connect} it next. */
    public static CoSocket open() throws IOException {
        return new CoSocket(SocketChannel.open());
    }

    /**
     * Wraps a channel (connected or not); it is switched to non-blocking mode and must from now on
     * be used only through this object.
     */
    public static CoSocket wrap(SocketChannel channel) throws IOException {
        return new CoSocket(channel);
    }

    private void events(SocketAddress peer) {
        String p = peer == null ? "unconnected" : ReadyWait.format(peer);
        readEvent = "socket.read " + p;
        idleReadEvent = readEvent + " (idle)";
        writeEvent = "socket.write " + p;
    }

    /**
     * Connects to {@code remote}. After a cancel or timeout the connection attempt stays pending;
     * calling {@code connect} again (with the same address) waits for it once more.
     *
     * @return true when connected; false on cancel or timeout
     * @throws IOException when the connection fails (refused, unreachable)
     */
    public boolean connect(SocketAddress remote, Duration timeout) throws IOException {
        Co.checkKilled(); // a fast path that never waits still delivers a pending kill
        long deadline = Suspension.deadline(timeout);
        try {
            if (channel.isConnected()
                    || (!channel.isConnectionPending() && channel.connect(remote))
                    || channel.finishConnect()) {
                events(remote);
                Co.setLastError(CoError.NONE);
                return true;
            }
        } catch (IOException e) {
            throw ReadyWait.failed(e);
        }
        Boolean ok = ReadyWait.await(
                pollKey,
                SelectionKey.OP_CONNECT,
                "socket.connect " + ReadyWait.format(remote),
                deadline,
                () -> channel.finishConnect() ? Boolean.TRUE : null);
        if (ok == null) {
            return false;
        }
        events(remote);
        return true;
    }

    /**
     * Reads up to {@code dst.remaining()} bytes, waiting until at least one is available.
     *
     * @return the number of bytes read, {@code -1} at end of stream, {@code 0} on cancel or timeout
     *         (or when {@code dst} has no room)
     * @throws IOException when the read fails (reset, closed)
     */
    public int read(ByteBuffer dst, Duration timeout) throws IOException {
        return read(dst, timeout, false);
    }

    /**
     * Reads like {@link #read(ByteBuffer, Duration)}; with {@code idle} true a wait is an idle wait
     * ({@link Suspension#beginIdle}, event {@code socket.read <peer> (idle)}): for a server's read
     * loop waiting for the next request or message of a kept-alive client, which age-based kill
     * policies must not take for stuck work.
     */
    public int read(ByteBuffer dst, Duration timeout, boolean idle) throws IOException {
        Co.checkKilled(); // a fast path that never waits still delivers a pending kill
        int n = drainPending(dst);
        if (n > 0) {
            Co.setLastError(CoError.NONE);
            return n;
        }
        return fill(dst, Suspension.deadline(timeout), idle);
    }

    private int fill(ByteBuffer dst, long deadline) throws IOException {
        return fill(dst, deadline, false);
    }

    /** Reads from the channel only: the fast path first, then readiness waits until a byte arrives. */
    private int fill(ByteBuffer dst, long deadline, boolean idle) throws IOException {
        int n;
        try {
            n = channel.read(dst);
        } catch (IOException e) {
            throw ReadyWait.failed(e);
        }
        if (n != 0 || !dst.hasRemaining()) {
            Co.setLastError(CoError.NONE);
            return n;
        }
        Integer r =
                ReadyWait.await(pollKey, SelectionKey.OP_READ, idle ? idleReadEvent : readEvent, idle, deadline, () -> {
                    int m = channel.read(dst);
                    return m == 0 ? null : m;
                });
        return r == null ? 0 : r;
    }

    private int drainPending(ByteBuffer dst) {
        ByteBuffer p = pending;
        if (p == null || !p.hasRemaining()) {
            return 0;
        }
        int n = Math.min(p.remaining(), dst.remaining());
        dst.put(dst.position(), p, p.position(), n);
        dst.position(dst.position() + n);
        p.position(p.position() + n);
        return n;
    }

    /**
     * Reads until {@code dst} is full. On cancel or timeout the bytes read so far stay in
     * {@code dst} (its position says how many).
     *
     * @return true when full; false on cancel or timeout
     * @throws EOFException when the stream ends first
     */
    public boolean readFully(ByteBuffer dst, Duration timeout) throws IOException {
        Co.checkKilled(); // a fast path that never waits still delivers a pending kill
        long deadline = Suspension.deadline(timeout);
        drainPending(dst);
        while (dst.hasRemaining()) {
            int n = fill(dst, deadline);
            if (n < 0) {
                throw ReadyWait.failed(new EOFException("end of stream after a partial read"));
            }
            if (n == 0 && dst.hasRemaining()) {
                return false;
            }
        }
        Co.setLastError(CoError.NONE);
        return true;
    }

    /** {@link #readLine(int, Charset, Duration)} in UTF-8. */
    public String readLine(int maxLength, Duration timeout) throws IOException {
        return readLine(maxLength, StandardCharsets.UTF_8, timeout);
    }

    /**
     * Reads one line ended by {@code \n} or {@code \r\n}, returned without its terminator. Bytes
     * read past the line are kept and returned by the next read. On cancel or timeout the partial
     * line is kept too, so a retry loses nothing.
     *
     * @param maxLength the longest line accepted, in bytes without the terminator
     * @return the line; the unterminated rest at end of stream; null at end of stream with nothing
     *         left ({@link Co#lastError()} {@link CoError#NONE}) or on cancel/timeout
     * @throws IOException when the line is longer than {@code maxLength}, or the read fails
     */
    public String readLine(int maxLength, Charset charset, Duration timeout) throws IOException {
        Co.checkKilled(); // a fast path that never waits still delivers a pending kill
        long deadline = Suspension.deadline(timeout);
        ByteBuffer p = pendingWithRoom(maxLength + 2);
        int scanned = 0;
        for (; ; ) {
            int start = p.position();
            for (int i = start + scanned; i < p.limit(); i++) {
                if (p.get(i) == '\n') {
                    int end = i > start && p.get(i - 1) == '\r' ? i - 1 : i;
                    if (end - start > maxLength) {
                        throw ReadyWait.failed(new IOException("line longer than " + maxLength + " bytes"));
                    }
                    String line = new String(p.array(), p.arrayOffset() + start, end - start, charset);
                    p.position(i + 1);
                    Co.setLastError(CoError.NONE);
                    return line;
                }
            }
            scanned = p.remaining();
            if (scanned > maxLength + 1) {
                throw ReadyWait.failed(new IOException("line longer than " + maxLength + " bytes"));
            }
            p.compact();
            int n;
            try {
                n = fill(p, deadline);
            } finally {
                p.flip();
            }
            if (n < 0) {
                if (!p.hasRemaining()) {
                    return null;
                }
                String rest = new String(p.array(), p.arrayOffset() + p.position(), p.remaining(), charset);
                p.position(p.limit());
                Co.setLastError(CoError.NONE);
                return rest;
            }
            if (n == 0) {
                return null;
            }
        }
    }

    private ByteBuffer pendingWithRoom(int capacity) {
        ByteBuffer p = pending;
        if (p == null) {
            p = ByteBuffer.allocate(Math.max(8192, capacity)).flip();
        } else if (p.capacity() < capacity) {
            p = ByteBuffer.allocate(capacity).put(p).flip();
        }
        pending = p;
        return p;
    }

    /**
     * Writes some of {@code src}, waiting until the socket accepts at least one byte.
     *
     * @return the number of bytes written; 0 on cancel or timeout (or when {@code src} is empty)
     * @throws IOException when the write fails (reset, closed)
     */
    public int write(ByteBuffer src, Duration timeout) throws IOException {
        Co.checkKilled(); // a fast path that never waits still delivers a pending kill
        int n;
        try {
            n = channel.write(src);
        } catch (IOException e) {
            throw ReadyWait.failed(e);
        }
        if (n != 0 || !src.hasRemaining()) {
            Co.setLastError(CoError.NONE);
            return n;
        }
        Integer r = ReadyWait.await(pollKey, SelectionKey.OP_WRITE, writeEvent, Suspension.deadline(timeout), () -> {
            int m = channel.write(src);
            return m == 0 ? null : m;
        });
        return r == null ? 0 : r;
    }

    /**
     * Writes all of {@code src}. On cancel or timeout the unwritten rest stays in {@code src} (its
     * position says how much was written), and a later call can finish it.
     *
     * @return true when everything is written; false on cancel or timeout
     */
    public boolean writeFully(ByteBuffer src, Duration timeout) throws IOException {
        Co.checkKilled(); // a fast path that never waits still delivers a pending kill
        long deadline = Suspension.deadline(timeout);
        while (src.hasRemaining()) {
            int n;
            try {
                n = channel.write(src);
            } catch (IOException e) {
                throw ReadyWait.failed(e);
            }
            if (n == 0) {
                Integer r = ReadyWait.await(pollKey, SelectionKey.OP_WRITE, writeEvent, deadline, () -> {
                    int m = channel.write(src);
                    return m == 0 ? null : m;
                });
                if (r == null) {
                    return false;
                }
            }
        }
        Co.setLastError(CoError.NONE);
        return true;
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} without copying them through the Java
     * heap ({@link FileChannel#transferTo}, the kernel's {@code sendfile}), waiting while the socket is full.
     * On cancel or timeout it returns what it sent so far, and a later call can finish the rest. Listed
     * as {@code socket.write <peer>} while it waits.
     *
     * @return the bytes sent: {@code count}, or fewer on cancel or timeout ({@link Co#lastError()} says
     *     which), or when the file ends first ({@link Co#lastError()} is then {@link CoError#NONE})
     * @throws IOException when the write or the file read fails
     */
    public long transferFrom(FileChannel file, long position, long count, Duration timeout) throws IOException {
        Co.checkKilled(); // a fast path that never waits still delivers a pending kill
        long deadline = Suspension.deadline(timeout);
        long done = 0;
        while (done < count) {
            long at = position + done;
            long left = count - done;
            long n;
            try {
                n = file.transferTo(at, left, channel);
            } catch (IOException e) {
                throw ReadyWait.failed(e);
            }
            if (n == 0) {
                if (at >= file.size()) {
                    break; // the file ended: transferTo sends nothing past it
                }
                Long r = ReadyWait.await(pollKey, SelectionKey.OP_WRITE, writeEvent, deadline, () -> {
                    long m = file.transferTo(at, left, channel);
                    return m > 0 ? Long.valueOf(m) : at >= file.size() ? Long.valueOf(-1) : null;
                });
                if (r == null) {
                    return done;
                }
                if (r < 0) {
                    break;
                }
                n = r;
            }
            done += n;
        }
        Co.setLastError(CoError.NONE);
        return done;
    }

    /** Shuts the input side down: later reads see end of stream. */
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    /** Shuts the output side down (sends FIN); the peer reads end of stream. */
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Sets a socket option such as {@link java.net.StandardSocketOptions#TCP_NODELAY}. */
    public <T> CoSocket setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
        return this;
    }

    /** Reads a socket option. */
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return channel.getOption(name);
    }

    /** The local address, or null if unbound. */
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /** The peer's address, or null if not connected. */
    public SocketAddress remoteAddress() throws IOException {
        return channel.getRemoteAddress();
    }

    /**
     * The underlying channel, non-blocking. Reading or writing it directly bypasses the read-ahead
     * of {@link #readLine}; switching it to blocking mode breaks this socket.
     */
    public SocketChannel channel() {
        return channel;
    }

    /** Whether the channel is open. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the socket; coroutines blocked in it wake and get an {@link IOException}. */
    @Override
    public void close() throws IOException {
        pollKey.closeChannel();
    }

    @Override
    public String toString() {
        return "CoSocket[" + readEvent.substring("socket.read ".length()) + "]";
    }
}
