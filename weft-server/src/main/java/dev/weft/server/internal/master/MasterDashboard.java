package dev.weft.server.internal.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.internal.control.ControlConfig;
import dev.weft.server.internal.dashboard.MasterView;
import dev.weft.server.internal.ipc.Fanout;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The master as the dashboard sees it: its snapshot's status, its fan-out, and reload and stop as events. */
final class MasterDashboard implements MasterView {
    private final Master master;
    private final ControlConfig control;

    MasterDashboard(Master master, ControlConfig control) {
        this.master = master;
        this.control = control;
    }

    @Override
    public String appName() {
        return master.settings().appName();
    }

    @Override
    public Path runDir() {
        return master.settings().runDir();
    }

    @Override
    public ObjectNode status(String window) {
        return master.statusReport().status(window);
    }

    @Override
    public Fanout fanout() {
        return master.fanout();
    }

    @Override
    public String redis() {
        return control.redis();
    }

    @Override
    public String reload(boolean graceful) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Reload(graceful, answer, null));
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("refused: " + e.getCause().getMessage());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("the master loop did not answer");
        }
    }

    @Override
    public void stop(boolean graceful) {
        master.enqueue(new MasterEvent.Signal(graceful ? "STOP_GRACEFUL" : "STOP"));
    }
}
