package io.hstorekv.spring.session;

import io.hstorekv.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.springframework.core.ConfigurableObjectInputStream;

/**
 * Session attributes as JDK serialization, Spring Session JDBC's default, so that any
 * {@link Serializable} attribute (a Spring Security context among them) works as it does there.
 * Classes are resolved through the given class loader (the application's).
 */
public final class JdkSerializationCodec implements ValueCodec<Object> {
    private final ClassLoader classLoader;

    public JdkSerializationCodec(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public byte[] encode(Object value) {
        if (!(value instanceof Serializable)) {
            throw new IllegalArgumentException("a session attribute must be Serializable, got " + value.getClass().getName());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("a session attribute must be Serializable throughout: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("serializing a " + value.getClass().getName() + " failed", e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes) {
        try (ConfigurableObjectInputStream in = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("deserializing a session attribute failed", e);
        }
    }
}
