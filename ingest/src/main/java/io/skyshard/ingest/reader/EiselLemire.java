package io.skyshard.ingest.reader;

import java.math.BigInteger;

/**
 * Correctly rounded decimal-to-double conversion of {@code w * 10^q} for a decimal mantissa of at most
 * 19 digits, by the Eisel-Lemire algorithm (D. Lemire, "Number Parsing at a Gigabyte per Second",
 * 2021): one or two 64 x 128-bit products with a truncated power of five decide the rounding in
 * almost every case; the rare cases they cannot decide (and subnormal or infinite results) report
 * {@link #FAILED} and the caller parses the text with {@link Double#parseDouble}.
 *
 * <p>Why: catalogs carry doubles printed with 16-17 significant digits (shortest round-trip form),
 * beyond the exact fast path (mantissa below 2^53); the JDK's parser takes its big-integer path for
 * them and was most of the ingest parser's time.
 */
final class EiselLemire {
    /** Returned when the fast algorithm cannot decide; a NaN no parse produces otherwise. */
    static final long FAILED = -1L;

    private static final int SMALLEST_POWER = -342;
    private static final int LARGEST_POWER = 308;
    /** For each q in [SMALLEST_POWER, LARGEST_POWER]: the high and low 64 bits of 5^q normalised to 128 bits. */
    private static final long[] POWERS_OF_FIVE = table();

    private EiselLemire() {
    }

    /**
     * The IEEE bits of the double nearest to {@code w * 10^q} (ties to even), {@code w} taken as
     * unsigned and non-zero; {@link #FAILED} when this algorithm cannot decide.
     */
    static long toDoubleBits(long w, int q, boolean negative) {
        if (w == 0 || q < SMALLEST_POWER || q > LARGEST_POWER) {
            return FAILED;
        }
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        int index = 2 * (q - SMALLEST_POWER);
        long high = Math.unsignedMultiplyHigh(w, POWERS_OF_FIVE[index]);
        long low = w * POWERS_OF_FIVE[index];
        // Only 55 bits of the product matter; when the lower ones are all set, a carry from the next
        // 64 bits of the power could change them: add that part of the product.
        if ((high & 0x1FFL) == 0x1FFL) {
            long secondHigh = Math.unsignedMultiplyHigh(w, POWERS_OF_FIVE[index + 1]);
            long sum = low + secondHigh;
            if (Long.compareUnsigned(secondHigh, sum) > 0) {
                high++;
            }
            low = sum;
        }
        if (low == -1L && (q < -27 || q > 55)) {
            // the truncated power may be too small by one unit here: undecided
            return FAILED;
        }
        int upperBit = (int) (high >>> 63);
        int shift = upperBit + 9;
        long mantissa = high >>> shift;
        int power2 = (int) (((152170L + 65536L) * q) >> 16) + 63 + upperBit - lz + 1023;
        if (power2 <= 0) {
            return FAILED; // subnormal: left to the JDK
        }
        if (Long.compareUnsigned(low, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1
                && (mantissa << shift) == high) {
            // exactly halfway between two doubles: round to even
            mantissa &= ~1L;
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= (2L << 52)) {
            mantissa = 1L << 52;
            power2++;
        }
        mantissa &= ~(1L << 52);
        if (power2 >= 0x7FF) {
            return FAILED; // overflow to infinity: left to the JDK
        }
        long bits = mantissa | ((long) power2 << 52);
        return negative ? bits | Long.MIN_VALUE : bits;
    }

    private static long[] table() {
        int count = LARGEST_POWER - SMALLEST_POWER + 1;
        long[] out = new long[2 * count];
        BigInteger two128 = BigInteger.ONE.shiftLeft(128);
        for (int q = SMALLEST_POWER; q <= LARGEST_POWER; q++) {
            BigInteger value;
            if (q < 0) {
                // 2^b / 5^-q, rounded up, with enough bits to keep 128 after normalisation
                BigInteger power5 = BigInteger.valueOf(5).pow(-q);
                int z = power5.subtract(BigInteger.ONE).bitLength();
                int b = q >= -27 ? z + 127 : 2 * z + 128;
                value = BigInteger.ONE.shiftLeft(b).divide(power5).add(BigInteger.ONE);
                while (value.compareTo(two128) >= 0) {
                    value = value.shiftRight(1);
                }
            } else {
                // 5^q with its most significant bit at bit 127, truncated
                value = BigInteger.valueOf(5).pow(q);
                int bits = value.bitLength();
                value = bits <= 128 ? value.shiftLeft(128 - bits) : value.shiftRight(bits - 128);
            }
            int i = 2 * (q - SMALLEST_POWER);
            out[i] = value.shiftRight(64).longValue();
            out[i + 1] = value.longValue();
        }
        return out;
    }
}
