package io.hstorekv;

/**
 * What a namespace stores ({@link HstoreKv#storedSize}): its rows (expired ones too, until the
 * sweeper deletes them), their bytes as PostgreSQL stores keys, values and fields, its
 * {@link SizeBounds}, and how many entries were evicted to keep within them.
 *
 * @param entries rows stored
 * @param bytes bytes of their keys, values and fields, after compression (no row headers, no indexes)
 * @param bounds the namespace's bounds
 * @param evictions entries evicted so far, by every instance
 */
public record StoredSize(long entries, long bytes, SizeBounds bounds, long evictions) {}
