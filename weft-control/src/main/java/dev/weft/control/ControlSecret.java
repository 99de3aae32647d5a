package dev.weft.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret that signs control messages (HMAC-SHA256). Everyone who can publish to Redis
 * could otherwise kill coroutines in every worker, so nothing unsigned is ever executed.
 */
public final class ControlSecret {
    /** The environment variable holding the secret itself. */
    public static final String ENV = "WEFT_CONTROL_SECRET";
    /** The environment variable naming a file that holds the secret. */
    public static final String ENV_FILE = "WEFT_CONTROL_SECRET_FILE";
    /** Shorter secrets are refused: an HMAC is only as strong as its key. */
    public static final int MIN_LENGTH = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    private ControlSecret(byte[] key) {
        if (key.length < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "control secret must have at least " + MIN_LENGTH + " bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** A secret from text (UTF-8 bytes). */
    public static ControlSecret of(String secret) {
        return new ControlSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A secret from a key file; surrounding whitespace (a trailing newline) is ignored. */
    public static ControlSecret fromFile(Path file) {
        try {
            return of(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read control secret file " + file, e);
        }
    }

    /**
     * The secret from {@value #ENV}, else from the file named by {@value #ENV_FILE}.
     *
     * @throws IllegalStateException if neither is set
     */
    public static ControlSecret fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** {@link #fromEnvironment()} over a given environment. */
    static ControlSecret fromEnvironment(Map<String, String> env) {
        String inline = env.get(ENV);
        if (inline != null && !inline.isBlank()) {
            return of(inline);
        }
        String file = env.get(ENV_FILE);
        if (file != null && !file.isBlank()) {
            return fromFile(Path.of(file));
        }
        throw new IllegalStateException("no control secret: set " + ENV + " or " + ENV_FILE);
    }

    /** The lowercase hex HMAC-SHA256 of {@code text}. */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Whether {@code signature} is the signature of {@code text}; constant-time, so timing leaks nothing. */
    public boolean verify(String text, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] expected = sign(text).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    @Override
    public String toString() {
        return "ControlSecret[redacted]";
    }
}
