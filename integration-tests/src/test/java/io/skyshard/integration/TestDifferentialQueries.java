package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query of {@link DifferentialQueries} through port 4040 with MariaDB Connector/J against the
 * cluster, compared with the same query on one DuckDB holding all rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDifferentialQueries {
    static LocalCluster cluster;
    static Connection client;

    @BeforeAll
    static void start() throws Exception {
        cluster = SharedCluster.get();
        client = DriverManager.getConnection(cluster.jdbcUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    static List<DifferentialQueries.Case> cases() {
        return DifferentialQueries.all();
    }

    @Test
    void suiteIsLargeEnough() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(60);
    }

    @Test
    void sampleIsLoaded() throws Exception {
        try (Statement st = client.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM Object")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(LocalCluster.OBJECTS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAnswerAsSingleDuckDb(DifferentialQueries.Case c) throws Exception {
        DifferentialQueries.check(client, cluster.reference, c);
    }

    /** Guards the suite itself: most cases must return rows, or agreement would prove little. */
    @Test
    void referenceAnswersAreNotTrivial() throws Exception {
        List<String> empty = new ArrayList<>();
        for (DifferentialQueries.Case c : cases()) {
            try (Statement st = cluster.reference.createStatement(); ResultSet rs = st.executeQuery(c.reference())) {
                if (!rs.next()) {
                    empty.add(c.name());
                }
            }
        }
        assertThat(empty).hasSizeLessThanOrEqualTo(6);
    }
}
