package io.hstorekv.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded Zipf-distributed ranks (inverse CDF by binary search) and a scrambler to turn ranks into keys. */
final class Zipf {
    private final double[] cdf;
    private final SplittableRandom random;

    Zipf(int items, double exponent, long seed) {
        cdf = new double[items];
        double sum = 0;
        for (int i = 0; i < items; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cdf[i] = sum;
        }
        for (int i = 0; i < items; i++) {
            cdf[i] /= sum;
        }
        random = new SplittableRandom(seed);
    }

    /** Next rank in [0, items): 0 is the most popular. */
    int nextRank() {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(i >= 0 ? i : -i - 1, cdf.length - 1);
    }

    double nextDouble() {
        return random.nextDouble();
    }

    /** Spreads ranks over the key space so popularity is unrelated to key order or hash bits. */
    static long scramble(long rank) {
        long x = rank + 0x9e3779b97f4a7c15L;
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return (x ^ (x >>> 31)) & Long.MAX_VALUE;
    }
}
