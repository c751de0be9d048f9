package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Data occupying a storage resource over a variable interval: from the start of task {@code from}
 * until the latest end among {@code from} itself and the counting {@link Hold}s. The buffer exists
 * when {@code from} is present and {@code when} holds.
 *
 * <p>Examples: a tile's output from the tile's start to its last consumer's end (or to the end of
 * the transfer that ships it away); weights from their load's start to the last tile using them.
 *
 * @param name buffer name for messages
 * @param resource index of a {@link ResourceKind#STORAGE} resource
 * @param bits size (bits, {@code >= 0})
 * @param from task whose start allocates the buffer
 * @param until holds that keep it allocated
 * @param when condition on the modes under which the buffer exists (e.g. the producer's core is
 *     the one owning {@code resource})
 */
public record Buffer(String name, int resource, long bits, int from, List<Hold> until, Condition when) {
  public Buffer {
    checkNotNull(name, "buffer name is missing");
    checkArgument(resource >= 0 && from >= 0, "buffer %s: indices must be >= 0", name);
    checkArgument(bits >= 0, "buffer %s: size must be >= 0 bits, got %s", name, bits);
    until = ImmutableList.copyOf(until);
    checkNotNull(when, "buffer %s: condition is missing", name);
  }
}
