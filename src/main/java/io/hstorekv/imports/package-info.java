/**
 * Copying an ad-hoc table of the store's own database into a namespace:
 * {@link io.hstorekv.imports.ImportSpec} says what (run it with
 * {@link io.hstorekv.HstoreKv#importTable}), {@link io.hstorekv.imports.ImportReport} says what
 * happened, {@link io.hstorekv.imports.ImportProgress} reports along the way, and
 * {@link io.hstorekv.imports.OnConflict} decides about keys that exist already.
 *
 * <p>{@code TableImport} is the engine: it checks everything before writing, then copies batch by
 * batch inside PostgreSQL ({@code internal.store.TableCopy} holds the SQL) and verifies each batch on
 * a second connection ({@code RangeVerifier}) while the next one copies. Part of the API layer: it may
 * use {@code internal}, and the API's exception types.
 */
package io.hstorekv.imports;
