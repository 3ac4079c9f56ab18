package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/** The Qserv integration-test catalogs beside the repository (../../shared/datasets/qserv-testdata). */
final class QservCases {
    static final List<String> CASES = List.of("case01", "case02", "case03", "case04", "case05");

    private QservCases() {
    }

    static Path dataset(String name) {
        Path p = Path.of("../../shared/datasets/qserv-testdata").toAbsolutePath().normalize().resolve(name);
        assertThat(p.resolve("ingest/database.json")).as("Qserv test datasets beside the repository").exists();
        return p;
    }
}
