package dev.weft.server.internal.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode doc(String processes) throws Exception {
        return JSON.readTree(
                "{\"master\":{\"pid\":1,\"workers\":1,\"processes\":2},\"processes\":[" + processes + "]}");
    }

    @Test
    void eachRowShowsItsUptimeRestartsAndRecyclesAndTheSummaryAddsThemUp() throws Exception {
        String table = StatusTable.format(
                doc(
                        "{\"pid\":101,\"worker\":\"web\",\"status\":\"idle\",\"uptime_s\":3725,"
                                + "\"restarts\":2,\"recycles\":1},"
                                + "{\"pid\":102,\"worker\":\"web\",\"status\":\"busy\",\"uptime_s\":42,\"restarts\":0,\"recycles\":3}"));
        String title =
                table.lines().filter(l -> l.startsWith("pid")).findFirst().orElseThrow();
        assertThat(title.split("\\s+"))
                .containsSubsequence("coroutines", "uptime", "restarts", "recycles", "status")
                .doesNotContain("loop_stalls");
        String row = table.lines().filter(l -> l.startsWith("101")).findFirst().orElseThrow();
        assertThat(row.split("\\s+")).containsSubsequence("1h02m", "2", "1", "[idle]");
        assertThat(table.lines()
                        .filter(l -> l.startsWith("102"))
                        .findFirst()
                        .orElseThrow()
                        .split("\\s+"))
                .containsSubsequence("42s", "0", "3", "[busy]");
        String summary =
                table.lines().filter(l -> l.startsWith("Summary")).findFirst().orElseThrow();
        assertThat(summary.split("\\s+")).containsSubsequence("-", "2", "4", "[1");
        assertThat(column(title, "uptime")).isEqualTo(column(row, "1h02m"));
    }

    @Test
    void loopStallsGetAColumnWhenTheDocumentHasThem() throws Exception {
        String table = StatusTable.format(doc("{\"pid\":101,\"worker\":\"web\",\"status\":\"idle\",\"uptime_s\":5,"
                + "\"restarts\":0,\"recycles\":0,\"loop_stalls\":7}"));
        String title =
                table.lines().filter(l -> l.startsWith("pid")).findFirst().orElseThrow();
        assertThat(title.split("\\s+")).containsSubsequence("recycles", "loop_stalls", "status");
        String row = table.lines().filter(l -> l.startsWith("101")).findFirst().orElseThrow();
        assertThat(column(title, "loop_stalls")).isEqualTo(column(row, "7 "));
    }

    @Test
    void aRowWithoutTheMastersFieldsShowsDashes() throws Exception {
        String row = StatusTable.row(JSON.readTree("{\"pid\":101,\"worker\":\"web\",\"status\":\"idle\"}"));
        assertThat(row.split("\\s+")).containsSubsequence("-", "-", "-", "[idle]");
    }

    @Test
    void uptimeIsShortInAtMostTwoUnits() {
        assertThat(StatusTable.shortUptime(0)).isEqualTo("0s");
        assertThat(StatusTable.shortUptime(59)).isEqualTo("59s");
        assertThat(StatusTable.shortUptime(183)).isEqualTo("3m03s");
        assertThat(StatusTable.shortUptime(7500)).isEqualTo("2h05m");
        assertThat(StatusTable.shortUptime(3 * 86400 + 4 * 3600 + 59)).isEqualTo("3d04h");
    }

    /** Where a cell starts in a line, so title and value line up. */
    private static int column(String line, String cell) {
        return line.indexOf(cell);
    }
}
