package io.hstorekv;

import io.hstorekv.testing.Await;
import java.time.Duration;

/** For tests outside this package: waiting on a store's change feed (which is package-private API). */
public final class ChangeFeeds {
    private ChangeFeeds() {}

    /** Waits until the store's feed has run a whole poll that began after this call: writes made before are applied. */
    public static void settle(HstoreKv kv) {
        long polls = kv.changeFeed().polls();
        Await.until(() -> kv.changeFeed().polls() >= polls + 2, Duration.ofSeconds(5), "the change feed to catch up");
    }
}
