package dev.weft.net.internal;

import dev.weft.coroutine.KilledException;
import dev.weft.net.Connection;
import dev.weft.net.ConnectionHandler;
import dev.weft.net.ErrorHandler;
import dev.weft.net.MessageHandler;

/**
 * Runs a connection's user callbacks so that a failing one cannot take the worker down: an
 * exception (or error) is counted, logged, reported to onError and closes the connection; a kill
 * passes through. Also the one place that reports the connection's errors to onError.
 */
final class CallbackGuard {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");

    private final Connection connection;
    private final Listener listener;

    CallbackGuard(Connection connection, Listener listener) {
        this.connection = connection;
        this.listener = listener;
    }

    /** Runs {@code h} (null: nothing to run); false if it threw, and the connection is then closing. */
    boolean run(ConnectionHandler h) {
        if (h == null) {
            return true;
        }
        try {
            h.handle(connection);
            return true;
        } catch (KilledException e) {
            throw e;
        } catch (Exception | Error e) {
            failed(e);
            return false;
        }
    }

    /**
     * Hands a decoded message to onMessage, counted as a request; false if the handler threw. Calls
     * the handler directly: no lambda or wrapper per message.
     */
    boolean message(Object message) {
        NetCounters.countRequest();
        MessageHandler<Object> h = listener.onMessage();
        if (h == null) {
            return true;
        }
        try {
            h.onMessage(connection, message);
            return true;
        } catch (KilledException e) {
            throw e;
        } catch (Exception | Error e) {
            failed(e);
            return false;
        }
    }

    private void failed(Throwable e) {
        NetCounters.countException();
        LOG.log(System.Logger.Level.WARNING, connection + ": callback failed; closing it", e);
        report(ErrorHandler.CALLBACK_FAILED, String.valueOf(e));
        connection.close();
    }

    /** The peer broke the protocol: logs it and tells onError (the caller closes). */
    void protocolError(String message) {
        LOG.log(System.Logger.Level.INFO, connection + ": " + message + "; closing");
        report(ErrorHandler.PROTOCOL_ERROR, message);
    }

    /** A send was dropped on a full send buffer of {@code limit} bytes. */
    void sendFailed(int limit) {
        NetCounters.countSendFail();
        report(ErrorHandler.SEND_FAIL, "send buffer full (" + limit + " bytes): message dropped");
    }

    private void report(int code, String message) {
        ErrorHandler h = listener.onError();
        if (h != null) {
            h.onError(connection, code, message);
        }
    }
}
