package dev.weft.server.internal.topic;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.server.Subscription;
import dev.weft.server.Topic;
import java.util.Objects;
import java.util.function.Consumer;

/** {@link Topic} over this process's {@link Topics}. */
final class TopicHandle implements Topic {
    private final Topics topics;
    private final String name;

    TopicHandle(Topics topics, String name) {
        this.topics = topics;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean publish(String text) {
        return topics.publish(name, Message.text(Objects.requireNonNull(text, "text")));
    }

    @Override
    public boolean publish(byte[] bytes) {
        return topics.publish(
                name, Message.bytes(Objects.requireNonNull(bytes, "bytes").clone()));
    }

    @Override
    public boolean publishJson(Object value) {
        String json;
        try {
            json = LocalSubscription.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
        return publish(json);
    }

    @Override
    public Subscription subscribe(Consumer<String> handler) {
        return subscribe(String.class, handler);
    }

    @Override
    public <T> Subscription subscribe(Class<T> type, Consumer<? super T> handler) {
        return subscribe(type, DEFAULT_QUEUE, handler);
    }

    @Override
    public <T> Subscription subscribe(Class<T> type, int queueCapacity, Consumer<? super T> handler) {
        return topics.subscribe(name, type, queueCapacity, handler);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicHandle t && t.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "Topic[" + name + "]";
    }
}
