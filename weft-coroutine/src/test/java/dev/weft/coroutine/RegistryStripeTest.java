package dev.weft.coroutine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The registry's open-addressing stripe: it behaves like a map from id to coroutine, whatever the ids. */
class RegistryStripeTest {

    private static Coroutine coroutine(long id) {
        return new Coroutine(id, null, -1, () -> {}, false);
    }

    private static void assertSameContent(Registry.Stripe stripe, Map<Long, Coroutine> model) {
        List<Coroutine> listed = new ArrayList<>();
        stripe.copyTo(listed);
        assertThat(listed).hasSize(model.size());
        assertThat(new HashSet<>(listed)).isEqualTo(new HashSet<>(model.values()));
        assertThat(stripe.size()).isEqualTo(model.size());
        for (Map.Entry<Long, Coroutine> e : model.entrySet()) {
            assertThat(stripe.get(e.getKey())).isSameAs(e.getValue());
        }
    }

    @Test
    void randomAddsAndRemovesOfStridedIdsMatchAMap() {
        Random random = new Random(42);
        // ids of one stripe, some strided by large powers of two so their home slots collide
        long[] ids = new long[4096];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 2 == 0 ? (long) i * Registry.STRIPES : (long) i * Registry.STRIPES * 1024;
        }
        Registry.Stripe stripe = new Registry.Stripe();
        Map<Long, Coroutine> model = new HashMap<>();
        for (int step = 0; step < 40_000; step++) {
            long id = ids[random.nextInt(ids.length)] + Registry.STRIPES;
            Coroutine present = model.get(id);
            if (present != null) {
                assertThat(stripe.remove(present)).isTrue();
                model.remove(id);
            } else {
                Coroutine c = coroutine(id);
                stripe.add(c);
                model.put(id, c);
            }
            if (step % 4_000 == 0) {
                assertSameContent(stripe, model);
            }
        }
        assertSameContent(stripe, model);
        assertThat(stripe.get(7 * Registry.STRIPES + 3)).isNull();
    }

    @Test
    void removingACoroutineThatIsNotThereAnswersFalse() {
        Registry.Stripe stripe = new Registry.Stripe();
        Coroutine in = coroutine(Registry.STRIPES);
        stripe.add(in);
        assertThat(stripe.remove(coroutine(2L * Registry.STRIPES))).isFalse();
        assertThat(stripe.remove(in)).isTrue();
        assertThat(stripe.remove(in)).isFalse();
        assertThat(stripe.size()).isZero();
    }

    @Test
    void theTableGrowsWithABurstAndShrinksBackWhenItEnds() {
        Registry.Stripe stripe = new Registry.Stripe();
        int initial = stripe.capacity();
        List<Coroutine> burst = new ArrayList<>();
        for (int i = 1; i <= 100_000; i++) {
            Coroutine c = coroutine((long) i * Registry.STRIPES);
            burst.add(c);
            stripe.add(c);
        }
        assertThat(stripe.capacity()).isGreaterThanOrEqualTo(100_000 * 4 / 3);
        for (Coroutine c : burst) {
            assertThat(stripe.remove(c)).isTrue();
        }
        assertThat(stripe.size()).isZero();
        assertThat(stripe.capacity()).isEqualTo(initial);
    }
}
