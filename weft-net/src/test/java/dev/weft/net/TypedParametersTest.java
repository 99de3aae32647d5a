package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.http.BadRequestException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Parameters;
import dev.weft.net.http.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Parameters' typed getters, and the 400 a bad value gets through a real HTTP request. */
class TypedParametersTest {
    private static final Callbacks ECHO = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
        Parameters q = r.query();
        c.send(Response.text("name=" + q.get("name", "anon") + " n=" + q.getInt("n", 1) + " big=" + q.getLong("big", 2)
                + " wait=" + q.getDuration("wait", Duration.ofSeconds(1)).toMillis()));
    });

    /** Sends the requests on one keep-alive connection and returns the bodies' single lines, in order. */
    private static String[] exchange(ServerFixture f, String... paths) throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.port)) {
            s.setSoTimeout(10_000);
            StringBuilder all = new StringBuilder();
            for (String p : paths) {
                all.append("GET ").append(p).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            s.getOutputStream().write(all.toString().getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String[] answers = new String[paths.length];
            for (int i = 0; i < paths.length; i++) {
                String status = in.readLine();
                int length = 0;
                for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                    if (line.startsWith("Content-Length: ")) {
                        length = Integer.parseInt(line.substring(16));
                    }
                }
                char[] body = new char[length];
                int n = 0;
                while (n < length) {
                    n += in.read(body, n, length - n);
                }
                answers[i] = status.substring(9, 12) + " " + new String(body).strip();
            }
            return answers;
        }
    }

    @Test
    void absentParametersTakeTheDefaultAndPresentOnesAreParsed() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", ECHO)) {
            assertThat(exchange(f, "/", "/?name=bo&n=-3&big=9000000000&wait=250ms", "/?wait=2m", "/?wait=1500"))
                    .containsExactly(
                            "200 name=anon n=1 big=2 wait=1000",
                            "200 name=bo n=-3 big=9000000000 wait=250",
                            "200 name=anon n=1 big=2 wait=120000",
                            "200 name=anon n=1 big=2 wait=1500");
        }
    }

    @Test
    void aBadValueIsAnswered400WithAClearMessageAndTheConnectionGoesOn() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", ECHO)) {
            assertThat(exchange(f, "/?n=abc", "/?big=1.5", "/?wait=soon", "/?n=99999999999", "/?n=2"))
                    .containsExactly(
                            "400 parameter 'n' must be an integer, got 'abc'",
                            "400 parameter 'big' must be an integer, got '1.5'",
                            "400 parameter 'wait' must be a duration such as 500ms, 3s, 2m or 1h, got 'soon'",
                            "400 parameter 'n' must be an integer, got '99999999999'",
                            "200 name=anon n=2 big=2 wait=1000");
        }
    }

    @Test
    void aMalformedQueryIsA400Too() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", ECHO)) {
            assertThat(exchange(f, "/?n=%zz", "/?n=4"))
                    .containsExactly("400 malformed percent-encoding", "200 name=anon n=4 big=2 wait=1000");
        }
    }

    @Test
    void durationsFollowTheCommandLineGrammar() {
        Parameters p = Parameters.parseUrlEncoded("a=5s&b=3h&c=10ms&d=-1s&e=&f=1.5s", 10);
        assertThat(p.getDuration("a", null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.getDuration("b", null)).isEqualTo(Duration.ofHours(3));
        assertThat(p.getDuration("c", null)).isEqualTo(Duration.ofMillis(10));
        assertThat(p.getDuration("missing", Duration.ZERO)).isEqualTo(Duration.ZERO);
        for (String bad : new String[] {"d", "e", "f"}) {
            assertThatThrownBy(() -> p.getDuration(bad, null))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageStartingWith("parameter '" + bad + "' must be a duration");
        }
        assertThat(p.get("e", "fallback")).isEmpty(); // present but empty is not absent
    }
}
