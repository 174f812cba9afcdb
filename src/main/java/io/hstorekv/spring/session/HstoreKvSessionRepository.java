package io.hstorekv.spring.session;

import io.hstorekv.ExpireCondition;
import io.hstorekv.Hashes;
import io.hstorekv.HstoreKv;
import io.hstorekv.Namespace;
import io.hstorekv.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.IndexResolver;
import org.springframework.session.MapSession;
import org.springframework.session.PrincipalNameIndexResolver;
import org.springframework.session.Session;
import org.springframework.util.Assert;

/**
 * Spring Session on a namespace of hstore-kv. A session is one hash, {@code session:<id>}, readable
 * in SQL:
 * <ul>
 *   <li>{@code created}, {@code last_accessed} (epoch milliseconds), {@code max_inactive_ms} and,
 *       when the session has one, {@code principal} (the principal-name index), as text;</li>
 *   <li>{@code attr:<name>} per attribute, encoded by the {@link ValueCodec} (JDK serialization by
 *       default, as Spring Session JDBC).</li>
 * </ul>
 * A save writes only the attributes set or removed since the session was read, merged into the hash
 * by one upsert, so concurrent requests that change different attributes never lose one and never
 * collide on a key. The hash expires at the session's last access plus its inactive interval: the
 * store hides it from then on and its sweeper deletes it, so there is no cleanup job.
 * {@link #findByPrincipalName} looks the {@code principal} field up through the hash index.
 */
public final class HstoreKvSessionRepository implements FindByIndexNameSessionRepository<HstoreKvSession> {
    /** The namespace sessions live in unless another is given. */
    public static final String DEFAULT_NAMESPACE = "spring_session";

    static final String KEY_PREFIX = "session:";
    static final String CREATED = "created";
    static final String LAST_ACCESSED = "last_accessed";
    static final String MAX_INACTIVE = "max_inactive_ms";
    static final String PRINCIPAL = "principal";
    static final String ATTRIBUTE_PREFIX = "attr:";
    /** The most sessions one principal-name look-up returns. */
    static final int MAX_SESSIONS_PER_PRINCIPAL = 10_000;

    private final HstoreKv kv;
    private final Namespace namespace;
    private final Hashes hashes;
    private Duration defaultMaxInactiveInterval = MapSession.DEFAULT_MAX_INACTIVE_INTERVAL;
    private ValueCodec<Object> codec = new JdkSerializationCodec(getClass().getClassLoader());
    private IndexResolver<Session> indexResolver = new PrincipalNameIndexResolver<>();
    private Clock clock;

    /** Sessions in the namespace {@code namespace} of {@code kv} (created, DURABLE, if missing). */
    public HstoreKvSessionRepository(HstoreKv kv, String namespace) {
        this.kv = kv;
        this.namespace = kv.namespace(namespace);
        this.hashes = this.namespace.hashes();
        this.clock = kv.clock();
    }

    /** The inactive interval of new sessions (default 30 minutes); a negative one never expires. */
    public void setDefaultMaxInactiveInterval(Duration interval) {
        this.defaultMaxInactiveInterval = required(interval, "interval");
    }

    /** How attribute values are stored (default {@link JdkSerializationCodec}). */
    public void setValueCodec(ValueCodec<Object> codec) {
        this.codec = required(codec, "codec");
    }

    /** What the principal name of a session is (default: Spring Session's {@link PrincipalNameIndexResolver}). */
    public void setIndexResolver(IndexResolver<Session> indexResolver) {
        this.indexResolver = required(indexResolver, "indexResolver");
    }

    /**
     * The clock of creation and access times and of {@link Session#isExpired()}; default the store's
     * ({@link HstoreKv#clock()}), which decides when the stored session expires.
     */
    public void setClock(Clock clock) {
        this.clock = required(clock, "clock");
    }

    /** The namespace holding the sessions. */
    public Namespace namespace() {
        return namespace;
    }

    @Override
    public HstoreKvSession createSession() {
        MapSession data = new MapSession();
        Instant now = clock.instant();
        data.setCreationTime(now);
        data.setLastAccessedTime(now);
        data.setMaxInactiveInterval(defaultMaxInactiveInterval);
        return new HstoreKvSession(data, Map.of(), null, clock, codec, true);
    }

    /**
     * Writes what changed in one transaction: the id change (a rename), the times, the principal
     * name, the attributes set and removed, and the expiry. A session deleted or expired since it
     * was read is not brought back.
     */
    @Override
    public void save(HstoreKvSession session) {
        try {
            kv.inTransaction(() -> {
                write(session);
                return null;
            });
            session.saved();
        } catch (SessionGone e) {
            // deleted (logout, another request's invalidate) or expired meanwhile: nothing to save
        }
    }

    private void write(HstoreKvSession session) {
        String key = key(session.getId());
        if (!session.isNew() && !session.storedId().equals(session.getId())) {
            renameIfStillThere(key(session.storedId()), key);
        }
        Map<String, byte[]> written = new HashMap<>();
        List<String> removed = new ArrayList<>();
        written.put(CREATED, text(Long.toString(session.getCreationTime().toEpochMilli())));
        written.put(LAST_ACCESSED, text(Long.toString(session.getLastAccessedTime().toEpochMilli())));
        written.put(MAX_INACTIVE, text(Long.toString(session.getMaxInactiveInterval().toMillis())));
        String principal = indexResolver.resolveIndexesFor(session).get(PRINCIPAL_NAME_INDEX_NAME);
        if (principal != null) {
            written.put(PRINCIPAL, text(principal));
        } else if (session.storedPrincipal() != null) {
            removed.add(PRINCIPAL);
        }
        session.changes().forEach((name, value) -> {
            if (value == null) {
                removed.add(ATTRIBUTE_PREFIX + name);
            } else {
                written.put(ATTRIBUTE_PREFIX + name, codec.encode(value));
            }
        });
        // A stored session has the three times already: all fields new means the hash was gone.
        if (hashes.setBytes(key, written) == written.size() && !session.isNew()) {
            throw new SessionGone(); // rolls the transaction back
        }
        if (!removed.isEmpty()) {
            hashes.delete(key, removed.toArray(String[]::new));
        }
        Instant expiresAt = session.expiresAt();
        if (expiresAt == null) {
            namespace.persist(key);
        } else {
            namespace.expireAt(key, expiresAt.isAfter(HstoreKv.LATEST_EXPIRY) ? HstoreKv.LATEST_EXPIRY : expiresAt,
                    ExpireCondition.ALWAYS);
        }
        session.principalStored(principal);
    }

    private void renameIfStillThere(String from, String to) {
        try {
            namespace.rename(from, to);
        } catch (NoSuchElementException e) {
            throw new SessionGone();
        }
    }

    /** The session to save no longer exists in the store. */
    private static final class SessionGone extends RuntimeException {
        SessionGone() {
            super(null, null, false, false);
        }
    }

    @Override
    public HstoreKvSession findById(String id) {
        HstoreKvSession session = load(key(id));
        if (session != null && session.isExpired()) {
            deleteById(id);
            return null;
        }
        return session;
    }

    private HstoreKvSession load(String key) {
        Map<String, byte[]> fields = hashes.getAllBytes(key);
        if (!fields.containsKey(CREATED)) {
            return null; // absent, expired, or not a session
        }
        MapSession data = new MapSession(key.substring(KEY_PREFIX.length()));
        data.setCreationTime(Instant.ofEpochMilli(number(fields, CREATED)));
        data.setLastAccessedTime(Instant.ofEpochMilli(number(fields, LAST_ACCESSED)));
        data.setMaxInactiveInterval(Duration.ofMillis(number(fields, MAX_INACTIVE)));
        Map<String, byte[]> attributes = new HashMap<>();
        fields.forEach((field, bytes) -> {
            if (field.startsWith(ATTRIBUTE_PREFIX)) {
                attributes.put(field.substring(ATTRIBUTE_PREFIX.length()), bytes);
            }
        });
        byte[] principal = fields.get(PRINCIPAL);
        return new HstoreKvSession(data, attributes, principal == null ? null : new String(principal, StandardCharsets.UTF_8),
                clock, codec, false);
    }

    @Override
    public void deleteById(String id) {
        namespace.delete(key(id));
    }

    /** The live sessions of a principal name (only the principal-name index is kept), by id. */
    @Override
    public Map<String, HstoreKvSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName) || indexValue == null) {
            return Map.of();
        }
        Map<String, HstoreKvSession> sessions = new LinkedHashMap<>();
        for (String key : hashes.findContaining(Map.of(PRINCIPAL, indexValue), MAX_SESSIONS_PER_PRINCIPAL)) {
            HstoreKvSession session = load(key);
            if (session != null && !session.isExpired()) {
                sessions.put(session.getId(), session);
            }
        }
        return sessions;
    }

    private static String key(String id) {
        return KEY_PREFIX + id;
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static long number(Map<String, byte[]> fields, String field) {
        return Long.parseLong(new String(fields.get(field), StandardCharsets.UTF_8));
    }

    private static <T> T required(T value, String what) {
        Assert.notNull(value, what + " must not be null");
        return value;
    }
}
