package dev.weft.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Receive buffers: direct and pooled for the built-in decoders, heap for user protocols. */
class ReceiveBuffersTest {
    private final ReceiveBuffers pool = new ReceiveBuffers(4);

    @Test
    void aReleasedDirectBufferIsHandedOutAgainCleared() {
        ByteBuffer first = pool.acquire(true);
        assertThat(first.isDirect()).isTrue();
        assertThat(first.capacity()).isEqualTo(ReceiveBuffers.SIZE);
        first.put((byte) 1).flip();
        pool.release(first);
        ByteBuffer again = pool.acquire(true);
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.remaining()).isEqualTo(ReceiveBuffers.SIZE);
        pool.release(again);
    }

    @Test
    void userProtocolsGetHeapBuffersWithAnArray() {
        ByteBuffer heap = pool.acquire(false);
        assertThat(heap.isDirect()).isFalse();
        assertThat(heap.hasArray()).isTrue();
    }

    @Test
    void heapAndGrownBuffersAreNotPooled() {
        ByteBuffer grown = ByteBuffer.allocateDirect(2 * ReceiveBuffers.SIZE);
        pool.release(grown);
        pool.release(ByteBuffer.allocate(ReceiveBuffers.SIZE));
        pool.release(null);
        for (int i = 0; i < 8; i++) {
            ByteBuffer b = pool.acquire(true);
            assertThat(b).isNotSameAs(grown);
            assertThat(b.isDirect()).isTrue();
        }
    }

    @Test
    void atMostTheLimitIsKeptFree() {
        java.util.List<ByteBuffer> released = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            released.add(pool.acquire(true));
        }
        released.forEach(pool::release);
        // By identity: ByteBuffer.equals compares contents, and all of these are zeroes.
        for (int i = 0; i < 4; i++) {
            ByteBuffer b = pool.acquire(true);
            assertThat(released).anyMatch(r -> r == b);
        }
        ByteBuffer fresh = pool.acquire(true);
        assertThat(released).noneMatch(r -> r == fresh);
    }
}
