package dev.weft.coroutine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coroutine.internal.loop.VirtualThreadHooks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scheduler mode a fresh JVM chooses from its options, and the JDK socket poller trap, each in
 * a child JVM (the choice and the poller are fixed once per process).
 */
class SchedulerModeLoopTest {

    private record Run(String out, String err) {}

    private static Run probe(List<String> jvmOptions, String what) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LoopProbe.class.getName());
        cmd.add(what);
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out;
        String err;
        try (BufferedReader o = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                BufferedReader e =
                        new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            out = o.lines().collect(Collectors.joining("\n"));
            err = e.lines().collect(Collectors.joining("\n"));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return new Run(out, err);
    }

    @Test
    void withJavaLangOpenedCoroutinesRunOnEventLoops() throws Exception {
        Run r = probe(List.of(VirtualThreadHooks.ADD_OPENS), "mode");
        assertThat(r.out()).isEqualTo("EVENT_LOOPS loops=1 onLoop=true");
        assertThat(r.err()).doesNotContain("WARNING");
    }

    @Test
    void withoutTheFlagTheProcessWarnsOnceAndFallsBackToTheDefaultScheduler() throws Exception {
        Run r = probe(List.of(), "mode");
        assertThat(r.out()).isEqualTo("DEFAULT_SCHEDULER loops=0 onLoop=false");
        assertThat(r.err().split("--add-opens java.base/java.lang=ALL-UNNAMED", -1))
                .hasSize(2);
    }

    @Test
    void loopFalseChoosesTheDefaultSchedulerWithoutAWarning() throws Exception {
        Run r = probe(List.of(VirtualThreadHooks.ADD_OPENS, "-Dweft.loop=false"), "mode");
        assertThat(r.out()).isEqualTo("DEFAULT_SCHEDULER loops=0 onLoop=false");
        assertThat(r.err()).doesNotContain("WARNING");
    }

    @Test
    void loopsSetsTheNumberOfLoops() throws Exception {
        Run r = probe(List.of(VirtualThreadHooks.ADD_OPENS, "-Dweft.loops=3"), "mode");
        assertThat(r.out()).isEqualTo("EVENT_LOOPS loops=3 onLoop=true");
    }

    @Test
    void theJdkSocketPollerDoesNotLandOnALoopEvenIfACoroutineUsesAJdkSocketFirst() throws Exception {
        Run r = probe(List.of(VirtualThreadHooks.ADD_OPENS), "jdk-poller");
        assertThat(r.out()).isEqualTo("read-during-hog");
    }

    @Test
    void withoutInitialisingItFirstTheJdkPollerWouldInheritTheLoopAndStallJdkSockets() throws Exception {
        // The trap the initialisation avoids: if this stops stalling, a JDK changed its poller.
        Run r = probe(List.of(VirtualThreadHooks.ADD_OPENS, "-Dweft.loop.initJdkPoller=false"), "jdk-poller");
        assertThat(r.out()).isEqualTo("stalled");
    }
}
