package io.skyshard.czar.frontend.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.ResultColumn;
import io.skyshard.czar.query.Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestClientStatementInterceptor {
    private final ClientStatementInterceptor interceptor = new ClientStatementInterceptor(
            new CatalogView(() -> List.of("dp1", "sdss"), db -> db.equals("dp1") ? List.of("Object", "Source", "SourceView") : List.of(),
                    db -> db.equals("dp1") ? java.util.Set.of("SourceView") : java.util.Set.of()),
            "8.0.0-Skyshard", 1234);
    private final Session session = new Session("qsmaster", null);

    private List<List<Object>> rows(String sql) {
        QueryResult r = interceptor.intercept(sql, session, 7).orElseThrow();
        List<List<Object>> rows = new ArrayList<>();
        while (r.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < r.columns().size(); i++) {
                row.add(r.value(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private List<String> columnNames(String sql) {
        return interceptor.intercept(sql, session, 7).orElseThrow().columns().stream().map(ResultColumn::name).toList();
    }

    @Test
    void setAndTransactionStatementsAreAcknowledged() {
        for (String sql : List.of("SET NAMES utf8mb4", "set autocommit=1, sql_mode = concat(@@sql_mode,',STRICT_TRANS_TABLES')",
                "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", "/* client */ SET character_set_results = NULL;",
                "COMMIT", "rollback", "START TRANSACTION")) {
            QueryResult r = interceptor.intercept(sql, session, 1).orElseThrow(() -> new AssertionError(sql));
            assertThat(r.columns()).as(sql).isEmpty();
        }
    }

    @Test
    void systemVariablesAndFunctions() {
        assertThat(rows("SELECT @@version_comment LIMIT 1")).containsExactly(List.of("Skyshard"));
        assertThat(columnNames("SELECT @@version_comment LIMIT 1")).containsExactly("@@version_comment");
        assertThat(rows("select @@max_allowed_packet, @@session.autocommit AS ac, @@no_such_variable"))
                .containsExactly(java.util.Arrays.asList(1234L, 1L, null));
        assertThat(columnNames("select @@max_allowed_packet, @@session.autocommit AS ac")).containsExactly("@@max_allowed_packet", "ac");
        QueryResult typed = interceptor.intercept("SELECT @@max_allowed_packet, @@version", session, 1).orElseThrow();
        assertThat(typed.columns()).extracting(ResultColumn::type).containsExactly(ColumnType.BIGINT, ColumnType.VARCHAR);
        assertThat(rows("SELECT DATABASE(), USER(), VERSION(), CONNECTION_ID()"))
                .containsExactly(java.util.Arrays.asList(null, "qsmaster@%", "8.0.0-Skyshard", 7L));
        assertThat(rows("SELECT @@version_comment LIMIT 0")).isEmpty();
    }

    @Test
    void catalogQueriesAndOtherSelectsGoToTheQueryService() {
        for (String sql : List.of("SELECT 1", "SELECT objectId FROM Object", "SELECT @@version, ra FROM Object",
                "SELECT NOW()", "SET a=1; SELECT * FROM Object", "SELECT 1; SELECT 2", "SHOW PROCESSLIST", "")) {
            assertThat(interceptor.intercept(sql, session, 1)).as(sql).isEmpty();
        }
    }

    @Test
    void useChangesTheSessionDatabaseOnlyWhenItExists() {
        interceptor.intercept("USE `dp1`", session, 1).orElseThrow();
        assertThat(session.database()).isEqualTo("dp1");
        assertThat(rows("SELECT DATABASE()")).containsExactly(List.of("dp1"));
        assertThatThrownBy(() -> interceptor.intercept("use nosuch", session, 1))
                .isInstanceOfSatisfying(SkyshardException.class, e -> {
                    assertThat(e.code()).isEqualTo(CommonErrorCode.UNKNOWN_DATABASE);
                    assertThat(e.getMessage()).contains("nosuch");
                });
        assertThat(session.database()).isEqualTo("dp1");
    }

    @Test
    void showDatabasesAndTables() {
        assertThat(rows("SHOW DATABASES")).containsExactly(List.of("dp1"), List.of("sdss"));
        assertThat(rows("show schemas like 'dp%'")).containsExactly(List.of("dp1"));
        assertThatThrownBy(() -> rows("SHOW TABLES"))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(CzarErrorCode.NO_DATABASE_SELECTED));
        assertThat(rows("SHOW TABLES FROM dp1")).containsExactly(List.of("Object"), List.of("Source"), List.of("SourceView"));
        assertThat(columnNames("SHOW TABLES FROM dp1")).containsExactly("Tables_in_dp1");
        session.useDatabase("dp1");
        assertThat(rows("SHOW FULL TABLES LIKE 'S%'")).containsExactly(List.of("Source", "BASE TABLE"), List.of("SourceView", "VIEW"));
        assertThat(columnNames("SHOW TABLES LIKE 'S%'")).containsExactly("Tables_in_dp1 (S%)");
        assertThatThrownBy(() -> rows("SHOW TABLES IN nosuch")).isInstanceOf(SkyshardException.class);
    }

    @Test
    void showVariablesAndWarnings() {
        assertThat(rows("SHOW VARIABLES LIKE 'max_allowed%'")).containsExactly(List.of("max_allowed_packet", "1234"));
        assertThat(rows("SHOW SESSION VARIABLES WHERE Variable_name = 'version_comment' OR Variable_name='autocommit'"))
                .containsExactlyInAnyOrder(List.of("version_comment", "Skyshard"), List.of("autocommit", "1"));
        assertThat(rows("SHOW VARIABLES").size()).isGreaterThan(20);
        assertThat(rows("SHOW WARNINGS")).isEmpty();
        assertThat(columnNames("SHOW WARNINGS")).containsExactly("Level", "Code", "Message");
    }

    @Test
    void normalizeDetectsMultipleStatementsOutsideQuotes() {
        assertThat(ClientStatementInterceptor.normalize("  SELECT 1 ; ")).isEqualTo("SELECT 1");
        assertThat(ClientStatementInterceptor.normalize("SELECT 'a;b'")).isEqualTo("SELECT 'a;b'");
        assertThat(ClientStatementInterceptor.normalize("SELECT 1; SELECT 2")).isNull();
        assertThat(ClientStatementInterceptor.normalize("-- c\n/* d */ SHOW DATABASES")).isEqualTo("SHOW DATABASES");
    }
}
