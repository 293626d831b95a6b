package dev.ippo.cli.chat;

/**
 * A picture a client sent, with the type its first bytes say it is.
 *
 * @param mime {@code image/png}, {@code image/jpeg}, {@code image/gif} or {@code image/webp}
 * @param bytes the file as sent; nobody changes it
 */
record Picture(String mime, byte[] bytes) {}
