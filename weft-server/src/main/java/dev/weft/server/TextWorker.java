package dev.weft.server;

import dev.weft.net.Connection;
import dev.weft.net.TextConnection;
import dev.weft.net.TypedMessageHandler;
import java.util.Objects;

/**
 * A {@code text://} or {@code text+unix://} Worker with typed handlers ({@link Worker#text}): each
 * message is one line, a {@code String} without its {@code \n}, answered through a {@link
 * TextConnection}.
 *
 * <pre>{@code
 * Worker.text("text://0.0.0.0:8082").onLine((c, line) -> c.send(line));
 * }</pre>
 */
public final class TextWorker extends TypedWorker<TextConnection, TextWorker> {
    TextWorker(Worker worker) {
        super(worker);
    }

    /** Sets the handler of each line (replacing any {@code onMessage}). */
    public TextWorker onLine(TypedMessageHandler<TextConnection, String> handler) {
        Objects.requireNonNull(handler);
        worker().onMessage((Connection c, String line) -> handler.onMessage((TextConnection) c, line));
        return this;
    }

    @Override
    TextWorker self() {
        return this;
    }

    @Override
    TextConnection view(Connection c) {
        return (TextConnection) c;
    }
}
