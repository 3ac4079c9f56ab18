package io.skyshard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TestProgressBar {
    @Test
    void rendersPhasePercentAndRate() {
        String line = ProgressBar.render("load chunk tables", 50, 200, "chunks", 2.0);
        assertThat(line).startsWith("load chunk tables").contains(" 25%").contains("50/200 chunks").contains("25 chunks/s");
    }

    @Test
    void unknownTotalShowsCountAndRateWithoutBar() {
        String line = ProgressBar.render("write to workers", 6_000, -1, "rows", 2.0);
        assertThat(line).startsWith("write to workers").contains("6,000 rows").contains("3,000 rows/s")
                .doesNotContain("%").doesNotContain("[").doesNotContain("-1");
    }

    @Test
    void interleavedPhasesKeepTheirOwnRates() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        bar.update("generate", 0, 10, "objects");
        bar.update("write", 0, -1, "rows");
        bar.update("generate", 10, 10, "objects");
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).contains("10/10 objects");
    }

    @Test
    void nonInteractiveOutputPrintsPhaseChangesAndCompletion() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        bar.update("generate", 1, 10, "objects");
        bar.update("generate", 2, 10, "objects"); // rate-limited: not printed
        bar.update("generate", 10, 10, "objects");
        bar.update("load", 1, 4, "chunks");
        bar.finish();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).contains("100%");
        assertThat(lines[2]).startsWith("load").doesNotContain("\r");
    }
}
