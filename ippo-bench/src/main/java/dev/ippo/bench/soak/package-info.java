/**
 * The soak of {@code bench/soak}: about 2000 raw WebSocket peers of several kinds (churning,
 * vanishing, slow, hostile, chatting) against {@code ippo echo} and {@code ippo chat} for ten
 * minutes, with each server's memory, descriptors and threads sampled every minute.
 */
package dev.ippo.bench.soak;
