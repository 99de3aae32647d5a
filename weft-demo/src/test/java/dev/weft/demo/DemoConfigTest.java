package dev.weft.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.internal.cli.WeftCli;
import org.junit.jupiter.api.Test;

/** The demo's own options are found anywhere among Weft's arguments, which stay untouched. */
class DemoConfigTest {
    @Test
    void flagsAreReadAroundTheCommandInBothSpellings() {
        DemoConfig cfg = new DemoConfig();
        WeftCli.parseProgramOptions(
                cfg,
                "--host",
                "0.0.0.0",
                "start",
                "-d",
                "--http-port",
                "9090",
                "--ws-port=9091",
                "--https-port",
                "9443",
                "--wss-port=9444",
                "--workers",
                "3",
                "--keepalive-requests",
                "0");
        assertThat(cfg.host()).isEqualTo("0.0.0.0");
        assertThat(cfg.httpPort()).isEqualTo(9090);
        assertThat(cfg.wsPort()).isEqualTo(9091);
        assertThat(cfg.httpsPort()).isEqualTo(9443);
        assertThat(cfg.wssPort()).isEqualTo(9444);
        assertThat(cfg.workers()).isEqualTo(3);
        assertThat(cfg.keepAliveRequests()).isZero();
    }

    @Test
    void withoutFlagsOrEnvironmentTheDefaultsHold() {
        DemoConfig cfg = new DemoConfig();
        WeftCli.parseProgramOptions(cfg, "status", "--json");
        if (System.getenv("WEFT_HTTP_PORT") == null) assertThat(cfg.httpPort()).isEqualTo(8080);
        if (System.getenv("WEFT_TEXT_PORT") == null) assertThat(cfg.textPort()).isEqualTo(8082);
        if (System.getenv("WEFT_HTTPS_PORT") == null)
            assertThat(cfg.httpsPort()).isEqualTo(8443);
        if (System.getenv("WEFT_WSS_PORT") == null) assertThat(cfg.wssPort()).isEqualTo(8444);
        if (System.getenv("WEFT_KEEPALIVE_REQUESTS") == null)
            assertThat(cfg.keepAliveRequests()).isEqualTo(1000);
        if (System.getenv("WEFT_WORKERS") == null)
            assertThat(cfg.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
