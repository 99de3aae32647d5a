package dev.weft.net;

/** A callback about one connection: onConnect, onClose, onBufferFull, onBufferDrain. */
@FunctionalInterface
public interface ConnectionHandler {
    /** Handles the event; an exception is logged and closes only this connection. */
    void handle(Connection connection) throws Exception;
}
