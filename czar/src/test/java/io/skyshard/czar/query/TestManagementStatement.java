package io.skyshard.czar.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestManagementStatement {
    @Test
    void recognisesQservsManagementStatementsInAnyCase() {
        assertThat(ManagementStatement.parse("submit  SELECT *\nFROM Object;"))
                .contains(new ManagementStatement.Submit("SELECT *\nFROM Object"));
        assertThat(ManagementStatement.parse("SELECT * FROM QSERV_RESULT( 42 )")).contains(new ManagementStatement.Result(42));
        assertThat(ManagementStatement.parse("CALL qserv_result_delete(42)")).contains(new ManagementStatement.DeleteResult(42));
        assertThat(ManagementStatement.parse("SHOW PROCESSLIST")).contains(new ManagementStatement.ShowProcessList(false));
        assertThat(ManagementStatement.parse("show full processlist")).contains(new ManagementStatement.ShowProcessList(true));
        assertThat(ManagementStatement.parse("KILL 5")).contains(new ManagementStatement.Kill(5, false));
        assertThat(ManagementStatement.parse("KILL QUERY 5")).contains(new ManagementStatement.Kill(5, true));
        assertThat(ManagementStatement.parse("kill connection 5")).contains(new ManagementStatement.Kill(5, true));
        assertThat(ManagementStatement.parse("CANCEL 9")).contains(new ManagementStatement.Cancel(9));
    }

    @Test
    void showColumnsAndDescribe() {
        assertThat(ManagementStatement.parse("SHOW COLUMNS FROM Object"))
                .contains(new ManagementStatement.ShowColumns(false, null, "Object", null, null));
        assertThat(ManagementStatement.parse("show full fields in `my db`.`Ob``ject` like 'ra%'"))
                .contains(new ManagementStatement.ShowColumns(true, "my db", "Ob`ject", "ra%", null));
        assertThat(ManagementStatement.parse("SHOW COLUMNS FROM Object FROM demo"))
                .contains(new ManagementStatement.ShowColumns(false, "demo", "Object", null, null));
        assertThat(ManagementStatement.parse("DESCRIBE demo.Object"))
                .contains(new ManagementStatement.ShowColumns(false, "demo", "Object", null, null));
        assertThat(ManagementStatement.parse("desc Object objectId"))
                .contains(new ManagementStatement.ShowColumns(false, null, "Object", "objectId", null));
        assertThat(ManagementStatement.parse("SHOW COLUMNS FROM RefObject WHERE Field NOT IN ('chunkId', 'subChunkId')"))
                .contains(new ManagementStatement.ShowColumns(false, null, "RefObject", null, "Field NOT IN ('chunkId', 'subChunkId')"));
        assertThat(ManagementStatement.parse("DESC Object 'ra\\_%'"))
                .contains(new ManagementStatement.ShowColumns(false, null, "Object", "ra\\_%", null));
    }

    @Test
    void systemTablesAreReadThroughTheirReplacement() {
        assertThat(ManagementStatement.parse("SELECT ID, STATE FROM INFORMATION_SCHEMA.PROCESSLIST WHERE ID = 3"))
                .contains(new ManagementStatement.SystemTable(
                        "SELECT ID, STATE FROM skyshard_system.processlist WHERE ID = 3", "processlist"));
        assertThat(ManagementStatement.parse("select * from information_schema.queries"))
                .contains(new ManagementStatement.SystemTable("select * from skyshard_system.queries", "queries"));
    }

    @Test
    void ordinaryQueriesAreNotManagement() {
        assertThat(ManagementStatement.parse("SELECT * FROM Object WHERE objectId = 1")).isEmpty();
        assertThat(ManagementStatement.parse("SELECT submit FROM t")).isEmpty();
        assertThat(ManagementStatement.parse("SELECT * FROM qserv_results")).isEmpty();
        assertThat(ManagementStatement.parse("")).isEmpty();
    }
}
