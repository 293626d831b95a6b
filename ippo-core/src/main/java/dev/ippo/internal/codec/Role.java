package dev.ippo.internal.codec;

/** Which end of a connection this is: it decides who masks. */
public enum Role {
  /** Accepts connections; expects masked frames, sends unmasked ones. */
  SERVER,
  /** Opens connections; sends masked frames, expects unmasked ones. */
  CLIENT
}
