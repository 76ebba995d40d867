package dev.weft.internal.transport;

import java.util.function.Consumer;

/**
 * A set of objects compared by identity, in one array with open addressing (linear probing,
 * deletion by shifting back): four bytes a member at most half full, where a {@code HashSet}
 * spends a 32-byte entry on each. Topics keep their subscribers in one and connections their
 * topics, so a subscription costs a few array slots, not objects. Not thread-safe: each set
 * belongs to one loop.
 *
 * @param <T> the members' type
 */
final class IdentitySet<T> {
    private static final int MIN_CAPACITY = 4;
    private Object[] slots;
    private int size;

    IdentitySet() {
        slots = new Object[MIN_CAPACITY];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(T member) {
        Object[] s = slots;
        int mask = s.length - 1;
        for (int i = indexFor(member, mask); s[i] != null; i = (i + 1) & mask) {
            if (s[i] == member) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code member}; false if it was already there. */
    boolean add(T member) {
        if (contains(member)) {
            return false;
        }
        if ((size + 1) * 2 > slots.length) {
            resize(slots.length * 2);
        }
        insert(slots, member);
        size++;
        return true;
    }

    /** Removes {@code member}; false if it was not there. */
    boolean remove(T member) {
        Object[] s = slots;
        int mask = s.length - 1;
        int i = indexFor(member, mask);
        while (s[i] != member) {
            if (s[i] == null) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // Shift later members of the run back into the hole, so lookups never meet a gap
        // before the member they probe for (no tombstones to clean up later).
        int hole = i;
        for (int j = (hole + 1) & mask; s[j] != null; j = (j + 1) & mask) {
            int home = indexFor(s[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                s[hole] = s[j];
                hole = j;
            }
        }
        s[hole] = null;
        size--;
        if (size * 8 < s.length && s.length > MIN_CAPACITY) {
            resize(s.length / 2);
        }
        return true;
    }

    /**
     * Copies the members into {@code into} (grown if too small), from index 0; the rest of the
     * array is left as it was. For iterating while the set may change.
     *
     * @return the array holding the members: {@code into}, or a larger one
     */
    Object[] copyInto(Object[] into) {
        Object[] out = into.length >= size ? into : new Object[Math.max(size, into.length * 2)];
        int n = 0;
        for (Object o : slots) {
            if (o != null) {
                out[n++] = o;
            }
        }
        return out;
    }

    /** Calls {@code action} on each member; the set must not change meanwhile. */
    @SuppressWarnings("unchecked")
    void forEach(Consumer<? super T> action) {
        for (Object o : slots) {
            if (o != null) {
                action.accept((T) o);
            }
        }
    }

    /**
     * The members, read from any thread without a lock: a snapshot that may miss a change made
     * on the owning loop meanwhile, never a member that was not there.
     */
    Object[] racySnapshot() {
        Object[] s = slots;
        Object[] out = new Object[s.length];
        int n = 0;
        for (Object o : s) {
            if (o != null) {
                out[n++] = o;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private void resize(int capacity) {
        Object[] fresh = new Object[capacity];
        for (Object o : slots) {
            if (o != null) {
                insert(fresh, o);
            }
        }
        slots = fresh;
    }

    private static void insert(Object[] s, Object member) {
        int mask = s.length - 1;
        int i = indexFor(member, mask);
        while (s[i] != null) {
            i = (i + 1) & mask;
        }
        s[i] = member;
    }

    private static int indexFor(Object o, int mask) {
        int h = System.identityHashCode(o);
        return (h ^ (h >>> 16)) * 0x9E3779B1 >>> 7 & mask;
    }
}
