package org.laminar.exact;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.laminar.hardware.Core;
import org.laminar.hardware.Link;
import org.laminar.hardware.SharedMemory;
import org.laminar.schedule.Movement;
import org.laminar.schedule.Routes;
import org.laminar.schedule.Schedule;
import org.laminar.schedule.ScheduledTile;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.Tile;

/**
 * The permutations of core ids that map a problem onto itself: identical cores (type, array,
 * memories, dataflow and every tile's cost), the same allowed cores for every layer, links onto
 * links of equal bandwidth and energy, shared memories onto shared memories, and every route onto
 * the route of the image cores. Any
 * schedule mapped by such a permutation is another schedule of the same latency, energy and
 * memory peaks, so the model may keep one of each set of copies: the one whose cores of the first
 * allocation groups are lexicographically least ({@link #forbiddenPrefixes}; lex-leader symmetry
 * breaking). Hints are mapped to that copy ({@link #canonical}).
 *
 * <p>Found by enumeration, for accelerators of at most {@value #MAX_CORES} cores.
 */
public final class CoreSymmetry {
  static final int MAX_CORES = 8;
  /** Most prefixes enumerated: the prefix length grows while the allocations fit this. */
  private static final int MAX_PREFIXES = 256;

  private final SchedulingProblem problem;
  /** Each permutation as core id → image core id; the identity excluded. */
  private final List<Map<Integer, Integer>> permutations;

  private CoreSymmetry(SchedulingProblem problem, List<Map<Integer, Integer>> permutations) {
    this.problem = problem;
    this.permutations = List.copyOf(permutations);
  }

  /** No symmetry breaking. */
  public static CoreSymmetry none(SchedulingProblem problem) {
    return new CoreSymmetry(problem, List.of());
  }

  /** The symmetries of {@code problem} (none beyond {@value #MAX_CORES} cores). */
  public static CoreSymmetry of(SchedulingProblem problem) {
    List<Integer> ids = problem.accelerator().cores().stream().map(Core::id).toList();
    List<Map<Integer, Integer>> found = new ArrayList<>();
    if (ids.size() <= MAX_CORES) {
      permute(problem, ids, new TreeMap<>(), new HashSet<>(), found);
    }
    found.removeIf(p -> p.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue())));
    return new CoreSymmetry(problem, found);
  }

  /** Number of non-identity symmetries. */
  public int size() {
    return permutations.size();
  }

  private static void permute(SchedulingProblem problem, List<Integer> ids, TreeMap<Integer, Integer> partial,
      Set<Integer> used, List<Map<Integer, Integer>> found) {
    if (partial.size() == ids.size()) {
      if (preservesProblem(problem, partial)) {
        found.add(Map.copyOf(partial));
      }
      return;
    }
    int core = ids.get(partial.size());
    for (int image : ids) {
      if (!used.contains(image) && sameKind(problem, core, image)) {
        partial.put(core, image);
        used.add(image);
        permute(problem, ids, partial, used, found);
        used.remove(image);
        partial.remove(core);
      }
    }
  }

  private static boolean sameKind(SchedulingProblem problem, int a, int b) {
    Core x = problem.accelerator().core(a);
    Core y = problem.accelerator().core(b);
    if (!x.name().equals(y.name()) || !x.array().equals(y.array()) || !x.memories().equals(y.memories())
        || !x.dataflow().equals(y.dataflow())) {
      return false;
    }
    for (Tile t : problem.graph().tiles()) {
      if (!cost(problem, t, x).equals(cost(problem, t, y))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The costs of {@code t} on {@code core} in each way it may run there (activations on chip,
   * streamed), or the cost model's reason why it cannot run there.
   */
  private static Object cost(SchedulingProblem problem, Tile t, Core core) {
    try {
      return problem.activationModes(t, core).stream().map(streamed -> problem.cost(t, core, streamed)).toList();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static boolean preservesProblem(SchedulingProblem problem, Map<Integer, Integer> p) {
    for (Tile tile : problem.graph().tiles()) {
      List<Integer> allowed = problem.allowedCores(tile);
      if (!allowed.stream().map(p::get).collect(Collectors.toSet()).equals(Set.copyOf(allowed))) {
        return false;
      }
    }
    for (Link link : problem.accelerator().links()) {
      if (image(problem, p, link).isEmpty()) {
        return false;
      }
    }
    // A core's own memory and a memory it shares differ in capacity and in-place edges.
    for (SharedMemory shared : problem.accelerator().sharedMemories()) {
      Set<Integer> cores = shared.cores().stream().map(p::get).collect(Collectors.toSet());
      if (problem.accelerator().sharedMemories().stream()
          .noneMatch(s -> s.memory().equals(shared.memory()) && Set.copyOf(s.cores()).equals(cores))) {
        return false;
      }
    }
    Routes routes = new Routes(problem.accelerator());
    for (int a : p.keySet()) {
      for (int b : p.keySet()) {
        Optional<List<Routes.Hop>> route = routes.route(a, b);
        Optional<List<Routes.Hop>> mapped = routes.route(p.get(a), p.get(b));
        if (route.isPresent() != mapped.isPresent()) {
          return false;
        }
        if (route.isPresent() && !route.get().stream().map(h -> new Routes.Hop(image(problem, p, h.link()).orElseThrow(),
            p.get(h.from()), p.get(h.to()))).toList().equals(mapped.get())) {
          return false;
        }
      }
    }
    return true;
  }

  /** The link joining the images of {@code link}'s cores, with its bandwidth and energy. */
  private static Optional<Link> image(SchedulingProblem problem, Map<Integer, Integer> p, Link link) {
    Set<Integer> cores = new HashSet<>();
    link.cores().forEach(c -> cores.add(p.get(c)));
    return problem.accelerator().links().stream().filter(l -> Set.copyOf(l.cores()).equals(cores)
        && l.bandwidthBits() == link.bandwidthBits() && l.energyPerBitPj() == link.energyPerBitPj()).findFirst();
  }

  /**
   * The core sequences to forbid for the first allocation groups (group {@code i} may use
   * {@code allowed.get(i)}): those that some symmetry maps to a lexicographically smaller one.
   * Empty without symmetries.
   */
  public List<List<Integer>> forbiddenPrefixes(List<List<Integer>> allowed) {
    if (permutations.isEmpty()) {
      return List.of();
    }
    int depth = 0;
    long count = 1;
    while (depth < allowed.size() && count * allowed.get(depth).size() <= MAX_PREFIXES) {
      count *= allowed.get(depth).size();
      depth++;
    }
    List<List<Integer>> forbidden = new ArrayList<>();
    enumerate(allowed, depth, new ArrayList<>(), forbidden);
    return forbidden;
  }

  private void enumerate(List<List<Integer>> allowed, int depth, List<Integer> prefix, List<List<Integer>> out) {
    if (prefix.size() == depth) {
      if (permutations.stream().anyMatch(p -> compare(prefix.stream().map(p::get).toList(), prefix) < 0)) {
        out.add(List.copyOf(prefix));
      }
      return;
    }
    for (int core : allowed.get(prefix.size())) {
      prefix.add(core);
      enumerate(allowed, depth, prefix, out);
      prefix.remove(prefix.size() - 1);
    }
  }

  private static int compare(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * The copy of {@code schedule} under the symmetry that makes the cores of
   * {@code representatives} (one tile per allocation group, in group order) least, so that it
   * satisfies {@link #forbiddenPrefixes}.
   */
  public Schedule canonical(Schedule schedule, List<Integer> representatives) {
    Map<Integer, Integer> coreOf = new TreeMap<>();
    schedule.tiles().forEach(t -> coreOf.put(t.tile(), t.core()));
    List<Integer> cores = representatives.stream().map(t -> coreOf.getOrDefault(t, -1)).toList();
    Map<Integer, Integer> best = null;
    List<Integer> least = cores;
    for (Map<Integer, Integer> p : permutations) {
      List<Integer> mapped = cores.stream().map(c -> p.getOrDefault(c, c)).toList();
      if (compare(mapped, least) < 0) {
        least = mapped;
        best = p;
      }
    }
    return best == null ? schedule : apply(best, schedule);
  }

  private Schedule apply(Map<Integer, Integer> p, Schedule s) {
    List<ScheduledTile> tiles = s.tiles().stream()
        .map(t -> new ScheduledTile(t.tile(), p.get(t.core()), t.start(), t.end())).toList();
    List<Movement> movements = new ArrayList<>();
    for (Movement m : s.movements()) {
      movements.add(map(p, m));
    }
    return new Schedule(tiles, movements);
  }

  private Movement map(Map<Integer, Integer> p, Movement m) {
    if (m instanceof Movement.WeightLoad w) {
      return new Movement.WeightLoad(w.layer(), p.get(w.core()), w.bits(), w.resource(), w.start(), w.end());
    } else if (m instanceof Movement.WeightStream w) {
      return new Movement.WeightStream(w.tile(), p.get(w.core()), w.bits(), w.resource(), w.start(), w.end());
    } else if (m instanceof Movement.InputLoad l) {
      return new Movement.InputLoad(l.tile(), p.get(l.core()), l.bits(), l.resource(), l.start(), l.end());
    } else if (m instanceof Movement.LinkHop h) {
      return new Movement.LinkHop(h.producer(), h.consumer(), h.hop(), p.get(h.fromCore()), p.get(h.toCore()),
          h.bits(), linkName(p, h.resource()), h.start(), h.end());
    } else if (m instanceof Movement.SpillWrite w) {
      return new Movement.SpillWrite(w.tile(), p.get(w.core()), w.bits(), w.resource(), w.start(), w.end());
    } else if (m instanceof Movement.SpillRead r) {
      return new Movement.SpillRead(r.producer(), r.consumer(), p.get(r.core()), r.bits(), r.resource(), r.start(),
          r.end());
    }
    Movement.SinkStore st = (Movement.SinkStore) m;
    return new Movement.SinkStore(st.tile(), p.get(st.core()), st.bits(), st.resource(), st.start(), st.end());
  }

  private String linkName(Map<Integer, Integer> p, String name) {
    return problem.accelerator().links().stream().filter(l -> Objects.equals(l.name(), name)).findFirst()
        .flatMap(l -> image(problem, p, l)).map(Link::name).orElse(name);
  }
}
