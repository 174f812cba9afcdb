package io.hstorekv.util;

import java.util.regex.Pattern;

/**
 * A Redis glob pattern ({@code *}, {@code ?}, {@code [abc]}, {@code [^a]}, {@code [a-z]},
 * {@code \x}) translated to an anchored PostgreSQL regular expression, plus its literal prefix, which
 * lets a scan start at the first key that can match.
 */
public record Glob(String regex, String prefix) {

    /** The same pattern for matching in Java (hash fields, set members): the regex is valid in both dialects. */
    public Pattern javaPattern() {
        return Pattern.compile(regex, Pattern.DOTALL);
    }

    public static Glob compile(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("pattern must not be null");
        }
        StringBuilder regex = new StringBuilder("^");
        StringBuilder prefix = new StringBuilder();
        boolean literalSoFar = true;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    regex.append(".*");
                    literalSoFar = false;
                }
                case '?' -> {
                    regex.append('.');
                    literalSoFar = false;
                }
                case '[' -> {
                    i = bracket(pattern, i, regex);
                    literalSoFar = false;
                }
                case '\\' -> {
                    if (++i == pattern.length()) {
                        throw invalid(pattern, "ends with a lone backslash");
                    }
                    literal(pattern.charAt(i), regex);
                    if (literalSoFar) {
                        prefix.append(pattern.charAt(i));
                    }
                }
                default -> {
                    literal(c, regex);
                    if (literalSoFar) {
                        prefix.append(c);
                    }
                }
            }
        }
        return new Glob(regex.append('$').toString(), prefix.toString());
    }

    /** Translates the class starting at {@code start}; returns the index of its closing bracket. */
    private static int bracket(String pattern, int start, StringBuilder regex) {
        int i = start + 1;
        regex.append('[');
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            regex.append('^');
            i++;
        }
        boolean empty = true;
        for (; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == ']' && !empty) {
                regex.append(']');
                return i;
            }
            if (c == '\\') {
                if (++i == pattern.length()) {
                    break;
                }
                c = pattern.charAt(i);
            } else if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                // a range; as in Redis, reversed ends ([z-a]) mean the same as [a-z]
                char hi = pattern.charAt(i + 2);
                classMember((char) Math.min(c, hi), regex);
                regex.append('-');
                classMember((char) Math.max(c, hi), regex);
                i += 2;
                empty = false;
                continue;
            }
            classMember(c, regex);
            empty = false;
        }
        throw invalid(pattern, "has an unclosed [");
    }

    private static void classMember(char c, StringBuilder regex) {
        // Inside a bracket expression only these are special; a backslash escape works in ARE classes.
        if (c == ']' || c == '\\' || c == '^' || c == '-' || c == '[') {
            regex.append('\\');
        }
        regex.append(c);
    }

    private static void literal(char c, StringBuilder regex) {
        if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
            regex.append('\\');
        }
        regex.append(c);
    }

    private static IllegalArgumentException invalid(String pattern, String why) {
        return new IllegalArgumentException("invalid pattern " + pattern + ": " + why);
    }
}
