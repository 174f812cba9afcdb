package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.MutableClock;
import io.hstorekv.testing.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random operation sequences run against the store and against a plain in-memory model of Redis's
 * semantics (with TTLs on an injected clock); every answer, and every error, must agree.
 */
class ModelPropertyTest {
    static final MutableClock clock = new MutableClock();
    static HstoreKv kv;

    @BeforeContainer
    static void open() {
        kv = StoreFixture.open(StoreFixture.uniqueName("model"), clock);
    }

    @AfterContainer
    static void close() {
        kv.close();
    }

    enum Kind { SET, SET_TTL, GET, DELETE, EXISTS, INCR, APPEND, STRLEN, TYPE, HSET, HGET, HDEL, HLEN, SADD, SREM,
        SCARD, EXPIRE, PERSIST, TTL, ADVANCE, RENAME, COUNT }

    record Op(Kind kind, String key, String arg, int n) {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.of("a", "b", "c"),
                Arbitraries.of("1", "-7", "x", "", "NULL", "a=>b", "q\"\\", "é", "99", "a\0b"),
                Arbitraries.integers().between(1, 5)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60, seed = "20261126")
    void storeAgreesWithModel(@ForAll("operations") List<Op> ops) {
        Namespace ns = kv.namespace(StoreFixture.uniqueName("p"));
        Model model = new Model();
        for (Op op : ops) {
            Object expected = outcome(() -> model.apply(op));
            Object actual = outcome(() -> apply(ns, op));
            assertThat(actual).as("%s after %s", op, ops).isEqualTo(expected);
        }
    }

    /** The result, or the exception's class: both sides must fail the same way. */
    static Object outcome(Callable<Object> call) {
        try {
            return call.call();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    static Object apply(Namespace ns, Op op) {
        String k = op.key();
        return switch (op.kind()) {
            case SET -> { ns.set(k, op.arg()); yield "OK"; }
            case SET_TTL -> { ns.set(k, op.arg(), Duration.ofSeconds(op.n())); yield "OK"; }
            case GET -> ns.get(k);
            case DELETE -> ns.delete(k);
            case EXISTS -> ns.exists(k);
            case INCR -> ns.increment(k, op.n());
            case APPEND -> ns.append(k, op.arg());
            case STRLEN -> ns.length(k);
            case TYPE -> ns.type(k);
            case HSET -> ns.hashes().set(k, "f" + op.n(), op.arg());
            case HGET -> ns.hashes().get(k, "f" + op.n());
            case HDEL -> ns.hashes().delete(k, "f" + op.n());
            case HLEN -> ns.hashes().size(k);
            case SADD -> ns.sets().add(k, op.arg().replace("\0", ""));
            case SREM -> ns.sets().remove(k, op.arg().replace("\0", ""));
            case SCARD -> ns.sets().size(k);
            case EXPIRE -> ns.expire(k, Duration.ofSeconds(op.n()));
            case PERSIST -> ns.persist(k);
            case TTL -> ns.ttlMillis(k);
            case ADVANCE -> { clock.advance(Duration.ofSeconds(op.n())); yield "OK"; }
            case RENAME -> { ns.rename(k, op.arg().length() % 2 == 0 ? "b" : "c"); yield "OK"; }
            case COUNT -> ns.count();
        };
    }

    /** Redis semantics in a few lines of plain Java. */
    static final class Model {
        static final class Entry {
            KeyType type;
            String value;
            Map<String, String> fields = new LinkedHashMap<>();
            Instant expiresAt;
        }

        final Map<String, Entry> data = new HashMap<>();

        Entry live(String key) {
            Entry e = data.get(key);
            if (e != null && e.expiresAt != null && !e.expiresAt.isAfter(clock.instant())) {
                data.remove(key);
                return null;
            }
            return e;
        }

        Entry typed(String key, KeyType type) {
            Entry e = live(key);
            if (e != null && e.type != type) {
                throw new WrongTypeException();
            }
            return e;
        }

        Entry createIfAbsent(String key, KeyType type) {
            Entry e = typed(key, type);
            if (e == null) {
                e = new Entry();
                e.type = type;
                data.put(key, e);
            }
            return e;
        }

        Object apply(Op op) {
            String k = op.key();
            switch (op.kind()) {
                case SET, SET_TTL -> {
                    Entry e = new Entry();
                    e.type = KeyType.STRING;
                    e.value = op.arg();
                    e.expiresAt = op.kind() == Kind.SET_TTL ? clock.instant().plusSeconds(op.n()) : null;
                    data.put(k, e);
                    return "OK";
                }
                case GET -> {
                    Entry e = typed(k, KeyType.STRING);
                    return e == null ? null : e.value;
                }
                case DELETE -> {
                    return live(k) != null && data.remove(k) != null;
                }
                case EXISTS -> {
                    return live(k) != null;
                }
                case INCR -> {
                    Entry e = typed(k, KeyType.STRING);
                    long current = 0;
                    if (e != null) {
                        if (!e.value.matches("0|-?[1-9][0-9]{0,18}")) {
                            throw new NotANumberException("not an integer");
                        }
                        current = Long.parseLong(e.value);
                    }
                    long next = current + op.n();
                    if (e == null) {
                        e = createIfAbsent(k, KeyType.STRING);
                    }
                    e.value = Long.toString(next);
                    return next;
                }
                case APPEND -> {
                    Entry e = createIfAbsent(k, KeyType.STRING);
                    e.value = Objects.requireNonNullElse(e.value, "") + op.arg();
                    return (long) e.value.getBytes(StandardCharsets.UTF_8).length;
                }
                case STRLEN -> {
                    Entry e = typed(k, KeyType.STRING);
                    return e == null ? 0L : (long) e.value.getBytes(StandardCharsets.UTF_8).length;
                }
                case TYPE -> {
                    Entry e = live(k);
                    return e == null ? KeyType.NONE : e.type;
                }
                case HSET -> {
                    return createIfAbsent(k, KeyType.HASH).fields.put("f" + op.n(), op.arg()) == null;
                }
                case HGET -> {
                    Entry e = typed(k, KeyType.HASH);
                    return e == null ? null : e.fields.get("f" + op.n());
                }
                case HDEL -> {
                    return removeFields(k, KeyType.HASH, "f" + op.n());
                }
                case HLEN -> {
                    Entry e = typed(k, KeyType.HASH);
                    return e == null ? 0L : (long) e.fields.size();
                }
                case SADD -> {
                    boolean added = !createIfAbsent(k, KeyType.SET).fields.containsKey(op.arg().replace("\0", ""));
                    data.get(k).fields.put(op.arg().replace("\0", ""), null);
                    return added ? 1L : 0L;
                }
                case SREM -> {
                    return removeFields(k, KeyType.SET, op.arg().replace("\0", ""));
                }
                case SCARD -> {
                    Entry e = typed(k, KeyType.SET);
                    return e == null ? 0L : (long) e.fields.size();
                }
                case EXPIRE -> {
                    Entry e = live(k);
                    if (e == null) {
                        return false;
                    }
                    e.expiresAt = clock.instant().plusSeconds(op.n());
                    return true;
                }
                case PERSIST -> {
                    Entry e = live(k);
                    if (e == null || e.expiresAt == null) {
                        return false;
                    }
                    e.expiresAt = null;
                    return true;
                }
                case TTL -> {
                    Entry e = live(k);
                    return e == null ? -2L : e.expiresAt == null ? -1L
                            : e.expiresAt.toEpochMilli() - clock.instant().toEpochMilli();
                }
                case ADVANCE -> {
                    clock.advance(Duration.ofSeconds(op.n()));
                    return "OK";
                }
                case RENAME -> {
                    String target = op.arg().length() % 2 == 0 ? "b" : "c";
                    Entry e = live(k);
                    if (e == null) {
                        throw new NoSuchElementException();
                    }
                    data.remove(k);
                    data.put(target, e);
                    return "OK";
                }
                case COUNT -> {
                    return new TreeSet<>(data.keySet()).stream().filter(key -> live(key) != null).count();
                }
                default -> throw new IllegalStateException();
            }
        }

        long removeFields(String k, KeyType type, String field) {
            Entry e = typed(k, type);
            if (e == null || !e.fields.containsKey(field)) {
                return 0;
            }
            e.fields.remove(field);
            if (e.fields.isEmpty()) {
                data.remove(k);
            }
            return 1;
        }
    }
}
