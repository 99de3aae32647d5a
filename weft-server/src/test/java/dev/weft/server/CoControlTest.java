package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
import dev.weft.server.internal.cli.ControlClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code co} commands against a real master with eight children, run as CLI processes: the
 * fan-out, cancel and kill of one coroutine, age-based check and kill, dump, error exits, and a
 * child stuck in a CPU loop reported as missing instead of waited for. One cluster serves every
 * test (starting eight JVMs is the expensive part); the stuck-child test ruins a child, so it runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoControlTest {
    @TempDir
    static Path dir;

    private Cluster c;
    private int port;

    /** A coroutine in a worker process, as {@code co cancel}/{@code co kill} name it. */
    record Cid(long pid, long cid) {
        String target() {
            return pid + ":" + cid;
        }
    }

    @BeforeAll
    void start() throws IOException {
        c = Cluster.start(dir, Map.of("app.count", "8"), 8);
        port = c.port("web");
    }

    @AfterAll
    void stop() throws Exception {
        if (c != null) c.close();
    }

    @Test
    @Order(1)
    void listFansOutToEveryProcessAndEachReplyNamesItsProcess() throws Exception {
        Cluster.CliResult r = c.cli("co", "list", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = Cluster.json(r.out());
        assertThat(doc.path("cmd").asText()).isEqualTo("list");
        assertThat(doc.path("missing")).isEmpty();
        assertThat(doc.path("processes")).hasSize(8);
        Set<Long> pids = new HashSet<>();
        Set<Integer> slots = new HashSet<>();
        for (JsonNode p : doc.path("processes")) {
            assertThat(p.path("host").asText()).isNotBlank();
            assertThat(p.path("worker").asText()).isEqualTo("web");
            assertThat(p.path("ok").asBoolean()).as(p.toString()).isTrue();
            pids.add(p.path("pid").asLong());
            slots.add(p.path("slot").asInt());
            for (JsonNode co : p.path("result").path("coroutines"))
                assertThat(co.path("system").asBoolean()).isFalse();
        }
        assertThat(pids).containsExactlyInAnyOrderElementsOf(c.pids("web"));
        assertThat(slots).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    @Order(2)
    void cancelAnswersTheClientAtOnceAndTheConnectionKeepsServing() throws Exception {
        try (PendingGet g = PendingGet.send(port, "/slow?ms=60000")) {
            Cid target = awaitSleepers(1).getFirst();
            Cluster.CliResult r = c.cli("co", "cancel", target.target(), "--json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode reply = Cluster.json(r.out()).path("processes");
            assertThat(reply).hasSize(1);
            assertThat(reply.get(0).path("pid").asLong()).isEqualTo(target.pid());
            assertThat(reply.get(0).path("result").path("cancelled").asBoolean())
                    .isTrue();
            // The sleep failed at once: the answer is there long before the 60 s were up.
            assertThat(g.response(Duration.ofSeconds(20)))
                    .startsWith("cancelled after")
                    .endsWith("CO_CANCELED");
            assertThat(g.next("/pid")).isEqualTo(Long.toString(target.pid()));
            assertThat(g.next("/")).isEqualTo("hello");
        }
    }

    @Test
    @Order(3)
    void killAnswersThatRequest503AndClosesItsConnection() throws Exception {
        try (PendingGet g = PendingGet.send(port, "/slow?ms=60000")) {
            Cid target = awaitSleepers(1).getFirst();
            Cluster.CliResult r = c.cli("co", "kill", target.target());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("\"killed\":true");
            assertThat(g.response(Duration.ofSeconds(20))).isEqualTo(PendingGet.KILLED);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !ids(co("list", Json.object())).contains(target));
        }
    }

    @Test
    @Order(4)
    void checkAndKillOlderThanSelectExactlyTheOverAgeCoroutinesAndNeverSystemOnes() throws Exception {
        List<PendingGet> slow = new ArrayList<>();
        try (PendingGet napper = PendingGet.send(port, "/naps?ms=100&total=120000")) {
            // The napper's coroutine grows old, but each of its suspensions is at most 100 ms old.
            for (int i = 0; i < 3; i++) slow.add(PendingGet.send(port, "/slow?ms=60000"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> co("check", age("1s")).toString().split("\"name\":\"connection#").length - 1 == 3);
            Set<Cid> old = new HashSet<>(ids(co("check", age("1s"))));
            Set<Cid> napping = new HashSet<>(ids(co("list", Json.object())));
            napping.removeAll(old);
            assertThat(napping).hasSize(1);

            Cluster.CliResult check = c.cli("co", "check", "--older-than", "1s", "--json");
            assertThat(check.code()).as(check.err()).isZero();
            assertThat(ids(Cluster.json(check.out()))).containsExactlyInAnyOrderElementsOf(old);

            Cluster.CliResult kill = c.cli("co", "kill", "--older-than", "1s", "--json");
            assertThat(kill.code()).as(kill.err()).isZero();
            Set<Cid> killed = new HashSet<>();
            for (JsonNode p : Cluster.json(kill.out()).path("processes")) {
                for (JsonNode id : p.path("result").path("killed"))
                    killed.add(new Cid(p.path("pid").asLong(), id.asLong()));
            }
            assertThat(killed).containsExactlyInAnyOrderElementsOf(old);
            for (PendingGet g : slow)
                assertThat(g.response(Duration.ofSeconds(20))).isEqualTo(PendingGet.KILLED);
            assertThat(napper.answered()).isFalse();
            assertThat(ids(co("list", Json.object()))).containsAll(napping);

            // System coroutines (acceptors, the control link) were never candidates; --all shows them.
            Cluster.CliResult all = c.cli("co", "list", "--all", "--json");
            assertThat(all.code()).isZero();
            assertThat(Cluster.json(all.out()).findValues("system")).anyMatch(JsonNode::asBoolean);
            // The napper would nap on after its client has gone (it notices only when it writes).
            for (Cid n : napping) co("kill", Json.object().put("pid", n.pid()).put("cid", n.cid()));
        } finally {
            for (PendingGet g : slow) g.close();
        }
    }

    @Test
    @Order(5)
    void dumpPrintsEveryCoroutineWithItsStack() throws Exception {
        try (PendingGet g = PendingGet.send(port, "/slow?ms=60000")) {
            Cid target = awaitSleepers(1).getFirst();
            Cluster.CliResult r = c.cli("co", "dump", "--pid", Long.toString(target.pid()));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains(
                            "worker[web:" + target.pid() + "]",
                            "#" + target.cid() + ", state: ",
                            "(sleep) since",
                            "at dev.weft.server.testapp.TestRoutes");
            c.cli("co", "kill", target.target());
        }
    }

    @Test
    @Order(6)
    void badTargetsFailWithAnExitCodeAndAMessage() throws Exception {
        Cluster.CliResult malformed = c.cli("co", "cancel", "12x");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).contains("expected PID:CID (e.g. 4242:17), got '12x'");

        Cluster.CliResult unknownPid = c.cli("co", "cancel", "999999:1");
        assertThat(unknownPid.code()).isEqualTo(1);
        assertThat(unknownPid.err()).contains("no worker process has pid 999999");

        long pid = c.pids("web").getFirst();
        Cluster.CliResult unknownCid = c.cli("co", "kill", pid + ":99999999");
        assertThat(unknownCid.code()).isEqualTo(1);
        assertThat(unknownCid.out()).contains("\"killed\":false");
    }

    @Test
    @Order(7)
    void coWithoutARunningMasterSaysSo(@TempDir Path other) throws Exception {
        Cluster.CliResult r = Cluster.cli(other, Map.of(), "co", "list");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("not running");
    }

    @Test
    @Order(8)
    void listStreamsJsonLinesWithTheirPidAndTheLimitSortAndMatchApplyInTheChildren() throws Exception {
        List<PendingGet> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) slow.add(PendingGet.send(port, "/slow?ms=60000"));
            List<Cid> sleepers = awaitSleepers(3);

            Cluster.CliResult jsonl = c.cli("co", "list", "--jsonl", "--match", "^connection#");
            assertThat(jsonl.code()).as(jsonl.err()).isZero();
            List<Cid> listed = new ArrayList<>();
            for (String line : jsonl.out().split("\n")) {
                JsonNode row = Cluster.json(line);
                assertThat(row.path("name").asText()).startsWith("connection#");
                listed.add(new Cid(row.path("pid").asLong(), row.path("id").asLong()));
            }
            assertThat(listed).containsExactlyInAnyOrderElementsOf(sleepers);

            long pid = sleepers.getFirst().pid();
            Cluster.CliResult limited =
                    c.cli("co", "list", "--pid", Long.toString(pid), "--all", "--limit", "1", "--sort", "age");
            assertThat(limited.code()).as(limited.err()).isZero();
            assertThat(limited.out()).contains("worker[web:" + pid + "]:").containsPattern("1 of \\d+ coroutines");

            Cluster.CliResult json = c.cli("co", "list", "--json", "--match", "^connection#", "--sort", "age");
            assertThat(json.code()).as(json.err()).isZero();
            assertThat(ids(Cluster.json(json.out()))).containsExactlyInAnyOrderElementsOf(sleepers);

            Cluster.CliResult badSort = c.cli("co", "list", "--sort", "name");
            assertThat(badSort.code()).isEqualTo(2);
            assertThat(badSort.err()).contains("--sort must be age or id");

            Cluster.CliResult summary = c.cli("co", "summary", "--json");
            assertThat(summary.code()).as(summary.err()).isZero();
            JsonNode s = Cluster.json(summary.out());
            assertThat(s.path("processes").asInt()).isEqualTo(8);
            assertThat(s.path("by_event").path("sleep").path("count").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(s.path("by_event").path("sleep").has("p99_ms")).isTrue();
            assertThat(s.path("oldest")).isNotEmpty();
            Cluster.CliResult table = c.cli("co", "summary");
            assertThat(table.code()).as(table.err()).isZero();
            assertThat(table.out()).contains("EVENT", "sleep", "OLDEST");
            for (Cid t : sleepers) co("kill", Json.object().put("pid", t.pid()).put("cid", t.cid()));
        } finally {
            for (PendingGet g : slow) g.close();
        }
    }

    @Test
    @Order(100)
    void aChildThatDoesNotAnswerIsReportedMissingAndNotWaitedFor() throws Exception {
        long stopped = c.pids("web").getFirst();
        signal("STOP", stopped);
        try {
            ObjectNode req = Json.object().put("timeout_ms", 1000);
            long t0 = System.nanoTime();
            JsonNode doc = ControlClient.call(c.settings(), "list", req);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("the master waits one timeout, not per child").isLessThan(2500);
            assertThat(doc.path("processes")).hasSize(7);
            JsonNode missing = doc.path("missing").get(0);
            assertThat(missing.path("pid").asLong()).isEqualTo(stopped);
            assertThat(missing.path("error").asText()).isEqualTo("no answer within 1000 ms");

            Cluster.CliResult r = c.cli("co", "list", "--json", "--timeout", "1s");
            assertThat(r.code()).as("seven answered: a report, not a failure").isZero();
            assertThat(Cluster.json(r.out()).path("processes")).hasSize(7);
            assertThat(r.err()).contains("worker[web:" + stopped + "] did not answer: no answer within 1000 ms");
        } finally {
            signal("CONT", stopped);
        }
    }

    @Test
    @Order(101)
    void aChildStuckInACpuLoopCanStillBeInspected() throws Exception {
        Thread.ofVirtual().start(() -> {
            try (PendingGet g = PendingGet.send(port, "/spin")) {
                g.response(Duration.ofSeconds(60));
            } catch (Exception expected) {
                // the child never answers; the cluster's close kills it
            }
        });
        // co runs off the worker's carrier, so the spinning coroutine shows up with its stack.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Cluster.CliResult r = c.cli("co", "dump", "--json", "--timeout", "2s");
            return r.out().contains("TestRoutes.body");
        });
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                        .start()
                        .waitFor())
                .isZero();
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** The {@code co} command in-process over the control socket: cheap enough to poll. */
    private JsonNode co(String command, ObjectNode args) throws IOException {
        ObjectNode req = Json.object().put("timeout_ms", 5000);
        req.set("args", args);
        return ControlClient.call(c.settings(), command, req);
    }

    private static ObjectNode age(String olderThan) {
        return Json.object().put("olderThan", olderThan);
    }

    /** Every coroutine listed in a merged answer. */
    private static List<Cid> ids(JsonNode doc) {
        List<Cid> out = new ArrayList<>();
        for (JsonNode p : doc.path("processes")) {
            for (JsonNode co : p.path("result").path("coroutines"))
                out.add(new Cid(p.path("pid").asLong(), co.path("id").asLong()));
        }
        return out;
    }

    /** Waits until exactly {@code n} connection coroutines sleep in /slow, and returns them. */
    private List<Cid> awaitSleepers(int n) {
        List<List<Cid>> found = new ArrayList<>(List.of(List.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<Cid> out = new ArrayList<>();
            for (JsonNode p : co("list", Json.object()).path("processes")) {
                for (JsonNode co : p.path("result").path("coroutines")) {
                    if (co.path("name").asText().startsWith("connection#")
                            && co.path("suspension").path("event").asText().equals("sleep")) {
                        out.add(new Cid(p.path("pid").asLong(), co.path("id").asLong()));
                    }
                }
            }
            found.set(0, out);
            return out.size() == n;
        });
        return found.getFirst();
    }
}
