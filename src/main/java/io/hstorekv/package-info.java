/**
 * The public API: open an {@link io.hstorekv.HstoreKv} (its builder holds every setting), take
 * {@link io.hstorekv.Namespace namespaces} from it, and use strings, counters and TTLs there, hashes
 * through {@link io.hstorekv.Namespace#hashes()} and sets through {@link io.hstorekv.Namespace#sets()}.
 * Options and results are small immutable types ({@link io.hstorekv.SetOptions},
 * {@link io.hstorekv.SetResult}, {@link io.hstorekv.Versioned}, {@link io.hstorekv.ScanPage});
 * failures are {@link io.hstorekv.HstoreKvException} and its subtypes, or
 * {@link java.lang.IllegalArgumentException} for bad input (checked before any SQL runs, so bad input
 * changes nothing).
 *
 * <p>Everything here is a thin front: validation is {@code internal.Limits}, SQL is
 * {@code internal.store}, the near cache is {@code internal.near}. This package may use those and
 * {@code io.hstorekv.imports}; nothing below it uses this package (the store reports failures as
 * {@code internal.store.Failure} kinds, which {@code HstoreKv} turns into these exceptions).
 */
package io.hstorekv;
