package dev.weft.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Coroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** list, dump and check streamed row by row, with limit, sort and match applied in the process; and summary. */
class StreamingCommandsTest {
    private final CommandRegistry commands = Commands.standard(new ProcessIdentity("testhost", 4242, "web", 7));
    private final Fixtures fx = new Fixtures();

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    private record Streamed(ObjectNode reply, List<JsonNode> rows) {}

    private Streamed stream(String cmd, String args) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        ObjectNode reply = commands.stream(cmd, Json.MAPPER.readTree(args), rows::add);
        assertThat(reply.path("ok").asBoolean()).as(reply.toString()).isTrue();
        assertThat(reply.path("result").has("coroutines"))
                .as("rows are streamed, not in the reply")
                .isFalse();
        return new Streamed(reply, rows);
    }

    @Test
    void listStreamsEveryRowWithItsPidAndCountsThem() throws Exception {
        Coroutine a = fx.sleeper("stream-a");
        Coroutine b = fx.suspender("stream-b");
        Streamed s = stream("list", "{\"match\":\"^stream-\"}");
        assertThat(s.rows()).extracting(r -> r.path("id").asLong()).containsExactly(a.id(), b.id());
        assertThat(s.rows()).allSatisfy(r -> assertThat(r.path("pid").asLong()).isEqualTo(4242));
        assertThat(s.reply().path("result").path("count").asInt()).isEqualTo(2);
        assertThat(s.reply().path("result").path("total").asInt()).isEqualTo(2);
        assertThat(commands.isStreaming("list")).isTrue();
        assertThat(commands.isStreaming("cancel")).isFalse();
    }

    @Test
    void limitKeepsTheFirstRowsInTheOrderAskedAndTotalCountsAllThatMatched() throws Exception {
        List<Coroutine> sleepers = new ArrayList<>();
        for (int i = 0; i < 5; i++) sleepers.add(fx.sleeper("limited-" + i));
        Fixtures.ageAtLeast(sleepers.getLast(), Duration.ofMillis(20));

        Streamed byId = stream("list", "{\"match\":\"^limited-\",\"limit\":2}");
        assertThat(byId.rows())
                .extracting(r -> r.path("id").asLong())
                .containsExactly(sleepers.get(0).id(), sleepers.get(1).id());
        assertThat(byId.reply().path("result").path("total").asInt()).isEqualTo(5);
        assertThat(byId.reply().path("result").path("count").asInt()).isEqualTo(2);

        // By age: the longest wait first, so the first sleeper (waiting longest) leads.
        Streamed byAge = stream("list", "{\"match\":\"^limited-\",\"limit\":3,\"sort\":\"age\"}");
        List<Double> waits = byAge.rows().stream()
                .map(r -> r.path("suspension").path("age_ms").asDouble())
                .toList();
        assertThat(waits).hasSize(3).isSortedAccordingTo((x, y) -> Double.compare(y, x));
        assertThat(byAge.rows().getFirst().path("id").asLong())
                .isEqualTo(sleepers.getFirst().id());
    }

    @Test
    void matchFindsTheNameOrTheEventOfTheCurrentWait() throws Exception {
        Coroutine sleeping = fx.sleeper("match-one");
        Coroutine suspended = fx.suspender("match-two");
        assertThat(stream("list", "{\"match\":\"one$\"}").rows())
                .extracting(r -> r.path("id").asLong())
                .containsExactly(sleeping.id());
        assertThat(stream("list", "{\"match\":\"^suspend$\"}").rows())
                .extracting(r -> r.path("id").asLong())
                .contains(suspended.id())
                .doesNotContain(sleeping.id());
    }

    @Test
    void badSortLimitOrMatchIsAnErrorReplyBeforeAnyRow() throws Exception {
        for (String args : List.of("{\"sort\":\"name\"}", "{\"limit\":-1}", "{\"match\":\"(\"}")) {
            List<JsonNode> rows = new ArrayList<>();
            ObjectNode reply = commands.stream("list", Json.MAPPER.readTree(args), rows::add);
            assertThat(reply.path("ok").asBoolean()).as(args).isFalse();
            assertThat(reply.path("error").asText()).isNotBlank();
            assertThat(rows).isEmpty();
        }
    }

    @Test
    void dumpAndCheckStreamToo() throws Exception {
        Coroutine a = fx.sleeper("dump-check");
        Fixtures.ageAtLeast(a, Duration.ofMillis(50));
        Streamed dump = stream("dump", "{\"match\":\"^dump-check$\"}");
        assertThat(dump.rows()).singleElement().satisfies(r -> assertThat(r.path("stack"))
                .isNotEmpty());
        Streamed check = stream("check", "{\"olderThan\":\"10ms\",\"limit\":1}");
        assertThat(check.rows()).hasSize(1);
        assertThat(check.reply().path("result").path("total").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void executeGathersTheRowsUnderCoroutinesForTransportsThatSendOneReply() throws Exception {
        Coroutine a = fx.sleeper("gathered");
        JsonNode result = commands.handle("list", Json.MAPPER.readTree("{\"match\":\"^gathered$\"}"))
                .path("result");
        assertThat(result.path("coroutines"))
                .singleElement()
                .satisfies(r -> assertThat(r.path("id").asLong()).isEqualTo(a.id()));
    }

    @Test
    void summaryCountsByStateAndEventWithPercentilesAndMergesAcrossProcesses() throws Exception {
        List<Coroutine> sleepers = new ArrayList<>();
        for (int i = 0; i < 20; i++) sleepers.add(fx.sleeper("summary-" + i));
        fx.suspender("summary-suspended");
        Fixtures.ageAtLeast(sleepers.getLast(), Duration.ofMillis(30));
        ObjectNode reply = commands.handle("summary", null);
        JsonNode r = reply.path("result");
        assertThat(r.path("total").asLong()).isGreaterThanOrEqualTo(21);
        assertThat(r.path("by_state").path("SUSPENDED").asLong()).isGreaterThanOrEqualTo(21);
        JsonNode sleep = r.path("by_event").path("sleep");
        assertThat(sleep.path("count").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(sleep.path("p50_ms").asDouble())
                .isGreaterThanOrEqualTo(25)
                .isLessThanOrEqualTo(sleep.path("max_ms").asDouble());
        assertThat(sleep.path("p99_ms").asDouble())
                .isLessThanOrEqualTo(sleep.path("max_ms").asDouble());
        assertThat(r.path("oldest").size()).isBetween(1, 10);

        // Two processes' replies merge: counts add up, the percentiles come from the summed histograms.
        ObjectNode other = reply.deepCopy().put("pid", 4343);
        ObjectNode merged = new SummaryMerger().add(reply).add(other).toJson();
        assertThat(merged.path("processes").asInt()).isEqualTo(2);
        assertThat(merged.path("total").asLong()).isEqualTo(2 * r.path("total").asLong());
        assertThat(merged.path("by_event").path("sleep").path("count").asLong())
                .isEqualTo(2 * sleep.path("count").asLong());
        assertThat(merged.path("by_event").path("sleep").path("max_ms").asDouble())
                .isEqualTo(sleep.path("max_ms").asDouble());
        assertThat(merged.path("oldest"))
                .hasSize(Math.min(10, 2 * r.path("oldest").size()));
        assertThat(merged.findValues("pid")).extracting(JsonNode::asLong).contains(4242L, 4343L);
    }

    @Test
    void theHistogramsPercentilesAreWithinTwoPercent() {
        AgeHistogram h = new AgeHistogram();
        for (int i = 1; i <= 10_000; i++) h.add(i);
        assertThat(h.percentile(0.5)).isCloseTo(5000, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(h.percentile(0.99)).isCloseTo(9900, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(h.maxMs()).isEqualTo(10_000);
        AgeHistogram copy = new AgeHistogram();
        copy.addAll(h.toJson(), h.maxMs());
        assertThat(copy.percentile(0.9)).isEqualTo(h.percentile(0.9));
    }

    @Test
    void oneDurationGrammarForEveryFlag() {
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("30")).isEqualTo(Duration.ofSeconds(30));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon'");
    }
}
