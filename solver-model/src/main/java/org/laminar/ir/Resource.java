package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A resource that tasks or buffers occupy.
 *
 * @param name resource name, unique within the problem (e.g. {@code core0}, {@code R1})
 * @param kind how it is shared
 * @param capacity units available at every cycle: 1 for {@link ResourceKind#UNARY}, units for
 *     {@link ResourceKind#RENEWABLE}, bits for {@link ResourceKind#STORAGE}
 */
public record Resource(String name, ResourceKind kind, long capacity) {
  public Resource {
    checkNotNull(name, "resource name is missing");
    checkNotNull(kind, "resource %s: kind is missing", name);
    checkArgument(kind != ResourceKind.UNARY || capacity == 1,
        "unary resource %s must have capacity 1, got %s", name, capacity);
    checkArgument(capacity >= 0, "resource %s: capacity must be >= 0, got %s", name, capacity);
  }
}
