package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RandomQueries} over the five Qserv test catalogs, each through port 4040 against the
 * cluster and on MariaDB holding the same files: names, type classes and rows must agree, as in
 * {@link TestQservDialect}. The seed and count are fixed so a failure reproduces; set
 * {@code -Dskyshard.random.seed} and {@code -Dskyshard.random.count} to explore further.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRandomQueries {
    static List<RandomQueries.Query> queries() throws Exception {
        QservTestCatalogs catalogs = QservTestCatalogs.get();
        long seed = Long.getLong("skyshard.random.seed", 20261207L);
        int count = Integer.getInteger("skyshard.random.count", 400);
        return new RandomQueries(RandomQueries.describe(catalogs.reference, QservTestCatalogs.CASES), seed).generate(count);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void sameAnswerAsMariaDb(RandomQueries.Query q) throws Exception {
        QservTestCatalogs catalogs = QservTestCatalogs.get();
        TestQservDialect.Answer expected;
        try {
            expected = TestQservDialect.run(catalogs.reference.connection(q.dataset()), q.reference(), "MariaDB");
        } catch (SQLException e) {
            // The grammar can produce what MySQL itself refuses (e.g. an aggregate of a DISTINCT text): nothing to compare.
            Assumptions.abort("MariaDB refuses it: " + e.getMessage());
            return;
        }
        TestQservDialect.Answer actual = TestQservDialect.run(catalogs.client(q.dataset()), q.sql(), "Skyshard");
        String difference = actual.columns().difference(expected.columns());
        if (difference == null) {
            ResultRows a = q.ordered() ? actual.rows() : actual.rows().sorted();
            ResultRows e = q.ordered() ? expected.rows() : expected.rows().sorted();
            difference = a.difference(e);
        }
        assertThat(difference).as("%s: %s", q, q.sql()).isNull();
    }
}
