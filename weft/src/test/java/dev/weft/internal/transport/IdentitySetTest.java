package dev.weft.internal.transport;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IdentitySetTest {
    /** Random adds and removes, checked against the JDK's identity set after every step. */
    @Test
    void behavesAsASetByIdentityThroughGrowthAndShrinking() {
        Random random = new Random(20261128);
        Object[] pool = new Object[600];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new String("same text"); // equal but distinct: identity is what counts
        }
        IdentitySet<Object> set = new IdentitySet<>();
        Set<Object> model = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int step = 0; step < 200_000; step++) {
            Object o = pool[random.nextInt(step < 100_000 ? pool.length : 40)];
            if (random.nextInt(3) == 0) {
                assertThat(set.remove(o)).isEqualTo(model.remove(o));
            } else {
                assertThat(set.add(o)).isEqualTo(model.add(o));
            }
            assertThat(set.size()).isEqualTo(model.size());
            if (step % 1000 == 0) {
                for (Object p : pool) {
                    assertThat(set.contains(p)).isEqualTo(model.contains(p));
                }
                Object[] copy = set.copyInto(new Object[1]);
                Set<Object> copied = Collections.newSetFromMap(new IdentityHashMap<>());
                copied.addAll(Arrays.asList(copy).subList(0, set.size()));
                assertThat(copied).isEqualTo(model);
                assertThat(new HashSet<>(Arrays.asList(set.racySnapshot())).size()).isLessThanOrEqualTo(1);
                assertThat(set.racySnapshot()).hasSize(model.size());
            }
        }
    }
}
