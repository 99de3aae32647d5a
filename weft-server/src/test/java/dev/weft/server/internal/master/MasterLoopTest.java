package dev.weft.server.internal.master;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.Settings;
import dev.weft.server.Worker;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.ipc.Peer;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The master loop's decisions, turn by turn, with a fake launcher (no process is started) and a fake
 * clock: crash loops back off, silent children are killed, a rolling reload replaces one slot at a time.
 */
class MasterLoopTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FakeLauncher launcher = new FakeLauncher();

    @org.junit.jupiter.api.io.TempDir
    Path dir;

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
        assertThat(master.state())
                .as("the reload ends when its old children have exited")
                .isEqualTo(Master.State.RELOADING);

        launcher.exit(1, 0);
        launcher.exit(2, 0);
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);
        assertThat(launcher.spawned).as("retired children are not respawned").hasSize(4);
        assertThat(master.snapshot().children())
                .extracting(MasterSnapshot.Child::pid, MasterSnapshot.Child::slot)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, 0), org.assertj.core.groups.Tuple.tuple(4L, 1));
    }

    @Test
    void aReplacementThatNeverBecomesReadyIsRetriedWithBackoffWhileTheOldChildServes() {
        Master master = running(new Worker().name("web"));
        CompletableFuture<ReloadQueue.Outcome> done = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Reload(false, new CompletableFuture<>(), done));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L, 2L);

        launcher.exit(2, 1);
        master.turn();
        assertThat(master.snapshot().reloadFailures())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("reload failed: worker web slot 0: replacement 2 exited with status 1");
        advance(Duration.ofMillis(99));
        master.turn();
        assertThat(launcher.spawned).as("the retry waits 100 ms").containsExactly(1L, 2L);
        advance(Duration.ofMillis(1));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L, 2L, 3L);

        launcher.exit(3, 1);
        master.turn();
        advance(Duration.ofMillis(200));
        master.turn();
        assertThat(launcher.spawned).as("then 200 ms").containsExactly(1L, 2L, 3L, 4L);
        launcher.exit(4, 1);
        master.turn();

        assertThat(launcher.terminated).as("the old child kept serving").isEmpty();
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);
        assertThat(done)
                .isCompletedWithValueMatching(o -> !o.ok() && o.message().contains("attempt 3 of 3"));
        assertThat(master.snapshot().children())
                .extracting(MasterSnapshot.Child::pid)
                .containsExactly(1L);
        assertThat(master.snapshot().reloadFailures()).hasSize(1);

        master.enqueue(new MasterEvent.Signal("USR1"));
        master.turn();
        master.enqueue(new MasterEvent.Ready(5));
        master.turn();
        assertThat(master.snapshot().reloadFailures())
                .as("a later successful replacement clears the failure")
                .isEmpty();
    }

    @Test
    void aReloadRequestedDuringAReloadIsQueuedAndCoalescedAndReplacesOnlyOlderSlots() {
        Master master = running(new Worker().name("web").count(2));
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<ReloadQueue.Outcome> firstDone = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Reload(false, first, firstDone));
        master.turn();
        assertThat(first).isCompletedWithValue("started");
        assertThat(launcher.spawned).containsExactly(1L, 2L, 3L);

        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<ReloadQueue.Outcome> secondDone = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Reload(false, second, secondDone));
        master.enqueue(new MasterEvent.Signal("HUP"));
        master.turn();
        assertThat(second).isCompletedWithValueMatching(s -> s.startsWith("queued: a reload is running"));

        master.enqueue(new MasterEvent.Ready(3));
        master.turn();
        assertThat(launcher.spawned)
                .as("slot 1, spawned after the second request")
                .containsExactly(1L, 2L, 3L, 4L);
        master.enqueue(new MasterEvent.Ready(4));
        master.turn();
        assertThat(launcher.terminated).containsExactly(1L, 2L);
        assertThat(firstDone).as("old processes still run").isNotDone();
        assertThat(master.state()).isEqualTo(Master.State.RELOADING);

        launcher.exit(1, 0);
        launcher.exit(2, 0);
        master.turn();
        assertThat(firstDone).isCompletedWithValue(new ReloadQueue.Outcome(true, "reload done"));
        assertThat(secondDone).isNotDone();
        assertThat(launcher.spawned)
                .as("one reload serves both queued requests; it replaces slot 0 only, whose child predates them")
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(launcher.slots.get(5L)).isZero();

        master.enqueue(new MasterEvent.Ready(5));
        master.turn();
        launcher.exit(3, 0);
        master.turn();
        assertThat(secondDone).isCompletedWithValue(new ReloadQueue.Outcome(true, "reload done"));
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);
        assertThat(launcher.spawned).hasSize(5);
    }

    @Test
    void aReloadRequestedWhileStartingRunsOnceEveryProcessIsReady() {
        Master master = master(new Worker().name("web"));
        master.turn();
        CompletableFuture<String> answer = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Reload(false, answer, null));
        master.turn();
        assertThat(answer).isCompletedWithValueMatching(s -> s.startsWith("queued: the master is starting"));
        assertThat(launcher.spawned).containsExactly(1L);
        assertThat(master.snapshot().reload()).isEqualTo("queued");

        master.enqueue(new MasterEvent.Ready(1));
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RELOADING);
        assertThat(launcher.spawned).containsExactly(1L, 2L);
    }

    @Test
    void aReloadRequestedWhileStoppingIsRefusedAndAWaitingOneFails() {
        Master master = running(new Worker().name("web"));
        CompletableFuture<ReloadQueue.Outcome> done = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Reload(true, new CompletableFuture<>(), done));
        master.turn();
        master.enqueue(new MasterEvent.Signal("STOP"));
        master.turn();
        assertThat(done)
                .isCompletedWithValueMatching(o -> !o.ok() && o.message().contains("stopping"));

        CompletableFuture<String> answer = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Reload(false, answer, null));
        master.turn();
        assertThat(answer)
                .isCompletedExceptionally()
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("the master is stopping");
    }

    @Test
    void scalingUpSpawnsNewSlotsAndScalingDownRetiresTheHighestOnesGracefully() {
        Master master = running(new Worker().name("web").count(2).stopTimeout(Duration.ofSeconds(2)));
        CompletableFuture<String> up = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Scale("web", 4, up));
        master.turn();
        assertThat(up).isCompletedWithValue("web: 2 -> 4 processes");
        assertThat(launcher.spawned).containsExactly(1L, 2L, 3L, 4L);
        assertThat(launcher.slots).containsEntry(3L, 2).containsEntry(4L, 3);
        assertThat(master.snapshot().counts()).isEqualTo(Map.of("web", 4));

        master.enqueue(new MasterEvent.Ready(3));
        master.enqueue(new MasterEvent.Ready(4));
        master.enqueue(new MasterEvent.Scale("web", 1, new CompletableFuture<>()));
        master.turn();
        assertThat(launcher.terminated).containsExactlyInAnyOrder(2L, 3L, 4L);
        assertThat(master.snapshot().counts()).isEqualTo(Map.of("web", 1));
        advance(Duration.ofSeconds(3));
        master.turn();
        assertThat(launcher.killed)
                .as("graceful: they get the graceful timeout, not the 2 s stop timeout")
                .isEmpty();
        launcher.exit(2, 0);
        launcher.exit(3, 0);
        launcher.exit(4, 0);
        master.turn();
        assertThat(launcher.spawned).as("removed slots are not respawned").hasSize(4);
        assertThat(master.snapshot().children())
                .extracting(MasterSnapshot.Child::pid)
                .containsExactly(1L);
    }

    @Test
    void ttinAndTtouScaleEveryScalableWorkerByOneButNeverBelowOne() {
        Worker web = new Worker().name("web").count(1);
        Worker cron = new Worker().name("cron").count(1).scalable(false);
        Master master = running(web, cron);

        master.enqueue(new MasterEvent.Signal("TTIN"));
        master.turn();
        assertThat(master.snapshot().counts()).containsEntry("web", 2).containsEntry("cron", 1);
        master.enqueue(new MasterEvent.Signal("TTOU"));
        master.enqueue(new MasterEvent.Signal("TTOU"));
        master.enqueue(new MasterEvent.Signal("TTOU"));
        master.turn();
        assertThat(master.snapshot().counts()).containsEntry("web", 1).containsEntry("cron", 1);
    }

    @Test
    void scalingAnUnknownWorkerOrBelowOneIsRefused() {
        Master master = running(new Worker().name("web"));
        CompletableFuture<String> unknown = new CompletableFuture<>();
        CompletableFuture<String> zero = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Scale("nope", 2, unknown));
        master.enqueue(new MasterEvent.Scale("web", 0, zero));
        master.turn();
        assertThat(unknown).isCompletedExceptionally();
        assertThat(zero).isCompletedExceptionally();
        assertThat(launcher.spawned).containsExactly(1L);
    }

    @Test
    void aReloadWhoseNewCodeHasAnotherCountAppliesIt() {
        Master master = running(new Worker().name("web").count(1));
        master.enqueue(new MasterEvent.Signal("USR1"));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L, 2L);
        master.enqueue(new MasterEvent.Hello(2, null, 3));
        master.turn();
        assertThat(master.snapshot().counts()).isEqualTo(Map.of("web", 3));
        assertThat(launcher.spawned).as("the two new slots start at once").containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void twoWorkersWithTheSameNameAreAnError() {
        assertThat(WorkerNames.duplicates(List.of(new Worker(), new Worker())))
                .contains("both named 'none' (the default name)");
        assertThat(WorkerNames.duplicates(List.of(new Worker().name("a"), new Worker().name("b"))))
                .isNull();
    }

    @Test
    void aChildPastMaxRequestsIsRecycledNewProcessFirstAndCounted() {
        Master master = running(new Worker().name("web").maxRequests(100, 0));
        master.enqueue(new MasterEvent.Pong(1, 99));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L);

        master.enqueue(new MasterEvent.Pong(1, 100));
        master.turn();
        assertThat(launcher.spawned).as("the replacement starts first").containsExactly(1L, 2L);
        assertThat(launcher.terminated).isEmpty();
        master.turn();
        assertThat(launcher.spawned).as("one replacement, not one per turn").hasSize(2);

        master.enqueue(new MasterEvent.Ready(2));
        master.turn();
        assertThat(launcher.terminated).containsExactly(1L);
        advance(Duration.ofSeconds(3));
        master.turn();
        assertThat(launcher.killed)
                .as("it stops gracefully: the graceful timeout applies")
                .isEmpty();
        launcher.exit(1, 0);
        master.turn();
        assertThat(master.snapshot().recycled()).isEqualTo(Map.of("web", 1L));
        assertThat(master.snapshot().children()).singleElement().satisfies(c -> {
            assertThat(c.pid()).isEqualTo(2L);
            assertThat(c.recycles()).isEqualTo(1);
            assertThat(c.restarts()).isZero();
        });
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);
    }

    @Test
    void maxRequestsJitterKeepsEachLimitWithinItsRange() {
        Master master = running(new Worker().name("web").count(20).maxRequests(100, 10));
        for (long pid = 1; pid <= 20; pid++) master.enqueue(new MasterEvent.Pong(pid, 99));
        master.turn();
        assertThat(launcher.spawned).as("none below maxRequests").hasSize(20);
        for (long pid = 1; pid <= 20; pid++) master.enqueue(new MasterEvent.Pong(pid, 110));
        master.turn();
        assertThat(launcher.spawned).as("all at maxRequests + jitter").hasSize(40);
    }

    @Test
    void aChildPastMaxMemoryIsRecycledAndAFailedReplacementIsRetriedLater() {
        Master master = running(new Worker().name("web").maxMemory(1000));
        launcher.rss.put(1L, 1001L);
        advance(Duration.ofSeconds(1));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L, 2L);

        launcher.exit(2, 1);
        master.turn();
        assertThat(launcher.spawned).as("the old child keeps serving").containsExactly(1L, 2L);
        advance(Duration.ofSeconds(9));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L, 2L);
        advance(Duration.ofSeconds(1));
        master.turn();
        assertThat(launcher.spawned).as("another attempt after 10 s").containsExactly(1L, 2L, 3L);
    }

    @Test
    void readinessNeedsAReadyChildInEverySlotAndIsLostWhenTheMasterStops() {
        Master master = master(new Worker().name("web").count(2));
        master.turn();
        assertThat(Health.readyz(master.snapshot()).toString())
                .isEqualTo("{\"ready\":false,\"state\":\"STARTING\",\"workers\":{\"web\":{\"slots\":2,\"ready\":0}},"
                        + "\"reason\":\"worker web has 0 of 2 slots ready\"}");
        master.enqueue(new MasterEvent.Ready(1));
        master.enqueue(new MasterEvent.Ready(2));
        master.turn();
        assertThat(Health.readyz(master.snapshot()).path("ready").asBoolean()).isTrue();
        assertThat(Health.readyz(master.snapshot()).has("reason")).isFalse();

        master.enqueue(new MasterEvent.Signal("USR1"));
        master.turn();
        assertThat(Health.readyz(master.snapshot()).path("ready").asBoolean())
                .as("a reload keeps the old children serving")
                .isTrue();

        launcher.exit(2, 137);
        master.turn();
        assertThat(Health.readyz(master.snapshot()).path("reason").asText())
                .isEqualTo("worker web has 1 of 2 slots ready");

        master.enqueue(new MasterEvent.Signal("TERM"));
        master.turn();
        assertThat(Health.readyz(master.snapshot()).path("reason").asText()).isEqualTo("the master is stopping");
        assertThat(Health.healthz(master.snapshot(), java.time.Instant.now())
                        .path("state")
                        .asText())
                .isEqualTo("SHUTDOWN");
    }

    @Test
    void anUpgradeStartsOnlyFromARunningIdleMasterAndOneAtATime() {
        Master master = master(new Worker().name("web").count(1));
        master.turn();
        assertThat(upgrade(master).answer()).as("while starting").isCompletedExceptionally();

        master.enqueue(new MasterEvent.Ready(1));
        master.turn();
        master.enqueue(new MasterEvent.Signal("USR1"));
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RELOADING);
        MasterEvent.Upgrade duringReload = upgrade(master);
        assertThat(duringReload.answer())
                .as("while a reload runs")
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .withMessageContaining("a reload is running");
        master.enqueue(new MasterEvent.Ready(2));
        master.turn();
        launcher.exit(1, 0);
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);

        MasterEvent.Upgrade first = upgrade(master);
        assertThat(first.answer()).isCompletedWithValue("started: new master 1000");
        assertThat(upgrade(master).answer())
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .withMessageContaining("an upgrade to master 1000 is running");
        assertThat(launcher.masters).containsExactly(1000L);
    }

    @Test
    void aFailedUpgradeLeavesTheMasterRunningAndASuccessfulOneRetiresEveryChildGracefully() {
        Master master = running(new Worker().name("web").count(2));
        MasterEvent.Upgrade failing = upgrade(master);
        master.enqueue(new MasterEvent.UpgradeFailed(1000, "the new master 1000 ended (exit code 1)"));
        master.turn();
        assertThat(failing.done())
                .isCompletedWithValue(new ReloadQueue.Outcome(false, "the new master 1000 ended (exit code 1)"));
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);
        assertThat(launcher.terminated).isEmpty();

        MasterEvent.Upgrade ok = upgrade(master);
        assertThat(ok.answer()).isCompletedWithValue("started: new master 1001");
        master.enqueue(new MasterEvent.UpgradeReady(1000)); // a stale message from the failed one
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);
        master.enqueue(new MasterEvent.UpgradeReady(1001));
        master.turn();
        assertThat(ok.done()).isCompletedWithValue(new ReloadQueue.Outcome(true, "master 1001 took over"));
        assertThat(master.state()).isEqualTo(Master.State.SHUTDOWN);
        assertThat(launcher.terminated).containsExactlyInAnyOrder(1L, 2L);
        launcher.exit(1, 0);
        launcher.exit(2, 0);
        assertThat(master.turn())
                .as("the old master is done once its children are gone")
                .isFalse();
        assertThat(launcher.spawned).as("nothing respawned").containsExactly(1L, 2L);
    }

    private static MasterEvent.Upgrade upgradeEvent() {
        return new MasterEvent.Upgrade(new CompletableFuture<>(), new CompletableFuture<>());
    }

    private MasterEvent.Upgrade upgrade(Master master) {
        MasterEvent.Upgrade u = upgradeEvent();
        master.enqueue(u);
        master.turn();
        return u;
    }

    /** A master whose one child per slot is ready. */
    @Test
    void aStandbyTakesTheSlotOfADeadChildAndTheNextStandbyStartsBehindIt() throws Exception {
        Master master = running(new Worker().name("web").standby(1));
        assertThat(launcher.spawned)
                .as("the standby starts once the slot serves")
                .containsExactly(1L, 2L);
        assertThat(launcher.slots.get(2L)).isEqualTo(-1);
        Link standby = Link.open(dir);
        master.enqueue(new MasterEvent.Hello(2, standby.peer, 1));
        master.enqueue(new MasterEvent.StandbyReady(2));
        master.turn();
        assertThat(master.snapshot().children())
                .extracting(MasterSnapshot.Child::pid, MasterSnapshot.Child::standby)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, false), org.assertj.core.groups.Tuple.tuple(2L, true));

        advance(Master.CRASH_WINDOW); // past the crash window: the slot is refilled at once
        launcher.exit(1, 128 + 9);
        master.turn();
        assertThat(standby.nextCommand()).isEqualTo("take {\"slot\":0}");
        assertThat(launcher.spawned)
                .as("no new process for the slot: the standby has it, and a new standby starts")
                .containsExactly(1L, 2L, 3L);
        assertThat(launcher.slots.get(3L)).isEqualTo(-1);
        master.enqueue(new MasterEvent.Ready(2));
        master.turn();
        assertThat(master.snapshot().children())
                .extracting(MasterSnapshot.Child::pid, MasterSnapshot.Child::slot, MasterSnapshot.Child::standby)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, 0, false),
                        org.assertj.core.groups.Tuple.tuple(3L, -1, true));
        standby.close();
    }

    @Test
    void aReloadReplacesTheStandbysFirstThenUsesTheNewOnes() throws Exception {
        Master master = running(new Worker().name("web").standby(1));
        Link old = Link.open(dir);
        master.enqueue(new MasterEvent.Hello(2, old.peer, 1));
        master.enqueue(new MasterEvent.StandbyReady(2));
        master.turn();

        master.enqueue(new MasterEvent.Signal("USR1"));
        master.turn();
        assertThat(old.nextCommand()).as("the old code's standby goes first").startsWith("reload ");
        assertThat(launcher.spawned)
                .as("slot 0's replacement and a standby of the new code start")
                .containsExactly(1L, 2L, 3L, 4L);
        master.enqueue(new MasterEvent.Ready(3));
        launcher.exit(2, 0);
        master.turn();
        assertThat(launcher.terminated)
                .as("slot 0's old child has no link: SIGTERM")
                .contains(1L);
        launcher.exit(1, 0);
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);
        old.close();
    }

    @Test
    void aReloadOfSeveralSlotsWarmsOneExtraStandbyAndRetiresItAfterwards() throws Exception {
        Master master = running(new Worker().name("web").count(3).standby(1));
        assertThat(launcher.spawned).containsExactly(1L, 2L, 3L, 4L);
        master.enqueue(new MasterEvent.Signal("USR1"));
        master.turn();
        assertThat(launcher.spawned)
                .as("slot 0's replacement, and two standbys of the new code warming at once")
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(List.of(launcher.slots.get(6L), launcher.slots.get(7L))).containsOnly(-1);
        Link six = Link.open(dir), seven = Link.open(dir);
        master.enqueue(new MasterEvent.Hello(6, six.peer, 3));
        master.enqueue(new MasterEvent.StandbyReady(6));
        master.enqueue(new MasterEvent.Hello(7, seven.peer, 3));
        master.enqueue(new MasterEvent.StandbyReady(7));
        master.enqueue(new MasterEvent.Ready(5));
        master.turn();
        assertThat(six.nextCommand()).as("slot 1 takes the oldest standby").isEqualTo("take {\"slot\":1}");
        master.enqueue(new MasterEvent.Ready(6));
        master.turn();
        assertThat(seven.nextCommand()).as("slot 2 takes the other").isEqualTo("take {\"slot\":2}");
        master.enqueue(new MasterEvent.Ready(7));
        master.turn();
        for (long old = 1; old <= 3; old++) launcher.exit(old, 0);
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);
        master.turn();
        long standbys = master.snapshot().children().stream()
                .filter(MasterSnapshot.Child::standby)
                .count();
        assertThat(standbys).as("back to standby(1) once the reload is over").isEqualTo(1);
        six.close();
        seven.close();
    }

    @Test
    void aStandbyThatDiesBeforeItIsReadyIsRespawnedAfterABackoff() {
        Master master = running(new Worker().name("web").standby(1));
        assertThat(launcher.spawned).containsExactly(1L, 2L);
        launcher.exit(2, 1);
        master.turn();
        assertThat(launcher.spawned).as("the standby backs off 100 ms").containsExactly(1L, 2L);
        advance(Duration.ofMillis(100));
        master.turn();
        assertThat(launcher.spawned).containsExactly(1L, 2L, 3L);
        assertThat(master.snapshot().children())
                .as("a standby holds no slot: no restart is counted")
                .extracting(MasterSnapshot.Child::restarts)
                .containsOnly(0);
    }

    private Master running(Worker... workers) {
        Master master = master(workers);
        master.turn();
        int processes = java.util.Arrays.stream(workers).mapToInt(Worker::count).sum();
        for (long pid = 1; pid <= processes; pid++) master.enqueue(new MasterEvent.Ready(pid));
        master.turn();
        assertThat(master.state()).isEqualTo(Master.State.RUNNING);
        return master;
    }

    private Master master(Worker... workers) {
        Settings settings = new Settings(
                "test",
                Path.of("run"),
                null,
                null,
                null,
                Duration.ofSeconds(1),
                List.of(workers),
                () -> {},
                () -> {},
                List.of());
        Master master = new Master(settings, Duration.ofSeconds(10), launcher, now::get);
        for (Worker w : workers) master.addWorker(w, null);
        return master;
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** A child's end of a real link: the master's Peer on one side, the commands it sends read on the other. */
    private record Link(Peer peer, JsonLineChannel child) {
        static Link open(Path dir) throws java.io.IOException {
            Path path = dir.resolve("link-" + System.nanoTime());
            try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                server.bind(java.net.UnixDomainSocketAddress.of(path));
                JsonLineChannel master = JsonLineChannel.connect(path);
                return new Link(new Peer(master), new JsonLineChannel(server.accept()));
            }
        }

        /** The next command the master sent, as {@code cmd args}; fails after 10 s without one. */
        String nextCommand() throws Exception {
            var msg = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return child.receive();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            return msg.path("cmd").asText() + " " + msg.path("args");
        }

        void close() {
            child.close();
            peer.channel().close();
        }
    }

    /** Records what the master asks for; children exit when the test says so. */
    private static final class FakeLauncher implements ChildLauncher {
        final List<Long> spawned = new ArrayList<>();
        final Map<Long, Integer> slots = new HashMap<>();
        final Set<Long> terminated = new LinkedHashSet<>();
        final Set<Long> killed = new LinkedHashSet<>();
        final Map<Long, Long> rss = new HashMap<>();
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
        public long rss(long pid) {
            return rss.getOrDefault(pid, 0L);
        }

        @Override
        public WaitStatus reap(long pid) {
            return exited.remove(pid);
        }

        final List<Long> masters = new ArrayList<>();

        @Override
        public long spawnMaster(
                List<InheritedListeners.Entry> listeners, java.util.function.Consumer<MasterEvent> events) {
            long pid = 1000 + masters.size();
            masters.add(pid);
            return pid;
        }

        /** The child exits with {@code status} (128 + n for signal n). */
        void exit(long pid, int status) {
            exited.put(pid, status > 128 ? new WaitStatus(pid, -1, status - 128) : new WaitStatus(pid, status, 0));
        }
    }
}
