package dev.weft.server;

import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The service of a Worker without a listen URL: it serves nothing; the callbacks do the work. */
final class IdleService implements WorkerService {
    @Override
    public void start(ServerSocketChannel listener) {}

    @Override
    public void stopAccepting() {}

    @Override
    public boolean awaitIdle(Duration max) {
        return true;
    }

    @Override
    public void closeAll() {}

    @Override
    public Map<String, Object> stats() {
        return Map.of();
    }

    @Override
    public List<Map<String, Object>> connections() {
        return List.of();
    }
}
