package dev.weft.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandsTest {
    private final ProcessIdentity me = new ProcessIdentity("testhost", 4242, "web", 7);
    private final CommandRegistry commands = Commands.standard(me);
    private final Fixtures fx = new Fixtures();

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    private ObjectNode run(String cmd, String argsJson) throws Exception {
        JsonNode args = argsJson == null ? null : Json.MAPPER.readTree(argsJson);
        ObjectNode reply = commands.handle(cmd, args);
        assertThat(reply.get("host").asText()).isEqualTo("testhost");
        assertThat(reply.get("pid").asLong()).isEqualTo(4242);
        assertThat(reply.get("worker").asText()).isEqualTo("web");
        assertThat(reply.get("slot").asInt()).isEqualTo(7);
        return reply;
    }

    private static JsonNode ok(ObjectNode reply) {
        assertThat(reply.get("ok").asBoolean()).as("reply %s", reply).isTrue();
        return reply.get("result");
    }

    private static Set<Long> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.isObject() ? n.get("id").asLong() : n.asLong())
                .collect(Collectors.toSet());
    }

    @Test
    void listShowsUserCoroutinesWithTheirSuspensionAndHidesSystemOnesUnlessAll() throws Exception {
        Coroutine a = fx.sleeper("list-a");
        Coroutine b = fx.suspender("list-b");
        Coroutine sys = fx.systemSleeper("list-sys");

        JsonNode result = ok(run("list", null));
        assertThat(ids(result.get("coroutines"))).contains(a.id(), b.id()).doesNotContain(sys.id());
        JsonNode aNode = find(result.get("coroutines"), a.id());
        assertThat(aNode.get("name").asText()).isEqualTo("list-a");
        assertThat(aNode.get("state").asText()).isEqualTo("SUSPENDED");
        assertThat(aNode.get("parent").asLong()).isEqualTo(-1);
        assertThat(aNode.get("suspension").get("event").asText()).isEqualTo("sleep");
        assertThat(aNode.get("suspension").get("age_ms").asDouble()).isGreaterThanOrEqualTo(0);
        // the sleep's own length, next to the time waited so far
        assertThat(aNode.get("suspension").get("limit_ms").asDouble())
                .isBetween(3_600_000.0 - 1000, 3_600_000.0 + 1000);
        assertThat(find(result.get("coroutines"), b.id())
                        .get("suspension")
                        .get("event")
                        .asText())
                .isEqualTo("suspend");
        assertThat(find(result.get("coroutines"), b.id()).get("suspension").has("limit_ms"))
                .as("a wait without a limit has none")
                .isFalse();

        JsonNode all = ok(run("list", "{\"all\":true}"));
        assertThat(ids(all.get("coroutines"))).contains(a.id(), b.id(), sys.id());
        assertThat(find(all.get("coroutines"), sys.id()).get("system").asBoolean())
                .isTrue();
    }

    @Test
    void suspensionsListsOldestFirst() throws Exception {
        Coroutine a = fx.sleeper("susp-a");
        Fixtures.ageAtLeast(a, Duration.ofMillis(20));
        Coroutine b = fx.suspender("susp-b");
        JsonNode result = ok(run("suspensions", null));
        List<Long> order = new ArrayList<>();
        result.get("suspensions").forEach(n -> {
            long cid = n.get("coroutine").asLong();
            if (cid == a.id() || cid == b.id()) {
                order.add(cid);
            }
        });
        assertThat(order).containsExactly(a.id(), b.id());
    }

    @Test
    void dumpHasStacksAndOptionallyTheJdkThreadDump() throws Exception {
        Coroutine a = fx.sleeper("dump-a");
        JsonNode result = ok(run("dump", "{\"jdk\":true}"));
        JsonNode aNode = find(result.get("coroutines"), a.id());
        assertThat(aNode.get("stack").size()).isPositive();
        assertThat(aNode.get("stack").toString()).contains("dev.weft.coroutine.Co.sleep");
        assertThat(result.get("jdk").get("threadDump")).isNotNull();
    }

    @Test
    void checkAndKillOlderThanSelectExactlyTheOverAgeUserCoroutines() throws Exception {
        Coroutine old1 = fx.sleeper("old-1");
        Coroutine old2 = fx.suspender("old-2");
        Coroutine oldSys = fx.systemSleeper("old-sys");
        Fixtures.ageAtLeast(old1, Duration.ofMillis(600));
        Fixtures.ageAtLeast(old2, Duration.ofMillis(600));
        Fixtures.ageAtLeast(oldSys, Duration.ofMillis(600));
        Coroutine young = fx.sleeper("young");

        JsonNode check = ok(run("check", "{\"olderThan\":\"500ms\"}"));
        assertThat(ids(check.get("coroutines"))).containsExactlyInAnyOrder(old1.id(), old2.id());
        assertThat(old1.isDone()).isFalse();

        JsonNode matched = ok(run("check", "{\"olderThan\":500,\"match\":\"^susp\"}"));
        assertThat(ids(matched.get("coroutines"))).containsExactly(old2.id());

        JsonNode killed = ok(run("kill", "{\"olderThan\":\"0.5s\"}"));
        assertThat(ids(killed.get("killed"))).containsExactlyInAnyOrder(old1.id(), old2.id());
        await().until(() -> old1.isDone() && old2.isDone());
        assertThat(young.isDone()).isFalse();
        assertThat(oldSys.isDone()).isFalse();
    }

    @Test
    void idleWaitsAreSkippedByCheckAndKillUnlessIncludeIdleIsGiven() throws Exception {
        Coroutine stuck = fx.sleeper("stuck");
        Coroutine idle = fx.idler("keepalive");
        Fixtures.ageAtLeast(stuck, Duration.ofMillis(300));
        Fixtures.ageAtLeast(idle, Duration.ofMillis(300));

        JsonNode check = ok(run("check", "{\"olderThan\":\"200ms\"}"));
        assertThat(ids(check.get("coroutines"))).contains(stuck.id()).doesNotContain(idle.id());
        assertThat(check.get("include_idle").asBoolean()).isFalse();
        JsonNode all = ok(run("check", "{\"olderThan\":\"200ms\",\"includeIdle\":true}"));
        assertThat(ids(all.get("coroutines"))).contains(stuck.id(), idle.id());

        JsonNode killed = ok(run("kill", "{\"olderThan\":\"200ms\"}"));
        assertThat(ids(killed.get("killed"))).contains(stuck.id()).doesNotContain(idle.id());
        await().until(stuck::isDone);
        assertThat(idle.isDone()).isFalse();

        JsonNode row = find(ok(run("list", "{}")).get("coroutines"), idle.id());
        assertThat(row.at("/suspension/idle").asBoolean()).isTrue();
        assertThat(row.at("/suspension/event").asText()).endsWith("(idle)");
        assertThat(row.get("kill_pending").asBoolean()).isFalse();
        ok(run("kill", "{\"olderThan\":\"200ms\",\"includeIdle\":true}"));
        await().until(idle::isDone);
    }

    @Test
    void listTreeNestsChildrenUnderTheirParent() throws Exception {
        Coroutine parent = fx.parentOfSleeper("tree-parent");
        await().until(() -> Co.list().stream().anyMatch(c -> c.parentId() == parent.id()));
        JsonNode flat = ok(run("list", "{}")).get("coroutines");
        Coroutine child = Co.list().stream()
                .filter(c -> c.parentId() == parent.id())
                .findFirst()
                .orElseThrow();
        assertThat(find(flat, child.id()).get("parent").asLong()).isEqualTo(parent.id());

        JsonNode roots = ok(run("list", "{\"tree\":true}")).get("coroutines");
        JsonNode p = find(roots, parent.id());
        assertThat(p).as("the parent is a root").isNotNull();
        assertThat(ids(p.get("children"))).containsExactly(child.id());
        assertThat(ids(roots)).as("the child is nested, not a root").doesNotContain(child.id());
    }

    @Test
    void coroutineAgeFlagUsesTheCoroutineStart() throws Exception {
        Coroutine c = fx.stubbornSleeper("restless");
        await().until(() -> c.age().compareTo(Duration.ofMillis(300)) > 0);
        // A fresh suspension: young by suspension age, old by coroutine age.
        assertThat(ok(run("cancel", "{\"cid\":" + c.id() + "}"))
                        .get("cancelled")
                        .asBoolean())
                .isTrue();
        await().until(() -> c.suspension() != null && c.suspension().age().compareTo(Duration.ofMillis(300)) < 0);
        assertThat(ids(ok(run("check", "{\"olderThan\":\"300ms\"}")).get("coroutines")))
                .doesNotContain(c.id());
        assertThat(ids(ok(run("check", "{\"olderThan\":\"300ms\",\"coroutineAge\":true}"))
                        .get("coroutines")))
                .contains(c.id());
    }

    @Test
    void cancelLeavesTheCoroutineRunningAndKillEndsIt() throws Exception {
        Coroutine c = fx.stubbornSleeper("cancel-me");
        long firstSuspension = c.suspension().id();
        JsonNode cancelled = ok(run("cancel", "{\"cid\":\"" + c.id() + "\"}"));
        assertThat(cancelled.get("cancelled").asBoolean()).isTrue();
        assertThat(cancelled.has("error")).as("a success has no error field").isFalse();
        await().until(() -> c.suspension() != null && c.suspension().id() != firstSuspension);
        assertThat(c.isDone()).isFalse();

        JsonNode killed = ok(run("kill", "{\"cid\":" + c.id() + "}"));
        assertThat(killed.get("killed").asBoolean()).isTrue();
        assertThat(killed.has("error")).as("a success has no error field").isFalse();
        await().until(c::isDone);

        JsonNode again = ok(run("kill", "{\"cid\":" + c.id() + "}"));
        assertThat(again.get("killed").asBoolean()).isFalse();
        assertThat(again.get("error").asText()).isEqualTo("CO_NOT_EXISTS");
    }

    @Test
    void systemCoroutinesAreRefusedByIdUnlessAll() throws Exception {
        Coroutine sys = fx.systemSleeper("sys-by-id");
        JsonNode refused = ok(run("kill", "{\"cid\":" + sys.id() + "}"));
        assertThat(refused.get("killed").asBoolean()).isFalse();
        assertThat(refused.get("error").asText()).contains("system coroutine");
        assertThat(sys.isDone()).isFalse();
        assertThat(ok(run("cancel", "{\"cid\":" + sys.id() + "}"))
                        .get("cancelled")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void statsReportsCountsAndMemory() throws Exception {
        fx.sleeper("stats-a");
        JsonNode result = ok(run("stats", null));
        assertThat(result.get("coroutines").get("live").asLong()).isPositive();
        assertThat(result.get("coroutines").get("suspended").asLong()).isPositive();
        assertThat(result.get("coroutines").get("peak").asLong())
                .isGreaterThanOrEqualTo(result.get("coroutines").get("live").asLong());
        assertThat(result.get("memory").get("heap_used").asLong()).isPositive();
        assertThat(result.get("memory").get("rss").asLong())
                .isGreaterThan(result.get("memory").get("heap_used").asLong() / 100);
    }

    @Test
    void badInputNeverThrowsAndSaysWhatIsWrong() throws Exception {
        assertError(run("nope", null), "unknown command 'nope'");
        assertError(commands.handle(null, null), "missing command name");
        assertError(run("kill", null), "kill needs 'cid' or 'olderThan'");
        assertError(run("kill", "{\"cid\":\"abc\"}"), "argument 'cid' must be an integer");
        assertError(run("kill", "{\"cid\":-4}"), "must not be negative");
        assertError(run("kill", "{\"cid\":1,\"olderThan\":5}"), "either 'cid' or 'olderThan'");
        assertError(run("check", null), "missing argument 'olderThan'");
        assertError(run("check", "{\"olderThan\":\"soon\"}"), "must be a duration");
        assertError(run("check", "{\"olderThan\":-1}"), "non-negative");
        assertError(run("check", "{\"olderThan\":1,\"match\":\"([\"}"), "not a valid regular expression");
        assertError(run("list", "[1,2]"), "args must be a JSON object");
        assertError(run("list", "{\"all\":\"maybe\"}"), "must be true or false");
        assertError(run("cancel", "{\"cid\":{}}"), "must be an integer");
        JsonNode missing = ok(run("cancel", "{\"cid\":999999999}"));
        assertThat(missing.get("error").asText()).isEqualTo("CO_NOT_EXISTS");
        commands.register(new Command() {
            public String name() {
                return "boom";
            }

            public String description() {
                return "throws";
            }

            public JsonNode execute(Args args) {
                throw new IllegalStateException("bug");
            }
        });
        assertError(run("boom", null), "command failed: java.lang.IllegalStateException: bug");
        assertThat(ok(run("help", null)).has("list")).isTrue();
    }

    private static void assertError(ObjectNode reply, String message) {
        assertThat(reply.get("ok").asBoolean()).as("reply %s", reply).isFalse();
        assertThat(reply.get("error").asText()).contains(message);
    }

    private static JsonNode find(JsonNode array, long id) {
        for (JsonNode n : array) {
            if (n.get("id").asLong() == id) {
                return n;
            }
        }
        throw new AssertionError("no coroutine " + id + " in " + array);
    }

    @Test
    void killByAgeAnswersTheCountAndAtMostAHundredIds() throws Exception {
        List<Coroutine> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(fx.sleeper("many-" + i));
        }
        Fixtures.ageAtLeast(many.getLast(), Duration.ofMillis(50));

        JsonNode killed = ok(run("kill", "{\"olderThan\":\"10ms\",\"match\":\"^sleep$\"}"));
        assertThat(killed.get("count").asLong()).isGreaterThanOrEqualTo(150);
        assertThat(killed.get("killed")).hasSize(100);
        assertThat(killed.get("sampled").asBoolean()).isTrue();
        assertThat(ids(killed.get("killed"))).as("distinct ids").hasSize(100);
        await().until(() -> many.stream().allMatch(Coroutine::isDone));

        Fixtures.ageAtLeast(fx.sleeper("one-more"), Duration.ofMillis(5));
        JsonNode few = ok(run("kill", "{\"olderThan\":1}"));
        assertThat(few.get("count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(few.get("sampled").asBoolean()).isFalse();
        assertThat(few.get("killed")).hasSize(few.get("count").asInt());
    }

    @Test
    void linkCommandsAnswerOnlyThroughDispatchWithTheirBareResult() {
        commands.register(LinkCommand.of("ping", a -> java.util.Map.of("requests", 3)));
        commands.register(LinkCommand.of("take", a -> a.requiredLong("slot")));

        assertThat(commands.dispatch("ping", null, null).get("requests").asInt())
                .isEqualTo(3);
        assertThat(commands.dispatch("take", Json.object().put("slot", 2), null).asLong())
                .isEqualTo(2);
        assertThat(commands.isLink("ping")).isTrue();
        assertThat(commands.isLink("list")).isFalse();
        // An operator (Redis, help) never sees them.
        ObjectNode refused = commands.handle("ping", null);
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("error").asText()).startsWith("unknown command 'ping'");
        assertThat(commands.commands()).doesNotContainKeys("ping", "take");
        assertThat(ok(commands.handle("help", null)).has("ping")).isFalse();
        // Bad arguments and unknown names are the link's error answers.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> commands.dispatch("take", null, null))
                .isInstanceOf(CommandException.class)
                .hasMessage("missing argument 'slot'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> commands.dispatch("nope", null, null))
                .isInstanceOf(CommandException.class)
                .hasMessage("unknown command nope");
        // Operator commands keep their envelope on the link, and a standby's new slot shows in it.
        commands.identify(new ProcessIdentity("testhost", 4242, "web", 9));
        JsonNode hello = commands.dispatch("hello", null, null);
        assertThat(hello.get("ok").asBoolean()).isTrue();
        assertThat(hello.get("slot").asInt()).isEqualTo(9);
    }
}
