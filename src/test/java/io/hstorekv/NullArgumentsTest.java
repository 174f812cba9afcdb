package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.imports.ImportSpec;
import io.hstorekv.testing.StoreTestBase;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A null name, key or argument is an {@link IllegalArgumentException}, never a NullPointerException. */
class NullArgumentsTest extends StoreTestBase {

    @Test
    void aNullNamespaceNameIsAnIllegalArgument() {
        assertThatThrownBy(() -> kv.namespace(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kv.namespace(null, Durability.ASYNC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImportSpec.table(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kv.exportJsonl(null, new StringWriter()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNullSettingIsAnIllegalArgumentWhenGiven() {
        assertThatThrownBy(() -> HstoreKv.builder().clock(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HstoreKv.builder().historyTable(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HstoreKv.builder().hstoreSchema(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HstoreKv.builder().schema(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noPublicOperationAnswersNullWithANullPointerException() {
        List<String> npes = new ArrayList<>();
        npes.addAll(probe(kv, HstoreKv.class));
        npes.addAll(probe(ns, Namespace.class));
        npes.addAll(probe(ns.hashes(), Hashes.class));
        npes.addAll(probe(ns.sets(), Sets.class));
        npes.addAll(probe(ImportSpec.table("t"), ImportSpec.class));
        assertThat(npes).isEmpty();
    }

    /** Calls every public method twice: with every reference argument null, then with only non-strings null. */
    private static List<String> probe(Object target, Class<?> type) {
        List<String> npes = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())
                    || m.getName().equals("close") || m.getParameterCount() == 0) {
                continue;
            }
            for (Function<Class<?>, Object> argument : List.<Function<Class<?>, Object>>of(
                    p -> defaultOf(p, null), p -> defaultOf(p, "k"))) {
                Object[] args = new Object[m.getParameterCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = argument.apply(m.getParameterTypes()[i]);
                }
                try {
                    m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof NullPointerException) {
                        npes.add(type.getSimpleName() + "." + m.getName() + Arrays.toString(args));
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return npes;
    }

    private static Object defaultOf(Class<?> parameter, String string) {
        if (parameter == String.class) {
            return string;
        }
        if (parameter == long.class) {
            return 1L;
        }
        if (parameter == int.class) {
            return 1;
        }
        if (parameter == double.class) {
            return 1.0;
        }
        if (parameter == boolean.class) {
            return false;
        }
        return null;
    }
}
