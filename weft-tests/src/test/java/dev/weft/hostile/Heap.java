package dev.weft.hostile;

/** The heap in use after garbage collection, for tests that check memory returns to a baseline. */
final class Heap {
    private Heap() {
    }

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
