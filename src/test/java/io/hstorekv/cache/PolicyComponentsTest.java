package io.hstorekv.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The building blocks on their own: sketch, deque and buffers. */
class PolicyComponentsTest {

    @Test
    void sketchCountsSaturatesAndAges() {
        FrequencySketch sketch = new FrequencySketch();
        sketch.increment("a");
        assertThat(sketch.frequency("a")).isZero(); // not allocated yet: counts nothing

        sketch.ensureCapacity(512);
        for (int i = 0; i < 20; i++) {
            sketch.increment("hot");
        }
        sketch.increment("warm");
        sketch.increment("warm");
        assertThat(sketch.frequency("hot")).isEqualTo(15); // 4-bit counters saturate
        assertThat(sketch.frequency("warm")).isGreaterThanOrEqualTo(2); // count-min never undercounts

        // 10 x capacity increments trigger an aging pass that halves every counter.
        for (int i = 0; sketch.frequency("hot") == 15; i++) {
            sketch.increment("filler-" + i);
        }
        assertThat(sketch.frequency("hot")).isBetween(7, 8);
    }

    @Test
    void aSizeBoundedPolicySizesItsSketchAtBuildAndCountsFromTheFirstAccess() {
        TinyLfuPolicy<String, String> policy = policy(1_000, false);
        Node<String, String> node = new Node<>("a", "a", 1, Long.MAX_VALUE);
        policy.onAdd(node); // one entry in a cache of 1000: far from half full
        for (int i = 0; i < 4; i++) {
            policy.onAccess(node);
        }
        assertThat(policy.sketchReady).isTrue();
        assertThat(policy.sketch().frequency("a")).isEqualTo(5);
        assertThat(policy.sketch().sampleSize()).isEqualTo(10_000); // ages as Caffeine's: 10 x maximum
    }

    @Test
    void aHugeOrWeightedBoundAllocatesItsSketchOnlyWhenHalfFull() {
        TinyLfuPolicy<String, String> huge = policy(Long.MAX_VALUE, false);
        TinyLfuPolicy<String, String> weighted = policy(1_000, true);
        assertThat(huge.sketchReady).isFalse();
        assertThat(weighted.sketchReady).isFalse(); // its entry count is unknown until it fills up
        assertThat(weighted.sketch().isInitialized()).isFalse();
    }

    private static TinyLfuPolicy<String, String> policy(long maximum, boolean weighted) {
        return new TinyLfuPolicy<>(maximum, weighted, () -> 1, () -> 0L, 1, node -> {});
    }

    @Test
    void dequeKeepsAccessOrder() {
        AccessOrderDeque<String, String> deque = new AccessOrderDeque<>(Node.WINDOW);
        List<Node<String, String>> nodes = new ArrayList<>();
        for (String key : List.of("a", "b", "c")) {
            Node<String, String> node = new Node<>(key, key, 1, Long.MAX_VALUE);
            nodes.add(node);
            deque.addLast(node);
        }
        deque.moveToBack(nodes.get(0)); // a was used: order b, c, a
        assertThat(keys(deque)).containsExactly("b", "c", "a");
        deque.remove(nodes.get(2));
        assertThat(keys(deque)).containsExactly("b", "a");
        assertThat(deque.contains(nodes.get(2))).isFalse();
        assertThat(nodes.get(2).queue).isEqualTo(Node.NONE);
        deque.addFirst(nodes.get(2));
        assertThat(keys(deque)).containsExactly("c", "b", "a");
    }

    private static List<String> keys(AccessOrderDeque<String, String> deque) {
        List<String> keys = new ArrayList<>();
        for (Node<String, String> n = deque.peekFirst(); n != null; n = n.next) {
            keys.add(n.key);
        }
        return keys;
    }

    @Test
    void readBufferIsLossyWhenFullAndDrainsInOrder() {
        ReadBuffer<Integer> buffer = new ReadBuffer<>();
        int accepted = 0;
        int result;
        while ((result = buffer.offer(accepted, false)) == ReadBuffer.SUCCESS) {
            accepted++;
        }
        assertThat(result).isEqualTo(ReadBuffer.FULL); // a stripe holds 16; further reads are dropped
        assertThat(accepted).isEqualTo(16);
        List<Integer> drained = new ArrayList<>();
        buffer.drainTo(drained::add);
        assertThat(drained).hasSize(16).isSorted();
        assertThat(buffer.offer(99, false)).isEqualTo(ReadBuffer.SUCCESS);
    }

    @Test
    void aThrottledFullBufferAsksForADrainOncePer256Drops() {
        ReadBuffer<Integer> buffer = new ReadBuffer<>();
        for (int i = 0; i < 16; i++) {
            assertThat(buffer.offer(i, true)).isEqualTo(ReadBuffer.SUCCESS);
        }
        List<Integer> results = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            results.add(buffer.offer(100 + i, true));
        }
        assertThat(results.stream().filter(r -> r == ReadBuffer.FULL)).hasSize(2);
        assertThat(results.get(255)).isEqualTo(ReadBuffer.FULL);
        assertThat(results.get(511)).isEqualTo(ReadBuffer.FULL);
        assertThat(results.stream().filter(r -> r == ReadBuffer.DROPPED)).hasSize(510);
        assertThat(buffer.offer(0, false)).as("unthrottled, a full buffer always asks").isEqualTo(ReadBuffer.FULL);
        List<Integer> drained = new ArrayList<>();
        buffer.drainTo(drained::add);
        assertThat(drained).containsExactlyElementsOf(IntStream.range(0, 16).boxed().toList());
    }

    @Test
    void writeBufferIsBoundedAndFifo() {
        WriteBuffer buffer = new WriteBuffer(4);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            assertThat(buffer.offer(() -> ran.add(n))).isTrue();
        }
        assertThat(buffer.offer(() -> ran.add(99))).isFalse(); // full: the writer must drain first
        assertThat(buffer.pending()).isEqualTo(4);
        for (Runnable task; (task = buffer.poll()) != null; ) {
            task.run();
        }
        assertThat(ran).containsExactly(0, 1, 2, 3);
        assertThat(buffer.pending()).isZero();
        assertThat(buffer.offer(() -> ran.add(4))).isTrue();
    }
}
