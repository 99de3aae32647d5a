package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.KilledException;
import dev.weft.net.Connection;
import dev.weft.net.ConnectionHandler;
import dev.weft.net.ErrorHandler;
import dev.weft.net.MessageHandler;
import dev.weft.net.http.BadRequestException;
import dev.weft.net.http.HttpParseException;

/**
 * Runs a connection's user callbacks so that a failing one cannot take the worker down: an
 * exception (or error) is counted, logged, reported to onError and closes the connection; a kill
 * passes through. Also the one place that reports the connection's errors to onError.
 */
final class CallbackGuard {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");

    /** {@link #deliverTyped}: the handler ran (or there was none). */
    static final int DELIVERED = 0;
    /** {@link #deliverTyped}: the handler threw; it was logged and the connection is closing. */
    static final int FAILED = 1;
    /** {@link #deliverTyped}: the handler does not take this type of message; nothing was logged. */
    static final int REFUSED = 2;
    /**
     * {@link #request}: the handler rejected the request ({@link BadRequestException}, or a {@link
     * HttpParseException} from a lazily parsed part such as the query); see {@link #rejection()}.
     */
    static final int BAD_REQUEST = 3;

    private static final int PLAIN = 0;
    private static final int TYPED = 1;
    private static final int HTTP = 2;

    private final Connection connection;
    private final Listener listener;
    /** Why the last {@link #request} was rejected; only the connection's coroutine touches it. */
    private RuntimeException rejection;

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
        return deliver(listener.onMessage(), message, PLAIN) == DELIVERED;
    }

    /**
     * Hands an HTTP request to onMessage as {@link #message} does, and tells the outcome: {@link
     * #DELIVERED}, {@link #FAILED} (logged, the connection is closing) or {@link #BAD_REQUEST} (the
     * handler threw a client error: nothing logged above debug, the connection stays open).
     */
    int request(Object message) {
        return deliver(listener.onMessage(), message, HTTP);
    }

    /** The client error of the last {@link #request} that returned {@link #BAD_REQUEST}. */
    RuntimeException rejection() {
        return rejection;
    }

    /**
     * Hands a message to {@code h} (null: nothing to run), counted as a request, and tells whether
     * {@code h} took it: {@link #REFUSED} if {@code h} does not take the message's type (a handler
     * declared with a {@code String} parameter given a {@code byte[]}); the caller then decides
     * how the connection ends. Otherwise as {@link #message}.
     */
    int deliverTyped(MessageHandler<Object> h, Object message) {
        return deliver(h, message, TYPED);
    }

    private int deliver(MessageHandler<Object> h, Object message, int mode) {
        NetCounters.countRequest();
        if (h == null) {
            return DELIVERED;
        }
        try {
            h.onMessage(connection, message);
            return DELIVERED;
        } catch (KilledException e) {
            throw e;
        } catch (BadRequestException | HttpParseException e) {
            if (mode == HTTP) {
                LOG.log(System.Logger.Level.DEBUG, () -> connection + ": bad request: " + e.getMessage());
                rejection = e;
                return BAD_REQUEST;
            }
            failed(e);
            return FAILED;
        } catch (ClassCastException e) {
            if (mode == TYPED && refusedByType(e, h)) {
                return REFUSED;
            }
            failed(e);
            return FAILED;
        } catch (Exception | Error e) {
            failed(e);
            return FAILED;
        }
    }

    /**
     * Whether a ClassCastException is the handler's own cast of its parameter, not one of its body:
     * thrown right where deliver() called it (a lambda's frame is hidden), or in the bridge method
     * of a named class, called by deliver(). A compiled handler may throw the JVM's preallocated
     * exception without a stack trace after many such casts; that counts as a refusal too, as a
     * wrong message type is by far the likelier cause.
     */
    private static boolean refusedByType(ClassCastException e, MessageHandler<?> h) {
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length == 0) {
            return true;
        }
        int caller = trace[0].getClassName().equals(h.getClass().getName()) ? 1 : 0;
        return trace.length > caller
                && trace[caller].getClassName().equals(CallbackGuard.class.getName())
                && trace[caller].getMethodName().equals("deliver");
    }

    private void failed(Throwable e) {
        // A kill's interrupt may surface in a callback as the JDK's InterruptedException (or a
        // closed socket): that is the kill, delivered here, not a failure of the callback.
        Co.checkKilled();
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
