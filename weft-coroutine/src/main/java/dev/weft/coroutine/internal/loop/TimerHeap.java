package dev.weft.coroutine.internal.loop;

import java.util.Arrays;

/**
 * A binary min-heap of {@link LoopTimer}s by deadline, with O(log n) removal (each timer knows its
 * index), so the many timeouts that are cancelled before they fire leave nothing behind. Not
 * thread-safe: only its loop's thread touches it.
 */
final class TimerHeap {
    private LoopTimer[] heap = new LoopTimer[64];
    private int size;

    int size() {
        return size;
    }

    /** The earliest timer, or null. */
    LoopTimer peek() {
        return size == 0 ? null : heap[0];
    }

    void add(LoopTimer t) {
        if (t.index >= 0) {
            return;
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.index = size;
        heap[size++] = t;
        up(t.index);
    }

    /** Removes {@code t} if queued here; true if it was. */
    boolean remove(LoopTimer t) {
        int i = t.index;
        if (i < 0 || i >= size || heap[i] != t) {
            return false;
        }
        LoopTimer last = heap[--size];
        heap[size] = null;
        t.index = -1;
        if (i < size) {
            heap[i] = last;
            last.index = i;
            if (!up(i)) {
                down(i);
            }
        }
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
        return true;
    }

    /** Removes and returns the earliest timer if its deadline is at or before {@code now}, else null. */
    LoopTimer pollExpired(long now) {
        LoopTimer t = peek();
        if (t == null || t.deadline - now > 0) {
            return null;
        }
        remove(t);
        return t;
    }

    private boolean up(int i) {
        LoopTimer t = heap[i];
        int start = i;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            LoopTimer p = heap[parent];
            if (p.deadline - t.deadline <= 0) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
        return i != start;
    }

    private void down(int i) {
        LoopTimer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline - heap[child].deadline < 0) {
                child = right;
            }
            LoopTimer c = heap[child];
            if (t.deadline - c.deadline <= 0) {
                break;
            }
            heap[i] = c;
            c.index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}
