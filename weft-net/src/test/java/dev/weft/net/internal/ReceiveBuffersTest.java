package dev.weft.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Receive buffers: direct and pooled for the built-in decoders, heap for user protocols. */
class ReceiveBuffersTest {
    @Test
    void aReleasedDirectBufferIsHandedOutAgainCleared() {
        ByteBuffer first = ReceiveBuffers.acquire(true);
        assertThat(first.isDirect()).isTrue();
        assertThat(first.capacity()).isEqualTo(ReceiveBuffers.SIZE);
        first.put((byte) 1).flip();
        ReceiveBuffers.release(first);
        ByteBuffer again = ReceiveBuffers.acquire(true);
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.remaining()).isEqualTo(ReceiveBuffers.SIZE);
        ReceiveBuffers.release(again);
    }

    @Test
    void userProtocolsGetHeapBuffersWithAnArray() {
        ByteBuffer heap = ReceiveBuffers.acquire(false);
        assertThat(heap.isDirect()).isFalse();
        assertThat(heap.hasArray()).isTrue();
    }

    @Test
    void heapAndGrownBuffersAreNotPooled() {
        ByteBuffer grown = ByteBuffer.allocateDirect(2 * ReceiveBuffers.SIZE);
        ReceiveBuffers.release(grown);
        ReceiveBuffers.release(ByteBuffer.allocate(ReceiveBuffers.SIZE));
        ReceiveBuffers.release(null);
        for (int i = 0; i < 4; i++) {
            ByteBuffer b = ReceiveBuffers.acquire(true);
            assertThat(b).isNotSameAs(grown);
            assertThat(b.isDirect()).isTrue();
        }
    }
}
