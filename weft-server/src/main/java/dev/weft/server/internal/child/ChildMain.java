package dev.weft.server.internal.child;

import dev.weft.server.Settings;
import dev.weft.server.Worker;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.log.LogSetup;
import java.io.IOException;
import java.nio.file.Path;

/** Entry of a child process: finds its Worker, connects to the master and runs a {@link ChildRuntime}. */
public final class ChildMain {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.child");

    private ChildMain() {}

    /** Whether this JVM was started by a master as a child. */
    public static boolean isChild() {
        return System.getenv(ChildEnv.MASTER_SOCKET) != null && System.getenv(ChildEnv.WORKER_INDEX) != null;
    }

    /**
     * Runs the child; never returns (exits the JVM). A child spawned for slot -1 is a standby: it loads
     * the program and waits on the master's link until it is given a slot (see {@link ChildRuntime}).
     */
    public static void run(Settings settings) {
        int index = Integer.parseInt(System.getenv(ChildEnv.WORKER_INDEX));
        int slot = Integer.parseInt(System.getenv(ChildEnv.SLOT));
        String name = System.getenv(ChildEnv.WORKER_NAME);
        LogSetup.install(name + ":" + (slot < 0 ? "standby" : slot), null);
        if (index >= settings.workers().size()
                || !settings.workers().get(index).name().equals(name)) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "worker " + name + " #" + index
                            + " not found: main() must create the same Workers in the same order in every process");
            System.exit(1);
        }
        Worker worker = settings.workers().get(index);
        JsonLineChannel channel;
        try {
            channel = JsonLineChannel.connect(Path.of(System.getenv(ChildEnv.MASTER_SOCKET)));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot reach the master: " + e.getMessage());
            System.exit(1);
            return;
        }
        int status = new ChildRuntime(
                        worker,
                        channel,
                        slot,
                        (commands, s) -> takeSlot(settings, worker, commands, s),
                        () -> dev.weft.server.internal.control.ChildControl.warmUp(worker))
                .run();
        System.exit(status);
    }

    /** What a child does once it holds a slot, before onWorkerStart: at once, or when a standby is taken. */
    private static void takeSlot(
            Settings settings, Worker worker, dev.weft.control.CommandRegistry commands, int slot) {
        if (Integer.parseInt(System.getenv(ChildEnv.SLOT)) < 0) LogSetup.install(worker.name() + ":" + slot, null);
        worker.bind(slot, System.getenv(ChildEnv.LISTENING));
        dev.weft.server.internal.control.ChildControl.install(
                worker, dev.weft.server.internal.control.ControlConfig.fromEnvironment(settings.appName()), commands);
        String topics = System.getenv(ChildEnv.TOPIC_SOCKET);
        // Before onWorkerStart: the topics subscribed in main() are registered, and the ones subscribed in
        // onWorkerStart are registered before the master hears "ready".
        if (topics != null) dev.weft.server.internal.topic.Topics.instance().attach(Path.of(topics));
    }
}
