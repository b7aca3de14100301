package org.plotracker.rules;

/** Rounding and threshold comparison that does not depend on binary floating-point noise. */
public final class Numbers {

    /** Differences are reported to 4 decimals; a threshold is met when |delta| >= threshold - 1e-9. */
    static final double TOLERANCE = 1e-9;

    private Numbers() {
    }

    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** True when {@code value} is at or beyond {@code threshold} (both positive). */
    public static boolean atLeast(double value, double threshold) {
        return value >= threshold - TOLERANCE;
    }

    /** Formats a T- or Z-score with at least 1 and at most 2 decimals, e.g. -2.0, -2.05, 0.0. */
    public static String score(double value) {
        String s = fixed(value, 2);
        if (s.endsWith("0")) {
            s = s.substring(0, s.length() - 1);
        }
        return "-0.0".equals(s) ? "0.0" : s;
    }

    /** Formats a number with at most 2 decimals and no trailing zeros, e.g. -2.1, 0.45, 6.9. */
    public static String format(double value) {
        String s = fixed(value, 2);
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return "-0".equals(s) ? "0" : s;
    }

    /**
     * {@code String.format(Locale.ROOT, "%.<decimals>f", value)}, character for character (half-up rounding of the
     * shortest decimal that names the double, a minus sign kept on a negative value that rounds to zero), without
     * the formatter's parsing: the timeline and the alert texts format every measurement of a history at each
     * decision.
     */
    public static String fixed(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
        }
        boolean negative = value < 0 || (value == 0 && 1 / value < 0);
        String shortest = Double.toString(Math.abs(value));
        String digits = shortest.indexOf('E') < 0 && decimals >= 0 ? roundHalfUp(shortest, decimals)
                : new java.math.BigDecimal(shortest).setScale(decimals, java.math.RoundingMode.HALF_UP)
                        .toPlainString();
        return negative ? "-" + digits : digits;
    }

    /** Rounds a plain non-negative decimal ({@code 12.345}) half-up to {@code decimals} places, as text. */
    private static String roundHalfUp(String plain, int decimals) {
        int dot = plain.indexOf('.');
        if (dot < 0) {
            dot = plain.length();
            plain = plain + ".";
        }
        int fraction = plain.length() - dot - 1;
        StringBuilder b = new StringBuilder(dot + decimals + 2).append(plain, 0, dot);
        int kept = Math.min(fraction, decimals);
        b.append(plain, dot + 1, dot + 1 + kept);
        for (int i = kept; i < decimals; i++) {
            b.append('0');
        }
        if (fraction > decimals && plain.charAt(dot + 1 + decimals) >= '5') {
            int i = b.length() - 1;
            while (i >= 0 && b.charAt(i) == '9') {
                b.setCharAt(i--, '0');
            }
            if (i < 0) {
                b.insert(0, '1');
            } else {
                b.setCharAt(i, (char) (b.charAt(i) + 1));
            }
        }
        if (decimals > 0) {
            b.insert(b.length() - decimals, '.');
        }
        return b.toString();
    }
}
