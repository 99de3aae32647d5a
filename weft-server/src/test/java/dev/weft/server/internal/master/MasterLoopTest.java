package dev.weft.server.internal.master;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.Settings;
import dev.weft.server.Worker;
import dev.weft.server.internal.posix.ListenSocket;
import dev.weft.server.internal.posix.WaitStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The master loop's decisions, turn by turn, with a fake launcher (no process is started) and a fake
 * clock: crash loops back off, silent children are killed, a rolling reload replaces one slot at a time.
 */
class MasterLoopTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FakeLauncher launcher = new FakeLauncher();

    @Test
    void aCrashLoopRespawnsAfterADoublingDelay() {
        Master master = master(new Worker().name("crashy"));

        master.turn();
        assertThat(launcher.spawned).containsExactly(1L);

        launcher.exit(1, 1);
        master.turn();
        assertThat(launcher.spawned).as("the crashed slot waits 100 ms").containsExactly(1L);
        advance(Duration.ofMillis(99));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L);
        advance(Duration.ofMillis(1));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L, 2L);

        launcher.exit(2, 1);
        master.turn();
        advance(Duration.ofMillis(199));
        master.turn();
        assertThat(launcher.spawned)
                .as("the second crash in a row waits 200 ms")
                .containsExactly(1L, 2L);
        advance(Duration.ofMillis(1));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L, 2L, 3L);
        assertThat(master.snapshot().exitCounts()).isEqualTo(Map.of("crashy", Map.of(1, 2L)));
    }

    @Test
    void aChildThatMissesItsHeartbeatsIsKilledAndReplaced() {
        Master master = master(new Worker().name("stuck").heartbeatTimeout(Duration.ofSeconds(5)));
        master.turn();
        master.enqueue(new MasterEvent.Ready(1));
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);

        advance(Duration.ofSeconds(5));
        master.turn();
        assertThat(launcher.killed).as("not yet past the timeout").isEmpty();
        advance(Duration.ofMillis(1));
        master.turn();
        assertThat(launcher.killed).containsExactly(1L);

        launcher.exit(1, 128 + 9);
        master.turn();
        assertThat(launcher.spawned)
                .as("it ran past the crash window: replaced at once")
                .containsExactly(1L, 2L);
        assertThat(master.snapshot().children())
                .extracting(MasterSnapshot.Child::pid)
                .containsExactly(2L);
        assertThat(master.snapshot().exitCounts()).isEqualTo(Map.of("stuck", Map.of(137, 1L)));
    }

    @Test
    void aRollingReloadRetiresAnOldChildOnlyOnceItsReplacementIsReady() {
        Master master = master(new Worker().name("web").count(2));
        master.turn();
        master.enqueue(new MasterEvent.Ready(1));
        master.enqueue(new MasterEvent.Ready(2));
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);

        master.enqueue(new MasterEvent.Signal("USR1"));
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RELOADING);
        assertThat(launcher.spawned)
                .as("the replacement of slot 0 starts first")
                .containsExactly(1L, 2L, 3L);
        assertThat(launcher.slots.get(3L)).isZero();
        assertThat(launcher.terminated)
                .as("no old child stops before its replacement is ready")
                .isEmpty();

        master.enqueue(new MasterEvent.Ready(3));
        master.turn();
        assertThat(launcher.terminated).containsExactly(1L);
        assertThat(launcher.spawned).as("then slot 1's replacement").containsExactly(1L, 2L, 3L, 4L);
        assertThat(launcher.slots.get(4L)).isEqualTo(1);

        master.enqueue(new MasterEvent.Ready(4));
        master.turn();
        assertThat(launcher.terminated).containsExactly(1L, 2L);
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);

        launcher.exit(1, 0);
        launcher.exit(2, 0);
        master.turn();
        assertThat(launcher.spawned).as("retired children are not respawned").hasSize(4);
        assertThat(master.snapshot().children())
                .extracting(MasterSnapshot.Child::pid, MasterSnapshot.Child::slot)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, 0), org.assertj.core.groups.Tuple.tuple(4L, 1));
    }

    @Test
    void aReplacementThatDiesBeforeReadyLeavesTheOldChildServing() {
        Master master = master(new Worker().name("web"));
        master.turn();
        master.enqueue(new MasterEvent.Ready(1));
        master.turn();
        master.enqueue(new MasterEvent.Signal("USR1"));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L, 2L);

        launcher.exit(2, 1);
        master.turn();
        assertThat(launcher.terminated).isEmpty();
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);
        assertThat(master.snapshot().children())
                .extracting(MasterSnapshot.Child::pid)
                .containsExactly(1L);
    }

    private Master master(Worker worker) {
        Settings settings = new Settings(
                "test",
                Path.of("run"),
                null,
                null,
                null,
                Duration.ofSeconds(1),
                List.of(worker),
                () -> {},
                () -> {},
                List.of());
        Master master = new Master(settings, Duration.ofSeconds(10), launcher, now::get);
        master.addWorker(worker, null);
        return master;
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** Records what the master asks for; children exit when the test says so. */
    private static final class FakeLauncher implements ChildLauncher {
        final List<Long> spawned = new ArrayList<>();
        final Map<Long, Integer> slots = new HashMap<>();
        final Set<Long> terminated = new LinkedHashSet<>();
        final Set<Long> killed = new LinkedHashSet<>();
        private final Map<Long, WaitStatus> exited = new HashMap<>();
        private long nextPid = 1;

        @Override
        public long spawn(Worker worker, int slot, ListenSocket listener) {
            long pid = nextPid++;
            spawned.add(pid);
            slots.put(pid, slot);
            return pid;
        }

        @Override
        public void terminate(long pid) {
            terminated.add(pid);
        }

        @Override
        public void kill(long pid) {
            killed.add(pid);
        }

        @Override
        public WaitStatus reap(long pid) {
            return exited.remove(pid);
        }

        /** The child exits with {@code status} (128 + n for signal n). */
        void exit(long pid, int status) {
            exited.put(pid, status > 128 ? new WaitStatus(pid, -1, status - 128) : new WaitStatus(pid, status, 0));
        }
    }
}
