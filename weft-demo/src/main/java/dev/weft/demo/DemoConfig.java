package dev.weft.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's ports, host and worker count: from flags ({@code --http-port 8080}, {@code --ws-port},
 * {@code --text-port}, {@code --workers}, {@code --host}, also as {@code --flag=value}), else the
 * environment ({@code WEFT_HTTP_PORT}, {@code WEFT_WS_PORT}, {@code WEFT_TEXT_PORT},
 * {@code WEFT_WORKERS}, {@code WEFT_HOST}), else 8080, 8081, 8082, one worker process per core, 127.0.0.1.
 * The flags are taken out of the arguments; the rest is the Weft command line.
 *
 * @param host the address every listener binds
 * @param httpPort the HTTP worker's port
 * @param wsPort the WebSocket chat's port
 * @param textPort the text echo's port
 * @param workers processes per Worker
 * @param weftArgs what is left for {@code Weft.runAll}
 */
record DemoConfig(String host, int httpPort, int wsPort, int textPort, int workers, String[] weftArgs) {
    private static final Map<String, String> FLAGS = Map.of(
            "--http-port",
            "WEFT_HTTP_PORT",
            "--ws-port",
            "WEFT_WS_PORT",
            "--text-port",
            "WEFT_TEXT_PORT",
            "--workers",
            "WEFT_WORKERS",
            "--host",
            "WEFT_HOST");

    /**
     * Parses the demo's flags out of {@code args}.
     *
     * @throws IllegalArgumentException for a flag without a value or a bad number
     */
    static DemoConfig parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new java.util.HashMap<>();
        FLAGS.forEach((flag, var) -> {
            if (env.get(var) != null && !env.get(var).isBlank()) {
                values.put(flag, env.get(var).trim());
            }
        });
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (!FLAGS.containsKey(name)) {
                rest.add(a);
            } else if (eq > 0) {
                values.put(name, a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return new DemoConfig(
                values.getOrDefault("--host", "127.0.0.1"),
                number(values, "--http-port", 8080, 0, 65535),
                number(values, "--ws-port", 8081, 0, 65535),
                number(values, "--text-port", 8082, 0, 65535),
                number(values, "--workers", cores, 1, 256),
                rest.toArray(String[]::new));
    }

    private static int number(Map<String, String> values, String flag, int dflt, int min, int max) {
        String v = values.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    flag + " must be a number from " + min + " to " + max + ", got '" + v + "'");
        }
    }
}
