package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspended;
import static dev.weft.coroutine.CoTesting.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How a thread finds its Weft context without a thread local: a coroutine is its thread's handler. */
class ContextLookupTest {

    @Test
    void aCoroutineFindsItselfAndAPlainVirtualThreadItStartsDoesNot() throws Exception {
        CompletableFuture<Coroutine> inside = new CompletableFuture<>();
        CompletableFuture<Coroutine> inChildThread = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            inside.complete(Co.current());
            Thread.ofVirtual().start(() -> inChildThread.complete(Co.current()));
        });
        assertThat(get(inside)).isSameAs(c);
        assertThat(get(inChildThread)).isNull();
    }

    @Test
    void eachPlainThreadKeepsItsOwnLastError() throws Exception {
        Co.setLastError(CoError.IO_ERROR);
        CompletableFuture<CoError> other = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> other.complete(Co.lastError()));
        assertThat(get(other)).isEqualTo(CoError.NONE);
        assertThat(Co.lastError()).isEqualTo(CoError.IO_ERROR);
        Co.setLastError(CoError.NONE);
    }

    @Test
    void aCoroutineIsItsThreadsUncaughtExceptionHandlerAndCannotBeRunByAnotherThread() throws Exception {
        CompletableFuture<Thread.UncaughtExceptionHandler> handler = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            handler.complete(Thread.currentThread().getUncaughtExceptionHandler());
            Co.sleep(LONG);
        });
        assertThat(get(handler)).isSameAs(c);
        awaitSuspended(c);
        assertThatThrownBy(c::run).isInstanceOf(IllegalStateException.class);
        assertThat(c.state()).isEqualTo(Coroutine.State.SUSPENDED);
        assertThat(c.kill()).isTrue();
        awaitDone(c);
        assertThatThrownBy(c::run).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void suspensionIdsAreUniqueAndStableOnceAsked() throws Exception {
        Coroutine a = Co.go(() -> Co.sleep(LONG));
        Coroutine b = Co.go(() -> Co.sleep(LONG));
        awaitSuspended(a);
        awaitSuspended(b);
        Suspension sa = a.suspension();
        Suspension sb = b.suspension();
        long ida = sa.id();
        assertThat(sb.id()).isNotEqualTo(ida).isPositive();
        assertThat(sa.id()).isEqualTo(ida).isPositive();
        assertThat(sa.toString()).contains("Suspension#" + ida);
        a.kill();
        b.kill();
        awaitDone(a);
        awaitDone(b);
    }
}
