package dev.weft.coroutine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CancelSmokeTest {
    @Test
    void cancelledSleepReturnsFalseAndTheCoroutineGoesOn() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            boolean slept = Co.sleep(Duration.ofSeconds(30));
            seen.complete(slept + " " + Co.isCanceled() + " " + Co.lastError());
        });
        await().until(() -> c.state() == Coroutine.State.SUSPENDED);
        assertThat(c.suspension().event()).isEqualTo("sleep");
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("false true CO_CANCELED");
        await().until(c::isDone);
        assertThat(Co.cancel(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_NOT_EXISTS);
    }

    @Test
    void killRaisesKilledExceptionAtResume() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                Co.sleep(Duration.ofSeconds(30));
                seen.complete(null);
            } catch (KilledException e) {
                seen.complete(e);
            }
        });
        await().until(() -> c.state() == Coroutine.State.SUSPENDED);
        assertThat(c.kill()).isTrue();
        assertThat(seen.get(5, TimeUnit.SECONDS)).isInstanceOf(KilledException.class);
    }

    @Test
    void channelHandsItemsOverAndJoinWaits() {
        Channel<Integer> ch = new Channel<>(0);
        Coroutine producer = Co.go(() -> {
            for (int i = 0; i < 100; i++) {
                ch.push(i, Duration.ofSeconds(5));
            }
        });
        int sum = 0;
        for (int i = 0; i < 100; i++) {
            sum += ch.pop(Duration.ofSeconds(5));
        }
        assertThat(sum).isEqualTo(4950);
        assertThat(Co.join(List.of(producer), Duration.ofSeconds(5))).isTrue();
    }
}
