package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides whether a received control message may be acted on: signed with the shared secret, for
 * this app, stamped within the window of now, and not seen before. The nonce is recorded only after
 * the signature checks out, so forged messages cannot fill the replay table or burn real nonces.
 */
public final class MessageGuard {
    /** The default tolerance between a message's {@code ts} and the receiver's clock. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

    /** Why a message was accepted or refused. */
    public enum Verdict {
        /** Signed, fresh, first seen: act on it. */
        ACCEPTED,
        /** No {@code sig} field. */
        UNSIGNED,
        /** The signature does not match. */
        BAD_SIGNATURE,
        /** Signed for another app. */
        WRONG_APP,
        /** {@code ts} missing or further than the window from now. */
        EXPIRED,
        /** The nonce was seen within the window. */
        REPLAYED,
        /** Required fields missing. */
        MALFORMED
    }

    private final ControlSecret secret;
    private final String app;
    private final long windowMillis;
    private final Clock clock;
    private final ReplayGuard replays;

    /** A guard for messages of {@code app} with the default window and the system clock. */
    public MessageGuard(ControlSecret secret, String app) {
        this(secret, app, DEFAULT_WINDOW, Clock.systemUTC());
    }

    /** A guard with an explicit window and clock. */
    public MessageGuard(ControlSecret secret, String app, Duration window, Clock clock) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.app = Objects.requireNonNull(app, "app");
        this.windowMillis = window.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replays = new ReplayGuard(windowMillis);
    }

    /** Judges {@code message}; records its nonce when accepted. */
    public Verdict check(ObjectNode message) {
        JsonNode sig = message.get(SignedMessages.SIG);
        if (sig == null || sig.isNull()) {
            return Verdict.UNSIGNED;
        }
        if (!SignedMessages.verify(message, secret)) {
            return Verdict.BAD_SIGNATURE;
        }
        if (!app.equals(message.path("app").asText(null))) {
            return Verdict.WRONG_APP;
        }
        JsonNode ts = message.get("ts");
        long now = clock.millis();
        if (ts == null || !ts.canConvertToLong() || Math.abs(now - ts.longValue()) > windowMillis) {
            return Verdict.EXPIRED;
        }
        JsonNode nonce = message.get("nonce");
        if (nonce == null || !nonce.isTextual() || nonce.textValue().isEmpty()) {
            return Verdict.MALFORMED;
        }
        return replays.firstSeen(nonce.textValue(), ts.longValue(), now) ? Verdict.ACCEPTED : Verdict.REPLAYED;
    }

    /** Current time in epoch milliseconds, by this guard's clock (for stamping messages). */
    public long now() {
        return clock.millis();
    }
}
