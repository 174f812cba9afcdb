package io.hstorekv.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Named parameters become JDBC's {@code ?}, and nothing inside quotes or comments is taken for one. */
class NamedStatementTest {
    private static String positional(String named) {
        return NamedStatement.parse(named).sql;
    }

    @Test
    void namesBecomePositionalAndCastsStay() {
        assertThat(positional("SELECT :key::text WHERE x = :key")).isEqualTo("SELECT ?::text WHERE x = ?");
    }

    @Test
    void aStringLiteralIsLeftAlone() {
        assertThat(positional("SELECT ':not' || 'it''s' || :key")).isEqualTo("SELECT ':not' || 'it''s' || ?");
    }

    @Test
    void anApostropheInALineCommentDoesNotOpenAString() {
        assertThat(positional("SELECT 1 -- it's :not a parameter\nWHERE k = :key"))
                .isEqualTo("SELECT 1 -- it's :not a parameter\nWHERE k = ?");
    }

    @Test
    void anApostropheInABlockCommentDoesNotOpenAString() {
        assertThat(positional("SELECT /* it's /* nested :not */ still */ :key")).isEqualTo("SELECT /* it's /* nested :not */ still */ ?");
    }

    @Test
    void aQuotedIdentifierMayHoldApostrophesAndColons() {
        assertThat(positional("SELECT \"it's :not\" FROM t WHERE k = :key")).isEqualTo("SELECT \"it's :not\" FROM t WHERE k = ?");
    }

    @Test
    void dollarQuotedTextIsLeftAlone() {
        assertThat(positional("SELECT $$it's :not$$, $q$ $$ :not $q$, :key, $1"))
                .isEqualTo("SELECT $$it's :not$$, $q$ $$ :not $q$, ?, $1");
    }
}
