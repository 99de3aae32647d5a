package dev.weft.server;

import dev.weft.net.Connection;
import dev.weft.net.ConnectionBase;
import dev.weft.net.ConnectionHandler;
import dev.weft.net.ListenUrl;
import dev.weft.net.TlsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link Worker} seen through the message types of its scheme: the typed listeners {@link
 * Worker#http}, {@link Worker#websocket}, {@link Worker#text}, {@link Worker#frame}, {@link Worker#tcp}
 * and {@link Worker#udp} return one, and its {@code on...} methods take only handlers of that scheme's
 * connection view and message type, so a handler for another scheme does not compile. Everything else
 * is set on the Worker itself: the common settings here, the others through {@link #configure} or
 * {@link #worker()}.
 *
 * <pre>{@code
 * Worker.http("http://0.0.0.0:8080").name("web").count(4).onRequest(router);
 * Worker.text("text://0.0.0.0:8082").configure(w -> w.maxPackageSize(4096)).onLine((c, line) -> c.send(line));
 * }</pre>
 *
 * @param <C> the connection view the handlers get
 * @param <W> the concrete type, returned by the chained setters
 */
public abstract sealed class TypedWorker<C extends ConnectionBase, W extends TypedWorker<C, W>>
        permits HttpWorker, WebSocketWorker, TextWorker, FrameWorker, TcpWorker, UdpWorker {
    private final Worker worker;

    TypedWorker(Worker worker) {
        this.worker = worker;
    }

    /** A new Worker for {@code listen}, after checking that its scheme is one of {@code schemes}. */
    static Worker create(String listen, String factory, Set<String> schemes, String expected) {
        ListenUrl url = ListenUrl.parse(Objects.requireNonNull(listen, "listen"));
        if (!schemes.contains(url.scheme())) {
            throw new IllegalArgumentException(
                    "Worker." + factory + " listens on " + expected + " URLs, not " + listen);
        }
        return new Worker(listen);
    }

    /** This object as its concrete type, for chaining. */
    abstract W self();

    /** The connection view of {@code c}, which the listener of this scheme always provides. */
    abstract C view(Connection c);

    /** The Worker, for the settings this view does not repeat. */
    public Worker worker() {
        return worker;
    }

    /**
     * Applies settings to the Worker and returns this view, to keep a chain going: {@code
     * configure(w -> w.maxPackageSize(4096).timeLimits(...))}.
     */
    public W configure(Consumer<Worker> settings) {
        settings.accept(worker);
        return self();
    }

    /** Sets the Worker's name; see {@link Worker#name(String)}. */
    public W name(String name) {
        worker.name(name);
        return self();
    }

    /** Sets the number of processes; see {@link Worker#count(int)}. */
    public W count(int count) {
        worker.count(count);
        return self();
    }

    /** Whether reload replaces the processes; see {@link Worker#reloadable(boolean)}. */
    public W reloadable(boolean reloadable) {
        worker.reloadable(reloadable);
        return self();
    }

    /** See {@link Worker#standby(int)}. */
    public W standby(int n) {
        worker.standby(n);
        return self();
    }

    /** TLS for the connections; see {@link Worker#ssl(TlsConfig)}. */
    public W ssl(TlsConfig tls) {
        worker.ssl(tls);
        return self();
    }

    /** Runs in each process before it accepts; see {@link Worker#onWorkerStart(Consumer)}. */
    public W onWorkerStart(Consumer<Worker> callback) {
        worker.onWorkerStart(callback);
        return self();
    }

    /** Runs in each process when it stops; see {@link Worker#onWorkerStop(Consumer)}. */
    public W onWorkerStop(Consumer<Worker> callback) {
        worker.onWorkerStop(callback);
        return self();
    }

    /** Called when a connection is accepted; see {@link Worker#onConnect(ConnectionHandler)}. */
    public W onConnect(Consumer<C> callback) {
        Objects.requireNonNull(callback);
        worker.onConnect(c -> callback.accept(view(c)));
        return self();
    }

    /** Called once when a connection is closed; see {@link Worker#onClose(ConnectionHandler)}. */
    public W onClose(Consumer<C> callback) {
        Objects.requireNonNull(callback);
        worker.onClose(c -> callback.accept(view(c)));
        return self();
    }

    /** The open connections of this Worker in this process (empty in the master), as typed views. */
    public List<C> connections() {
        List<Connection> all = worker.connections();
        List<C> views = new ArrayList<>(all.size());
        for (Connection c : all) {
            views.add(view(c));
        }
        return views;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + worker + "]";
    }
}
