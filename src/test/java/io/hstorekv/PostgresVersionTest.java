package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestSql;
import org.junit.jupiter.api.Test;

/** The suite runs on two PostgreSQL majors (pom.xml); make sure each run is on the one it claims. */
class PostgresVersionTest {

    @Test
    void runsOnTheExpectedMajorVersion() throws Exception {
        String expected = System.getProperty("hstorekv.test.pg");
        int major = Integer.parseInt(TestSql.query("SHOW server_version_num")) / 10000;
        System.out.println("PostgreSQL under test: major " + major + ", " + TestDatabase.description());
        if (expected != null && TestDatabase.description().startsWith("embedded")) {
            assertThat(major).isEqualTo(Integer.parseInt(expected.split("\\.")[0]));
        }
        assertThat(major).isGreaterThanOrEqualTo(13);
    }
}
