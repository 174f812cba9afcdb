package io.hstorekv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;

/**
 * Spring Data Redis over Lettuce with a {@link RedisTemplate} left at its default JDK serializer, so
 * every key, hash field and set member is a JDK-serialized object: binary, with NULs and bytes that
 * are not UTF-8. Also the SADD/SREM of a principal index as Spring Session's indexed repository does.
 */
class SpringDataRedisTest {
    private static TestServer server;
    private static LettuceConnectionFactory connections;
    private static RedisTemplate<Object, Object> template;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", server.port()));
        connections.afterPropertiesSet();
        connections.start();
        template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.afterPropertiesSet();
    }

    @AfterAll
    static void stop() {
        if (connections != null) {
            connections.destroy();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void flush() {
        try (RespClient c = server.client()) {
            assertThat(c.call("FLUSHDB")).isEqualTo("OK");
        }
    }

    @Test
    void stringsWithSerializedKeys() {
        template.opsForValue().set("greeting", "hello");
        template.opsForValue().set(42L, List.of("a", "b"), Duration.ofMinutes(5));

        assertThat(template.opsForValue().get("greeting")).isEqualTo("hello");
        assertThat(template.opsForValue().get(42L)).isEqualTo(List.of("a", "b"));
        assertThat(template.getExpire(42L)).isBetween(1L, 300L);
        assertThat(template.hasKey("greeting")).isTrue();
        assertThat(template.countExistingKeys(List.of("greeting", 42L, "missing"))).isEqualTo(2L);
        assertThat(template.delete("greeting")).isTrue();
        assertThat(template.opsForValue().get("greeting")).isNull();
    }

    @Test
    void hashesWithSerializedFields() {
        template.opsForHash().put("user:1", "name", "Ada");
        template.opsForHash().putAll("user:1", Map.of("age", 36, 7, true));

        assertThat(template.opsForHash().get("user:1", "name")).isEqualTo("Ada");
        assertThat(template.opsForHash().entries("user:1")).isEqualTo(Map.of("name", "Ada", "age", 36, 7, true));
        assertThat(template.opsForHash().delete("user:1", "age")).isEqualTo(1L);
        assertThat(template.opsForHash().keys("user:1")).containsExactlyInAnyOrder("name", 7);
    }

    @Test
    void setsWithSerializedMembers() {
        assertThat(template.opsForSet().add("tags", "red", "green", 3)).isEqualTo(3L);
        assertThat(template.opsForSet().isMember("tags", "green")).isTrue();
        assertThat(template.opsForSet().remove("tags", "green", "blue")).isEqualTo(1L);
        assertThat(template.opsForSet().members("tags")).containsExactlyInAnyOrder("red", 3);
    }

    /** What RedisIndexedSessionRepository does with the principal index when a session is saved and deleted. */
    @Test
    void springSessionPrincipalIndex() {
        String index = "spring:session:index:org.springframework.session.FindByIndexNameSessionRepository"
                + ".PRINCIPAL_NAME_INDEX_NAME:ada";
        String first = "5b2e4f7c-1d6a-4c3e-9a58-0f1e2d3c4b5a";
        String second = "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f";

        template.boundSetOps(index).add(first);
        template.boundSetOps(index).add(second);
        assertThat(template.boundSetOps(index).members()).isEqualTo(Set.of(first, second));
        template.boundSetOps(index).remove(first);

        assertThat(template.boundSetOps(index).members()).isEqualTo(Set.of(second));
        assertThat(template.boundSetOps(index).size()).isEqualTo(1L);
    }
}
