package dev.weft.server.internal.dashboard;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Starts the dashboard for the master: makes the token (or takes {@code WEFT_DASHBOARD_TOKEN}), binds the address,
 * and prints where it is and how to log in.
 *
 * <p>Internal: not part of Weft's API.
 */
public final class Dashboard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.dashboard");
    private final DashboardServer server;

    private Dashboard(DashboardServer server) {
        this.server = server;
    }

    /**
     * Serves the dashboard as {@code config} says, for {@code master}; prints the address, the token file and a
     * one-time login link on {@code out} (the terminal, or a daemon's output file; never the log).
     *
     * @throws IllegalArgumentException if the address is not host:port or the token from the environment is short
     * @throws IOException              if the token file cannot be written or the address cannot be bound
     */
    public static Dashboard start(DashboardConfig config, MasterView master, PrintStream out) throws IOException {
        Path file = DashboardToken.file(master.runDir(), master.appName());
        String token = DashboardToken.establish(file, config.token());
        DashboardServer server = DashboardServer.start(config.address(), master, token);
        String url = "http://" + config.address().substring(0, config.address().lastIndexOf(':')) + ":" + server.port();
        LOG.log(System.Logger.Level.INFO, "dashboard on " + url + "/");
        out.println("Dashboard: " + url + "/  (token "
                + (config.token() != null ? "from " + DashboardConfig.TOKEN_ENV : "in " + file) + ")");
        out.println("  log in once: " + url + "/login#token=" + token);
        out.flush();
        return new Dashboard(server);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.close();
    }
}
