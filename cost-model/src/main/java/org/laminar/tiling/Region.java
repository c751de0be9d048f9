package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A rectangular part of a layer's output: output channels {@code [channelStart, channelEnd)}
 * (in units of output channels {@code K·G}) × output rows {@code [rowStart, rowEnd)} × output
 * columns {@code [columnStart, columnEnd)}, the whole batch.
 */
public record Region(int channelStart, int channelEnd, int rowStart, int rowEnd, int columnStart, int columnEnd) {
  /** The column end of a region given without columns: it spans every column of its layer. */
  public static final int ALL_COLUMNS = Integer.MAX_VALUE;

  public Region {
    checkArgument(0 <= channelStart && channelStart < channelEnd, "empty channel range [%s, %s)", channelStart,
        channelEnd);
    checkArgument(0 <= rowStart && rowStart < rowEnd, "empty row range [%s, %s)", rowStart, rowEnd);
    checkArgument(0 <= columnStart && columnStart < columnEnd, "empty column range [%s, %s)", columnStart,
        columnEnd);
  }

  /** A region over every column of its layer (columns {@code [0, ALL_COLUMNS)}). */
  public Region(int channelStart, int channelEnd, int rowStart, int rowEnd) {
    this(channelStart, channelEnd, rowStart, rowEnd, 0, ALL_COLUMNS);
  }

  /** Number of channels. */
  public int channels() {
    return channelEnd - channelStart;
  }

  /** Number of rows. */
  public int rows() {
    return rowEnd - rowStart;
  }
}
