package dev.weft.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.control.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CoOutputTest {
    @Test
    void aListedSleepShowsTheTimeWaitedAndItsOwnLength() throws Exception {
        String doc = """
                {"cmd":"list","processes":[{"host":"h","pid":7,"worker":"web","slot":0,"ok":true,"result":
                  {"count":2,"coroutines":[
                    {"id":3,"name":"request","parent":-1,"state":"SUSPENDED","age_ms":4000,
                     "suspension":{"id":9,"event":"sleep","age_ms":3912.5,"limit_ms":4999.98,"cancellable":true}},
                    {"id":4,"name":"waiter","parent":-1,"state":"SUSPENDED","age_ms":100,
                     "suspension":{"id":10,"event":"suspend","age_ms":100,"cancellable":true}}]}}]}
                """;
        StringWriter out = new StringWriter();
        int rc = new CoOutput(new PrintWriter(out), new PrintWriter(new StringWriter()))
                .print("list", Json.MAPPER.readTree(doc), false);
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("sleep for 3.9 s of 5.0 s").contains("suspend for 100 ms\n");
    }
}
