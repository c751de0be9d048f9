package org.laminar.tiling;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A rectangular part of a layer's output: output channels {@code [channelStart, channelEnd)}
 * (in units of output channels {@code K·G}) × output rows {@code [rowStart, rowEnd)}, all columns
 * and the whole batch.
 */
public record Region(int channelStart, int channelEnd, int rowStart, int rowEnd) {
  public Region {
    checkArgument(0 <= channelStart && channelStart < channelEnd, "empty channel range [%s, %s)", channelStart,
        channelEnd);
    checkArgument(0 <= rowStart && rowStart < rowEnd, "empty row range [%s, %s)", rowStart, rowEnd);
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
