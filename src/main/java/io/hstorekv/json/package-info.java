/**
 * A Jackson 3 JSON {@link io.hstorekv.ValueCodec}: values stored as JSON text, readable in SQL.
 * Jackson is an optional dependency; only this package uses it.
 */
package io.hstorekv.json;
