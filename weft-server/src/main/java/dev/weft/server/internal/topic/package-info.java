/**
 * Internal: topics, cross-process publish/subscribe. In each worker process, {@link
 * dev.weft.server.internal.topic.Topics} holds the subscriptions and a {@link
 * dev.weft.server.internal.topic.HubLink} to the master; in the master, {@link
 * dev.weft.server.internal.topic.TopicHub} routes every published message to the other processes subscribed
 * to its topic and, with a {@link dev.weft.server.internal.topic.RedisBridge}, to the masters of the same app
 * on other machines. The wire format is {@link dev.weft.server.internal.topic.Frames}.
 */
package dev.weft.server.internal.topic;
