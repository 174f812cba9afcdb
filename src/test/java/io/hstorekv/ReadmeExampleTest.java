package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java quick start compiles against the API and does what it says. */
class ReadmeExampleTest {

    @Test
    void quickStartCompilesAndRuns(@TempDir Path classes) throws Exception {
        String source = javaBlock(Files.readString(Path.of("README.md")), "public class Quickstart");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Quickstart.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        boolean compiled = compiler.getTask(null, null, null,
                List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path")),
                null, List.of(file)).call();
        assertThat(compiled).as("README quick start compiles").isTrue();

        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Object result = loader.loadClass("Quickstart").getMethod("run", DataSource.class)
                    .invoke(null, TestDatabase.dataSource());
            // logins grows when the suite reruns on a kept database; the rest is fixed
            assertThat((String) result).matches("\\{\"user\":\"alice\"\\} \\d+ \\[user:1\\] true (true|false)");
        }
        assertThat(SchemaTest.query("SELECT fields -> 'plan' FROM hstorekv.entries WHERE ns = 'users' AND key = 'user:1'"))
                .isEqualTo("pro");
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
