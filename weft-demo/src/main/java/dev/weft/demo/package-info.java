/** The demo server, Weft's main job, run by {@code ./weft}. */
package dev.weft.demo;
