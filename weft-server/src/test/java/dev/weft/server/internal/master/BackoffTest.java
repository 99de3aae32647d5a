package dev.weft.server.internal.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleFromOneHundredMillisecondsUpToTheCapAndResetForgetsThem() {
        Backoff b = new Backoff(Duration.ofSeconds(1));
        assertThat(b.crashed()).isEqualTo(Duration.ofMillis(100));
        assertThat(b.crashed()).isEqualTo(Duration.ofMillis(200));
        assertThat(b.crashed()).isEqualTo(Duration.ofMillis(400));
        assertThat(b.crashed()).isEqualTo(Duration.ofMillis(800));
        assertThat(b.crashed()).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) b.crashed();
        assertThat(b.crashed()).isEqualTo(Duration.ofSeconds(1));
        b.reset();
        assertThat(b.crashed()).isEqualTo(Duration.ofMillis(100));
    }
}
