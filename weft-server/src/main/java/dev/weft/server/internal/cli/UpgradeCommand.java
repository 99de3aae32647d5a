package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import dev.weft.server.Settings;
import dev.weft.server.Worker;
import dev.weft.server.internal.ipc.JsonLineChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code upgrade}: a new master from the code on disk takes over the running one's listening sockets, control
 * socket and pid file; the old master retires its processes and exits. Returns once the new master is ready
 * and the old one has exited (exit 0), or with the reason (exit 1) while the old master stays.
 */
@Command(
        name = "upgrade",
        mixinStandardHelpOptions = true,
        description = {
            "Upgrade the master without dropping a connection: a new master JVM from the code on disk takes over",
            "the listening sockets, the control socket and the pid file, starts its processes, and the old master",
            "retires its own gracefully. Exit 0 once the new master is ready and the old one has exited; 1 with",
            "the reason if the new master failed (the old one then stays)."
        })
final class UpgradeCommand extends BaseCommand {
    UpgradeCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() throws IOException {
        OptionalLong old = requireRunning();
        if (old.isEmpty()) return ExitCodes.NOT_RUNNING;
        try (JsonLineChannel ch = ControlClient.open(settings)) {
            ch.send(Json.object().put("cmd", "upgrade"));
            JsonNode answer = ch.receive();
            if (answer == null) throw new IOException("the master closed the control connection");
            if (!answer.path("ok").asBoolean()) {
                return fail("upgrade " + answer.path("error").asText("refused"));
            }
            out().println(app() + " upgrade "
                    + answer.path("reply").path("upgrade").asText());
            out().flush();
            JsonNode done = ch.receive();
            if (done == null) return fail("the master exited before the upgrade ended");
            if (!done.path("ok").asBoolean()) {
                return fail("upgrade failed: " + done.path("message").asText() + "; master " + old.getAsLong()
                        + " keeps running");
            }
            out().println(app() + " " + done.path("message").asText() + "; master " + old.getAsLong()
                    + " is retiring its processes");
            out().flush();
            while (ch.receive() != null) {
                // EOF: the old master has exited
            }
        }
        Duration limit = Duration.ofSeconds(15);
        for (Worker w : settings.workers()) {
            if (w.gracefulTimeout().plusSeconds(15).compareTo(limit) > 0)
                limit = w.gracefulTimeout().plusSeconds(15);
        }
        try {
            var handle = ProcessHandle.of(old.getAsLong());
            if (handle.isPresent()) handle.get().onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail("the old master " + old.getAsLong() + " still runs after " + limit.toSeconds() + " s");
        }
        out().println(app() + " upgrade done: master " + old.getAsLong() + " has exited");
        out().flush();
        return ExitCodes.OK;
    }

    private int fail(String message) {
        err().println(app() + " " + message);
        err().flush();
        return ExitCodes.ERROR;
    }
}
