package dev.weft.server.internal.cli;

import dev.weft.server.Settings;
import dev.weft.server.Weft;
import java.nio.file.Path;

/** The runtime behind {@link Weft#run}: found by {@link java.util.ServiceLoader}, it hands over to {@link WeftCli}. */
public final class CliEntry implements Weft.Entry {
    /** Created by the service loader. */
    public CliEntry() {}

    @Override
    public int run(Settings settings, String[] args) {
        return WeftCli.run(settings, args);
    }

    @Override
    public void parseOptions(Object options, String[] args) {
        WeftCli.parseProgramOptions(options, args);
    }

    @Override
    public dev.weft.server.Topic topic(String name) {
        return dev.weft.server.internal.topic.Topics.instance().topic(name);
    }

    @Override
    public Path runDir(String app) {
        return RunDirs.resolve(app, System.getenv());
    }
}
