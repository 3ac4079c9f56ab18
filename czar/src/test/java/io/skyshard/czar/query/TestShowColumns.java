package io.skyshard.czar.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.frontend.mysql.StaticResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestShowColumns {
    private static final TableDef REF_OBJECT = new TableDef("db", "RefObject", TableKind.REPLICATED,
            List.of(ColumnDef.notNull("refObjectId", ColumnType.BIGINT), ColumnDef.of("ra", ColumnType.DOUBLE),
                    ColumnDef.of("CHUNKID", ColumnType.INTEGER), ColumnDef.of("isStar", ColumnType.INTEGER),
                    ColumnDef.of("qserv_trans_id", ColumnType.INTEGER)),
            null, null, null, null);

    private static List<Object> fields(String where) {
        StaticResult r = (StaticResult) ShowColumns.of(REF_OBJECT, false, null, Set.of(), where);
        return r.rows().stream().map(row -> row.get(0)).toList();
    }

    @Test
    void whereFiltersTheRowsAsMysqlDoes() {
        // Text compares without regard to case, as information_schema's does in MySQL.
        assertThat(fields("Field NOT IN ('qserv_trans_id','chunkId','subChunkId')")).containsExactly("refObjectId", "ra", "isStar");
        assertThat(fields("`Null` = 'no'")).containsExactly("refObjectId");
        assertThat(fields("Field LIKE 'r%' OR Type = 'int(11)' AND NOT Field = 'isStar'"))
                .containsExactly("refObjectId", "ra", "CHUNKID", "qserv_trans_id");
        assertThat(fields("Field NOT LIKE '%id%'")).containsExactly("ra", "isStar");
        assertThat(fields("`Default` IS NULL AND Field <> 'ra'")).containsExactly("refObjectId", "CHUNKID", "isStar", "qserv_trans_id");
        // NULL in a NOT IN list leaves the answer unknown: no row passes, as in MySQL.
        assertThat(fields("Field NOT IN ('ra', NULL)")).isEmpty();
    }

    @Test
    void whereErrorsNameTheProblem() {
        assertThatThrownBy(() -> fields("Colour = 'red'")).isInstanceOf(SkyshardException.class)
                .hasMessageContaining("Unknown column 'Colour'").hasMessageContaining("field");
        assertThatThrownBy(() -> fields("LENGTH(Field) > 3")).isInstanceOf(SkyshardException.class)
                .hasMessageContaining("not LENGTH");
        assertThatThrownBy(() -> fields("Field IN (SELECT 1)")).isInstanceOf(SkyshardException.class)
                .hasMessageContaining("SHOW COLUMNS ... WHERE supports");
        assertThatThrownBy(() -> fields("Field = ((")).isInstanceOf(SkyshardException.class);
    }
}
