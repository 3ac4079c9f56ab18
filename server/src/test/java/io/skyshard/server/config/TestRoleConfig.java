package io.skyshard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.server.ServerErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRoleConfig {
    private static final Set<String> KEYS = Set.of("a.port", "a.size", "a.name", "a.users", "a.target");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsFileAndAppliesCommandLineOverrides() throws IOException {
        Path f = write("a.properties", "a.port = 25001\na.name=first\n# comment\n");
        RoleConfig c = RoleConfig.load(f, Map.of("a.name", "second"), KEYS);
        assertThat(c.port("a.port", 1)).isEqualTo(25001);
        assertThat(c.string("a.name")).isEqualTo("second");
        assertThat(c.string("a.target", "h:1")).isEqualTo("h:1");
    }

    @Test
    void unknownKeyIsNamedWithItsFile() throws IOException {
        Path f = write("bad.properties", "a.prot=25001\n");
        assertThatThrownBy(() -> RoleConfig.load(f, Map.of(), KEYS))
                .isInstanceOf(SkyshardException.class)
                .hasMessageContaining("'a.prot'")
                .hasMessageContaining(f.toString())
                .satisfies(e -> assertThat(((SkyshardException) e).code()).isEqualTo(ServerErrorCode.INVALID_CONFIGURATION));
    }

    @Test
    void unknownOverrideIsNamedAsCommandLine() {
        assertThatThrownBy(() -> RoleConfig.of(Map.of("b.port", "1"), KEYS))
                .hasMessageContaining("'b.port'").hasMessageContaining("command line");
    }

    @Test
    void badNumbersNameKeyValueAndSource() throws IOException {
        Path f = write("n.properties", "a.port=forty\n");
        RoleConfig c = RoleConfig.load(f, Map.of(), KEYS);
        assertThatThrownBy(() -> c.port("a.port", 1))
                .hasMessageContaining("'forty'").hasMessageContaining("'a.port'").hasMessageContaining(f.toString());
        RoleConfig big = RoleConfig.of(Map.of("a.port", "70000"), KEYS);
        assertThatThrownBy(() -> big.port("a.port", 1)).hasMessageContaining("0..65535");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        RoleConfig c = RoleConfig.of(Map.of("a.name", "  "), KEYS);
        assertThatThrownBy(() -> c.string("a.name")).hasMessageContaining("missing required configuration key 'a.name'");
    }

    @Test
    void unreadableFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> RoleConfig.load(missing, Map.of(), KEYS))
                .isInstanceOf(SkyshardException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> RoleConfig.load(dir, Map.of(), KEYS))
                .isInstanceOf(SkyshardException.class).hasMessageContaining(dir.toString());
    }

    @Test
    void sizesAcceptSuffixes() {
        assertThat(RoleConfig.of(Map.of("a.size", "4g"), KEYS).bytes("a.size", 1)).isEqualTo(4L << 30);
        assertThat(RoleConfig.of(Map.of("a.size", "512MB"), KEYS).bytes("a.size", 1)).isEqualTo(512L << 20);
        assertThat(RoleConfig.of(Map.of("a.size", "1000"), KEYS).bytes("a.size", 1)).isEqualTo(1000);
        assertThat(RoleConfig.of(Map.of(), KEYS).bytes("a.size", 7)).isEqualTo(7);
        assertThatThrownBy(() -> RoleConfig.of(Map.of("a.size", "-1g"), KEYS).bytes("a.size", 1))
                .hasMessageContaining("'a.size'");
        assertThatThrownBy(() -> RoleConfig.of(Map.of("a.size", "lots"), KEYS).bytes("a.size", 1))
                .hasMessageContaining("'lots'");
    }

    @Test
    void usersAllowEmptyPasswords() {
        RoleConfig c = RoleConfig.of(Map.of("a.users", "qsmaster:, alice:s3cr:et"), KEYS);
        assertThat(c.users("a.users", Map.of())).containsOnly(
                Map.entry("qsmaster", ""), Map.entry("alice", "s3cr:et"));
        assertThatThrownBy(() -> RoleConfig.of(Map.of("a.users", "bob"), KEYS).users("a.users", Map.of()))
                .hasMessageContaining("'a.users'");
        assertThatThrownBy(() -> RoleConfig.of(Map.of("a.users", "x:1,x:2"), KEYS).users("a.users", Map.of()))
                .hasMessageContaining("'x' appears twice");
    }

    @Test
    void endpointsNeedHostAndPort() {
        assertThat(RoleConfig.of(Map.of("a.target", "10.0.0.1:8091"), KEYS).endpoint("a.target", "x:1"))
                .isEqualTo("10.0.0.1:8091");
        for (String bad : new String[] {"host", "host:", ":80", "host:http", "host:0"}) {
            assertThatThrownBy(() -> RoleConfig.of(Map.of("a.target", bad), KEYS).endpoint("a.target", "x:1"))
                    .as(bad).hasMessageContaining("'a.target'");
        }
    }
}
