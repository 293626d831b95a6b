/**
 * Keeping a fault where it happened: loggers that never throw, and the one rule of which
 * failures a loop survives. Used by every layer that runs on an event loop.
 */
package dev.ippo.internal.fault;
