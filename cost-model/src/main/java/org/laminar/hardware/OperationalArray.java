package org.laminar.hardware;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/**
 * A core's PE array.
 *
 * @param macEnergyPj energy of one MAC (pJ); 0 for an in-memory-computing array, whose energy
 *     the IMC model computes from its circuits
 * @param dimensions array dimension name → size (PEs), in declaration order
 * @param imc the in-memory-computing macro, when the array is one
 * @param fixedRate the fixed MAC rate of a tile that is costed without a PE array (an AIE compute
 *     tile), when the array is one; such an array has no dimensions and no MAC energy
 */
public record OperationalArray(double macEnergyPj, Map<String, Integer> dimensions, Optional<ImcArray> imc,
    Optional<FixedRateArray> fixedRate) {
  public OperationalArray {
    checkArgument(macEnergyPj >= 0, "MAC energy must be >= 0 pJ, got %s", macEnergyPj);
    dimensions.forEach((d, size) -> checkArgument(size != null && size >= 0,
        "array dimension %s must be >= 0 PEs, got %s", d, size));
    dimensions = ImmutableMap.copyOf(dimensions);
    checkNotNull(imc, "IMC array: use Optional.empty() for a digital array");
    if (imc.isPresent()) {
      checkImc(imc.get(), dimensions, macEnergyPj);
    }
    checkNotNull(fixedRate, "fixed-rate array: use Optional.empty() for a PE array");
    checkArgument(fixedRate.isEmpty() || (imc.isEmpty() && dimensions.isEmpty() && macEnergyPj == 0),
        "a fixed-rate array has no PE dimensions, IMC macro or MAC energy, got %s, %s, %s pJ", dimensions, imc,
        macEnergyPj);
  }

  /** A PE array, digital or in-memory-computing. */
  public OperationalArray(double macEnergyPj, Map<String, Integer> dimensions, Optional<ImcArray> imc) {
    this(macEnergyPj, dimensions, imc, Optional.empty());
  }

  /** A tile costed by {@code fixedRate} alone. */
  public static OperationalArray fixedRate(FixedRateArray fixedRate) {
    return new OperationalArray(0, Map.of(), Optional.empty(), Optional.of(fixedRate));
  }

  private static void checkImc(ImcArray macro, Map<String, Integer> dimensions, double macEnergyPj) {
    checkArgument(macEnergyPj == 0, "an IMC array has no unit MAC energy, got %s pJ", macEnergyPj);
    checkArgument(Integer.valueOf(macro.columns()).equals(dimensions.get(macro.wordlineDimension()))
        && Integer.valueOf(macro.rows()).equals(dimensions.get(macro.bitlineDimension())),
        "IMC array: wordline %s (%s) and bitline %s (%s) must be array dimensions of those sizes, have %s",
        macro.wordlineDimension(), macro.columns(), macro.bitlineDimension(), macro.rows(), dimensions);
    long pes = dimensions.values().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
    checkArgument((long) macro.columns() * macro.rows() * macro.banks() == pes,
        "IMC array: %s columns × %s rows × %s banks must be the array's %s PEs", macro.columns(), macro.rows(),
        macro.banks(), pes);
  }

  /** A digital array of MAC units. */
  public OperationalArray(double macEnergyPj, Map<String, Integer> dimensions) {
    this(macEnergyPj, dimensions, Optional.empty());
  }

  /** Number of PEs (product of the dimension sizes). */
  public long size() {
    long size = 1;
    for (int s : dimensions.values()) {
      size *= s;
    }
    return size;
  }
}
