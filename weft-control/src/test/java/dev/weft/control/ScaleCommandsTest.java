package dev.weft.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The single-pass versions of summary, list and kill by age give exactly what the commands promise: every
 * coroutine counted once, the oldest named in order, the fields of a streamed row the same as the tree's.
 * Each test waits in an event of its own, so coroutines of other tests cannot change its counts.
 */
class ScaleCommandsTest {
    private final CommandRegistry commands = Commands.standard(new ProcessIdentity("testhost", 4242, "web", 7));
    private final List<Coroutine> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Coroutine::kill);
        await().until(() -> started.stream().allMatch(Coroutine::isDone));
    }

    /** {@code n} coroutines waiting in {@code event}, each suspended on return. */
    private List<Coroutine> waiting(String event, int n) {
        List<Coroutine> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Co.go(event + "-" + i, () -> {
                Suspension s = Suspension.begin(event);
                try {
                    s.await(Long.MAX_VALUE);
                } finally {
                    s.end();
                }
            }));
        }
        started.addAll(out);
        await().until(() -> out.stream().allMatch(c -> c.state() == Coroutine.State.SUSPENDED));
        return out;
    }

    private static JsonNode ok(ObjectNode reply) {
        assertThat(reply.path("ok").asBoolean()).as(reply.toString()).isTrue();
        return reply.path("result");
    }

    @Test
    void summaryCountsEveryCoroutineOfAnEventOnceAndItsHistogramAddsUp() throws Exception {
        List<Coroutine> old = waiting("summary-exact", 300);
        Fixtures.ageAtLeast(old.getLast(), Duration.ofMillis(30));
        waiting("summary-exact-young", 5);

        JsonNode r = ok(commands.handle("summary", null));
        JsonNode exact = r.path("by_event").path("summary-exact");
        assertThat(exact.path("count").asLong()).isEqualTo(300);
        long inBuckets = 0;
        for (JsonNode pair : exact.path("histogram")) inBuckets += pair.path(1).asLong();
        assertThat(inBuckets).as("every age in one bucket").isEqualTo(300);
        assertThat(exact.path("p50_ms").asDouble())
                .isGreaterThanOrEqualTo(29)
                .isLessThanOrEqualTo(exact.path("max_ms").asDouble());
        assertThat(r.path("by_event").path("summary-exact-young").path("count").asLong())
                .isEqualTo(5);
        assertThat(r.path("total").asLong()).isGreaterThanOrEqualTo(305);
        assertThat(r.path("by_state").path("SUSPENDED").asLong()).isGreaterThanOrEqualTo(305);

        JsonNode oldest = r.path("oldest");
        assertThat(oldest).hasSize(SummaryCommand.OLDEST);
        List<Double> ages = new ArrayList<>();
        oldest.forEach(row -> ages.add(row.path("age_ms").asDouble()));
        // Oldest first: each row's age is read when the row is written, a few microseconds after the one before.
        for (int i = 1; i < ages.size(); i++) {
            assertThat(ages.get(i)).as("oldest first").isLessThanOrEqualTo(ages.get(i - 1) + 1.0);
        }
        // Nothing younger than the youngest listed is older than it: the 10 named are the 10 oldest.
        double youngestListed = ages.getLast();
        long olderThanIt = Co.list().stream()
                .filter(c -> !c.isSystem() && Json.millis(c.age()) > youngestListed + 1000)
                .count();
        assertThat(olderThanIt).isLessThanOrEqualTo(SummaryCommand.OLDEST);
    }

    @Test
    void killByAgeKillsEveryMatchCountsThemAndNamesTheHundredOldest() throws Exception {
        List<Coroutine> first = waiting("kill-exact", 100);
        Fixtures.ageAtLeast(first.getLast(), Duration.ofMillis(30));
        List<Coroutine> later = waiting("kill-exact", 150);

        JsonNode r = ok(commands.handle("kill", Json.MAPPER.readTree("{\"olderThan\":0,\"match\":\"^kill-exact$\"}")));
        assertThat(r.path("count").asLong()).isEqualTo(250);
        assertThat(r.path("sampled").asBoolean()).isTrue();
        Set<Long> sample = new java.util.HashSet<>();
        r.path("killed").forEach(id -> sample.add(id.asLong()));
        assertThat(sample)
                .as("the hundred that waited longest")
                .isEqualTo(first.stream().map(Coroutine::id).collect(Collectors.toSet()));
        List<Coroutine> all = new ArrayList<>(first);
        all.addAll(later);
        await().until(() -> all.stream().allMatch(Coroutine::isDone));
        assertThat(all).allSatisfy(c -> assertThat(c.wasKilled()).isTrue());
        assertThat(all).allSatisfy(c -> assertThat(Co.get(c.id())).isNull());

        JsonNode none =
                ok(commands.handle("kill", Json.MAPPER.readTree("{\"olderThan\":0,\"match\":\"^kill-exact$\"}")));
        assertThat(none.path("count").asLong()).isZero();
        assertThat(none.path("killed")).isEmpty();
        assertThat(none.path("sampled").asBoolean()).isFalse();
    }

    @Test
    void listGivesEveryRowInIdOrderWithTheTreesFields() throws Exception {
        List<Coroutine> mine = waiting("list-exact", 200);
        List<JsonNode> rows = new ArrayList<>();
        JsonNode r = ok(commands.stream("list", Json.MAPPER.readTree("{\"match\":\"^list-exact-\"}"), rows::add));
        assertThat(r.path("count").asInt()).isEqualTo(200);
        assertThat(rows)
                .extracting(row -> row.path("id").asLong())
                .containsExactlyElementsOf(
                        mine.stream().map(Coroutine::id).sorted().toList());
        for (JsonNode row : rows) {
            Coroutine c = Co.get(row.path("id").asLong());
            ObjectNode tree = CoroutineJson.coroutine(c).put("pid", 4242);
            // Compared as parsed text: a tree keeps ints and longs apart, the JSON does not.
            assertThat((Object) Json.MAPPER.readTree(withoutAges(row).toString()))
                    .isEqualTo(Json.MAPPER.readTree(withoutAges(tree).toString()));
            assertThat(fieldNames(row))
                    .containsExactly(
                            "pid", "id", "name", "parent", "state", "system", "age_ms", "kill_pending", "suspension");
        }
    }

    @Test
    void byIdSortsAnyOrderOfCoroutines() {
        List<Coroutine> mine = waiting("sort-exact", 50);
        List<Coroutine> shuffled = new ArrayList<>(mine);
        Collections.shuffle(shuffled, new Random(7));
        ById.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(mine);
        List<Coroutine> one = new ArrayList<>(mine.subList(0, 1));
        ById.sort(one);
        assertThat(one).containsExactly(mine.getFirst());
    }

    @Test
    void topAgesKeepsTheOldestInOrder() {
        TopAges<Integer> top = new TopAges<>(3);
        int[] ages = {5, 1, 9, 7, 3, 9, 2, 8};
        for (int i = 0; i < ages.length; i++) top.offer(ages[i], i);
        List<Integer> kept = top.oldestFirst();
        assertThat(kept).hasSize(3);
        assertThat(kept.stream().map(i -> ages[i]).toList()).containsExactly(9, 9, 8);
        assertThat(new TopAges<Integer>(3).oldestFirst()).isEmpty();
    }

    private static ObjectNode withoutAges(JsonNode row) {
        ObjectNode copy = row.deepCopy();
        copy.remove("age_ms");
        if (copy.path("suspension").isObject()) ((ObjectNode) copy.get("suspension")).remove("age_ms");
        return copy;
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
