package io.skyshard.server.console;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;

/**
 * A one-line progress display on stderr: phase, bar, percent and rate. On a terminal the line is
 * redrawn in place; otherwise (CI logs, redirected output) a line is printed at most every few
 * seconds so logs stay readable.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LOG_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    /** When each phase was first reported: loads interleave phases, and each keeps its own rate. */
    private final Map<String, Long> phaseStarts = new HashMap<>();
    private long lastDrawNanos;
    private String lastPhase = "";
    private int lastLength;

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = requireNonNull(out, "out");
        this.interactive = interactive;
    }

    /** A bar on stderr, redrawn in place when the process has a terminal. */
    public static ProgressBar stderr() {
        return new ProgressBar(System.err, System.console() != null);
    }

    /**
     * Reports {@code done} of {@code total} {@code unit}s (rows, chunks, keys) in {@code phase}; the
     * rate is measured from the start of the phase. Cheap to call often: drawing is rate-limited,
     * except when the phase changes or the work is complete.
     */
    public synchronized void update(String phase, long done, long total, String unit) {
        long now = System.nanoTime();
        boolean phaseChanged = !phase.equals(lastPhase);
        boolean complete = total > 0 && done >= total;
        long interval = interactive ? REDRAW_NANOS : LOG_NANOS;
        if (!phaseChanged && !complete && now - lastDrawNanos < interval) {
            return;
        }
        if (phaseChanged && interactive && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
        long phaseStart = phaseStarts.computeIfAbsent(phase, p -> now);
        lastPhase = phase;
        lastDrawNanos = now;
        String line = render(phase, done, total, unit, (now - phaseStart) / 1e9);
        if (interactive) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the in-place line so that later output starts on a fresh line. */
    public synchronized void finish() {
        if (interactive && lastLength > 0) {
            out.println();
            out.flush();
        }
        lastLength = 0;
    }

    static String render(String phase, long done, long total, String unit, double elapsedSeconds) {
        // A rate over a few milliseconds (a phase reported once, complete) would be noise.
        String rate = elapsedSeconds >= 0.5
                ? String.format(Locale.ROOT, "  %,.0f %s/s", done / elapsedSeconds, unit) : "";
        if (total < 0) {
            // total unknown (rows streamed from a generator): a count and a rate, no bar to fill
            return String.format(Locale.ROOT, "%-22s %,d %s%s", phase, done, unit, rate);
        }
        double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "%-22s [%s%s] %3d%%  %,d/%,d %s%s",
                phase, "#".repeat(filled), " ".repeat(WIDTH - filled), Math.round(fraction * 100), done, total, unit, rate);
    }
}
