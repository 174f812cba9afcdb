package io.hstorekv.util;

import java.util.ArrayList;
import java.util.List;

/**
 * A Redis glob pattern ({@code *}, {@code ?}, {@code [abc]}, {@code [^a]}, {@code [a-z]},
 * {@code \x}), matched in Java the way Redis's {@code stringmatchlen} does, with its bound on
 * recursion, so any pattern costs bounded stack and time, and never reaches a regex engine (or
 * PostgreSQL) that could reject it. It matches characters (code points) of text keys, where Redis
 * matches bytes. Also gives the pattern's literal prefix, which lets a scan start at the first key
 * that can match.
 */
public final class Glob {
    /** Redis's protection against abusive patterns: deeper {@code *} nesting does not match. */
    private static final int MAX_NESTING = 1000;

    /** One position of the pattern: {@code *}, {@code ?}, a literal or a bracket class. */
    private record Token(Kind kind, int literal, boolean negated, int[] ranges) {
        boolean accepts(int c) {
            return switch (kind) {
                case ANY -> true;
                case LITERAL -> c == literal;
                case CLASS -> inRanges(c) != negated;
                case STAR -> throw new IllegalStateException("a star matches no single character");
            };
        }

        private boolean inRanges(int c) {
            for (int i = 0; i < ranges.length; i += 2) {
                if (c >= ranges[i] && c <= ranges[i + 1]) {
                    return true;
                }
            }
            return false;
        }
    }

    private enum Kind { STAR, ANY, LITERAL, CLASS }

    private final Token[] tokens;
    private final String prefix;

    private Glob(Token[] tokens, String prefix) {
        this.tokens = tokens;
        this.prefix = prefix;
    }

    /** The literal characters every match starts with (empty when the pattern starts with a wildcard). */
    public String prefix() {
        return prefix;
    }

    /** Parses a pattern strictly: an unclosed {@code [} or a trailing lone backslash is an {@link IllegalArgumentException}. */
    public static Glob compile(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("pattern must not be null");
        }
        int[] p = pattern.codePoints().toArray();
        List<Token> tokens = new ArrayList<>();
        StringBuilder prefix = new StringBuilder();
        boolean literalSoFar = true;
        for (int i = 0; i < p.length; i++) {
            int c = p[i];
            if (c == '*' || c == '?') {
                tokens.add(new Token(c == '*' ? Kind.STAR : Kind.ANY, 0, false, null));
                literalSoFar = false;
            } else if (c == '[') {
                i = bracket(pattern, p, i, tokens);
                literalSoFar = false;
            } else {
                if (c == '\\') {
                    if (++i == p.length) {
                        throw invalid(pattern, "ends with a lone backslash");
                    }
                    c = p[i];
                }
                tokens.add(new Token(Kind.LITERAL, c, false, null));
                if (literalSoFar) {
                    prefix.appendCodePoint(c);
                }
            }
        }
        return new Glob(tokens.toArray(new Token[0]), prefix.toString());
    }

    /**
     * Parses the class starting at {@code start} into a token; returns the index of its closing
     * bracket. A {@code ]} right after {@code [} or {@code [^} is a member; {@code [a-]} has a literal
     * {@code -}; reversed ranges ({@code [z-a]}) mean the same as {@code [a-z]}, as in Redis.
     */
    private static int bracket(String pattern, int[] p, int start, List<Token> tokens) {
        int i = start + 1;
        boolean negated = i < p.length && p[i] == '^';
        if (negated) {
            i++;
        }
        List<Integer> ranges = new ArrayList<>();
        boolean empty = true;
        for (; i < p.length; i++) {
            int c = p[i];
            if (c == ']' && !empty) {
                tokens.add(new Token(Kind.CLASS, 0, negated, ranges.stream().mapToInt(Integer::intValue).toArray()));
                return i;
            }
            int low = c;
            int high = c;
            if (c == '\\') {
                if (++i == p.length) {
                    break;
                }
                low = p[i];
                high = p[i];
            } else if (i + 2 < p.length && p[i + 1] == '-' && p[i + 2] != ']') {
                low = Math.min(c, p[i + 2]);
                high = Math.max(c, p[i + 2]);
                i += 2;
            }
            ranges.add(low);
            ranges.add(high);
            empty = false;
        }
        throw invalid(pattern, "has an unclosed [");
    }

    /**
     * Whether the whole text matches. A lone {@code *} matches every text, the empty one too: Redis's
     * KEYS and SCAN family skip matching for it, while its matcher needs one character for a star.
     */
    public boolean matches(String text) {
        if (tokens.length == 1 && tokens[0].kind() == Kind.STAR) {
            return true;
        }
        return match(0, text.codePoints().toArray(), 0, 0, new boolean[1]);
    }

    /**
     * Redis's {@code stringmatchlen_impl}: {@code skipLongerMatches} records that the rest of the
     * pattern after a star matched nowhere in the rest of the text, so no earlier star needs to try
     * longer matches; past {@link #MAX_NESTING} nested stars, nothing matches.
     */
    private boolean match(int p, int[] text, int s, int nesting, boolean[] skipLongerMatches) {
        if (nesting > MAX_NESTING) {
            return false;
        }
        while (p < tokens.length && s < text.length) {
            if (tokens[p].kind() == Kind.STAR) {
                while (p + 1 < tokens.length && tokens[p + 1].kind() == Kind.STAR) {
                    p++;
                }
                if (p + 1 == tokens.length) {
                    return true;
                }
                for (; s < text.length; s++) {
                    if (match(p + 1, text, s, nesting + 1, skipLongerMatches)) {
                        return true;
                    }
                    if (skipLongerMatches[0]) {
                        return false;
                    }
                }
                skipLongerMatches[0] = true;
                return false;
            }
            if (!tokens[p].accepts(text[s])) {
                return false;
            }
            p++;
            s++;
            if (s == text.length) {
                while (p < tokens.length && tokens[p].kind() == Kind.STAR) {
                    p++;
                }
            }
        }
        return p == tokens.length && s == text.length;
    }

    private static IllegalArgumentException invalid(String pattern, String why) {
        return new IllegalArgumentException("invalid pattern " + pattern + ": " + why);
    }
}
