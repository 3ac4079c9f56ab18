package io.skyshard.tap.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.tap.TapConfig;
import io.skyshard.tap.TapErrorCode;
import io.skyshard.tap.output.ResponseFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestTapParameters {
    private final TapConfig config = TapConfig.defaults(Path.of("unused"));

    private TapQuery query(Map<String, String> params) {
        return TapParameters.query(params, List.of(), config);
    }

    private void fails(Map<String, String> params, String message) {
        assertThatThrownBy(() -> query(params)).isInstanceOf(SkyshardException.class)
                .satisfies(e -> assertThat(((SkyshardException) e).code()).isEqualTo(TapErrorCode.INVALID_PARAMETER))
                .hasMessageContaining(message);
    }

    @Test
    void defaultsAndAcceptedValues() {
        TapQuery q = query(Map.of("QUERY", "SELECT 1"));
        assertThat(q.maxrec()).isEqualTo(config.defaultMaxrec());
        assertThat(q.format()).isEqualTo(ResponseFormat.VOTABLE_BINARY2);
        for (String lang : List.of("ADQL", "adql-2.0", "ADQL-2.1")) {
            assertThat(query(Map.of("QUERY", "SELECT 1", "LANG", lang, "REQUEST", "doQuery")).adql()).isEqualTo("SELECT 1");
        }
        assertThat(query(Map.of("QUERY", "q", "MAXREC", "0")).maxrec()).isZero();
        assertThat(query(Map.of("QUERY", "q", "MAXREC", "999999999999")).maxrec()).isEqualTo(config.maxrecLimit());
        assertThat(query(Map.of("QUERY", "q", "FORMAT", "csv")).format()).isEqualTo(ResponseFormat.CSV);
        assertThat(query(Map.of("QUERY", "q", "FORMAT", "csv", "RESPONSEFORMAT", "tsv")).format()).isEqualTo(ResponseFormat.TSV);
        assertThat(ResponseFormat.parse("application/x-votable+xml;serialization=TABLEDATA")).isEqualTo(ResponseFormat.VOTABLE_TABLEDATA);
        assertThat(ResponseFormat.parse("text/xml")).isEqualTo(ResponseFormat.VOTABLE_BINARY2);
    }

    @Test
    void errorsNameTheParameter() {
        fails(Map.of(), "QUERY is missing");
        fails(Map.of("QUERY", "q", "LANG", "SQL"), "LANG 'SQL' is not supported");
        fails(Map.of("QUERY", "q", "REQUEST", "getCapabilities"), "REQUEST 'getCapabilities'");
        fails(Map.of("QUERY", "q", "MAXREC", "-1"), "MAXREC must be a non-negative integer");
        fails(Map.of("QUERY", "q", "MAXREC", "ten"), "MAXREC must be a non-negative integer, got 'ten'");
        fails(Map.of("QUERY", "q", "RESPONSEFORMAT", "fits"), "RESPONSEFORMAT 'fits' is not supported");
    }
}
