package dev.weft.coroutine.internal.loop;

/** The platform thread of an {@link EventLoop}: it carries the loop's virtual threads and runs its selector. */
final class LoopThread extends Thread {
    final EventLoop loop;

    LoopThread(EventLoop loop, String name) {
        super(null, null, name, 0, false);
        this.loop = loop;
        setDaemon(true);
    }

    @Override
    public void run() {
        loop.run();
    }
}
