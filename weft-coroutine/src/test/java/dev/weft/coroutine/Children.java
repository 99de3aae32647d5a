package dev.weft.coroutine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Starts test mains in child JVMs with the test class path. */
public final class Children {
    private Children() {}

    /** Starts {@code main} with {@code args} in a child JVM; its stderr goes to ours. */
    public static Process java(Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
