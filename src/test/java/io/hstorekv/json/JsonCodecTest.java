package io.hstorekv.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonCodecTest {
    record Book(String title, int year, List<String> authors) {}

    @Test
    void aTypedCodecWritesPlainJson() {
        JsonCodec<Book> codec = JsonCodec.of(JsonMapper.builder().build(), Book.class);
        byte[] bytes = codec.encode(new Book("Dune", 1965, List.of("Frank Herbert")));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"title\":\"Dune\",\"year\":1965,\"authors\":[\"Frank Herbert\"]}");
        assertThat(codec.decode(bytes)).isEqualTo(new Book("Dune", 1965, List.of("Frank Herbert")));
    }

    @Test
    void theAnyTypeCodecBringsEveryValueBackAsItsOwnClass() {
        JsonCodec<Object> codec = JsonCodec.anyType();
        for (Object value : List.of("text", 42, 42L, 1.5, true, new Book("Dune", 1965, List.of("Frank Herbert")))) {
            assertThat(codec.decode(codec.encode(value))).as("%s", value).isEqualTo(value).hasSameClassAs(value);
        }
        // Collections come back equal, as Jackson's own (mutable) implementations.
        for (Object value : List.of(List.of(new Book("Emma", 1815, List.of())), Map.of("k", 7L))) {
            assertThat(codec.decode(codec.encode(value))).as("%s", value).isEqualTo(value);
        }
        assertThat(new String(codec.encode(new Book("Dune", 1965, List.of())), StandardCharsets.UTF_8))
                .startsWith("{\"@class\":\"io.hstorekv.json.JsonCodecTest$Book\"").contains("\"title\":\"Dune\"");
        assertThat(new String(codec.encode("text"), StandardCharsets.UTF_8)).isEqualTo("\"text\"");
    }
}
