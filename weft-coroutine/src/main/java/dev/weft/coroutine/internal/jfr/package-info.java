/**
 * Weft's JDK Flight Recorder events (category "Weft"): coroutine start and end, suspensions above a
 * threshold, cancel and kill requests. Each is checked with {@link jdk.jfr.FlightRecorder#isInitialized()} and its {@link jdk.jfr.EventType#isEnabled()}
 * before anything is allocated or registered, so they cost a static field read when no recording runs.
 *
 * <p>Internal: not part of Weft's API; the event names and fields are what JMC and {@code jfr print} show.
 */
package dev.weft.coroutine.internal.jfr;
