package dev.weft.server.internal.cli;

import dev.weft.server.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The run directory (pid file, logs, control sockets): where it is by default, and the checks that make a
 * shared temporary directory safe to use.
 *
 * <p>The default does not depend on the current directory, so that {@code myserver status} finds the master
 * from anywhere: {@code $XDG_RUNTIME_DIR/weft/<app>} when that variable is set (a per-user directory the
 * login manager creates), otherwise {@code /tmp/weft-<uid>/<app>}. Each level that Weft creates is mode 0700,
 * and one that is a symbolic link or belongs to another user is refused: in {@code /tmp} anyone could have
 * made it first.
 */
public final class RunDirs {
    /** The environment variable that sets the run directory (after {@code Weft.runDir}). */
    public static final String RUN_DIR_ENV = "WEFT_RUN_DIR";

    /** The longest AF_UNIX socket path Linux takes: sun_path is 108 bytes with the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;

    private RunDirs() {}

    /** The run directory: {@code WEFT_RUN_DIR} when set, else {@link #defaultFor}. */
    public static Path resolve(String app, Map<String, String> env) {
        String dir = env.get(RUN_DIR_ENV);
        return dir != null && !dir.isBlank() ? Path.of(dir) : defaultFor(app, env, uid());
    }

    /** {@code $XDG_RUNTIME_DIR/weft/<app>}, or {@code /tmp/weft-<uid>/<app>} without that variable. */
    static Path defaultFor(String app, Map<String, String> env, long uid) {
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "weft", app);
        return Path.of("/tmp", "weft-" + uid, app);
    }

    /**
     * Creates the default run directory {@code dir} (its parent, the per-user {@code weft} directory, too)
     * with mode 0700, or checks the existing one.
     *
     * @throws IOException when a level is a symbolic link, not a directory, or not owned by {@code uid}
     */
    static void secure(Path dir, long uid) throws IOException {
        for (Path level : List.of(dir.getParent(), dir)) {
            try {
                Files.createDirectory(
                        level, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // made before, by us or by someone else: checked below
            } catch (NoSuchFileException e) {
                throw new IOException("cannot create run directory " + level + ": " + level.getParent()
                        + " does not exist (set " + RUN_DIR_ENV + ")");
            }
            if (Files.isSymbolicLink(level))
                throw new IOException("run directory " + level + " is a symbolic link; refusing to use it");
            if (!Files.isDirectory(level, LinkOption.NOFOLLOW_LINKS))
                throw new IOException("run directory " + level + " is not a directory");
            long owner = ((Number) Files.getAttribute(level, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
            if (owner != uid)
                throw new IOException("run directory " + level + " belongs to another user (uid " + owner
                        + "); refusing to use it (set " + RUN_DIR_ENV + ")");
        }
    }

    /**
     * Checks that every AF_UNIX socket of {@code settings} fits in {@value #MAX_SOCKET_PATH} bytes.
     *
     * @throws IOException naming the socket that does not fit and what to do about it
     */
    static void checkSocketPaths(Settings settings) throws IOException {
        // the widest pid Linux gives (pid_max is at most 2^22) for start -d's one-shot socket
        Path start = settings.runDir().resolve(settings.appName() + ".start-4194304.sock");
        for (Path sock : List.of(settings.controlSocket(), settings.workerSocket(), settings.topicSocket(), start)) {
            int bytes = sock.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_SOCKET_PATH)
                throw new IOException("the socket path " + sock.toAbsolutePath() + " is " + bytes
                        + " bytes, and AF_UNIX allows " + MAX_SOCKET_PATH + "; use a shorter run directory ("
                        + RUN_DIR_ENV + " or Weft.runDir) or app name");
        }
    }

    /** This process's user id. */
    static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell this process's user id from /proc/self", e);
        }
    }
}
