package dev.weft.demo;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The demo's own options, declared to Weft with {@code Weft.options} (so {@code ./weft start --help} lists
 * them and a daemon master and its children see them too): ports, host and worker count from flags
 * ({@code --http-port 8080}, also {@code --http-port=8080}), else the environment ({@code WEFT_HTTP_PORT},
 * {@code WEFT_WS_PORT}, {@code WEFT_TEXT_PORT}, {@code WEFT_HTTPS_PORT}, {@code WEFT_WSS_PORT},
 * {@code WEFT_WORKERS}, {@code WEFT_HOST}), else 8080, 8081, 8082, 8443, 8444, one worker process per core,
 * 127.0.0.1.
 */
final class DemoConfig {
    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "${env:WEFT_HOST:-127.0.0.1}",
            description = "Address every listener binds (env WEFT_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "${env:WEFT_HTTP_PORT:-8080}",
            converter = Port.class,
            description = "HTTP port (env WEFT_HTTP_PORT; default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--ws-port",
            paramLabel = "PORT",
            defaultValue = "${env:WEFT_WS_PORT:-8081}",
            converter = Port.class,
            description = "WebSocket chat port (env WEFT_WS_PORT; default ${DEFAULT-VALUE}).")
    int wsPort;

    @Option(
            names = "--text-port",
            paramLabel = "PORT",
            defaultValue = "${env:WEFT_TEXT_PORT:-8082}",
            converter = Port.class,
            description = "Text echo port (env WEFT_TEXT_PORT; default ${DEFAULT-VALUE}).")
    int textPort;

    @Option(
            names = "--https-port",
            paramLabel = "PORT",
            defaultValue = "${env:WEFT_HTTPS_PORT:-8443}",
            converter = Port.class,
            description =
                    "HTTPS port, the routes of the HTTP port over TLS (env WEFT_HTTPS_PORT; default ${DEFAULT-VALUE}).")
    int httpsPort;

    @Option(
            names = "--wss-port",
            paramLabel = "PORT",
            defaultValue = "${env:WEFT_WSS_PORT:-8444}",
            converter = Port.class,
            description = "Secure WebSocket (wss) port of the same chat (env WEFT_WSS_PORT; default ${DEFAULT-VALUE}).")
    int wssPort;

    @Option(
            names = "--workers",
            paramLabel = "N",
            defaultValue = "${env:WEFT_WORKERS}",
            converter = Count.class,
            description = "Processes per Worker, 1 to 256 (env WEFT_WORKERS; default: one per core).")
    Integer workers;

    @Option(
            names = "--standby",
            paramLabel = "N",
            defaultValue = "${env:WEFT_STANDBY:-1}",
            converter = Standbys.class,
            description = "Warm standbys of each reloadable Worker (web, web-tls), 0 to 16 (env WEFT_STANDBY;"
                    + " default ${DEFAULT-VALUE}): a killed process's slot is served again within milliseconds.")
    int standby;

    @Option(
            names = "--keepalive-requests",
            paramLabel = "N",
            defaultValue = "${env:WEFT_KEEPALIVE_REQUESTS:-1000}",
            converter = KeepAliveRequests.class,
            description = "Requests served on one HTTP(S) keep-alive connection before it is closed, 0 for no limit"
                    + " (env WEFT_KEEPALIVE_REQUESTS; default ${DEFAULT-VALUE}, as nginx's keepalive_requests).")
    int keepAliveRequests;

    String host() {
        return host;
    }

    int httpPort() {
        return httpPort;
    }

    int wsPort() {
        return wsPort;
    }

    int textPort() {
        return textPort;
    }

    int httpsPort() {
        return httpsPort;
    }

    int wssPort() {
        return wssPort;
    }

    int standby() {
        return standby;
    }

    int keepAliveRequests() {
        return keepAliveRequests;
    }

    int workers() {
        return workers != null ? workers : Runtime.getRuntime().availableProcessors();
    }

    /** A TCP port, 0 to 65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return number(value, 0, 65535);
        }
    }

    /** A process count, 1 to 256. */
    static final class Count implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return number(value, 1, 256);
        }
    }

    /** A standby count, 0 to 16. */
    static final class Standbys implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return number(value, 0, 16);
        }
    }

    /** Requests per keep-alive connection, 0 (no limit) to 2^31-1. */
    static final class KeepAliveRequests implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return number(value, 0, Integer.MAX_VALUE);
        }
    }

    private static int number(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("must be a number from " + min + " to " + max + ", got '" + value + "'");
    }
}
