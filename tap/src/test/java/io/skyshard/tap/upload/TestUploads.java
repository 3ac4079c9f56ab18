package io.skyshard.tap.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.tap.TapErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestUploads {
    static final String VOTABLE = """
            <?xml version="1.0"?>
            <VOTABLE version="1.3" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
            <FIELD name="id" datatype="int"/>
            <FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra"/>
            <FIELD name="dec" datatype="double" unit="deg"/>
            <FIELD name="name" datatype="char" arraysize="*"/>
            <FIELD name="t" datatype="char" arraysize="*" xtype="timestamp"/>
            <DATA><TABLEDATA>
            <TR><TD>1</TD><TD>10.5</TD><TD>-3.25</TD><TD>a</TD><TD>2020-01-01T00:00:00</TD></TR>
            <TR><TD></TD><TD>11</TD><TD></TD><TD></TD><TD></TD></TR>
            </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>
            """;

    private static void fails(TapErrorCode code, Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(SkyshardException.class)
                .satisfies(e -> assertThat(((SkyshardException) e).code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void readsAVotableWithItsMetadataAndNulls() {
        UploadTable t = UploadReader.read("pos", VOTABLE.getBytes(StandardCharsets.UTF_8), 10);
        assertThat(t.columns()).extracting(c -> c.name() + ":" + c.type())
                .containsExactly("id:INTEGER", "ra:DOUBLE", "dec:DOUBLE", "name:VARCHAR", "t:VARCHAR");
        assertThat(t.columns().get(1).unit()).isEqualTo("deg");
        assertThat(t.columns().get(4).xtype()).isEqualTo("timestamp");
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0)).containsExactly(1L, 10.5, -3.25, "a", "2020-01-01T00:00:00");
        assertThat(t.rows().get(1)[0]).isNull();
        assertThat(t.rows().get(1)[2]).isNull();
    }

    @Test
    void refusesBadTables() {
        fails(TapErrorCode.UPLOAD_TOO_LARGE, () -> UploadReader.read("pos", VOTABLE.getBytes(StandardCharsets.UTF_8), 1),
                "more than 1 rows");
        fails(TapErrorCode.INVALID_UPLOAD, () -> UploadReader.read("pos", "not a votable".getBytes(StandardCharsets.UTF_8), 10),
                "not a readable VOTable");
        String array = VOTABLE.replace("<FIELD name=\"id\" datatype=\"int\"/>", "<FIELD name=\"id\" datatype=\"int\" arraysize=\"2\"/>")
                .replace("<TD>1</TD>", "<TD>1 2</TD>").replace("<TR><TD></TD>", "<TR><TD>3 4</TD>");
        fails(TapErrorCode.INVALID_UPLOAD, () -> UploadReader.read("pos", array.getBytes(StandardCharsets.UTF_8), 10),
                "column 'id' has values of type int[]");
        String duplicate = VOTABLE.replace("name=\"name\"", "name=\"RA\"");
        fails(TapErrorCode.INVALID_UPLOAD, () -> UploadReader.read("pos", duplicate.getBytes(StandardCharsets.UTF_8), 10),
                "appears twice");
    }

    @Test
    void parsesUploadParameters() {
        byte[] content = VOTABLE.getBytes(StandardCharsets.UTF_8);
        List<UploadSource> s = UploadSource.parse(List.of("a,param:p1;b,http://data.example.org/t.vot", "c,param:p2"),
                Map.of("p1", content, "p2", content), Set.of("data.example.org"));
        assertThat(s).extracting(UploadSource::name).containsExactly("a", "b", "c");
        assertThat(s.get(1).url()).hasToString("http://data.example.org/t.vot");
    }

    @Test
    void uploadParameterErrors() {
        Map<String, byte[]> parts = Map.of("p", new byte[1]);
        fails(TapErrorCode.INVALID_UPLOAD, () -> UploadSource.parse(List.of("a"), parts, Set.of()), "must be 'name,location'");
        fails(TapErrorCode.INVALID_UPLOAD, () -> UploadSource.parse(List.of("1a,param:p"), parts, Set.of()), "not an ADQL identifier");
        fails(TapErrorCode.INVALID_UPLOAD, () -> UploadSource.parse(List.of("a,param:q"), parts, Set.of()), "does not have");
        fails(TapErrorCode.INVALID_UPLOAD, () -> UploadSource.parse(List.of("a,param:p;A,param:p"), parts, Set.of()), "twice");
        fails(TapErrorCode.INVALID_UPLOAD, () -> UploadSource.parse(List.of("a,file:///etc/passwd"), parts, Set.of()),
                "is not supported");
        fails(TapErrorCode.UPLOAD_HOST_NOT_ALLOWED, () -> UploadSource.parse(List.of("a,http://evil.example/x"), parts,
                Set.of("data.example.org")), "host 'evil.example' is not allowed");
        fails(TapErrorCode.UPLOAD_HOST_NOT_ALLOWED, () -> UploadSource.parse(List.of("a,http://127.0.0.1:9/x"), parts, Set.of()),
                "inline uploads only");
    }

    @Test
    void typesOfUploadColumns() {
        assertThat(UploadReader.read("t", VOTABLE.replace("datatype=\"int\"", "datatype=\"long\"").getBytes(StandardCharsets.UTF_8), 5)
                .columns().get(0).type()).isEqualTo(ColumnType.BIGINT);
    }
}
