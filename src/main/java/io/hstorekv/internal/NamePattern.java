package io.hstorekv.internal;

import io.hstorekv.internal.store.StoredForm;
import io.hstorekv.util.Glob;
import java.nio.charset.StandardCharsets;

/**
 * A Redis glob pattern over keys, fields or members, given in their name form (text, or the binary
 * form of {@link io.hstorekv.BinaryKeys}). A text pattern matches a text name by characters, as
 * before; whenever the pattern or the name is binary, both are matched as bytes, as Redis does.
 */
public final class NamePattern {
    private final Glob text;
    private final Glob bytes;

    private NamePattern(Glob text, Glob bytes) {
        this.text = text;
        this.bytes = bytes;
    }

    /** Parses a pattern strictly (see {@link Glob#compile}); an {@link IllegalArgumentException} if it is invalid. */
    public static NamePattern compile(String pattern) {
        Limits.required(pattern, "pattern");
        Glob text = StoredForm.isBinary(pattern) ? null : Glob.compile(pattern);
        return new NamePattern(text, Glob.compile(asBytes(pattern)));
    }

    /** The literal text every matching text name starts with; empty for a binary pattern. */
    public String textPrefix() {
        return text == null ? "" : text.prefix();
    }

    public boolean matches(String name) {
        if (text != null && !StoredForm.isBinary(name)) {
            return text.matches(name);
        }
        return bytes.matches(asBytes(name));
    }

    /** The name's bytes, one character each, so that the glob matches them byte by byte. */
    private static String asBytes(String name) {
        return new String(StoredForm.decodeBytes(name), StandardCharsets.ISO_8859_1);
    }
}
