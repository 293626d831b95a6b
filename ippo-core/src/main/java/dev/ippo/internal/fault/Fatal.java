package dev.ippo.internal.fault;

/**
 * Which failures a loop survives. A failure of one connection's code (an exception, or an
 * {@link Error} such as a {@code NoClassDefFoundError} or an {@code OutOfMemoryError} from
 * one large allocation) ends that connection and nothing else. A {@link VirtualMachineError}
 * other than those two ({@code InternalError}, {@code UnknownError}) says the JVM itself is
 * broken: it ends the loop that meets it, which then says so loudly (see
 * {@code EventLoop}), since going on would serve its connections from a state nobody knows.
 *
 * <p>Stateless; thread safe.
 */
public final class Fatal {
  private Fatal() {}

  /** Whether {@code t} is one that no loop goes on after. */
  public static boolean isFatal(Throwable t) {
    return t instanceof VirtualMachineError
        && !(t instanceof OutOfMemoryError)
        && !(t instanceof StackOverflowError);
  }

  /** Throws {@code t} when it is fatal; returns otherwise. */
  public static void rethrowIfFatal(Throwable t) {
    if (isFatal(t)) {
      throw (VirtualMachineError) t;
    }
  }
}
