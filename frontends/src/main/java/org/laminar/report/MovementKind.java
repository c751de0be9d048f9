package org.laminar.report;

import org.laminar.schedule.Movement;

/** The kinds of data movement, with the names and colours the reports use for them. */
enum MovementKind {
  WEIGHT_LOAD("weight-load", "weight load", "#5b5b5b"),
  WEIGHT_STREAM("weight-stream", "weight stream", "#3d3d3d"),
  INPUT_STREAM("input-stream", "input stream", "#6a3d9a"),
  SECOND_INPUT_STREAM("second-input-stream", "second-input stream", "#cab2d6"),
  OUTPUT_STREAM("output-stream", "output stream", "#b15928"),
  INPUT_LOAD("input-load", "input load", "#8c8c8c"),
  LINK_HOP("link-hop", "transfer", "#1f5fa8"),
  SPILL_WRITE("spill-write", "spill", "#c0392b"),
  SPILL_READ("spill-read", "read-back", "#e67e22"),
  SINK_STORE("sink-store", "store", "#2e8b57");

  private final String id;
  private final String label;
  private final String colour;

  MovementKind(String id, String label, String colour) {
    this.id = id;
    this.label = label;
    this.colour = colour;
  }

  /** The name in {@code result.json} ({@code weight-load}, ...). */
  String id() {
    return id;
  }

  /** The name in traces and legends ({@code weight load}, ...). */
  String label() {
    return label;
  }

  /** Fill colour in charts. */
  String colour() {
    return colour;
  }

  static MovementKind of(Movement m) {
    if (m instanceof Movement.WeightLoad) {
      return WEIGHT_LOAD;
    } else if (m instanceof Movement.WeightStream) {
      return WEIGHT_STREAM;
    } else if (m instanceof Movement.InputStream) {
      return INPUT_STREAM;
    } else if (m instanceof Movement.SecondInputStream) {
      return SECOND_INPUT_STREAM;
    } else if (m instanceof Movement.OutputStream) {
      return OUTPUT_STREAM;
    } else if (m instanceof Movement.InputLoad) {
      return INPUT_LOAD;
    } else if (m instanceof Movement.LinkHop) {
      return LINK_HOP;
    } else if (m instanceof Movement.SpillWrite) {
      return SPILL_WRITE;
    } else if (m instanceof Movement.SpillRead) {
      return SPILL_READ;
    }
    return SINK_STORE;
  }
}
