package dev.weft.coroutine;

/**
 * A snapshot of a {@link Channel}, as Swoole's {@code Channel::stats()}.
 *
 * @param consumersWaiting coroutines (or threads) blocked in {@code pop}
 * @param producersWaiting coroutines (or threads) blocked in {@code push}
 * @param queued items in the buffer
 */
public record ChannelStats(int consumersWaiting, int producersWaiting, int queued) {}
