package org.laminar.schedule;

import org.laminar.hardware.Dram;

/** The DRAM ports as schedule resources: one shared port, or a read and a write port. */
public enum DramPort {
  SHARED("dram"), READ("dram-read"), WRITE("dram-write");

  private final String resource;

  DramPort(String resource) {
    this.resource = resource;
  }

  /** The resource name movements use for this port. */
  public String resource() {
    return resource;
  }

  /** The port a DRAM read ({@code read}) or write uses on {@code dram}. */
  public static DramPort of(Dram dram, boolean read) {
    if (dram.sharedPort()) {
      return SHARED;
    }
    return read ? READ : WRITE;
  }
}
