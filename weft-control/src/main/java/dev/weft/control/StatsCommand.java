package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoStats;
import dev.weft.coroutine.Timer;

/** {@code stats}: registry counts (live, peak, suspended, started, cancelled, killed), timers and process memory. */
final class StatsCommand implements Command {
    @Override
    public String name() {
        return "stats";
    }

    @Override
    public String description() {
        return "coroutine counts, timers, heap used and RSS";
    }

    @Override
    public JsonNode execute(Args args) {
        CoStats s = Co.stats();
        ObjectNode out = Json.object();
        ObjectNode co = out.putObject("coroutines");
        co.put("live", s.live())
                .put("peak", s.peak())
                .put("suspended", s.suspended())
                .put("started", s.started())
                .put("cancelled", s.cancelled())
                .put("killed", s.killed())
                .put("last_id", s.lastId());
        out.put("timers", Timer.count());
        ProcessMemory m = ProcessMemory.read();
        out.putObject("memory")
                .put("heap_used", m.heapUsed())
                .put("heap_committed", m.heapCommitted())
                .put("heap_max", m.heapMax())
                .put("rss", m.rss());
        return out;
    }
}
