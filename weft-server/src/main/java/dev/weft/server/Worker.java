package dev.weft.server;

import dev.weft.net.Connection;
import dev.weft.net.ConnectionHandler;
import dev.weft.net.ErrorHandler;
import dev.weft.net.MessageHandler;
import dev.weft.net.NetOptions;
import dev.weft.net.TimeLimits;
import dev.weft.net.TlsConfig;
import dev.weft.net.WebSocketConnectHandler;
import dev.weft.net.protocol.Protocol;
import dev.weft.net.server.NetServer;
import dev.weft.net.websocket.PerMessageDeflate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A group of identical child processes, all serving one listen URL (or none).
 *
 * <p>Create Workers in {@code main}, configure them, then call {@link Weft#runAll}. The same {@code main}
 * runs in the master and in every child (each child is a fresh JVM running the same program), so a
 * program must create the same Workers, in the same order, every time it runs. Settings are read in the
 * master when it starts; in a child, {@link #id()} tells the slot (0..count-1) this process holds.
 *
 * <p>Callbacks: {@link #onWorkerStart}, {@link #onWorkerReload}, {@link #onWorkerStop} run in the child;
 * {@link #onWorkerExit} runs in the master after a child of this Worker was reaped.
 *
 * <p><b>Typed listeners.</b> {@link #http}, {@link #websocket}, {@link #text}, {@link #frame}, {@link #tcp}
 * and {@link #udp} create a Worker and return a {@link TypedWorker} view whose handlers are typed by the
 * scheme ({@code Worker.http(url).onRequest((c, r) -> c.send(Response.text("hi")))}): a handler of another
 * scheme's message type does not compile. {@link #onMessage} is the Workerman-compatible, untyped path: it
 * takes a handler of any message type and finds a wrong one only at run time.
 */
public final class Worker {
    /** Called in the master when a child of this Worker has exited. */
    @FunctionalInterface
    public interface ExitCallback {
        /**
         * @param worker the Worker
         * @param status the exit code, or 128 + signal number for a child killed by a signal
         * @param pid    the child's pid
         */
        void onExit(Worker worker, int status, long pid);
    }

    private final String listen;
    private final int index;
    private String name = "none";
    private int count = 1;
    private boolean reloadable = true;
    private boolean scalable = true;
    private int standby;
    private long maxRequests;
    private long maxRequestsJitter;
    private long maxMemory;
    private boolean reusePort;
    private int unixSocketMode = 0660;
    private Duration stopTimeout = Duration.ofSeconds(2);
    private Duration gracefulTimeout = Duration.ofSeconds(30);
    private Duration heartbeatTimeout = Duration.ofSeconds(30);
    private final List<String> jvmOptions = new ArrayList<>();
    private Function<Worker, WorkerService> service;
    private Consumer<Worker> onWorkerStart = w -> {};
    private Consumer<Worker> onWorkerReload = w -> {};
    private Consumer<Worker> onWorkerStop = w -> {};
    private ExitCallback onWorkerExit = (w, s, p) -> {};
    private volatile int id = -1;
    private volatile String listening;
    private final dev.weft.net.Callbacks net = new dev.weft.net.Callbacks();
    private NetOptions netOptions = NetOptions.defaults();
    private Protocol<?, ?> protocol;
    private TlsConfig ssl;
    private Duration tlsHandshakeTimeout;
    private volatile NetServer netServer;
    private dev.weft.control.Monitor.Config monitor;

    /** A Worker without a listen URL (a background process group). */
    public Worker() {
        this(null);
    }

    /**
     * @param listen a listen URL such as {@code http://127.0.0.1:8080}; the scheme picks the default
     *               {@link WorkerService}, host and port are bound by the master. Port 0 binds a free port.
     */
    public Worker(String listen) {
        this.listen = listen;
        this.index = Weft.register(this);
    }

    /**
     * A Worker serving HTTP ({@code http://}, {@code https://}, {@code http+unix://}), with typed handlers.
     *
     * @throws IllegalArgumentException if the URL is invalid or of another scheme
     */
    public static HttpWorker http(String listen) {
        return new HttpWorker(TypedWorker.create(listen, "http", Set.of("http"), "http://, https:// or http+unix://"));
    }

    /**
     * A Worker serving WebSocket ({@code websocket://}, {@code ws://}, {@code wss://}, {@code websocket+unix://}),
     * with typed handlers.
     *
     * @throws IllegalArgumentException if the URL is invalid or of another scheme
     */
    public static WebSocketWorker websocket(String listen) {
        return new WebSocketWorker(TypedWorker.create(
                listen, "websocket", Set.of("websocket"), "websocket://, ws://, wss:// or websocket+unix://"));
    }

    /**
     * A Worker serving lines of text ({@code text://}, {@code text+unix://}), with typed handlers.
     *
     * @throws IllegalArgumentException if the URL is invalid or of another scheme
     */
    public static TextWorker text(String listen) {
        return new TextWorker(TypedWorker.create(listen, "text", Set.of("text"), "text:// or text+unix://"));
    }

    /**
     * A Worker serving length-prefixed frames ({@code frame://}, {@code frame+unix://}), with typed handlers.
     *
     * @throws IllegalArgumentException if the URL is invalid or of another scheme
     */
    public static FrameWorker frame(String listen) {
        return new FrameWorker(TypedWorker.create(listen, "frame", Set.of("frame"), "frame:// or frame+unix://"));
    }

    /**
     * A Worker serving raw TCP bytes ({@code tcp://}, {@code tcp+unix://}), with typed handlers.
     *
     * @throws IllegalArgumentException if the URL is invalid or of another scheme
     */
    public static TcpWorker tcp(String listen) {
        return new TcpWorker(TypedWorker.create(listen, "tcp", Set.of("tcp"), "tcp:// or tcp+unix://"));
    }

    /**
     * A Worker serving UDP datagrams ({@code udp://}), with typed handlers.
     *
     * @throws IllegalArgumentException if the URL is invalid or of another scheme
     */
    public static UdpWorker udp(String listen) {
        return new UdpWorker(TypedWorker.create(listen, "udp", Set.of("udp"), "udp://"));
    }

    /** Sets the name shown in logs and status (default {@code none}). */
    public Worker name(String name) {
        this.name = Objects.requireNonNull(name);
        return this;
    }

    /** Sets the number of child processes (default 1). */
    public Worker count(int count) {
        if (count < 1) throw new IllegalArgumentException("count must be >= 1: " + count);
        this.count = count;
        return this;
    }

    /** Whether {@code reload} replaces this Worker's children (default true); if false they only run onWorkerReload. */
    public Worker reloadable(boolean reloadable) {
        this.reloadable = reloadable;
        return this;
    }

    /**
     * Whether SIGTTIN and SIGTTOU add and remove one of this Worker's processes (default true). {@code weft
     * scale NAME N} scales it either way.
     */
    public Worker scalable(boolean scalable) {
        this.scalable = scalable;
        return this;
    }

    /**
     * Recycles a process once it has served {@code n} requests, plus a random 0..{@code jitter} per process so
     * that the processes of a Worker are not all recycled at once (Gunicorn's {@code max_requests} and
     * {@code max_requests_jitter}). The replacement starts first; the old process then stops gracefully. 0
     * (the default) never recycles.
     *
     * @throws IllegalArgumentException if {@code n} or {@code jitter} is negative
     */
    public Worker maxRequests(long n, long jitter) {
        if (n < 0 || jitter < 0)
            throw new IllegalArgumentException("maxRequests and its jitter must be >= 0: " + n + ", " + jitter);
        this.maxRequests = n;
        this.maxRequestsJitter = jitter;
        return this;
    }

    /**
     * Recycles a process whose resident memory exceeds {@code bytes}, checked by the master every second
     * (PM2's {@code max_memory_restart}). The replacement starts first; the old process then stops gracefully.
     * 0 (the default) never recycles.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Worker maxMemory(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("maxMemory must be >= 0: " + bytes);
        this.maxMemory = bytes;
        return this;
    }

    /** Also sets SO_REUSEPORT on the listening socket (default false). */
    public Worker reusePort(boolean reusePort) {
        this.reusePort = reusePort;
        return this;
    }

    /**
     * The file mode of this Worker's Unix domain socket ({@code http+unix:///path} and the like), set by
     * the master before it listens: {@code 0660} by default (owner and group may connect), e.g.
     * {@code unixSocketMode(0666)} for everyone. Ignored for TCP and UDP listeners.
     *
     * @throws IllegalArgumentException if {@code mode} has bits outside {@code 0777}
     */
    public Worker unixSocketMode(int mode) {
        if ((mode & ~0777) != 0) {
            throw new IllegalArgumentException("unixSocketMode must be within 0777: 0" + Integer.toOctalString(mode));
        }
        this.unixSocketMode = mode;
        return this;
    }

    /** The file mode of a Unix domain socket listener (default {@code 0660}). */
    public int unixSocketMode() {
        return unixSocketMode;
    }

    /**
     * Keeps {@code n} warm standbys (default 0): child JVMs that have started, run main() and loaded the
     * serving path, and wait without a slot. When a child dies, a standby takes its slot and accepts within
     * milliseconds instead of the second a new JVM needs; the master then starts the next standby in the
     * background. Reloads, scaling up and recycling take a standby first (a reload replaces the standbys
     * with the new code before it uses them). Each costs an idle child's memory; {@code status} marks them.
     *
     * @throws IllegalArgumentException if {@code n} is negative or above 16
     */
    public Worker standby(int n) {
        if (n < 0 || n > 16) throw new IllegalArgumentException("standby must be within 0..16: " + n);
        this.standby = n;
        return this;
    }

    /** How many warm standbys the master keeps for this Worker (default 0). */
    public int standby() {
        return standby;
    }

    /** How long a stopping child may take before it is SIGKILLed (default 2 s). */
    public Worker stopTimeout(Duration d) {
        this.stopTimeout = positive(d);
        return this;
    }

    /** How long a graceful stop or reload waits for in-flight work before SIGKILL (default 30 s). */
    public Worker gracefulTimeout(Duration d) {
        this.gracefulTimeout = positive(d);
        return this;
    }

    /** A child that has not answered the master's heartbeat for this long is SIGKILLed and replaced (default 30 s). */
    public Worker heartbeatTimeout(Duration d) {
        this.heartbeatTimeout = positive(d);
        return this;
    }

    /**
     * Extra JVM options for this Worker's children, appended after the master's own JVM options, e.g.
     * {@code "-Xmx64m", "-XX:+UseSerialGC"}. Children get {@code -Djdk.virtualThreadScheduler.parallelism=1}
     * and {@code --add-opens=java.base/java.lang=ALL-UNNAMED} (which runs their coroutines on Weft's event
     * loops, see {@code dev.weft.coroutine.EventLoops}) unless the master or these options set them;
     * {@code -Dweft.loop=false} forces the JDK's default scheduler, {@code -Dweft.loops=N} gives a child N loops.
     */
    public Worker jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** Sets what a child runs; without it the listen scheme picks weft-net's service. */
    public Worker service(Function<Worker, WorkerService> factory) {
        this.service = Objects.requireNonNull(factory);
        return this;
    }

    /** Runs in the child before its service starts accepting. An exception makes the child exit with status 1. */
    public Worker onWorkerStart(Consumer<Worker> callback) {
        this.onWorkerStart = Objects.requireNonNull(callback);
        return this;
    }

    /** Runs in the child on reload: before it stops (reloadable) or instead of stopping (not reloadable). */
    public Worker onWorkerReload(Consumer<Worker> callback) {
        this.onWorkerReload = Objects.requireNonNull(callback);
        return this;
    }

    /** Runs in the child when it stops, after its connections are closed. */
    public Worker onWorkerStop(Consumer<Worker> callback) {
        this.onWorkerStop = Objects.requireNonNull(callback);
        return this;
    }

    /** Runs in the master after a child of this Worker exited and was reaped. */
    public Worker onWorkerExit(ExitCallback callback) {
        this.onWorkerExit = Objects.requireNonNull(callback);
        return this;
    }

    /** The listen URL as given, or null. */
    public String listen() {
        return listen;
    }

    /** The listen URL with the port actually bound (differs from {@link #listen()} for port 0); null without one. */
    public String listening() {
        String l = listening;
        return l != null ? l : listen;
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** The number of children. */
    public int count() {
        return count;
    }

    /** Whether reload replaces the children. */
    public boolean reloadable() {
        return reloadable;
    }

    /** Requests after which a process is recycled, 0 for never. */
    public long maxRequests() {
        return maxRequests;
    }

    /** The random extra, 0..jitter, added to {@link #maxRequests()} per process. */
    public long maxRequestsJitter() {
        return maxRequestsJitter;
    }

    /** Resident memory in bytes above which a process is recycled, 0 for never. */
    public long maxMemory() {
        return maxMemory;
    }

    /** Whether SIGTTIN and SIGTTOU scale this Worker. */
    public boolean scalable() {
        return scalable;
    }

    /** Whether SO_REUSEPORT is set. */
    public boolean reusePort() {
        return reusePort;
    }

    /** The stop timeout. */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** The graceful timeout. */
    public Duration gracefulTimeout() {
        return gracefulTimeout;
    }

    /** The heartbeat timeout. */
    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    /** Extra JVM options for the children. */
    public List<String> jvmOptions() {
        return List.copyOf(jvmOptions);
    }

    /** In a child: this process's slot, 0..count-1. In the master: -1. */
    public int id() {
        return id;
    }

    /** Position of this Worker in creation order; how a child finds its Worker again. */
    public int index() {
        return index;
    }

    /**
     * Called when a connection is accepted, before any message (Workerman's onConnect); with {@link #ssl}, once
     * the TLS handshake is complete (a connection whose handshake fails gets neither onConnect nor onClose).
     */
    public Worker onConnect(ConnectionHandler h) {
        net.onConnect(h);
        return this;
    }

    /**
     * Called for each message, the Workerman-compatible path for people coming from PHP: an {@code
     * HttpRequest} (http), {@code String} (text, WebSocket text) or {@code byte[]} (frame, tcp, udp,
     * WebSocket binary). Declare the type to skip the cast:
     * {@code onMessage((Connection c, HttpRequest r) -> c.send(Response.text("hello")))}. The type is not
     * checked against the scheme when compiling: a handler of the wrong type fails on every message (a
     * WebSocket one closes with 1003). The typed listeners ({@link #http}, {@link #websocket}, {@link #text},
     * ...) check it at compile time.
     */
    public <M> Worker onMessage(MessageHandler<M> h) {
        net.onMessage(h);
        return this;
    }

    /**
     * WebSocket only: called for each binary message ({@code byte[]}) instead of onMessage. Without it
     * binary messages go to onMessage, and if that takes only {@code String} the connection closes with
     * 1003 (unsupported data), as RFC 6455 says; likewise a text message to a {@code byte[]} onMessage.
     */
    public Worker onBinary(MessageHandler<byte[]> h) {
        net.onBinary(h);
        return this;
    }

    /** Called once when a connection is closed. */
    public Worker onClose(ConnectionHandler h) {
        net.onClose(h);
        return this;
    }

    /** Called on dropped sends, protocol errors and failed callbacks. */
    public Worker onError(ErrorHandler h) {
        net.onError(h);
        return this;
    }

    /** Called when a connection's send buffer reaches {@link #maxSendBufferSize(int)}. */
    public Worker onBufferFull(ConnectionHandler h) {
        net.onBufferFull(h);
        return this;
    }

    /** Called when a full send buffer has been written out. */
    public Worker onBufferDrain(ConnectionHandler h) {
        net.onBufferDrain(h);
        return this;
    }

    /** WebSocket only: sees the handshake request; returning false rejects it with 403. */
    public Worker onWebSocketConnect(WebSocketConnectHandler h) {
        net.onWebSocketConnect(h);
        return this;
    }

    /** The protocol of a listen URL whose scheme Weft does not know (Workerman's custom protocols). */
    public Worker protocol(Protocol<?, ?> protocol) {
        this.protocol = protocol;
        return this;
    }

    /**
     * TLS for this Worker's connections (Workerman's {@code transport = 'ssl'}): required by {@code https://}
     * and {@code wss://}, and turns TLS on for {@code tcp://}, {@code text://}, {@code frame://} (and the other
     * stream schemes). The files are read when each worker process starts, so a reload serves renewed
     * certificates. See {@link TlsConfig} for the formats, SNI, protocols and ALPN.
     *
     * <pre>{@code
     * new Worker("https://0.0.0.0:8443").ssl(TlsConfig.pem(Path.of("fullchain.pem"), Path.of("privkey.pem")));
     * }</pre>
     */
    public Worker ssl(TlsConfig tls) {
        this.ssl = Objects.requireNonNull(tls);
        return this;
    }

    /** The TLS settings, or null for none. */
    public TlsConfig ssl() {
        return ssl;
    }

    /**
     * TLS only: how long a client may take to complete the handshake, counted from the accept (default: the
     * {@link TimeLimits#tlsHandshake()} of {@link #timeLimits(TimeLimits)}, 10 s); a slower one (or one that
     * stops mid-handshake) is closed, logged at debug level and counted.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Worker tlsHandshakeTimeout(Duration timeout) {
        this.tlsHandshakeTimeout = positive(timeout);
        return this;
    }

    /** Bytes a connection may queue before sends are dropped (default 1 MiB). */
    public Worker maxSendBufferSize(int bytes) {
        netOptions = netOptions.withMaxSendBufferSize(bytes);
        return this;
    }

    /** The largest message a peer may send (default 10 MiB); a bigger one closes its connection. */
    public Worker maxPackageSize(int bytes) {
        netOptions = netOptions.withMaxPackageSize(bytes);
        return this;
    }

    /**
     * HTTP only: a request whose handler has not answered within {@code timeout} (counted from the moment
     * the request was read) gets {@code 503 Service Unavailable} with {@code Connection: close}; the
     * handler's current wait is cancelled, as {@code co cancel} does, and its later sends return false.
     * Checked a few times per timeout, so the 503 may come up to a quarter of it (at most 1 s) late.
     * {@link Duration#ZERO}, the default, waits as long as the handler takes.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Worker responseTimeout(Duration timeout) {
        netOptions = netOptions.withResponseTimeout(Objects.requireNonNull(timeout));
        return this;
    }

    /** The HTTP response timeout; {@link Duration#ZERO} for none. */
    public Duration responseTimeout() {
        return netOptions.responseTimeout();
    }

    /**
     * How long this Worker's connections may keep it waiting: request head and body (HTTP 408), keep-alive
     * idle, requests per keep-alive connection, WebSocket ping and pong, the idle limit of tcp, text and
     * frame connections, the TLS handshake. Defaults: {@link TimeLimits#DEFAULT} (nginx's); e.g.
     * {@code timeLimits(TimeLimits.DEFAULT.withKeepAlive(Duration.ofSeconds(5)).withIdle(Duration.ofMinutes(5)))}.
     */
    public Worker timeLimits(TimeLimits limits) {
        netOptions = netOptions.withTimeLimits(Objects.requireNonNull(limits));
        return this;
    }

    /** The time limits of this Worker's connections. */
    public TimeLimits timeLimits() {
        return netOptions.timeLimits();
    }

    /** WebSocket subprotocols this Worker speaks, in order of preference. */
    public Worker subprotocols(String... protocols) {
        netOptions = netOptions.withSubprotocols(List.of(protocols));
        return this;
    }

    /**
     * WebSocket only: whether permessage-deflate (RFC 7692) is negotiated with clients that offer it.
     * {@link PerMessageDeflate#NO_CONTEXT_TAKEOVER}, the default, compresses messages of 1 KiB and more
     * with no memory held by an idle connection; {@link PerMessageDeflate#CONTEXT_TAKEOVER} compresses
     * better at about 300 KiB of native memory per connection; {@link PerMessageDeflate#OFF} turns it off.
     */
    public Worker perMessageDeflate(PerMessageDeflate mode) {
        netOptions = netOptions.withPerMessageDeflate(Objects.requireNonNull(mode));
        return this;
    }

    /**
     * Runs weft-control's sampling monitor in every process of this Worker: one log line per sample
     * and, if the config has a kill policy, kills of over-age coroutines or suspensions.
     */
    public Worker monitor(dev.weft.control.Monitor.Config config) {
        this.monitor = config;
        return this;
    }

    /** The monitor's configuration, or null for none. */
    public dev.weft.control.Monitor.Config monitor() {
        return monitor;
    }

    /** The open connections of this Worker in this process (empty in the master). */
    public List<Connection> connections() {
        NetServer s = netServer;
        return s == null ? List.of() : List.copyOf(s.connections());
    }

    /** Creates this Worker's service: the explicit factory, else weft-net's service for the listen scheme, else none. */
    public WorkerService newService() {
        if (service != null) return service.apply(this);
        if (listen != null && UdpWorkerService.speaks(listen)) {
            return new UdpWorkerService(listen, net, protocol);
        }
        if (listen != null && NetWorkerService.speaks(listen, protocol)) {
            // The handshake limit: tlsHandshakeTimeout if given, else the time limits' (both default to 10 s).
            Duration handshake = tlsHandshakeTimeout != null
                    ? tlsHandshakeTimeout
                    : timeLimits().tlsHandshake();
            TlsConfig tls = ssl != null && handshake.isPositive() ? ssl.withTlsHandshakeTimeout(handshake) : ssl;
            NetWorkerService s = new NetWorkerService(listen, net, netOptions, protocol, stopTimeout, tls);
            netServer = s.server();
            return s;
        }
        if (listen == null) return new IdleService();
        throw new IllegalStateException(
                "no WorkerService for " + listen + ": set Worker.service(...) or Worker.protocol(...)");
    }

    /** The callbacks registered on this Worker, for the runtime that calls them. */
    public record Callbacks(
            Consumer<Worker> start, Consumer<Worker> reload, Consumer<Worker> stop, ExitCallback exit) {}

    /** The registered callbacks (no-ops where none was set). */
    public Callbacks callbacks() {
        return new Callbacks(onWorkerStart, onWorkerReload, onWorkerStop, onWorkerExit);
    }

    /**
     * Runtime use: records, in a child, the slot it holds and the bound listen URL; in the master (slot -1),
     * the bound listen URL.
     */
    public void bind(int slot, String listeningUrl) {
        this.id = slot;
        this.listening = listeningUrl;
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("duration must be positive: " + d);
        return d;
    }

    @Override
    public String toString() {
        return "Worker[" + name + (listen != null ? " " + listen : "") + " x" + count + "]";
    }
}
