package dev.weft.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class WeftCliTest {
    /** A command a program adds with Weft.addSubcommand. */
    @Command(name = "hello")
    static final class Hello implements Runnable {
        @Override
        public void run() {}
    }

    private static Settings settings() {
        return settings(Path.of("run"));
    }

    private static Settings settings(Path runDir) {
        return new Settings(
                "app",
                runDir,
                null,
                null,
                null,
                Duration.ofSeconds(1),
                List.of(),
                () -> {},
                () -> {},
                List.of(new Hello()));
    }

    @Test
    void aBuiltInCommandGetsACommandLineWithThatSubcommandOnly() {
        CommandLine cl = WeftCli.commandLineFor(settings(), "status", "--json");

        // help stays: "status --help" and "help status" answer without the other commands
        assertThat(cl.getSubcommands()).containsOnlyKeys("help", "status");
    }

    @Test
    void helpAnAddedCommandOrAMistakeGetTheWholeCommandLine() {
        List<String> all = List.of(
                "help",
                "start",
                "stop",
                "restart",
                "reload",
                "scale",
                "upgrade",
                "status",
                "connections",
                "co",
                "hello");

        assertThat(WeftCli.commandLineFor(settings(), "--help").getSubcommands())
                .containsOnlyKeys(all);
        assertThat(WeftCli.commandLineFor(settings(), "hello").getSubcommands()).containsOnlyKeys(all);
        assertThat(WeftCli.commandLineFor(settings(), "stauts").getSubcommands())
                .containsOnlyKeys(all);
        assertThat(WeftCli.commandLineFor(settings()).getSubcommands()).containsOnlyKeys(all);
    }

    @Test
    void theCommandNameIsTheFirstArgumentThatIsNotAnOption() {
        assertThat(WeftCli.commandName("--version")).isNull();
        assertThat(WeftCli.commandName("-h", "reload", "-g")).isEqualTo("reload");
    }

    @Test
    void aBuiltInCommandIsParsedAndRunByTheNarrowCommandLine(@TempDir Path runDir) {
        assertThat(WeftCli.execute(settings(runDir), "status", "--bogus")).isEqualTo(ExitCodes.USAGE);
        assertThat(WeftCli.execute(settings(runDir), "status")).isEqualTo(ExitCodes.NOT_RUNNING);
    }
}
