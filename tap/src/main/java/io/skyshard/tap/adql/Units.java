package io.skyshard.tap.adql;

import java.util.Map;

/**
 * Conversion factors between the VOUnits that catalogs use for angles, fluxes, times and lengths,
 * for ADQL's {@code IN_UNIT}. Each unit maps to its dimension and its size in that dimension's base
 * unit; two units convert when their dimensions agree.
 */
final class Units {
    record Unit(String dimension, double size) {
    }

    private static final double DEG = 1.0;
    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("deg", new Unit("angle", DEG)),
            Map.entry("arcmin", new Unit("angle", DEG / 60)),
            Map.entry("arcsec", new Unit("angle", DEG / 3600)),
            Map.entry("mas", new Unit("angle", DEG / 3_600_000)),
            Map.entry("uas", new Unit("angle", DEG / 3_600_000_000.0)),
            Map.entry("rad", new Unit("angle", 180 / Math.PI)),
            Map.entry("mrad", new Unit("angle", 0.18 / Math.PI)),
            Map.entry("Jy", new Unit("flux density", 1)),
            Map.entry("mJy", new Unit("flux density", 1e-3)),
            Map.entry("uJy", new Unit("flux density", 1e-6)),
            Map.entry("nJy", new Unit("flux density", 1e-9)),
            Map.entry("s", new Unit("time", 1)),
            Map.entry("min", new Unit("time", 60)),
            Map.entry("h", new Unit("time", 3600)),
            Map.entry("d", new Unit("time", 86400)),
            Map.entry("yr", new Unit("time", 365.25 * 86400)),
            Map.entry("a", new Unit("time", 365.25 * 86400)),
            Map.entry("m", new Unit("length", 1)),
            Map.entry("cm", new Unit("length", 0.01)),
            Map.entry("mm", new Unit("length", 0.001)),
            Map.entry("km", new Unit("length", 1000)),
            Map.entry("AU", new Unit("length", 1.495978707e11)),
            Map.entry("pc", new Unit("length", 3.0856775814913673e16)),
            Map.entry("kpc", new Unit("length", 3.0856775814913673e19)),
            Map.entry("Mpc", new Unit("length", 3.0856775814913673e22)));

    private Units() {
    }

    /** Factor to multiply a value in {@code from} by to get it in {@code to}, or null when they do not convert. */
    static Double factor(String from, String to) {
        Unit a = UNITS.get(from.strip());
        Unit b = UNITS.get(to.strip());
        if (a == null || b == null || !a.dimension().equals(b.dimension())) {
            return null;
        }
        return a.size() / b.size();
    }

    static boolean known(String unit) {
        return UNITS.containsKey(unit.strip());
    }
}
