package io.hstorekv.spring.session;

import io.hstorekv.ValueCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.session.MapSession;
import org.springframework.session.Session;

/**
 * A session of {@link HstoreKvSessionRepository}: its data in a {@link MapSession}, plus what
 * saving needs to write only what changed (the attributes set or removed since it was loaded), so
 * that concurrent requests changing different attributes of one session never undo each other.
 * Attributes are decoded on first read, so one whose class is gone spoils only itself.
 */
public final class HstoreKvSession implements Session {
    private final MapSession data;
    private final Clock clock;
    private final ValueCodec<Object> codec;
    /** Loaded attributes not read yet, still encoded. */
    private final Map<String, byte[]> encoded;
    /** Attributes set or removed since the session was loaded or last saved. */
    private final Set<String> changed = new HashSet<>();
    /** The id it is stored under: differs from {@link #getId()} after {@link #changeSessionId()} until saved. */
    private String storedId;
    /** The principal name stored with it (the index), or null. */
    private String storedPrincipal;
    private boolean isNew;

    HstoreKvSession(MapSession data, Map<String, byte[]> encoded, String storedPrincipal, Clock clock, ValueCodec<Object> codec,
                    boolean isNew) {
        this.data = data;
        this.encoded = new HashMap<>(encoded);
        this.storedPrincipal = storedPrincipal;
        this.clock = clock;
        this.codec = codec;
        this.storedId = data.getId();
        this.isNew = isNew;
    }

    @Override
    public String getId() {
        return data.getId();
    }

    @Override
    public String changeSessionId() {
        return data.changeSessionId();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(String name) {
        byte[] bytes = encoded.remove(name);
        if (bytes != null) {
            data.setAttribute(name, codec.decode(bytes));
        }
        return (T) data.getAttribute(name);
    }

    @Override
    public Set<String> getAttributeNames() {
        Set<String> names = new HashSet<>(data.getAttributeNames());
        names.addAll(encoded.keySet());
        return names;
    }

    @Override
    public void setAttribute(String name, Object value) {
        encoded.remove(name);
        data.setAttribute(name, value);
        changed.add(name);
    }

    @Override
    public void removeAttribute(String name) {
        setAttribute(name, null);
    }

    @Override
    public Instant getCreationTime() {
        return data.getCreationTime();
    }

    @Override
    public void setLastAccessedTime(Instant lastAccessedTime) {
        data.setLastAccessedTime(lastAccessedTime);
    }

    @Override
    public Instant getLastAccessedTime() {
        return data.getLastAccessedTime();
    }

    @Override
    public void setMaxInactiveInterval(Duration interval) {
        data.setMaxInactiveInterval(interval);
    }

    @Override
    public Duration getMaxInactiveInterval() {
        return data.getMaxInactiveInterval();
    }

    /** Whether its inactive interval has passed since its last access, by the repository's clock. */
    @Override
    public boolean isExpired() {
        Instant end = expiresAt();
        return end != null && !end.isAfter(clock.instant());
    }

    /** When it expires: its last access plus its inactive interval; null if it never does (a negative interval). */
    Instant expiresAt() {
        Duration interval = getMaxInactiveInterval();
        return interval.isNegative() ? null : getLastAccessedTime().plus(interval);
    }

    boolean isNew() {
        return isNew;
    }

    String storedId() {
        return storedId;
    }

    String storedPrincipal() {
        return storedPrincipal;
    }

    /** Within a save: the principal name now stored. */
    void principalStored(String principal) {
        storedPrincipal = principal;
    }

    /** The attributes changed since loading, each with its new value (null: removed). */
    Map<String, Object> changes() {
        Map<String, Object> changes = new HashMap<>();
        for (String name : changed) {
            changes.put(name, data.getAttribute(name));
        }
        return changes;
    }

    /** After a save: what is stored is now this. */
    void saved() {
        changed.clear();
        storedId = getId();
        isNew = false;
    }
}
