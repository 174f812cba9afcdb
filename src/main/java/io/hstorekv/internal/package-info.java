/**
 * The engine behind the API; nothing here is for users, and nothing here may use the API packages.
 * {@link io.hstorekv.internal.Limits} holds every argument check and size limit, done before any SQL
 * runs so that bad input changes nothing. Below it: {@code internal.near}, the near caches and their
 * coherence, and {@code internal.store}, the only Java that holds SQL.
 */
package io.hstorekv.internal;
