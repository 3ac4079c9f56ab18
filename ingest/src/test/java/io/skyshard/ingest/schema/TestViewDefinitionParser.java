package io.skyshard.ingest.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ViewDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Views in mysqldump's form, as Qserv's case03 carries DeepSource and DeepForcedSource. */
class TestViewDefinitionParser {
    private static final String DUMP = """
            --
            -- Final view structure for view `Shown`
            --
            /*!50001 DROP TABLE IF EXISTS `Shown`*/;
            /*!50001 SET @saved_cs_client          = @@character_set_client */;
            /*!50001 CREATE ALGORITHM=UNDEFINED */
            /*!50013 DEFINER=`someone`@`localhost` SQL SECURITY DEFINER */
            /*!50001 VIEW `Shown` AS select `Base`.`id` AS `shownId`,`Base`.`coord_ra` AS `ra`,0x00 AS `flag`,
              `Base`.`flux` AS `flux`, `Base`.`x` from `Base` */;
            """;

    @Test
    void aViewOfOneTablesColumnsUnderOtherNames() {
        ViewDef v = ViewDefinitionParser.parse(DUMP, "Shown.schema").orElseThrow();
        assertThat(v.name()).isEqualTo("Shown");
        assertThat(v.baseTable()).isEqualTo("Base");
        assertThat(v.columns()).containsExactly(new ViewDef.Column("shownId", "id"), new ViewDef.Column("ra", "coord_ra"),
                new ViewDef.Column("flag", null, "0x00"), new ViewDef.Column("flux", "flux"), new ViewDef.Column("x", "x"));
    }

    @Test
    void aScriptWithoutAViewHasNone() {
        assertThat(ViewDefinitionParser.parse("CREATE TABLE t (a INT);", "t.schema")).isEmpty();
    }

    @Test
    void theDatasetsViewsAreRead() {
        Path schema = Path.of("../../shared/datasets/qserv-testdata/case03/schema/DeepSource.schema");
        Optional<ViewDef> v = ViewDefinitionParser.parseFile(schema);
        assertThat(v).isPresent();
        assertThat(v.get().baseTable()).isEqualTo("RunDeepSource");
        assertThat(v.get().columns().get(0)).isEqualTo(new ViewDef.Column("deepSourceId", "id"));
    }

    @Test
    void anythingButColumnsOfOneTableIsRefusedNamingFileAndLine() {
        for (String body : new String[] {
                "VIEW `v` AS select `b`.`x` + 1 AS `y` from `b`",
                "VIEW `v` AS select `b`.`x` AS `y` from `b` where `b`.`x` > 0",
                "VIEW `v` AS select `b`.`x` AS `y` from `b` join `c`",
                "VIEW `v` AS select `c`.`x` AS `y` from `b`",
                "VIEW `v` AS select 12 AS `y` from `b`"}) {
            assertThatThrownBy(() -> ViewDefinitionParser.parse("\n\n/*!50001 " + body + " */;", "v.schema"))
                    .as(body).isInstanceOfSatisfying(SkyshardException.class, e -> {
                        assertThat(e.code()).isEqualTo(IngestErrorCode.INVALID_SCHEMA);
                        assertThat(e.getMessage()).contains("v.schema line 3");
                    });
        }
    }
}
