package dev.weft.demo;

import java.util.ArrayList;
import java.util.List;

/** The command line that runs the demo's {@code main} (a master, or a CLI command) as a process of its own. */
final class DemoJvm {
    private DemoJvm() {}

    /**
     * {@code java <small-JVM options> <jvm> -cp <the test class path> DemoMain <args>}.
     *
     * @param jvm options of the calling test (event loops, heap), after the common ones
     */
    static List<String> command(List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-Xss512k",
                "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(DemoMain.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
