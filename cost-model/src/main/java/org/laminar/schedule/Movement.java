package org.laminar.schedule;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One data movement of a schedule: a transfer of {@code bits} over one resource (a link, a bus or a
 * DRAM port) during {@code [start, end)} cycles. Every movement occupies its resource exclusively.
 */
public sealed interface Movement permits Movement.WeightLoad, Movement.WeightStream, Movement.InputStream,
    Movement.SecondInputStream, Movement.OutputStream, Movement.InputLoad, Movement.LinkHop, Movement.SpillWrite, Movement.SpillRead,
    Movement.SinkStore {

  /** Name of the link, bus or DRAM port ({@link DramPort#resource()}) carrying it. */
  String resource();

  /** Bits moved. */
  long bits();

  /** First cycle (cycles). */
  long start();

  /** End cycle, exclusive (cycles). */
  long end();

  /** Whether the movement reads from DRAM. */
  default boolean readsDram() {
    return this instanceof WeightLoad || this instanceof WeightStream || this instanceof InputStream
        || this instanceof SecondInputStream || this instanceof InputLoad || this instanceof SpillRead;
  }

  /** Whether the movement writes to DRAM. */
  default boolean writesDram() {
    return this instanceof SpillWrite || this instanceof SinkStore || this instanceof OutputStream;
  }

  /** A short name for messages, e.g. {@code "weight load of layer 2 onto core 1"}. */
  String describe();

  /**
   * Whether a movement's fields are valid; the constructors ask this first and build the message of
   * {@link #validate} only for an invalid one (a schedule has hundreds of thousands of movements).
   */
  private static boolean valid(long bits, String resource, long start, long end) {
    return resource != null && bits > 0 && start >= 0 && end >= start;
  }

  private static void validate(String what, long bits, String resource, long start, long end) {
    checkNotNull(resource, "%s: resource is missing", what);
    checkArgument(bits > 0, "%s: must move > 0 bits, got %s", what, bits);
    checkArgument(start >= 0 && end >= start, "%s: [%s, %s) is not a valid time interval", what, start, end);
  }

  /**
   * Loads the distinct weight slices that {@code layer}'s tiles on {@code core} use from DRAM.
   *
   * @param bits sum of the distinct slices' weight bits (bits)
   */
  record WeightLoad(int layer, int core, long bits, String resource, long start, long end) implements Movement {
    public WeightLoad {
      if (!valid(bits, resource, start, end)) {
        validate("weight load of layer " + layer + " onto core " + core, bits, resource, start, end);
      }
    }

    @Override
    public String describe() {
      return "weight load of layer " + layer + " onto core " + core;
    }
  }

  /**
   * Streams the weight slice of {@code tile} from DRAM into its core while it runs, for a layer
   * whose weights on that core exceed the core's weight memory
   * ({@link SchedulingProblem#streamsWeights}; Stream's "too large operands"). It starts with the
   * tile, and the tile lasts at least as long as the stream.
   */
  record WeightStream(int tile, int core, long bits, String resource, long start, long end) implements Movement {
    public WeightStream {
      if (!valid(bits, resource, start, end)) {
        validate("weight stream of tile " + tile, bits, resource, start, end);
      }
    }

    @Override
    public String describe() {
      return "weight stream of tile " + tile + " onto core " + core;
    }
  }

  /**
   * Streams the input activations of {@code tile}, homed in DRAM, into its core while it runs
   * ({@link ActivationStreams}): {@code bits} is what the tile's core view reads from DRAM, its
   * input times the re-fetches of the loops above the core's lower levels. It lies within the tile's
   * execution, after the tile's weight stream if it has one.
   */
  record InputStream(int tile, int core, long bits, String resource, long start, long end) implements Movement {
    public InputStream {
      if (!valid(bits, resource, start, end)) {
        validate("input stream of tile " + tile, bits, resource, start, end);
      }
    }

    @Override
    public String describe() {
      return "input stream of tile " + tile + " onto core " + core;
    }
  }

  /**
   * Streams the second input of {@code tile}, the activation its layer reads as operand {@code W}
   * (the other factor of an element-wise or a matrix product of two activations), homed in DRAM,
   * into its core while it runs ({@link ActivationStreams}): {@code bits} is what the tile's core
   * view reads from DRAM for that operand. It lies within the tile's execution, after its input
   * stream if it has one.
   */
  record SecondInputStream(int tile, int core, long bits, String resource, long start, long end)
      implements Movement {
    public SecondInputStream {
      if (!valid(bits, resource, start, end)) {
        validate("second-input stream of tile " + tile, bits, resource, start, end);
      }
    }

    @Override
    public String describe() {
      return "second-input stream of tile " + tile + " onto core " + core;
    }
  }

  /**
   * Streams the output of {@code tile} to DRAM while it runs ({@link ActivationStreams}): its
   * consumers read it back from DRAM, or stream it in, as a spilled output. It lies within the
   * tile's execution (after its read streams when reads and writes share one DRAM port).
   */
  record OutputStream(int tile, int core, long bits, String resource, long start, long end) implements Movement {
    public OutputStream {
      if (!valid(bits, resource, start, end)) {
        validate("output stream of tile " + tile, bits, resource, start, end);
      }
    }

    @Override
    public String describe() {
      return "output stream of tile " + tile + " from core " + core;
    }
  }

  /** Loads the network input that {@code tile} reads from DRAM onto its core. */
  record InputLoad(int tile, int core, long bits, String resource, long start, long end) implements Movement {
    public InputLoad {
      if (!valid(bits, resource, start, end)) {
        validate("input load of tile " + tile, bits, resource, start, end);
      }
    }

    @Override
    public String describe() {
      return "input load of tile " + tile + " onto core " + core;
    }
  }

  /**
   * Hop number {@code hop} (0 first) of the transfer of edge {@code producer → consumer} from
   * {@code fromCore} to {@code toCore} over one link or bus. The hops of an edge form a path from
   * the producer's core to the consumer's core; each hop starts after the previous one ends.
   */
  record LinkHop(int producer, int consumer, int hop, int fromCore, int toCore, long bits, String resource,
      long start, long end) implements Movement {
    public LinkHop {
      if (!valid(bits, resource, start, end)) {
        validate("transfer " + producer + "->" + consumer, bits, resource, start, end);
      }
      if (hop < 0) {
        checkArgument(false, "transfer %s->%s: hop must be >= 0, got %s", producer, consumer, hop);
      }
    }

    @Override
    public String describe() {
      return "transfer " + producer + "->" + consumer + " hop " + hop + " (core " + fromCore + " -> core " + toCore
          + " on " + resource + ")";
    }
  }

  /** Writes {@code tile}'s whole output from its core to DRAM (a spill), freeing it on chip. */
  record SpillWrite(int tile, int core, long bits, String resource, long start, long end) implements Movement {
    public SpillWrite {
      if (!valid(bits, resource, start, end)) {
        validate("spill of tile " + tile, bits, resource, start, end);
      }
    }

    @Override
    public String describe() {
      return "spill of tile " + tile + " from core " + core;
    }
  }

  /** Reads back, onto {@code core}, the bits of spilled {@code producer} that {@code consumer} reads. */
  record SpillRead(int producer, int consumer, int core, long bits, String resource, long start, long end)
      implements Movement {
    public SpillRead {
      if (!valid(bits, resource, start, end)) {
        validate("read-back " + producer + "->" + consumer, bits, resource, start, end);
      }
    }

    @Override
    public String describe() {
      return "read-back " + producer + "->" + consumer + " onto core " + core;
    }
  }

  /** Stores the output of a sink tile (its layer has no consumer) to DRAM. */
  record SinkStore(int tile, int core, long bits, String resource, long start, long end) implements Movement {
    public SinkStore {
      if (!valid(bits, resource, start, end)) {
        validate("store of tile " + tile, bits, resource, start, end);
      }
    }

    @Override
    public String describe() {
      return "store of tile " + tile + " from core " + core;
    }
  }
}
