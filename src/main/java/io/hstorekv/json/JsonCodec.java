package io.hstorekv.json;

import io.hstorekv.ValueCodec;
import java.util.Objects;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Values as JSON (UTF-8 text, so the stored values stay readable and queryable in SQL), through a
 * Jackson 3 mapper. Thread-safe.
 *
 * @param <T> the type of the values
 */
public final class JsonCodec<T> implements ValueCodec<T> {
    private final ObjectWriter writer;
    private final ObjectReader reader;

    private JsonCodec(ObjectWriter writer, ObjectReader reader) {
        this.writer = writer;
        this.reader = reader;
    }

    /** Values of one type, as plain JSON: {@code {"title":"Dune","year":1965}}. */
    public static <T> JsonCodec<T> of(ObjectMapper mapper, Class<T> type) {
        return of(mapper, mapper.constructType(Objects.requireNonNull(type, "type")));
    }

    /** Values of one generic type (a {@code List<Book>}, say), as plain JSON. */
    public static <T> JsonCodec<T> of(ObjectMapper mapper, JavaType type) {
        Objects.requireNonNull(mapper, "mapper");
        return new JsonCodec<>(mapper.writerFor(type), mapper.readerFor(type));
    }

    /**
     * Values of any type (what a cache holds), as JSON that names the classes it needs to come
     * back as they were: {@code {"@class":"com.example.Book","title":"Dune"}}; strings, booleans,
     * ints and doubles stay bare. The classes named are instantiated on reading, so the store's
     * data must be as trusted as the application's own (it is the application's database).
     */
    public static JsonCodec<Object> anyType(JsonMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        JsonMapper typed = mapper.rebuild()
                .activateDefaultTypingAsProperty(
                        BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build(),
                        DefaultTyping.NON_FINAL_AND_RECORDS, "@class")
                .build();
        return new JsonCodec<>(typed.writerFor(Object.class), typed.readerFor(Object.class));
    }

    /** {@link #anyType(JsonMapper)} with Jackson's default mapper. */
    public static JsonCodec<Object> anyType() {
        return anyType(JsonMapper.builder().findAndAddModules().build());
    }

    @Override
    public byte[] encode(T value) {
        return writer.writeValueAsBytes(value);
    }

    @Override
    public T decode(byte[] bytes) {
        return reader.readValue(bytes);
    }
}
