/**
 * An in-process bounded cache ({@link io.hstorekv.cache.BoundedCache}), meant as the near cache in
 * front of PostgreSQL reads. No third-party code at run time.
 *
 * <h2>Eviction: W-TinyLFU</h2>
 * The design follows Caffeine's. New entries enter an LRU <em>admission window</em> (1% of the
 * capacity at first). Entries pushed out of it are <em>candidates</em> for the <em>main</em> space,
 * a segmented LRU of <em>probation</em> (20%) and <em>protected</em> (80%, entries hit again while
 * in probation). When the cache is over its bound, a candidate is admitted only if a
 * {@link io.hstorekv.cache.FrequencySketch frequency sketch} (4-bit Count-Min, halved every
 * {@code 10 x capacity} increments so popularity fades) rates it strictly above probation's LRU
 * entry; otherwise the candidate is evicted. One-hit wonders and scans therefore cannot flush the
 * hot set, while the window still gives new keys a chance to build up a count. A warm candidate
 * that loses is admitted 1 time in 128 anyway, so an attacker cannot pin victims through hash
 * collisions. A hill climber samples the hit rate every {@code 10 x capacity} requests and moves
 * capacity between window and protected space in whichever direction last helped (a
 * recency-skewed workload gets a larger window). A cache bounded by entry count (up to 2^20
 * entries) allocates its sketch when built, so frequencies count from the first access, as Caffeine
 * does when its initial capacity is its maximum; a weighted or larger cache allocates it when half
 * full and records no reads before, as nothing can be evicted.
 *
 * <h2>Concurrency</h2>
 * Entries live in a {@link java.util.concurrent.ConcurrentHashMap}. A hit reads the map and
 * publishes the entry into a lossy, striped {@link io.hstorekv.cache.ReadBuffer}; no lock, no
 * allocation, and a full stripe simply drops the event. Writes update the map and queue a task on a
 * bounded {@link io.hstorekv.cache.WriteBuffer}, which must not lose anything: a writer that finds
 * it full drains it itself. The policy ({@link io.hstorekv.cache.TinyLfuPolicy}, not thread-safe)
 * only runs in <em>maintenance</em>, under one lock taken with {@code tryLock} by whichever caller
 * gets there: when a read stripe fills up, or when a batch of writes is pending (up to 16, at most
 * ~1.5% of the bound). It replays the buffered reads and writes, evicts down to the bound and adjusts
 * the window. The bound therefore holds exactly after each maintenance run and may be briefly
 * exceeded in between; {@link io.hstorekv.cache.BoundedCache#cleanUp()} forces a run.
 *
 * <p>Once more than one thread has run maintenance, a full read stripe asks for it only once per
 * 256 reads it drops, so each thread records a sample of its reads (about one in seventeen when
 * hitting at memory speed) instead of all of them. Caffeine gets the same effect from its
 * asynchronous maintenance, which drops reads while it lags; without it two threads spent most of
 * their time replaying each other's reads into the policy (2 threads, Zipf hits: 10.7M reads/s,
 * 76M with no read recorded, 24.2M with the sampling; Caffeine 25.0M in the same run). A single
 * thread records every read, so single-threaded use and the hit-ratio traces are exact.
 *
 * <h2>Expiry and loading</h2>
 * Each value may carry an absolute deadline on the cache's ticker; it is checked on every read, so
 * an expired value is never returned. Expired entries are removed when read, and are preferred
 * victims when eviction meets them; there is no timer, so an expired entry that is never read
 * again occupies space until evicted. {@code get(key, loader)} and {@code getAll(keys, loader)}
 * load each key once however many callers miss on it concurrently (a many-key load awaits the
 * keys others are loading); a put or invalidate during a load wins over the loaded value, which
 * is cached until the deadline the caller derives from it.
 *
 * <p>Against Caffeine, replaying the same traces single-threaded gives the same hit ratios (see
 * {@code bench/hit-ratios}); throughput is measured by {@code bench/near-cache}.
 */
package io.hstorekv.cache;
