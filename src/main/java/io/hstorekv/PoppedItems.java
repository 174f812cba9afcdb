package io.hstorekv;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Items popped from one of several lists (LMPOP, BLPOP, ...): the key they came from and the items
 * in the order they were popped.
 */
public record PoppedItems(String key, List<byte[]> items) {
    public PoppedItems {
        items = List.copyOf(items);
    }

    /** The items as UTF-8 text. */
    public List<String> strings() {
        return items.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }
}
