package io.skyshard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestRoleSettings {
    /** The example files shipped in conf/ must parse: they are what the README tells users to run. */
    private static Path conf(String name) {
        Path p = Path.of("..", "conf", name);
        assertThat(p).as("shipped example %s", name).isRegularFile();
        return p;
    }

    @Test
    void shippedExamplesParse() {
        ControllerSettings controller = ControllerSettings.from(RoleConfig.load(conf("controller.properties"), Map.of(), ControllerSettings.KEYS));
        assertThat(controller.port()).isEqualTo(8091);

        WorkerSettings w2 = WorkerSettings.from(RoleConfig.load(conf("worker-2.properties"), Map.of(), WorkerSettings.KEYS));
        assertThat(w2.id()).isEqualTo("worker-2");
        assertThat(w2.port()).isEqualTo(25002);
        assertThat(w2.controller()).isEqualTo("127.0.0.1:" + controller.port());
        assertThat(w2.memoryLimitBytes()).isEqualTo(2L << 30);

        RoleConfig czarConfig = RoleConfig.load(conf("czar.properties"), Map.of(), CzarSettings.KEYS);
        CzarSettings czar = CzarSettings.from(czarConfig);
        assertThat(czar.mysqlPort()).isEqualTo(4040);
        TapSettings tap = TapSettings.from(czarConfig);
        assertThat(tap.authentication()).isFalse();
        assertThat(tap.uploadHosts()).isEmpty();
        assertThat(tap.maxUploadBytes()).isEqualTo(16L << 20);
        assertThat(czar.httpPort()).isEqualTo(8080);
        assertThat(czar.users()).containsExactly(Map.entry("qsmaster", ""));
    }

    @Test
    void tapSettingsAreChecked() {
        TapSettings tap = TapSettings.from(RoleConfig.of(Map.of(TapSettings.UPLOAD_HOSTS, "data.example.org, cds.example:8080",
                TapSettings.AUTHENTICATION, "basic"), CzarSettings.KEYS));
        assertThat(tap.uploadHosts()).containsExactlyInAnyOrder("data.example.org", "cds.example:8080");
        assertThat(tap.toConfig(java.nio.file.Path.of("d"), Map.of("alice", "pw")).authenticate()).isTrue();
        assertThatThrownBy(() -> TapSettings.from(RoleConfig.of(Map.of(TapSettings.AUTHENTICATION, "kerberos"), CzarSettings.KEYS)))
                .hasMessageContaining("'tap.authentication'").hasMessageContaining("none or basic");
        assertThatThrownBy(() -> TapSettings.from(RoleConfig.of(Map.of(TapSettings.MAX_UPLOAD_BYTES, "lots"), CzarSettings.KEYS)))
                .hasMessageContaining("'tap.maxUploadBytes'");
    }

    @Test
    void workerNeedsAnId() {
        assertThatThrownBy(() -> WorkerSettings.from(RoleConfig.of(Map.of(WorkerSettings.PORT, "1"), WorkerSettings.KEYS)))
                .hasMessageContaining("'worker.id'");
        assertThatThrownBy(() -> WorkerSettings.from(RoleConfig.of(Map.of(WorkerSettings.ID, "w 1"), WorkerSettings.KEYS)))
                .hasMessageContaining("'w 1'");
    }

    @Test
    void defaultsWhenOnlyRequiredKeysGiven() {
        WorkerSettings w = WorkerSettings.from(RoleConfig.of(Map.of(WorkerSettings.ID, "w7"), WorkerSettings.KEYS));
        assertThat(w.dataDir()).isEqualTo(Path.of("data", "w7"));
        assertThat(w.controller()).isEqualTo("127.0.0.1:8091");
        assertThat(w.threads()).isPositive();
    }

    @Test
    void keysOfAnotherRoleAreRejected() {
        assertThatThrownBy(() -> RoleConfig.of(Map.of(CzarSettings.MYSQL_PORT, "4040"), WorkerSettings.KEYS))
                .hasMessageContaining("'czar.mysqlPort'");
    }
}
