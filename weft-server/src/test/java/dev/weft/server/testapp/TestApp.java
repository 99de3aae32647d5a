package dev.weft.server.testapp;

import dev.weft.control.AgeBasis;
import dev.weft.control.AgeFilter;
import dev.weft.control.Monitor;
import dev.weft.control.MonitorSample;
import dev.weft.coroutine.Co;
import dev.weft.net.Connection;
import dev.weft.net.http.HttpRequest;
import dev.weft.server.Weft;
import dev.weft.server.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The program the tests run as real processes (master, children and CLI all run this main). Configured by
 * system properties, which the master passes on to its children with its other JVM options:
 * <ul>
 *   <li>{@code app.dir}: run directory (required); callbacks append lines to {@code <dir>/events}</li>
 *   <li>{@code app.port} (0), {@code app.count} (2): the reloadable HTTP worker "web"</li>
 *   <li>{@code app.fixed}: also a non-reloadable HTTP worker "fixed" (1 process, free port)</li>
 *   <li>{@code app.maxRequests}: "web" recycles a process after this many requests</li>
 *   <li>{@code app.duplicateName}: also a second Worker named "web" (the master must refuse to start)</li>
 *   <li>{@code app.tlsCert} and {@code app.tlsKey} (PEM files): also a reloadable HTTPS worker "secure"
 *       (1 process, free port) serving them</li>
 *   <li>{@code app.udp}: also a UDP worker "udp" (2 processes, free port) answering {@code <pid> <datagram>}</li>
 *   <li>{@code app.stopTimeoutMs}, {@code app.heartbeatMs}, {@code app.gracefulMs}</li>
 *   <li>{@code app.responseTimeoutMs}: the HTTP workers' response timeout (default none)</li>
 *   <li>{@code app.hangOnStop}: onWorkerStop never returns</li>
 *   <li>{@code app.crash}: onWorkerStart exits with status 3</li>
 *   <li>{@code app.monitorMs}: run weft-control's Monitor in "web" at this interval, logging key=value
 *       lines; with {@code app.monitorKillOlderThanMs} (and optionally the event regex
 *       {@code app.monitorMatch}) it kills coroutines whose suspension is older</li>
 *   <li>{@code app.sleepers}: each "web" process starts this many coroutines that sleep for an hour
 *       (for the control-plane benchmarks: a big registry to list)</li>
 *   <li>option {@code --web-port N} (declared with {@code Weft.options}): the "web" worker's port, over
 *       {@code app.port}</li>
 *   <li>file {@code <app.dir>/extra-worker}: also an HTTP worker "extra" (1 process, free port): code on disk
 *       that changed, for {@code upgrade}</li>
 *   <li>file {@code <app.dir>/fail-start}: also a second Worker named "web", so a master started now fails</li>
 *   <li>{@code app.topic}: every "web" process subscribes to this topic in onWorkerStart and appends
 *       {@code topic <slot> <pid> <message>} to the events for each message; {@code /publish?topic=&msg=&n=}
 *       publishes (see {@link TestRoutes})</li>
 *   <li>{@code app.unix}: also an HTTP worker "unixweb" (2 processes) on {@code http+unix://<app.unix>}, file mode
 *       {@code app.unixMode} (octal, default the Worker's); {@code app.unixText} and {@code app.unixFrame}: text
 *       and frame echo workers "unixtext" and "unixframe" (1 process each) on such paths</li>
 *   <li>environment {@code WEFT_APP_PROBE}: onWorkerStart writes {@code env <slot> <value>} to the events</li>
 * </ul>
 */
public final class TestApp {
    private TestApp() {}

    /** The program's own option, as an app declares one. */
    static final class AppOptions {
        @picocli.CommandLine.Option(names = "--web-port", paramLabel = "PORT", description = "The web worker's port.")
        Integer webPort;
    }

    public static void main(String[] args) {
        Path dir = Path.of(System.getProperty("app.dir"));
        Weft.runDir(dir.toString());
        Weft.appName("app");
        Weft.commandTimeout(Duration.ofMillis(Long.getLong("app.commandTimeoutMs", 1000)));
        AppOptions options = Weft.options(new AppOptions(), args);
        int port = options.webPort != null ? options.webPort : Integer.getInteger("app.port", 0);
        Worker web = new Worker("http://127.0.0.1:" + port);
        web.name("web").count(Integer.getInteger("app.count", 2)).reloadable(true);
        web.maxRequests(Long.getLong("app.maxRequests", 0), 0);
        web.standby(Integer.getInteger("app.standby", 0));
        configure(web, dir);
        monitor(web);
        if (Boolean.getBoolean("app.fixed")) {
            Worker fixed = new Worker("http://127.0.0.1:0");
            fixed.name("fixed").count(1).reloadable(false);
            configure(fixed, dir);
        }
        if (Files.exists(dir.resolve("extra-worker"))) {
            Worker extra = new Worker("http://127.0.0.1:0");
            extra.name("extra").count(1);
            configure(extra, dir);
        }
        unixWorkers(dir);
        if (Boolean.getBoolean("app.duplicateName") || Files.exists(dir.resolve("fail-start")))
            new Worker().name("web");
        if (System.getProperty("app.tlsCert") != null) {
            Worker secure = new Worker("https://127.0.0.1:0");
            secure.name("secure").count(1).reloadable(true);
            secure.ssl(dev.weft.net.TlsConfig.pem(
                    Path.of(System.getProperty("app.tlsCert")), Path.of(System.getProperty("app.tlsKey"))));
            configure(secure, dir);
        }
        if (Boolean.getBoolean("app.udp")) {
            Worker udp = new Worker("udp://127.0.0.1:0");
            udp.name("udp").count(2);
            long pid = ProcessHandle.current().pid();
            udp.onMessage((Connection c, byte[] d) -> c.send(pid + " " + new String(d, StandardCharsets.UTF_8)));
        }
        Weft.onMasterReload(() -> event(dir, "master-reload"));
        Weft.onMasterStop(() -> event(dir, "master-stop"));
        Weft.runAll(args);
    }

    private static void configure(Worker w, Path dir) {
        w.onMessage((Connection c, HttpRequest r) -> TestRoutes.handle(c, r));
        w.stopTimeout(Duration.ofMillis(Long.getLong("app.stopTimeoutMs", 2000)));
        w.heartbeatTimeout(Duration.ofMillis(Long.getLong("app.heartbeatMs", 30000)));
        w.gracefulTimeout(Duration.ofMillis(Long.getLong("app.gracefulMs", 30000)));
        w.responseTimeout(Duration.ofMillis(Long.getLong("app.responseTimeoutMs", 0)));
        w.onWorkerStart(x -> {
            if (Boolean.getBoolean("app.crash")) System.exit(3);
            startSleepers(Integer.getInteger("app.sleepers", 0));
            String topic = System.getProperty("app.topic");
            if (topic != null) {
                long pid = ProcessHandle.current().pid();
                Weft.topic(topic).subscribe(m -> event(dir, "topic " + x.id() + " " + pid + " " + m));
            }
            event(
                    dir,
                    "start " + x.name() + " " + x.id() + " "
                            + ProcessHandle.current().pid());
            if (System.getenv("WEFT_APP_PROBE") != null)
                event(dir, "env " + x.id() + " " + System.getenv("WEFT_APP_PROBE"));
        });
        w.onWorkerReload(x -> event(
                dir,
                "reload " + x.name() + " " + x.id() + " "
                        + ProcessHandle.current().pid()));
        w.onWorkerStop(x -> {
            event(
                    dir,
                    "stop " + x.name() + " " + x.id() + " "
                            + ProcessHandle.current().pid());
            if (Boolean.getBoolean("app.hangOnStop")) {
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ignored) {
                        // keep hanging: the master must SIGKILL us
                    }
                }
            }
        });
        w.onWorkerExit((x, status, pid) -> event(dir, "exit " + x.name() + " " + status + " " + pid));
    }

    private static void unixWorkers(Path dir) {
        String web = System.getProperty("app.unix");
        if (web != null) {
            Worker w = new Worker("http+unix://" + web).name("unixweb").count(2);
            String mode = System.getProperty("app.unixMode");
            if (mode != null) w.unixSocketMode(Integer.parseInt(mode, 8));
            configure(w, dir);
        }
        String text = System.getProperty("app.unixText");
        if (text != null) {
            new Worker("text+unix://" + text)
                    .name("unixtext")
                    .onMessage((Connection c, String line) -> c.send("echo " + line));
        }
        String frame = System.getProperty("app.unixFrame");
        if (frame != null) {
            new Worker("frame+unix://" + frame).name("unixframe").onMessage((Connection c, byte[] b) -> c.send(b));
        }
    }

    private static void monitor(Worker w) {
        Long interval = Long.getLong("app.monitorMs");
        if (interval == null) return;
        Long olderThan = Long.getLong("app.monitorKillOlderThanMs");
        String match = System.getProperty("app.monitorMatch");
        AgeFilter policy = olderThan == null
                ? null
                : new AgeFilter(
                        Duration.ofMillis(olderThan),
                        AgeBasis.SUSPENSION,
                        match == null ? null : Pattern.compile(match));
        w.monitor(new Monitor.Config(Duration.ofMillis(interval), MonitorSample.LogFormat.KEY_VALUE, policy));
    }

    private static void startSleepers(int n) {
        for (int i = 0; i < n; i++) {
            Co.go("sleeper", () -> Co.sleep(Duration.ofHours(1)));
        }
    }

    static void event(Path dir, String line) {
        try {
            Files.writeString(
                    dir.resolve("events"),
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
