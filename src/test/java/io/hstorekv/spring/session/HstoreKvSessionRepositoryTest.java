package io.hstorekv.spring.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestSql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session repository on a real store, its clock moved by hand. */
class HstoreKvSessionRepositoryTest extends StoreTestBase {
    private HstoreKvSessionRepository repository;

    @BeforeEach
    void repository() {
        repository = new HstoreKvSessionRepository(kv, StoreFixture.uniqueName("sessions")); // on the store's clock
    }

    private HstoreKvSession saved(String... attributes) {
        HstoreKvSession session = repository.createSession();
        for (int i = 0; i < attributes.length; i += 2) {
            session.setAttribute(attributes[i], attributes[i + 1]);
        }
        repository.save(session);
        return session;
    }

    @Test
    void aSavedSessionComesBackWithItsAttributesAndTimes() {
        HstoreKvSession session = repository.createSession();
        session.setAttribute("cart", new ArrayList<>(List.of("apple", "pear")));
        session.setAttribute("visits", 3);
        session.setMaxInactiveInterval(Duration.ofMinutes(5));
        repository.save(session);

        HstoreKvSession found = repository.findById(session.getId());

        assertThat(found.getAttributeNames()).containsExactlyInAnyOrder("cart", "visits");
        assertThat((List<String>) found.getAttribute("cart")).containsExactly("apple", "pear");
        assertThat((Integer) found.getAttribute("visits")).isEqualTo(3);
        assertThat(found.getCreationTime()).isEqualTo(session.getCreationTime());
        assertThat(found.getLastAccessedTime()).isEqualTo(clock.instant());
        assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(repository.findById("no-such-session")).isNull();
    }

    @Test
    void aSessionIsAHashReadableInSql() {
        HstoreKvSession session = saved("theme", "dark");

        assertThat(repository.namespace().hashes().fieldNames("session:" + session.getId()))
                .containsExactlyInAnyOrder("created", "last_accessed", "max_inactive_ms", "attr:theme");
        assertThat(repository.namespace().hashes().get("session:" + session.getId(), "max_inactive_ms")).isEqualTo("1800000");
    }

    @Test
    void removedAttributesAreDeletedAndUntouchedOnesKept() {
        HstoreKvSession session = saved("a", "1", "b", "2");
        HstoreKvSession found = repository.findById(session.getId());
        found.removeAttribute("a");
        found.setAttribute("c", "3");
        repository.save(found);

        HstoreKvSession again = repository.findById(session.getId());
        assertThat(again.getAttributeNames()).containsExactlyInAnyOrder("b", "c");
        assertThat((String) again.getAttribute("b")).isEqualTo("2");
    }

    @Test
    void aChangedIdMovesTheSession() {
        HstoreKvSession session = saved("user", "alice");
        String oldId = session.getId();
        HstoreKvSession found = repository.findById(oldId);
        String newId = found.changeSessionId();
        repository.save(found);

        assertThat(repository.findById(oldId)).isNull();
        assertThat((String) repository.findById(newId).getAttribute("user")).isEqualTo("alice");
    }

    @Test
    void deleteRemovesItAndALaterSaveOfAStaleCopyDoesNotBringItBack() {
        HstoreKvSession session = saved("user", "alice");
        HstoreKvSession staleCopy = repository.findById(session.getId());

        repository.deleteById(session.getId());
        staleCopy.setAttribute("late", "write");
        repository.save(staleCopy);

        assertThat(repository.findById(session.getId())).isNull();
        assertThat(repository.namespace().exists("session:" + session.getId())).isFalse();
    }

    @Test
    void anIdleSessionExpiresByTheStoreClockAndTheSweeperDeletesIt() throws Exception {
        HstoreKvSession session = saved("user", "alice");
        clock.advance(Duration.ofMinutes(29));
        HstoreKvSession accessed = repository.findById(session.getId());
        accessed.setLastAccessedTime(clock.instant());
        repository.save(accessed); // each request's access moves the expiry on

        clock.advance(Duration.ofMinutes(29));
        assertThat(repository.findById(session.getId())).isNotNull();
        clock.advance(Duration.ofMinutes(2));
        assertThat(repository.findById(session.getId())).isNull();

        kv.sweepExpired();
        assertThat(TestSql.queryLong("SELECT count(*) FROM " + schema + ".entries WHERE ns = '"
                + repository.namespace().name() + "'")).isZero();
    }

    @Test
    void aNegativeIntervalNeverExpires() {
        HstoreKvSession session = repository.createSession();
        session.setMaxInactiveInterval(Duration.ofSeconds(-1));
        repository.save(session);

        clock.advance(Duration.ofDays(400));
        assertThat(repository.findById(session.getId())).isNotNull();
        assertThat(repository.namespace().ttlMillis("session:" + session.getId())).isEqualTo(-1);
    }

    @Test
    void sessionsAreFoundByPrincipalNameWhileTheyLive() {
        HstoreKvSession first = saved(PRINCIPAL_NAME_INDEX_NAME, "alice");
        HstoreKvSession second = saved(PRINCIPAL_NAME_INDEX_NAME, "alice", "x", "y");
        saved(PRINCIPAL_NAME_INDEX_NAME, "bob");
        saved("anonymous", "yes");

        assertThat(repository.findByPrincipalName("alice")).containsOnlyKeys(first.getId(), second.getId());
        assertThat(repository.findByIndexNameAndIndexValue("other-index", "alice")).isEmpty();

        HstoreKvSession loggedOut = repository.findById(first.getId());
        loggedOut.removeAttribute(PRINCIPAL_NAME_INDEX_NAME);
        repository.save(loggedOut);
        assertThat(repository.findByPrincipalName("alice")).containsOnlyKeys(second.getId());
        assertThat(repository.namespace().hashes().exists("session:" + first.getId(), "principal")).isFalse();

        clock.advance(Duration.ofMinutes(31));
        assertThat(repository.findByPrincipalName("alice")).isEmpty();
    }

    @Test
    void concurrentRequestsWritingAttributesOfOneSessionLoseNone() throws Exception {
        HstoreKvSession session = saved("start", "0");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            requests.add(pool.submit(() -> {
                HstoreKvSession mine = repository.findById(session.getId());
                mine.setAttribute("attribute-" + n, n);
                mine.setAttribute("shared", n); // the same attribute from every request: last write wins, no error
                mine.setLastAccessedTime(clock.instant());
                repository.save(mine);
                return null;
            }));
        }
        for (Future<?> request : requests) {
            request.get(); // rethrows any request's failure
        }
        pool.shutdown();

        HstoreKvSession after = repository.findById(session.getId());
        assertThat(after.getAttributeNames()).hasSize(102);
        for (int i = 0; i < 100; i++) {
            assertThat((Integer) after.getAttribute("attribute-" + i)).isEqualTo(i);
        }
    }

    @Test
    void anAttributeThatCannotBeSerializedIsRefusedAndNothingIsWritten() {
        HstoreKvSession session = saved("ok", "1");
        HstoreKvSession found = repository.findById(session.getId());
        found.setAttribute("fine", "2");
        found.setAttribute("thread", new Object());

        assertThatThrownBy(() -> repository.save(found)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a session attribute must be Serializable, got java.lang.Object");
        assertThat(repository.findById(session.getId()).getAttributeNames()).containsExactly("ok");
    }
}
