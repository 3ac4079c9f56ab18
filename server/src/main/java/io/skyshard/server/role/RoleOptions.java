package io.skyshard.server.role;

import io.skyshard.server.config.RoleConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the role commands, and how CLI overrides become keys. */
public final class RoleOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Java properties file with this role's settings (see conf/ for examples).")
    Path config;

    private final Map<String, String> overrides = new LinkedHashMap<>();

    /** Records a command-line override for {@code key} when the option was given. */
    public RoleOptions override(String key, Object value) {
        if (value != null) {
            overrides.put(key, value.toString());
        }
        return this;
    }

    public RoleConfig load(Set<String> knownKeys) {
        return RoleConfig.load(config, overrides, knownKeys);
    }
}
