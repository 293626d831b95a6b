package dev.ippo.internal.engine;

import dev.ippo.internal.codec.DeflateParameters;
import dev.ippo.internal.codec.ZlibPool;

/**
 * permessage-deflate as one end is configured: what it asks for, the smallest message it
 * compresses, and the pool of deflaters and inflaters its connections share for messages
 * without context. Made once per {@code PerMessageDeflate}; immutable and thread safe.
 *
 * @param parameters what this end asks for: context takeover and windows
 * @param threshold messages shorter than this many bytes go uncompressed
 * @param pool zlib state for messages that keep no context, shared by every connection
 */
public record DeflateConfig(DeflateParameters parameters, int threshold, ZlibPool pool) {}
