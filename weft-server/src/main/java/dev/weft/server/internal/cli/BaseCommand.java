package dev.weft.server.internal.cli;

import dev.weft.server.Settings;
import java.io.PrintWriter;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared plumbing of the built-in commands: settings, output streams, the "not running" answer. */
abstract class BaseCommand implements Callable<Integer> {
    final Settings settings;

    @Spec
    CommandSpec spec;

    BaseCommand(Settings settings) {
        this.settings = settings;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    String app() {
        return "Weft[" + settings.appName() + "]";
    }

    /** The running master's pid, or empty after printing "not running". */
    OptionalLong requireRunning() {
        OptionalLong pid = MasterProbe.livePid(settings, err());
        if (pid.isEmpty()) {
            err().println(app() + " not running");
            err().flush();
        }
        return pid;
    }
}
