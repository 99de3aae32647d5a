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
import picocli.CommandLine.Option;

/** {@code stop [-g]}: asks the master to stop and waits until it has exited. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the master and all workers.")
final class StopCommand extends BaseCommand {
    @Option(
            names = {"-g", "--graceful"},
            description = "Let children finish in-flight connections (bounded by gracefulTimeout).")
    boolean graceful;

    StopCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() {
        return stop(this, settings, graceful);
    }

    static int stop(BaseCommand cmd, Settings settings, boolean graceful) {
        OptionalLong pid = cmd.requireRunning();
        if (pid.isEmpty()) return ExitCodes.NOT_RUNNING;
        cmd.out().println(cmd.app() + " is stopping" + (graceful ? " gracefully" : "") + " ...");
        cmd.out().flush();
        Duration limit = Duration.ofSeconds(15);
        for (Worker w : settings.workers()) {
            Duration d = graceful ? w.gracefulTimeout() : w.stopTimeout();
            if (d.plusSeconds(15).compareTo(limit) > 0) limit = d.plusSeconds(15);
        }
        try (JsonLineChannel ch = ControlClient.open(settings)) {
            ch.send(Json.object().put("cmd", "stop").put("graceful", graceful));
            JsonNode answer = ch.receive();
            if (answer == null || !answer.path("ok").asBoolean()) throw new IOException("no answer to stop");
            // The master holds this connection open until it exits: EOF is the end of the stop.
            while (ch.receive() != null) {
                // nothing else is sent
            }
        } catch (IOException e) {
            cmd.err()
                    .println(cmd.app() + " control socket unreachable (" + e.getMessage() + "); sending SIGTERM to "
                            + pid.getAsLong());
            ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroy);
        }
        try {
            var handle = ProcessHandle.of(pid.getAsLong());
            if (handle.isPresent()) handle.get().onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            cmd.err()
                    .println(cmd.app() + " stop failed: master " + pid.getAsLong() + " still running after "
                            + limit.toSeconds() + " s");
            cmd.err().flush();
            return ExitCodes.ERROR;
        }
        cmd.out().println(cmd.app() + " stop success");
        cmd.out().flush();
        return ExitCodes.OK;
    }
}
