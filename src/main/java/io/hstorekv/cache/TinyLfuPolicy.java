package io.hstorekv.cache;

import java.util.function.LongSupplier;

/**
 * W-TinyLFU eviction policy (after Caffeine's design): new entries enter a small LRU admission
 * window; its victims compete for the main space, a segmented LRU (probation / protected), and
 * are admitted only if the frequency sketch says they are more popular than the main victim. The
 * window lets bursts of new keys through; the frequency filter keeps one-hit wonders and scans out
 * of main. A hill climber moves capacity between window and main to follow the workload
 * (recency-skewed traces want a big window, frequency-skewed ones a small one).
 *
 * <p>All methods run under the cache's eviction lock, so nothing here is synchronized. Sizes are in
 * weight units (1 per entry when no weigher is set).
 */
final class TinyLfuPolicy<K, V> {
    private static final double PERCENT_MAIN = 0.99;
    private static final double PERCENT_MAIN_PROTECTED = 0.80;
    private static final double STEP_PERCENT = 0.0625; // first hill-climber step: 6.25% of capacity
    private static final double STEP_DECAY = 0.98; // steps shrink so the window settles
    private static final double RESTART_THRESHOLD = 0.05; // a 5-point hit-rate swing restarts big steps
    private static final int TRANSFER_LIMIT = 1000; // bounds the work of one maintenance run
    private static final int WARM = 6; // candidates this hot may be admitted at random (hash flooding)
    // Size bounds up to this get their sketch at build (8 bytes per entry, next to the ~100 an
    // entry costs), so counting starts with the first access, as in Caffeine with initialCapacity =
    // maximum; above it, or with a weigher (entry count unknown), the sketch waits for half full.
    private static final long EAGER_SKETCH_LIMIT = 1 << 20;

    /** Removes an evicted node from the cache's map; called with the node still linked. */
    interface Evictor<K, V> {
        void evict(Node<K, V> node);
    }

    private final AccessOrderDeque<K, V> window = new AccessOrderDeque<>(Node.WINDOW);
    private final AccessOrderDeque<K, V> probation = new AccessOrderDeque<>(Node.PROBATION);
    private final AccessOrderDeque<K, V> protectedQueue = new AccessOrderDeque<>(Node.PROTECTED);
    private final FrequencySketch sketch = new FrequencySketch();
    private final long maximum;
    private final boolean weighted;
    private final LongSupplier entryCount;
    private final LongSupplier ticker;
    private final Evictor<K, V> evictor;

    private long weightedSize;
    private long windowMaximum;
    private long windowSize;
    private long protectedMaximum;
    private long protectedSize;

    private int hitsInSample;
    private int missesInSample;
    private double previousHitRate;
    private double stepSize;
    private long adjustment; // window resize still to apply (positive = grow)

    private long random; // xorshift state for the admission coin
    private long now;
    private boolean nowRead;
    boolean sketchReady; // the sketch exists (built, or cache half full): reads are worth recording from then on

    TinyLfuPolicy(long maximum, boolean weighted, LongSupplier entryCount, LongSupplier ticker,
            long seed, Evictor<K, V> evictor) {
        this.maximum = maximum;
        this.weighted = weighted;
        this.entryCount = entryCount;
        this.ticker = ticker;
        this.evictor = evictor;
        this.random = seed == 0 ? 0x9e3779b97f4a7c15L : seed;
        windowMaximum = maximum - (long) (PERCENT_MAIN * maximum);
        protectedMaximum = (long) (PERCENT_MAIN_PROTECTED * (maximum - windowMaximum));
        stepSize = -STEP_PERCENT * maximum;
        if (!weighted && maximum <= EAGER_SKETCH_LIMIT) {
            sketch.ensureCapacity(maximum);
            sketchReady = true;
        }
    }

    /** For tests of the sketch's sizing. */
    FrequencySketch sketch() {
        return sketch;
    }

    long weightedSize() {
        return weightedSize;
    }

    /** Starts a maintenance run: the clock is read at most once per run, and only if needed. */
    void beginMaintenance() {
        nowRead = false;
    }

    // ---- events replayed from the buffers ----

    void onAdd(Node<K, V> node) {
        if (node.isRetired()) {
            return; // removed before we saw the add; its removal task will find it unlinked
        }
        int weight = node.weight();
        node.policyWeight = weight;
        weightedSize += weight;
        windowSize += weight;
        if (weightedSize >= (maximum >>> 1)) {
            sketch.ensureCapacity(weighted ? entryCount.getAsLong() : maximum);
            sketchReady = true;
        }
        sketch.increment(node.key);
        missesInSample++;
        if (weight > maximum) {
            window.addFirst(node);
            evict(node); // can never fit
        } else if (weight > windowMaximum) {
            window.addFirst(node); // too big for the window: offer it to main right away
        } else {
            window.addLast(node);
        }
    }

    void onUpdate(Node<K, V> node) {
        if (node.queue == Node.NONE) {
            return; // not linked yet (its add will read the new weight) or already gone
        }
        int weight = node.weight();
        int delta = weight - node.policyWeight;
        node.policyWeight = weight;
        weightedSize += delta;
        if (node.queue == Node.WINDOW) {
            windowSize += delta;
        } else if (node.queue == Node.PROTECTED) {
            protectedSize += delta;
        }
        if (weight > maximum) {
            evict(node);
        } else {
            onAccess(node);
        }
    }

    void onRemove(Node<K, V> node) {
        unlink(node);
    }

    void onAccess(Node<K, V> node) {
        sketch.increment(node.key);
        hitsInSample++;
        switch (node.queue) {
            case Node.WINDOW -> window.moveToBack(node);
            case Node.PROTECTED -> protectedQueue.moveToBack(node);
            case Node.PROBATION -> {
                if (node.policyWeight > protectedMaximum) {
                    probation.moveToBack(node);
                } else {
                    // Promote; if protected overflows, climb() demotes its LRU entries back to probation.
                    probation.remove(node);
                    protectedQueue.addLast(node);
                    protectedSize += node.policyWeight;
                }
            }
            default -> { } // stale access to an entry not (or no longer) linked
        }
    }

    // ---- eviction ----

    void evictEntries() {
        evictFromMain(evictFromWindow());
    }

    /** Moves the window's overflow to the tail of probation; returns the first moved (the first candidate). */
    private Node<K, V> evictFromWindow() {
        Node<K, V> first = null;
        Node<K, V> node = window.peekFirst();
        while (windowSize > windowMaximum && node != null) {
            Node<K, V> next = node.next;
            if (node.policyWeight != 0) {
                window.remove(node);
                windowSize -= node.policyWeight;
                probation.addLast(node);
                if (first == null) {
                    first = node;
                }
            }
            node = next;
        }
        return first;
    }

    /**
     * While over capacity, pits the oldest new arrival (candidate, from probation's tail end) against
     * probation's LRU entry (victim) and evicts the less frequent. Falls back to protected and window
     * entries when probation runs dry.
     */
    private void evictFromMain(Node<K, V> candidate) {
        byte victimQueue = Node.PROBATION;
        byte candidateQueue = Node.PROBATION;
        Node<K, V> victim = probation.peekFirst();
        while (weightedSize > maximum) {
            if (candidate == null && candidateQueue == Node.PROBATION) {
                candidate = window.peekFirst();
                candidateQueue = Node.WINDOW;
            }
            if (candidate == null && victim == null) {
                if (victimQueue == Node.PROBATION) {
                    victim = protectedQueue.peekFirst();
                    victimQueue = Node.PROTECTED;
                    continue;
                } else if (victimQueue == Node.PROTECTED) {
                    victim = window.peekFirst();
                    victimQueue = Node.WINDOW;
                    continue;
                }
                break; // nothing linked is left; pending adds will catch up
            }
            if (victim != null && victim.policyWeight == 0) {
                victim = victim.next;
                continue;
            } else if (candidate != null && candidate.policyWeight == 0) {
                candidate = candidate.next;
                continue;
            }
            Node<K, V> loser;
            if (victim == null) {
                loser = candidate;
                candidate = candidate.next;
            } else if (candidate == null) {
                loser = victim;
                victim = victim.next;
            } else if (candidate == victim) {
                loser = candidate;
                victim = victim.next;
                candidate = null;
            } else if (isExpired(victim)) {
                loser = victim;
                victim = victim.next;
            } else if (isExpired(candidate) || candidate.policyWeight > maximum) {
                loser = candidate;
                candidate = candidate.next;
            } else if (admit(candidate.key, victim.key)) {
                loser = victim;
                victim = victim.next;
                candidate = candidate.next;
            } else {
                loser = candidate;
                candidate = candidate.next;
            }
            evict(loser);
        }
    }

    /** TinyLFU admission: the candidate must be strictly more frequent than the victim. */
    private boolean admit(K candidateKey, K victimKey) {
        int victimFrequency = sketch.frequency(victimKey);
        int candidateFrequency = sketch.frequency(candidateKey);
        if (candidateFrequency > victimFrequency) {
            return true;
        }
        if (candidateFrequency >= WARM) {
            // An attacker can keep a hot victim in place by colliding with it; letting a warm candidate
            // win 1 time in 128 breaks that at negligible cost to the hit ratio.
            random ^= random << 13;
            random ^= random >>> 7;
            random ^= random << 17;
            return (random & 127) == 0;
        }
        return false;
    }

    private boolean isExpired(Node<K, V> node) {
        long expiresAt = node.expiresAt();
        if (expiresAt == Long.MAX_VALUE) {
            return false;
        }
        if (!nowRead) {
            now = ticker.getAsLong();
            nowRead = true;
        }
        return Node.isExpired(expiresAt, now);
    }

    private void evict(Node<K, V> node) {
        evictor.evict(node);
        unlink(node);
    }

    private void unlink(Node<K, V> node) {
        switch (node.queue) {
            case Node.WINDOW -> {
                window.remove(node);
                windowSize -= node.policyWeight;
            }
            case Node.PROBATION -> probation.remove(node);
            case Node.PROTECTED -> {
                protectedQueue.remove(node);
                protectedSize -= node.policyWeight;
            }
            default -> {
                return;
            }
        }
        weightedSize -= node.policyWeight;
    }

    // ---- adaptive window (hill climbing on the sampled hit rate) ----

    void climb() {
        determineAdjustment();
        demoteFromProtected();
        if (adjustment > 0) {
            increaseWindow();
        } else if (adjustment < 0) {
            decreaseWindow();
        }
    }

    /** Each full sample, step the window in the direction that last improved the hit rate. */
    private void determineAdjustment() {
        if (!sketch.isInitialized()) {
            previousHitRate = 0;
            hitsInSample = missesInSample = 0;
            return;
        }
        int requests = hitsInSample + missesInSample;
        if (requests < sketch.sampleSize()) {
            return;
        }
        double hitRate = (double) hitsInSample / requests;
        double change = hitRate - previousHitRate;
        double amount = change >= 0 ? stepSize : -stepSize;
        stepSize = Math.abs(change) >= RESTART_THRESHOLD
                ? STEP_PERCENT * maximum * (amount >= 0 ? 1 : -1)
                : STEP_DECAY * amount;
        previousHitRate = hitRate;
        adjustment = (long) amount;
        hitsInSample = missesInSample = 0;
    }

    private void increaseWindow() {
        if (protectedMaximum == 0) {
            return;
        }
        long quota = Math.min(adjustment, protectedMaximum);
        protectedMaximum -= quota;
        windowMaximum += quota;
        demoteFromProtected();
        for (int i = 0; i < TRANSFER_LIMIT; i++) {
            Node<K, V> node = probation.peekFirst();
            boolean fromProbation = true;
            if (node == null || quota < node.policyWeight) {
                node = protectedQueue.peekFirst();
                fromProbation = false;
            }
            if (node == null || quota < node.policyWeight) {
                break;
            }
            quota -= node.policyWeight;
            if (fromProbation) {
                probation.remove(node);
            } else {
                protectedQueue.remove(node);
                protectedSize -= node.policyWeight;
            }
            window.addLast(node);
            windowSize += node.policyWeight;
        }
        // Hand back what could not be moved this run; it is retried next run.
        protectedMaximum += quota;
        windowMaximum -= quota;
        adjustment = quota;
    }

    private void decreaseWindow() {
        if (windowMaximum <= 1) {
            return;
        }
        long quota = Math.min(-adjustment, Math.max(0, windowMaximum - 1));
        protectedMaximum += quota;
        windowMaximum -= quota;
        for (int i = 0; i < TRANSFER_LIMIT; i++) {
            Node<K, V> node = window.peekFirst();
            if (node == null || quota < node.policyWeight) {
                break;
            }
            quota -= node.policyWeight;
            window.remove(node);
            windowSize -= node.policyWeight;
            probation.addLast(node);
        }
        protectedMaximum -= quota;
        windowMaximum += quota;
        adjustment = -quota;
    }

    private void demoteFromProtected() {
        for (int i = 0; i < TRANSFER_LIMIT && protectedSize > protectedMaximum; i++) {
            Node<K, V> node = protectedQueue.peekFirst();
            if (node == null) {
                break;
            }
            protectedQueue.remove(node);
            protectedSize -= node.policyWeight;
            probation.addLast(node);
        }
    }
}
