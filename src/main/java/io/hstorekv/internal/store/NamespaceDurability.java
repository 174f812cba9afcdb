package io.hstorekv.internal.store;

/** How a namespace's writes are kept, as the {@code namespaces.durability} column stores it. */
public enum NamespaceDurability {
    /** Each commit waits for the disk. */
    DURABLE,
    /** Commits do not wait for the disk (synchronous_commit off): a crash may lose the last writes. */
    ASYNC,
    /** An UNLOGGED partition: emptied by a crash. */
    VOLATILE
}
