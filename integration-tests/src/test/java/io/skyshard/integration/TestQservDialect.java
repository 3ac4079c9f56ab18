package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link QservDialectQueries} over the five Qserv test catalogs: each query through port 4040 with
 * MariaDB Connector/J against the cluster, and its reference form on MariaDB holding the same files.
 * Column names, column type classes and rows must agree (rows as multisets unless ordered; doubles
 * within a relative 1e-9).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestQservDialect {
    static QservTestCatalogs catalogs;

    @BeforeAll
    static void load() throws Exception {
        catalogs = QservTestCatalogs.get();
    }

    static List<QservDialectQueries.Case> cases() {
        return QservDialectQueries.all();
    }

    @Test
    void suiteIsLargeEnough() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAnswerAsMariaDb(QservDialectQueries.Case c) throws Exception {
        Answer expected = run(catalogs.reference.connection(c.dataset()),
                c.reference().replace("{DB}", catalogs.reference.database(c.dataset())), "MariaDB");
        Answer actual = run(catalogs.client(c.dataset()), c.sql().replace("{DB}", catalogs.database(c.dataset())), "Skyshard");
        String difference = actual.columns().difference(expected.columns());
        if (difference == null) {
            ResultRows a = c.ordered() ? actual.rows() : actual.rows().sorted();
            ResultRows e = c.ordered() ? expected.rows() : expected.rows().sorted();
            difference = a.difference(e);
        }
        if (c.knownGap() != null) {
            assertThat(difference).as("%s is marked as a known gap (%s) but now agrees with MariaDB: remove the mark", c,
                    c.knownGap()).isNotNull();
            Assumptions.abort("known gap: " + c.knownGap() + " (" + difference + ")");
        }
        assertThat(difference).as("%s: %s", c, c.sql()).isNull();
    }

    /** Guards the suite itself: agreement on empty answers proves little, so most queries must return rows. */
    @Test
    void referenceAnswersAreNotTrivial() throws Exception {
        List<String> empty = new ArrayList<>();
        for (QservDialectQueries.Case c : cases()) {
            Answer a = run(catalogs.reference.connection(c.dataset()),
                    c.reference().replace("{DB}", catalogs.reference.database(c.dataset())), "MariaDB");
            boolean trivial = a.rows().rows().isEmpty()
                    || a.rows().rows().size() == 1 && a.rows().rows().get(0).size() == 1
                            && Double.valueOf(0.0).equals(a.rows().rows().get(0).get(0));
            if (trivial) {
                empty.add(c.toString());
            }
        }
        assertThat(empty).as("queries whose reference answer is empty or a zero count").hasSizeLessThanOrEqualTo(cases().size() / 10);
    }

    record Answer(ResultColumns columns, ResultRows rows) {
    }

    static Answer run(Connection c, String sql, String engine) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return new Answer(ResultColumns.read(rs.getMetaData()), ResultRows.read(rs));
        } catch (SQLException e) {
            throw new SQLException(engine + " failed: " + e.getMessage() + "\n  query: " + sql, e);
        }
    }
}
