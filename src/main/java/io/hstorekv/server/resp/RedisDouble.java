package io.hstorekv.server.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Pattern;

/** Doubles as Redis 7.0 reads and prints them (sorted-set scores). */
public final class RedisDouble {
    /** What C's strtod takes as a whole decimal number or infinity (no hex floats). */
    private static final Pattern NUMBER = Pattern.compile(
            "[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final MathContext SIGNIFICANT_17 = new MathContext(17, RoundingMode.HALF_EVEN);

    private RedisDouble() {}

    /**
     * C's {@code printf("%.17g")}, as Redis replies a double: 17 significant digits, trailing zeros
     * dropped, exponent form below 1e-4 and from 1e17 on; {@code inf} and {@code -inf}.
     */
    public static String format(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(SIGNIFICANT_17);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < 17) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        String digits = rounded.unscaledValue().abs().toString().replaceAll("0+$", "");
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "").append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append(exponent < 0 ? "e-" : "e+");
        String e = Integer.toString(Math.abs(exponent));
        return out.append(e.length() < 2 ? "0" + e : e).toString();
    }

    /**
     * A score as Redis stores it in text (d2string, what ZSCAN shows): an integral value within
     * ±2^62 as an integer, anything else as {@link #format}.
     */
    public static String formatStored(double d) {
        if (d != 0 && Math.abs(d) <= Long.MAX_VALUE / 2 && d == Math.rint(d)) {
            return Long.toString((long) d);
        }
        return format(d);
    }

    /**
     * A score bound as Redis's range parsing reads it with strtod: leading white space skipped,
     * nothing after the number, the empty string 0; null when it is not a number (or NaN).
     */
    public static Double parseBound(String text) {
        String s = text.stripLeading();
        if (s.isEmpty()) {
            return 0.0;
        }
        if (!NUMBER.matcher(s).matches()) {
            return null;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.endsWith("inf") || lower.endsWith("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(s);
    }
}
