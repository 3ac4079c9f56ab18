package io.skyshard.ingest.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TestMySqlTypeParser {
    private static ColumnDef p(String type) {
        return MySqlTypeParser.parse("c", type);
    }

    @Test
    void mapsEveryTypeOfTheQservDatasets() {
        assertThat(p("bigint(20) NOT NULL")).isEqualTo(new ColumnDef("c", ColumnType.BIGINT, 0, 0, false));
        assertThat(p(" bigint(20) DEFAULT NULL")).isEqualTo(new ColumnDef("c", ColumnType.BIGINT, 0, 0, true));
        assertThat(p("int(11) NOT NULL")).isEqualTo(new ColumnDef("c", ColumnType.INTEGER, 0, 0, false));
        assertThat(p("int(11) DEFAULT '9999'")).isEqualTo(new ColumnDef("c", ColumnType.INTEGER, 0, 0, true));
        assertThat(p("int(11) NOT NULL DEFAULT '0'")).isEqualTo(new ColumnDef("c", ColumnType.INTEGER, 0, 0, false));
        assertThat(p("int(11) NOT NULL AUTO_INCREMENT").nullable()).isFalse();
        assertThat(p("smallint(6) default NULL")).isEqualTo(new ColumnDef("c", ColumnType.SMALLINT, 0, 0, true));
        assertThat(p("tinyint(4) NOT NULL")).isEqualTo(new ColumnDef("c", ColumnType.TINYINT, 0, 0, false));
        assertThat(p("float DEFAULT NULL")).isEqualTo(new ColumnDef("c", ColumnType.FLOAT, 0, 0, true));
        assertThat(p("float NOT NULL").type()).isEqualTo(ColumnType.FLOAT);
        assertThat(p("double default NULL")).isEqualTo(new ColumnDef("c", ColumnType.DOUBLE, 0, 0, true));
        assertThat(p("char(34) default NULL")).isEqualTo(new ColumnDef("c", ColumnType.CHAR, 34, 0, true));
        assertThat(p("varchar(80) DEFAULT NULL")).isEqualTo(new ColumnDef("c", ColumnType.VARCHAR, 80, 0, true));
        assertThat(p("text")).isEqualTo(new ColumnDef("c", ColumnType.VARCHAR, 0, 0, true));
        assertThat(p("blob DEFAULT NULL")).isEqualTo(new ColumnDef("c", ColumnType.VARBINARY, 0, 0, true));
        assertThat(p("binary(120) NOT NULL")).isEqualTo(new ColumnDef("c", ColumnType.VARBINARY, 120, 0, false));
        assertThat(p("varbinary(100) DEFAULT NULL")).isEqualTo(new ColumnDef("c", ColumnType.VARBINARY, 100, 0, true));
        assertThat(p("bit(1) NOT NULL")).isEqualTo(new ColumnDef("c", ColumnType.BIT, 1, 0, false));
        assertThat(p("timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP")).isEqualTo(new ColumnDef("c", ColumnType.TIMESTAMP, 0, 0, false));
        assertThat(p("timestamp NOT NULL DEFAULT '0000-00-00 00:00:00'").type()).isEqualTo(ColumnType.TIMESTAMP);
    }

    @Test
    void mapsOtherMySqlTypes() {
        assertThat(p("longblob").type()).isEqualTo(ColumnType.VARBINARY);
        assertThat(p("decimal(10,3) NOT NULL")).isEqualTo(new ColumnDef("c", ColumnType.DECIMAL, 10, 3, false));
        assertThat(p("date").type()).isEqualTo(ColumnType.DATE);
        assertThat(p("datetime(6) DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)").type()).isEqualTo(ColumnType.TIMESTAMP);
        assertThat(p("time").type()).isEqualTo(ColumnType.TIME);
        assertThat(p("tinyint(3) unsigned").type()).isEqualTo(ColumnType.SMALLINT);
        assertThat(p("int(10) unsigned NOT NULL").type()).isEqualTo(ColumnType.BIGINT);
        // Exact: 2^64-1 does not fit a signed BIGINT.
        assertThat(p("bigint(20) unsigned")).isEqualTo(new ColumnDef("c", ColumnType.DECIMAL, 20, 0, true));
        assertThat(p("float(53)").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(p("double precision").type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(p("varchar(10) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL COMMENT 'x'").nullable()).isFalse();
        assertThat(p("enum('a','b')").type()).isEqualTo(ColumnType.VARCHAR);
        assertThat(p("BIT(12)").length()).isEqualTo(12);
    }

    @Test
    void rejectsUnsupportedAndMalformedTypesNamingTheColumn() {
        assertThatThrownBy(() -> MySqlTypeParser.parse("shape", "geometry NOT NULL"))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(IngestErrorCode.UNSUPPORTED_COLUMN_TYPE))
                .hasMessageContaining("column 'shape'").hasMessageContaining("geometry");
        assertThatThrownBy(() -> MySqlTypeParser.parse("d", "json"))
                .hasMessageContaining("column 'd'").hasMessageContaining("unsupported type 'json'");
        assertThatThrownBy(() -> MySqlTypeParser.parse("big", "decimal(65,2)"))
                .hasMessageContaining("column 'big'").hasMessageContaining("38");
        assertThatThrownBy(() -> MySqlTypeParser.parse("x", "int(11) NOT"))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code()).isEqualTo(IngestErrorCode.INVALID_SCHEMA))
                .hasMessageContaining("column 'x'");
        assertThatThrownBy(() -> MySqlTypeParser.parse("x", "varchar")).hasMessageContaining("length");
        assertThatThrownBy(() -> MySqlTypeParser.parse("x", "int(11) FROBNICATE")).hasMessageContaining("FROBNICATE");
        assertThatThrownBy(() -> MySqlTypeParser.parse("x", "bit(65)")).hasMessageContaining("1..64");
    }

    @Test
    void parsesEveryTypeStringOfTheFiveDatasets() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("../../shared/datasets/qserv-testdata"))) {
            for (Path f : files.filter(p -> p.getParent().getFileName().toString().equals("ingest")
                    && !p.getFileName().toString().equals("database.json")).toList()) {
                for (JsonNode col : mapper.readTree(f.toFile()).get("schema")) {
                    String type = col.get("type").asText();
                    ColumnDef def = MySqlTypeParser.parse(col.get("name").asText(), type);
                    assertThat(def.nullable()).as(type).isEqualTo(!type.toUpperCase().contains("NOT NULL"));
                    seen.add(type.strip().split("[ (]")[0].toLowerCase());
                }
            }
        }
        assertThat(seen).contains("bigint", "binary", "bit", "blob", "char", "double", "float", "int", "smallint", "text",
                "timestamp", "tinyint", "varbinary", "varchar");
    }
}
