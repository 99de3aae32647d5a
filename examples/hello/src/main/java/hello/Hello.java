package hello;

import dev.weft.net.Connection;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.server.Weft;
import dev.weft.server.Worker;
import picocli.CommandLine.Option;

/** A server of your own: an HTTP worker answering {@code hello <path>}, and Weft's CLI ({@code ./hello start}). */
public final class Hello {
    private Hello() {}

    /** Hello's own options: {@code ./hello start --help} lists them next to Weft's. */
    static final class Options {
        @Option(
                names = "--port",
                paramLabel = "PORT",
                defaultValue = "${env:HELLO_PORT:-8080}",
                description = "HTTP port (env HELLO_PORT; default ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--workers",
                paramLabel = "N",
                defaultValue = "2",
                description = "Worker processes (default ${DEFAULT-VALUE}).")
        int workers;
    }

    /** Declares the Worker, then runs the command line: start, stop, reload, status, co, help. */
    public static void main(String[] args) {
        Options options = Weft.options(new Options(), args);
        Weft.appName("hello"); // names the pid file, logs and sockets in the run directory
        new Worker("http://127.0.0.1:" + options.port)
                .name("web")
                .count(options.workers)
                .reloadable(true)
                .onMessage((Connection c, HttpRequest r) -> c.send(Response.text("hello " + r.path())));
        Weft.runAll(args); // main's arguments unchanged: a daemon and its workers see the same options
    }
}
