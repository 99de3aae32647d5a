package dev.weft.server.internal.master;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs this same program again in a fresh JVM: same java binary, same JVM options,
 * same class path or module path, same main class or jar. Children and the daemonized master are started
 * with it; a fresh JVM is also what makes reload pick up the code on disk.
 *
 * @param java      absolute path of the java launcher
 * @param jvmArgs   the JVM options of this JVM (debugger agents removed: a second JVM cannot bind their port)
 * @param launch    class path and main: {@code -cp CP Main}, {@code -jar app.jar} or {@code -p MP -m mod/Main}
 */
public record JavaCommand(String java, List<String> jvmArgs, List<String> launch) {

    /** The command of the running JVM. */
    public static JavaCommand current() {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> jvm = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp")) continue;
            jvm.add(a);
        }
        List<String> launch = new ArrayList<>();
        String module = System.getProperty("jdk.module.main");
        String command = System.getProperty("sun.java.command", "").trim();
        String first = command.isEmpty() ? "" : command.split(" ")[0];
        if (module != null) {
            String mp = System.getProperty("jdk.module.path");
            if (mp != null) launch.addAll(List.of("-p", mp));
            String cp = System.getProperty("java.class.path", "");
            if (!cp.isEmpty()) launch.addAll(List.of("-cp", cp));
            String mainClass = System.getProperty("jdk.module.main.class");
            launch.addAll(List.of("-m", mainClass != null ? module + "/" + mainClass : module));
        } else if (first.endsWith(".jar")) {
            launch.addAll(List.of("-jar", first));
        } else {
            boolean cpInJvmArgs = jvm.stream().anyMatch(a -> a.startsWith("-Djava.class.path="));
            String cp = System.getProperty("java.class.path", "");
            if (!cpInJvmArgs && !cp.isEmpty()) launch.addAll(List.of("-cp", cp));
            if (first.isEmpty())
                throw new IllegalStateException("cannot tell this JVM's main class (sun.java.command is empty)");
            launch.add(first);
        }
        return new JavaCommand(java, List.copyOf(jvm), List.copyOf(launch));
    }

    /** argv for a new JVM: java, this JVM's options, {@code extraJvm}, launch, {@code programArgs}. */
    public List<String> argv(List<String> extraJvm, List<String> programArgs) {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(jvmArgs);
        argv.addAll(extraJvm);
        argv.addAll(launch);
        argv.addAll(programArgs);
        return argv;
    }
}
