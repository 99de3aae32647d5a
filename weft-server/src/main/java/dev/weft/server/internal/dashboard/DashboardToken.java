package dev.weft.server.internal.dashboard;

import dev.weft.server.internal.status.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The dashboard's access token: {@code WEFT_DASHBOARD_TOKEN} when set, else 32 random bytes (base64url) written
 * to {@code <run dir>/<app>.dashboard.token} with mode 0600, so only the owner of the run directory can read it.
 * Each start makes a new one: a restart revokes every earlier token.
 */
final class DashboardToken {
    /** A token from the environment shorter than this is refused: it could be guessed. */
    static final int MIN_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private DashboardToken() {}

    /** {@code <run dir>/<app>.dashboard.token}. */
    static Path file(Path runDir, String app) {
        return runDir.resolve(app + ".dashboard.token");
    }

    /**
     * The token to require: {@code fromEnv} if given (the file is then removed, so a stale one cannot mislead),
     * else a new random one written to {@code file}.
     *
     * @throws IllegalArgumentException if {@code fromEnv} is shorter than {@link #MIN_LENGTH}
     */
    static String establish(Path file, String fromEnv) throws IOException {
        if (fromEnv != null) {
            if (fromEnv.length() < MIN_LENGTH) {
                throw new IllegalArgumentException(
                        DashboardConfig.TOKEN_ENV + " must be at least " + MIN_LENGTH + " characters");
            }
            Files.deleteIfExists(file);
            return fromEnv;
        }
        String token = random(32);
        PrivateFiles.file(file); // 0600 before the secret is in it
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        return token;
    }

    /** {@code bytes} random bytes, base64url without padding. */
    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Compares in constant time, so the answer's timing tells nothing about the token. */
    static boolean matches(String expected, String given) {
        if (given == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
