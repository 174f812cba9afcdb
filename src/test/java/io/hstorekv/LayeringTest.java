package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's "Layout", enforced: dependencies between our packages point one way (cli -> server
 * (server -> server.command -> server.resp) -> API -> internal -> cache/util), SQL and JDBC stay in the store, and the optional server
 * libraries stay out of what library users load. Reads the sources (imports and fully qualified
 * names outside comments and strings), so it needs no extra dependency.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java");

    /** Each package prefix's layer; a package may use its own layer and those below it. */
    private static final Map<String, Integer> LAYERS = Map.ofEntries(
            Map.entry("io.hstorekv.cli", 7),
            Map.entry("io.hstorekv.server", 6),
            Map.entry("io.hstorekv.spring.boot", 6),
            Map.entry("io.hstorekv.server.command", 5),
            Map.entry("io.hstorekv.spring.cache", 5),
            Map.entry("io.hstorekv.spring", 4),
            Map.entry("io.hstorekv.server.resp", 4),
            Map.entry("io.hstorekv.metrics", 4),
            Map.entry("io.hstorekv.json", 4),
            Map.entry("io.hstorekv.imports", 3),
            Map.entry("io.hstorekv", 3),
            Map.entry("io.hstorekv.internal", 2),
            Map.entry("io.hstorekv.cache", 1),
            Map.entry("io.hstorekv.util", 1));

    /** Pairs the layers alone would allow but the design does not: the store is internal's bottom. */
    private static final List<String[]> FORBIDDEN = List.of(
            new String[] {"io.hstorekv.internal.store", "io.hstorekv.internal.near"},
            new String[] {"io.hstorekv.internal.store", "io.hstorekv.internal.Limits"},
            new String[] {"io.hstorekv.cache", "io.hstorekv.util"},
            new String[] {"io.hstorekv.util", "io.hstorekv.cache"},
            // The integrations are the API's users: never the internals, nor the server.
            new String[] {"io.hstorekv.spring", "io.hstorekv.internal"},
            new String[] {"io.hstorekv.metrics", "io.hstorekv.internal"},
            new String[] {"io.hstorekv.json", "io.hstorekv.internal"},
            new String[] {"io.hstorekv.spring", "io.hstorekv.server"},
            new String[] {"io.hstorekv.metrics", "io.hstorekv.server"},
            new String[] {"io.hstorekv.json", "io.hstorekv.server"},
            new String[] {"io.hstorekv.server", "io.hstorekv.spring"});

    /** Third-party packages and the only packages of ours that may use them. */
    private static final Map<String, List<String>> LIBRARIES = Map.of(
            "java.sql", List.of("io.hstorekv.internal.store", "io.hstorekv.cli"),
            "org.jdbi", List.of("io.hstorekv.internal.store"),
            "org.postgresql", List.of("io.hstorekv.internal.store"),
            "org.flywaydb", List.of("io.hstorekv.internal.store"),
            "io.netty", List.of("io.hstorekv.server"),
            "picocli", List.of("io.hstorekv.cli"),
            "io.zonky", List.of("io.hstorekv.cli"),
            "org.springframework", List.of("io.hstorekv.spring"),
            "io.micrometer", List.of("io.hstorekv.metrics", "io.hstorekv.spring.boot"),
            "tools.jackson", List.of("io.hstorekv.json", "io.hstorekv.spring.boot"));

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b((?:io\\.hstorekv|java\\.sql|org\\.jdbi|org\\.postgresql"
            + "|org\\.flywaydb|io\\.netty|picocli|io\\.zonky|org\\.springframework|io\\.micrometer|tools\\.jackson)(?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");

    @Test
    void dependenciesPointOneWay() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                violations.addAll(violations(SOURCES.relativize(file).toString(), Files.readString(file)));
            }
        }
        assertThat(violations).as("dependencies against the README's Layout").isEmpty();
    }

    @Test
    void theCheckSeesAStoreThatUsesTheApi() {
        String source = """
                package io.hstorekv.internal.store;
                // io.hstorekv.Namespace in a comment does not count, nor "io.hstorekv.HstoreKv" in a string
                import io.hstorekv.WrongTypeException;
                import org.jdbi.v3.core.Jdbi;
                class Bad { Object o = new io.hstorekv.internal.near.NearCache.Entry(null, null, null); }
                """;
        assertThat(violations("Bad.java", source)).containsExactly(
                "Bad.java: io.hstorekv.internal.store -> io.hstorekv.WrongTypeException",
                "Bad.java: io.hstorekv.internal.store -> io.hstorekv.internal.near.NearCache");
        assertThat(violations("Ok.java", "package io.hstorekv.server;\nimport org.jdbi.v3.core.Jdbi;"))
                .containsExactly("Ok.java: io.hstorekv.server -> org.jdbi.v3.core.Jdbi");
    }

    static List<String> violations(String file, String source) {
        String code = withoutCommentsAndStrings(source);
        Matcher pkg = PACKAGE.matcher(code);
        if (!pkg.find()) {
            return List.of(file + ": no package declaration");
        }
        String from = pkg.group(1);
        TreeSet<String> used = new TreeSet<>();
        Matcher ref = REFERENCE.matcher(code.substring(pkg.end()));
        while (ref.find()) {
            used.add(ref.group(1) + "." + ref.group(2));
        }
        List<String> violations = new ArrayList<>();
        for (String target : used) {
            if (!allowed(from, target)) {
                violations.add(file + ": " + from + " -> " + target);
            }
        }
        return violations;
    }

    private static boolean allowed(String from, String target) {
        String targetPackage = target.substring(0, target.lastIndexOf('.'));
        for (Map.Entry<String, List<String>> library : LIBRARIES.entrySet()) {
            if (within(targetPackage, library.getKey())) {
                return library.getValue().stream().anyMatch(owner -> within(from, owner));
            }
        }
        if (within(targetPackage, from) && within(from, targetPackage)) {
            return true;
        }
        for (String[] pair : FORBIDDEN) {
            if (within(from, pair[0]) && (within(targetPackage, pair[1]) || target.equals(pair[1]))) {
                return false;
            }
        }
        return layer(targetPackage) <= layer(from);
    }

    private static int layer(String pkg) {
        String best = null;
        for (String prefix : LAYERS.keySet()) {
            if (within(pkg, prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            throw new AssertionError("package " + pkg + " has no layer in LayeringTest.LAYERS: add it, and to the README");
        }
        return LAYERS.get(best);
    }

    private static boolean within(String pkg, String prefix) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }

    /** The source with comments, string and character literals and text blocks blanked out. */
    static String withoutCommentsAndStrings(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = end(source, "\n", i + 2) - 1;
                out.append(' ');
            } else if (source.startsWith("/*", i)) {
                i = end(source, "*/", i + 2);
                out.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                i = end(source, "\"\"\"", i + 3);
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < source.length() && source.charAt(i) != c) {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int end(String source, String closing, int from) {
        int at = source.indexOf(closing, from);
        return at < 0 ? source.length() : at + closing.length();
    }
}
