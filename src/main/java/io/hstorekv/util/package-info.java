/**
 * Small helpers that both the server and the engine need and that depend on nothing of ours:
 * {@link io.hstorekv.util.Glob} (Redis glob patterns, matched as Redis's stringmatchlen does),
 * {@link io.hstorekv.util.Utf8} (UTF-8 length, strict decoding, byte order) and
 * {@link io.hstorekv.util.Futures} (waiting for a future as if its work ran on the caller).
 */
package io.hstorekv.util;
