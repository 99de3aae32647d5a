package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadTest {

    @Test
    void rollingReloadsUnderKeepAliveLoadLoseNoRequest(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "2", "app.fixed", "true"), 3)) {
            int port = c.port("web");
            long fixedPid = c.pids("fixed").get(0);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong ok = new AtomicLong();
            AtomicLong retries = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                clients.add(Thread.ofPlatform().start(() -> {
                    try (KeepAliveClient client = new KeepAliveClient(port, retries)) {
                        while (running.get()) {
                            try {
                                var r = client.get("/");
                                if (r.status() == 200 && r.body().equals("hello")) ok.incrementAndGet();
                                else failures.add("bad response " + r);
                            } catch (Exception e) {
                                failures.add(e.toString());
                            }
                        }
                    }
                }));
            }
            await().until(() -> ok.get() > 200);

            // 1: reload through the CLI (USR1 semantics)
            List<Long> before = c.pids("web");
            assertThat(c.cli("reload").code()).isZero();
            awaitReplaced(c, before);

            // 2: graceful reload through the signal (HUP)
            List<Long> middle = c.pids("web");
            long okBefore = ok.get();
            long retriesBefore = retries.get();
            Cluster.signal(c.master.pid(), "HUP");
            awaitReplaced(c, middle);
            await().until(() -> ok.get() > okBefore + 200);

            running.set(false);
            for (Thread t : clients) t.join();

            assertThat(failures).isEmpty();
            assertThat(retries.get() - retriesBefore)
                    .as("a graceful reload closes keep-alive connections only after a Connection: close response")
                    .isZero();
            assertThat(ok.get()).isGreaterThan(400);
            System.out.println("rolling reloads: " + ok.get() + " requests, 0 failed; " + retriesBefore
                    + " retried during the plain reload (a retiring process closed an idle keep-alive connection), "
                    + (retries.get() - retriesBefore) + " during the graceful one");
            assertThat(c.pids("fixed")).containsExactly(fixedPid);
            assertThat(c.events()).contains("reload fixed 0 " + fixedPid, "master-reload");
            for (long old : before) assertThat(c.events()).contains("reload web " + before.indexOf(old) + " " + old);
            assertThat(c.log()).doesNotContain("exit with status");
        }
    }

    @Test
    void reloadWaitReturnsOnceEveryOldProcessHasExited(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "2"), 2)) {
            List<Long> before = c.pids("web");
            Cluster.CliResult r = c.cli("reload", "--wait");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("reload started").contains("reload done");
            for (long old : before) {
                assertThat(ProcessHandle.of(old).filter(ProcessHandle::isAlive))
                        .as("old process %d is gone when reload --wait returns", old)
                        .isEmpty();
            }
            List<Long> after = c.pids("web");
            assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
            for (long old : before) {
                assertThat(c.events())
                        .as("the master reaped it (onWorkerExit) before the reload ended")
                        .contains("exit web 0 " + old);
            }
            assertThat(c.log()).contains("reload done");
        }
    }

    private static void awaitReplaced(Cluster c, List<Long> old) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Long> now = c.pids("web");
            return now.size() == 2 && now.stream().noneMatch(old::contains);
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> c.log().split("reload done", -1).length - 1 >= countReloads(c));
        c.awaitIdle(3);
    }

    private static int countReloads(Cluster c) {
        return c.log().split("INFO \\[master:\\d+\\] reloading", -1).length - 1;
    }
}
