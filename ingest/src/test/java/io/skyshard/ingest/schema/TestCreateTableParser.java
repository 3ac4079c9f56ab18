package io.skyshard.ingest.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TestCreateTableParser {
    @Test
    void parsesMysqldumpOutputWithKeysIgnoringCommentsAndOptions() {
        String dump = """
                -- MySQL dump 10.13
                /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
                DROP TABLE IF EXISTS `Logs`;
                /*!40101 SET character_set_client = utf8 */;
                CREATE TABLE `Logs` (
                  `id` int(11) NOT NULL AUTO_INCREMENT,
                  `LEVEL` int(11) DEFAULT '9999', # trailing comment
                  `COMMENT` text,
                  `when` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
                  `amount` decimal(10,2) DEFAULT NULL,
                  PRIMARY KEY (`id`),
                  KEY `a` (`LEVEL`,`id`),
                  UNIQUE KEY `u` (`amount`),
                  KEY `c` (`COMMENT`(10))
                ) ENGINE=MyISAM AUTO_INCREMENT=1001 DEFAULT CHARSET=latin1;
                /*!40101 SET character_set_client = @saved_cs_client */;
                """;
        List<CreateTableParser.Table> tables = CreateTableParser.parseAll(dump, "dump.sql");
        assertThat(tables).hasSize(1);
        assertThat(tables.get(0).name()).isEqualTo("Logs");
        // SHOW COLUMNS' Key: PRI wins over MUL for id (also second in index a); only first columns count.
        assertThat(tables.get(0).columns()).containsExactly(
                new ColumnDef("id", ColumnType.INTEGER, 0, 0, false).withKey("PRI"),
                new ColumnDef("LEVEL", ColumnType.INTEGER, 0, 0, true).withKey("MUL"),
                new ColumnDef("COMMENT", ColumnType.VARCHAR, 0, 0, true).withKey("MUL"),
                new ColumnDef("when", ColumnType.TIMESTAMP, 0, 0, false),
                new ColumnDef("amount", ColumnType.DECIMAL, 10, 2, true).withKey("UNI"));
    }

    @Test
    void reportsErrorsWithSourceAndLine() {
        assertThatThrownBy(() -> CreateTableParser.parseAll("CREATE TABLE t (\n  a int,\n  b frob(3)\n);", "x.sql"))
                .hasMessageContaining("x.sql table t").hasMessageContaining("column 'b'").hasMessageContaining("frob");
        assertThatThrownBy(() -> CreateTableParser.parseAll("CREATE TABLE t (\n a int,\n a int\n);", "x.sql"))
                .hasMessageContaining("x.sql line 3").hasMessageContaining("declared twice");
        assertThatThrownBy(() -> CreateTableParser.parseAll("CREATE TABLE t (a int", "x.sql")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> CreateTableParser.parseAll("/* open", "x.sql")).hasMessageContaining("unterminated");
    }

    @Test
    void everySchemaFileOfTheFiveDatasetsParsesAndAgreesWithTheIngestJson() throws Exception {
        int tables = 0;
        int views = 0;
        try (Stream<Path> files = Files.walk(Path.of("../../shared/datasets/qserv-testdata"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".schema")).sorted().toList()) {
                Optional<CreateTableParser.Table> t = CreateTableParser.parseFileIfTable(f);
                if (t.isEmpty()) {
                    assertThat(Files.readString(f)).as(f.toString()).contains("VIEW");
                    views++;
                    continue;
                }
                tables++;
                String base = f.getFileName().toString().replace(".schema", "");
                assertThat(t.get().name()).isEqualTo(base);
                Path json = f.getParent().getParent().resolve("ingest").resolve(base + ".json");
                if (Files.exists(json)) {
                    QservTableConfig c = QservTableConfig.parse(json);
                    List<ColumnDef> fromJson = c.schemaColumns().stream().filter(x -> !QservTableConfig.isChunkColumn(x.name())).toList();
                    // The JSON has no indexes: compare the columns without their index roles.
                    assertThat(t.get().columns().stream().map(x -> x.withKey(null)).toList()).as(f.toString()).isEqualTo(fromJson);
                }
            }
        }
        assertThat(tables).isEqualTo(34);
        assertThat(views).isEqualTo(2);
    }
}
