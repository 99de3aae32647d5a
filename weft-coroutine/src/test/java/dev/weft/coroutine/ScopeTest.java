package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static dev.weft.coroutine.CoTesting.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Co.scope: children are waited for, killed with their parent, get its cancel, and report failures. */
class ScopeTest {

    @Test
    void aScopeReturnsOnlyWhenEveryChildHasFinished() throws Exception {
        Channel<String> gate = new Channel<>(0);
        List<Coroutine> kids = new CopyOnWriteArrayList<>();
        CompletableFuture<String> returned = new CompletableFuture<>();
        Coroutine parent = Co.go(() -> {
            Co.scope("work", s -> {
                kids.add(s.go("a", gate::pop));
                kids.add(s.go("b", gate::pop));
            });
            returned.complete("returned " + kids.stream().allMatch(Coroutine::isDone) + " " + Co.lastError());
        });
        awaitSuspendedIn(parent, "scope.join work");
        assertThat(kids).hasSize(2).allMatch(k -> k.parentId() == parent.id());
        assertThat(returned).isNotDone();
        gate.push("1");
        gate.push("2");
        assertThat(get(returned)).isEqualTo("returned true NONE");
    }

    @Test
    void killingTheParentKillsTheChildrenAndWaitsForThem() throws Exception {
        List<Coroutine> kids = new CopyOnWriteArrayList<>();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine parent = Co.go(() -> {
            try {
                Co.scope(s -> {
                    kids.add(s.go(() -> Co.sleep(LONG)));
                    kids.add(s.go(() -> new Channel<>(0).pop()));
                });
                seen.complete("returned");
            } catch (KilledException e) {
                seen.complete("killed, children done: " + kids.stream().allMatch(Coroutine::isDone));
                throw e;
            }
        });
        awaitSuspendedIn(parent, "scope.join scope");
        parent.kill();
        assertThat(get(seen)).isEqualTo("killed, children done: true");
        assertThat(kids).allMatch(Coroutine::wasKilled);
        awaitDone(parent);
        assertThat(parent.wasKilled()).isTrue();
    }

    @Test
    void aFailingChildKillsItsSiblingsAndTheScopeRethrowsItsFailure() throws Exception {
        List<Coroutine> kids = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Channel<String> go = new Channel<>(0);
        Co.go(() -> {
            try {
                Co.scope(s -> {
                    kids.add(s.go("sleeper", () -> Co.sleep(LONG)));
                    kids.add(s.go("failer", () -> {
                        go.pop();
                        throw new IllegalStateException("boom");
                    }));
                });
                thrown.complete(null);
            } catch (CompletionException e) {
                thrown.complete(e);
            }
        });
        Coroutine failer =
                org.awaitility.Awaitility.await().until(() -> kids.size() == 2 ? kids.get(1) : null, k -> k != null);
        awaitSuspendedIn(failer, "channel.pop");
        go.push("now");
        assertThat(get(thrown))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        assertThat(kids.get(0).wasKilled()).isTrue();
        assertThat(kids.get(1).wasKilled()).isFalse();
    }

    @Test
    void cancellingTheParentCancelsTheChildrensOperationsAndTheScopeGoesOn() throws Exception {
        CompletableFuture<String> child = new CompletableFuture<>();
        CompletableFuture<String> parentSaw = new CompletableFuture<>();
        Coroutine parent = Co.go(() -> {
            Co.scope("c", s -> s.go(() -> child.complete(Co.sleep(LONG) + " " + Co.lastError())));
            parentSaw.complete("scope returned " + Co.lastError());
        });
        awaitSuspendedIn(parent, "scope.join c");
        org.awaitility.Awaitility.await().until(() -> Co.list().stream()
                .anyMatch(k -> k.parentId() == parent.id() && k.state() == Coroutine.State.SUSPENDED));
        assertThat(Co.cancel(parent.id())).isTrue();
        assertThat(get(child)).isEqualTo("false CO_CANCELED");
        assertThat(get(parentSaw)).isEqualTo("scope returned NONE");
    }

    @Test
    void aBodyThatThrowsKillsTheChildrenAndItsExceptionPropagates() throws Exception {
        List<Coroutine> kids = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Co.go(() -> {
            try {
                Co.scope(s -> {
                    kids.add(s.go(() -> Co.sleep(LONG)));
                    throw new java.io.IOException("body failed");
                });
            } catch (CompletionException e) {
                thrown.complete(e.getCause());
            }
        });
        assertThat(get(thrown)).isInstanceOf(java.io.IOException.class);
        assertThat(kids).allMatch(k -> k.isDone() && k.wasKilled());
    }
}
