package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestSql;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java examples compile against the API and do what they say. */
class ReadmeExampleTest {

    @Test
    void quickStartCompilesAndRuns(@TempDir Path classes) throws Exception {
        Class<?> quickstart = compile(Files.readString(Path.of("README.md")), "public class Quickstart", "Quickstart", classes);
        Object result = quickstart.getMethod("run", DataSource.class).invoke(null, TestDatabase.dataSource());
        // logins grows when the suite reruns on a kept database; the rest is fixed
        assertThat((String) result).matches("\\{\"user\":\"alice\"\\} \\d+ \\[user:1\\] true (true|false)");
        assertThat(TestSql.query("SELECT fields -> 'plan' FROM hstorekv.entries WHERE ns = 'users' AND key = 'user:1'"))
                .isEqualTo("pro");
    }

    @Test
    void listsExampleCompilesAndRuns(@TempDir Path classes) throws Exception {
        Class<?> example = compile(Files.readString(Path.of("README.md")), "public class ListsExample", "ListsExample", classes);
        Object result = example.getMethod("run", DataSource.class).invoke(null, TestDatabase.dataSource());
        // "recent" keeps earlier runs' items when the suite reruns on a kept database
        assertThat((String) result).matches("normal \\[resize:42] \\[resize:42(, resize:42)*]");
    }

    @Test
    void leaderboardCompilesAndRuns(@TempDir Path classes) throws Exception {
        Class<?> example = compile(Files.readString(Path.of("README.md")), "public class Leaderboard", "Leaderboard", classes);
        // bob's score grows when the suite reruns on a kept database; he stays on top
        assertThat(example.getMethod("run", DataSource.class).invoke(null, TestDatabase.dataSource()))
                .isEqualTo("bob alice 2 send-mail:7 1");
    }

    @Test
    void migrateAtStartupCompilesAndRunsTwice(@TempDir Path classes) throws Exception {
        try (var c = TestDatabase.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS public.legacy_settings (name text PRIMARY KEY, value text)");
            st.execute("INSERT INTO public.legacy_settings VALUES ('site.title', 'Hello'), ('site.theme', 'dark') ON CONFLICT DO NOTHING");
        }
        Class<?> example = compile(Files.readString(Path.of("README.md")), "public class MigrateAtStartup", "MigrateAtStartup", classes);
        // the first start imports, every later one finds the job finished and only verifies it
        for (int run = 0; run < 2; run++) {
            assertThat(example.getMethod("run", DataSource.class).invoke(null, TestDatabase.dataSource())).isEqualTo("Hello 2");
        }
        assertThat(TestSql.query("SELECT count(*) FROM hstorekv.imports WHERE job = 'public.legacy_settings -> settings' "
                + "AND finished_at IS NOT NULL AND rows_read = 2")).isEqualTo("1");
    }

    /** Compiles the README's java block that contains {@code containing} and loads the class. */
    static Class<?> compile(String markdown, String containing, String className, Path classes) throws Exception {
        String source = javaBlock(markdown, containing);
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        boolean compiled = ToolProvider.getSystemJavaCompiler().getTask(null, null, null,
                List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path")),
                null, List.of(file)).call();
        assertThat(compiled).as("README example " + className + " compiles").isTrue();
        var loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeExampleTest.class.getClassLoader());
        return loader.loadClass(className);
    }

    static String javaBlock(String markdown, String containing) throws IOException {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            if (m.group(1).contains(containing)) {
                return m.group(1);
            }
        }
        throw new AssertionError("README has no java block containing " + containing);
    }
}
