package dev.weft.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the master and the CLI need to know, resolved from {@link Weft}'s settings.
 *
 * @param appName        names the files in the run directory
 * @param runDir         run directory
 * @param commandTimeout per-child timeout of fanned-out commands
 * @param workers        the Workers, in creation order
 * @param subcommands    extra picocli subcommands
 */
public record Settings(
        String appName,
        Path runDir,
        Path pidFileOverride,
        Path logFileOverride,
        Path stdoutFileOverride,
        Duration commandTimeout,
        List<Worker> workers,
        Runnable onMasterReload,
        Runnable onMasterStop,
        List<Object> subcommands) {

    /** The pid file. */
    public Path pidFile() {
        return pidFileOverride != null ? pidFileOverride : runDir.resolve(appName + ".pid");
    }

    /** The master's log file. */
    public Path logFile() {
        return logFileOverride != null ? logFileOverride : runDir.resolve(appName + ".log");
    }

    /** Where a daemon's output goes. */
    public Path stdoutFile() {
        return stdoutFileOverride != null ? stdoutFileOverride : runDir.resolve(appName + ".stdout.log");
    }

    /** The file the USR2 signal makes the master (and children) write. */
    public Path statusFile() {
        return runDir.resolve(appName + ".status");
    }

    /** The file the IO signal makes the master (and children) write. */
    public Path connectionsFile() {
        return runDir.resolve(appName + ".connections");
    }

    /** The AF_UNIX socket children connect to. */
    public Path workerSocket() {
        return runDir.resolve(appName + ".workers.sock");
    }

    /** The AF_UNIX socket the CLI connects to (mode 0600). */
    public Path controlSocket() {
        return runDir.resolve(appName + ".ctl.sock");
    }
}
