package org.laminar.cpsat;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.ortools.sat.BoolArgumentProto;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.ConstraintProto;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CumulativeConstraint;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearArgument;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearConstraintProto;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.ortools.sat.Literal;
import com.google.ortools.util.Domain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.laminar.engine.Horizons;
import org.laminar.engine.Objective;
import org.laminar.ir.Buffer;
import org.laminar.ir.Condition;
import org.laminar.ir.Hold;
import org.laminar.ir.Increment;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Mode;
import org.laminar.ir.ModeRef;
import org.laminar.ir.Precedence;
import org.laminar.ir.Resource;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.Task;
import org.laminar.ir.TimeWindow;
import org.laminar.ir.Usage;

/**
 * The CP-SAT model of an {@link IrProblem}, built in fixed sections: task variables (start, end,
 * one optional interval per mode, of fixed size unless the task has increments, and one per usage
 * of a prefix of the mode), mode selection, triggers and forbidden conditions, precedences and time
 * windows, resources ({@code NoOverlap} per unary resource,
 * {@code Cumulative} per renewable resource), buffers (a {@code Cumulative} over variable-end
 * intervals per storage resource), objective. Mandatory tasks
 * use the true literal as presence so one code path serves both kinds of task.
 *
 * <p>Variable names are indexed by task/mode/buffer ({@code start_t12}, {@code on_t12_m3},
 * {@code bufend_b4}, {@code makespan}). Every variable is registered with the way to compute it
 * from an {@link IrSolution}, so {@link #hint} hints all of them.
 */
public final class CpSatTranslation {
  /** Energies are pJ in the IR and integer femtojoules in the model. */
  static final double ENERGY_SCALE = 1000;

  /** Largest EDP value the model may hold: energy is scaled down until horizon × energy fits. */
  private static final double EDP_LIMIT = 0x1p60;

  private final IrProblem problem;
  private final Objective objective;
  private final long horizon;
  private final CpModel model = new CpModel();
  /** CpModel returns a new object per call: compare literals with it by index. */
  private final Literal alwaysTrue = model.trueLiteral();
  private final List<IntVar> starts = new ArrayList<>();
  private final List<IntVar> ends = new ArrayList<>();
  private final List<Literal> presences = new ArrayList<>();
  private final Map<ModeRef, Literal> modeLiterals = new HashMap<>();
  private final Map<Condition, Literal> conditionLiterals = new HashMap<>();
  private final List<List<IntervalVar>> intervalsByResource = new ArrayList<>();
  private final List<List<Long>> demandsByResource = new ArrayList<>();
  private final List<HintRule> hintRules = new ArrayList<>();
  private double objectiveScale = 1;
  /** Domains by range, shared by the variables and constraints that use them ({@link #domain}). */
  private final Map<Range, Domain> domains = new HashMap<>();
  /** Per task with triggers, the clauses of all of them ({@link #impliesPresence}). */
  private final Map<Integer, Set<List<ModeRef>>> triggerClauses = new HashMap<>();

  /** A model variable and its value in a given solution. */
  private record HintRule(IntVar variable, ToLongFunction<IrSolution> value) {}

  /** An integer range, a key of {@link #domains}. */
  private record Range(long min, long max) {}

  private CpSatTranslation(IrProblem problem, Objective objective, long horizon) {
    this.problem = problem;
    this.objective = objective;
    this.horizon = horizon;
  }

  /**
   * Translates {@code problem} with every time variable in {@code [0, horizon]} (cycles): an upper
   * bound on the optimal makespan, e.g. a heuristic schedule's, or {@link Horizons#sumOfDurations}.
   */
  public static CpSatTranslation translate(IrProblem problem, Objective objective, long horizon) {
    checkArgument(horizon >= 0, "%s: horizon must be >= 0 cycles, got %s", problem.name(), horizon);
    CpSatTranslation t = new CpSatTranslation(problem, objective, horizon);
    t.createTaskVariables();
    t.linkModes();
    t.forbid();
    t.addPrecedences();
    t.addWindows();
    t.addResourceConstraints();
    IntVar peak = t.addBuffers();
    t.setObjective(peak);
    return t;
  }

  public CpModel model() {
    return model;
  }

  public long horizon() {
    return horizon;
  }

  /** The start variable of task {@code task} (cycles; 0 when the task is absent). */
  IntVar start(int task) {
    return starts.get(task);
  }

  /** The end variable of task {@code task} (cycles). */
  IntVar end(int task) {
    return ends.get(task);
  }

  /** The literal that holds iff task {@code task} is present. */
  Literal presence(int task) {
    return presences.get(task);
  }

  /** The literal that holds iff the task runs in the mode {@code ref}. */
  Literal mode(ModeRef ref) {
    return modeLiteral(ref);
  }

  /** Factor from the objective's unit to the model's integer objective. */
  double objectiveScale() {
    return objectiveScale;
  }

  // ---- Section 1: one start, one end, one optional interval per (task, mode). ----

  private void createTaskVariables() {
    for (int r = 0; r < problem.resources().size(); r++) {
      intervalsByResource.add(new ArrayList<>());
      demandsByResource.add(new ArrayList<>());
    }
    for (int t = 0; t < problem.size(); t++) {
      int task = t;
      starts.add(variable("start_t" + t, 0, horizon, s -> s.isPresent(task) ? s.starts().get(task) : 0));
      ends.add(variable("end_t" + t, 0, horizon, s -> s.isPresent(task) ? s.end(problem, task) : 0));
    }
    for (int t = 0; t < problem.size(); t++) {
      Task task = problem.tasks().get(t);
      if (task.increments().isEmpty()) {
        fixedDurations(t);
      }
      for (int m = 0; m < task.modes().size(); m++) {
        Mode mode = task.modes().get(m);
        Literal on = modeLiteral(new ModeRef(t, m));
        String name = "run_t" + t + "_m" + m;
        IntervalVar interval;
        if (task.increments().isEmpty()) {
          long cycles = task.duration(m);
          interval = isTrue(on) ? model.newFixedSizeIntervalVar(starts.get(t), cycles, name)
              : model.newOptionalFixedSizeIntervalVar(starts.get(t), cycles, on, name);
        } else {
          LinearArgument size = work(task, mode);
          if (task.increments().size() > 1 || task.unitsPerCycle() > 1) {
            // CP-SAT accepts an interval size of at most one variable: name the sum.
            int index = m;
            long most = task.cycles(mode.duration() + task.increments().stream().mapToLong(Increment::cycles).sum());
            IntVar named = variable("size_t" + t + "_m" + m, task.duration(m), most,
                s -> task.duration(index, s.modes()));
            if (task.unitsPerCycle() == 1) {
              equal(named, size);
            } else {
              // named = ⌈work / u⌉: u·named - u < work <= u·named.
              LinearExpr scaled = LinearExpr.term(named, task.unitsPerCycle());
              atLeast(scaled, size);
              atLeast(size, LinearExpr.affine(named, task.unitsPerCycle(), 1 - task.unitsPerCycle()));
            }
            size = named;
          }
          interval = isTrue(on) ? model.newIntervalVar(starts.get(t), size, ends.get(t), name)
              : model.newOptionalIntervalVar(starts.get(t), size, ends.get(t), on, name);
          equal(LinearExpr.sum(new LinearArgument[] {starts.get(t), size}), ends.get(t), on);
        }
        for (Usage u : mode.usages()) {
          intervalsByResource.get(u.resource()).add(u.isWhole() ? interval : prefix(t, m, u, on));
          demandsByResource.get(u.resource()).add(u.amount());
        }
      }
    }
  }

  /**
   * The end of task {@code t}, whose modes have fixed durations: its start plus the chosen mode's
   * duration, {@code end = start + Σ_m d_m · [mode m]}. One linear constraint for all modes (a hop
   * has up to a dozen): at most one mode literal holds, and none when the task is absent, which
   * pins start and end to 0 ({@link #linkModes}).
   */
  private void fixedDurations(int t) {
    Task task = problem.tasks().get(t);
    Literal only = modeLiteral(new ModeRef(t, 0));
    if (task.modes().size() == 1) {
      equal(LinearExpr.affine(starts.get(t), 1, task.duration(0)), ends.get(t), only);
      return;
    }
    LinearExprBuilder end = LinearExpr.newBuilder().add(starts.get(t));
    for (int m = 0; m < task.modes().size(); m++) {
      if (task.duration(m) > 0) {
        end.addTerm(modeLiteral(new ModeRef(t, m)), task.duration(m));
      }
    }
    equal(end, ends.get(t));
  }

  /** The interval of a usage of the first {@code u.cycles()} cycles of mode {@code m} of task {@code t}. */
  private IntervalVar prefix(int t, int m, Usage u, Literal on) {
    String name = "use_t" + t + "_m" + m + "_r" + u.resource();
    return isTrue(on) ? model.newFixedSizeIntervalVar(starts.get(t), u.cycles(), name)
        : model.newOptionalFixedSizeIntervalVar(starts.get(t), u.cycles(), on, name);
  }

  /** The work of {@code mode} of {@code task}: its own plus the increments whose conditions hold. */
  private LinearExpr work(Task task, Mode mode) {
    List<LinearArgument> terms = new ArrayList<>();
    terms.add(LinearExpr.constant(mode.duration()));
    for (Increment i : task.increments()) {
      terms.add(LinearExpr.term(literal(i.when()), i.cycles()));
    }
    return LinearExpr.sum(terms.toArray(new LinearArgument[0]));
  }

  // ---- Section 2: a mandatory task runs in exactly one mode; triggers decide it where given. ----

  private void linkModes() {
    for (int t = 0; t < problem.size(); t++) {
      Task task = problem.tasks().get(t);
      List<Literal> modes = new ArrayList<>();
      for (int m = 0; m < task.modes().size(); m++) {
        modes.add(modeLiteral(new ModeRef(t, m)));
      }
      Literal present;
      if (!task.isOptional()) {
        if (modes.size() > 1 || !isTrue(modes.get(0))) {
          model.addExactlyOne(modes);
        }
        present = alwaysTrue;
      } else if (modes.size() == 1) {
        present = modes.get(0);
      } else {
        int index = t;
        BoolVar any = bool("present_t" + t, s -> s.isPresent(index));
        equal(LinearExpr.sum(modes.toArray(new Literal[0])), any);
        present = any;
      }
      presences.add(present);
      if (task.isOptional()) {
        // Absent tasks sit at cycle 0 so that their variables have one value.
        equal(starts.get(t), LinearExpr.constant(0), present.not());
        equal(ends.get(t), LinearExpr.constant(0), present.not());
      }
    }
  }

  /**
   * The literal "task runs in mode": the trigger's literal for a task with triggers, a fixed true
   * for a single-mode task, a fresh variable for a mode of a task with a free choice of modes.
   */
  private Literal modeLiteral(ModeRef ref) {
    Literal known = modeLiterals.get(ref);
    if (known != null) {
      return known;
    }
    Task task = problem.tasks().get(ref.task());
    Literal literal;
    if (task.hasTriggers()) {
      literal = literal(task.triggers().get(ref.mode()));
    } else if (task.modes().size() == 1) {
      literal = alwaysTrue;
    } else {
      literal = bool("on_t" + ref.task() + "_m" + ref.mode(), s -> s.modes().get(ref.task()) == ref.mode());
    }
    modeLiterals.put(ref, literal);
    return literal;
  }

  /** A literal equivalent to {@code condition}; one per distinct condition and clause. */
  private Literal literal(Condition condition) {
    Literal known = conditionLiterals.get(condition);
    if (known != null) {
      return known;
    }
    Literal literal;
    if (condition.isTrue()) {
      literal = alwaysTrue;
    } else if (condition.anyOf().isEmpty()) {
      literal = model.falseLiteral();
    } else if (condition.anyOf().size() == 1 && condition.anyOf().get(0).size() == 1) {
      literal = modeLiteral(condition.anyOf().get(0).get(0));
    } else if (condition.anyOf().size() == 1) {
      List<Literal> all = condition.anyOf().get(0).stream().map(this::modeLiteral).toList();
      literal = and(all, "and" + conditionLiterals.size(), s -> condition.holds(s.modes()));
    } else {
      List<Literal> clauses = condition.anyOf().stream().map(c -> literal(new Condition(List.of(c)))).toList();
      BoolVar or = bool("or" + conditionLiterals.size(), s -> condition.holds(s.modes()));
      boolConstraint(false, clauses, or);
      for (Literal clause : clauses) {
        boolConstraint(false, List.of(clause.not(), or));
      }
      literal = or;
    }
    conditionLiterals.put(condition, literal);
    return literal;
  }

  /** A fresh literal equivalent to the conjunction of {@code all}. */
  private BoolVar and(List<Literal> all, String name, Predicate<IrSolution> value) {
    BoolVar and = bool(name, value);
    boolConstraint(true, all, and);
    List<Literal> clause = new ArrayList<>();
    all.forEach(l -> clause.add(l.not()));
    clause.add(and);
    boolConstraint(false, clause);
    return and;
  }

  /** No clause of a forbidden condition may hold: each is a nogood over mode literals. */
  private void forbid() {
    for (Condition condition : problem.forbidden()) {
      for (List<ModeRef> clause : condition.anyOf()) {
        boolConstraint(false, clause.stream().map(r -> modeLiteral(r).not()).toList());
      }
    }
  }

  // ---- Section 3: precedences, enforced when both tasks are present and the condition holds. ----

  private void addPrecedences() {
    for (Precedence p : problem.precedences()) {
      List<Literal> when = new ArrayList<>(List.of(presences.get(p.before()), presences.get(p.after())));
      when.addAll(conjunction(p.when()).orElseGet(() -> List.of(literal(p.when()))));
      atLeast(starts.get(p.after()), LinearExpr.affine(ends.get(p.before()), 1, p.minLag()),
          when.toArray(new Literal[0]));
    }
  }

  /**
   * {@code condition} as a conjunction of literals without new variables, when it has several
   * clauses that share a common part and differ by one mode each of the same mandatory task: a
   * mandatory task runs in exactly one mode, so "one of these modes" is "none of the others"
   * (TileModel's transfer lags: "u on a and v on one of the cores far from a"). Propagates as soon
   * as the other modes are excluded, where a literal for the disjunction would wait for one of
   * them to be chosen.
   */
  private Optional<List<Literal>> conjunction(Condition condition) {
    List<List<ModeRef>> clauses = condition.anyOf();
    if (clauses.size() < 2) {
      return Optional.empty();
    }
    List<ModeRef> common = new ArrayList<>(clauses.get(0));
    clauses.forEach(common::retainAll);
    Set<Integer> modes = new HashSet<>();
    int task = -1;
    for (List<ModeRef> clause : clauses) {
      List<ModeRef> rest = new ArrayList<>(clause);
      rest.removeAll(common);
      if (rest.size() != 1 || (task >= 0 && rest.get(0).task() != task)) {
        return Optional.empty();
      }
      task = rest.get(0).task();
      modes.add(rest.get(0).mode());
    }
    if (problem.tasks().get(task).isOptional()) {
      return Optional.empty();
    }
    List<Literal> literals = new ArrayList<>(common.stream().map(this::modeLiteral).toList());
    for (int m = 0; m < problem.tasks().get(task).modes().size(); m++) {
      if (!modes.contains(m)) {
        literals.add(modeLiteral(new ModeRef(task, m)).not());
      }
    }
    return Optional.of(literals);
  }

  /** A present task starts no earlier than its window and ends by it. */
  private void addWindows() {
    for (TimeWindow w : problem.windows()) {
      Literal present = presences.get(w.task());
      atLeast(starts.get(w.task()), LinearExpr.constant(w.earliestStart()), present);
      atLeast(LinearExpr.constant(w.latestEnd()), ends.get(w.task()), present);
    }
  }

  /** The given literals without the constant true (an empty array enforces always). */
  private Literal[] enforcement(Literal... literals) {
    List<Literal> kept = new ArrayList<>();
    for (Literal l : literals) {
      if (!isTrue(l)) {
        kept.add(l);
      }
    }
    return kept.toArray(new Literal[0]);
  }

  // ---- Section 4: NoOverlap per unary resource, Cumulative per renewable resource. ----

  private void addResourceConstraints() {
    for (int r = 0; r < problem.resources().size(); r++) {
      Resource resource = problem.resources().get(r);
      List<IntervalVar> intervals = intervalsByResource.get(r);
      if (intervals.isEmpty()) {
        continue;
      }
      if (resource.kind() == ResourceKind.UNARY) {
        model.addNoOverlap(intervals);
      } else {
        addCumulative(resource, intervals, demandsByResource.get(r));
      }
    }
  }

  private void addCumulative(Resource resource, List<IntervalVar> intervals, List<Long> demands) {
    CumulativeConstraint cumulative = model.addCumulative(resource.capacity());
    cumulative.addDemands(intervals.toArray(new IntervalVar[0]), demands.stream().mapToLong(Long::longValue)
        .toArray());
  }

  // ---- Section 5: buffers, variable-end intervals in a Cumulative per storage resource. ----

  /**
   * Adds the buffers; with the {@link Objective#PEAK_STORAGE} objective the capacity of each
   * storage resource is a variable, and the returned variable is their maximum (else null).
   */
  private IntVar addBuffers() {
    List<List<IntervalVar>> byStorage = new ArrayList<>();
    List<List<Long>> bits = new ArrayList<>();
    problem.resources().forEach(r -> {
      byStorage.add(new ArrayList<>());
      bits.add(new ArrayList<>());
    });
    for (int b = 0; b < problem.buffers().size(); b++) {
      Buffer buffer = problem.buffers().get(b);
      int index = b;
      Literal exists = bufferPresence(buffer, b);
      IntVar start = starts.get(buffer.from());
      IntVar end = variable("bufend_b" + b, 0, horizon,
          s -> s.hasBuffer(problem, index) ? s.bufferEnd(problem, index) : hintedStart(s, buffer.from()));
      // A buffer lasts at least as long as its task: where every mode of the task lasts the same, that is the
      // size's least value, and the constraint "end >= the task's end" is not needed.
      OptionalLong least = sameDuration(problem.tasks().get(buffer.from()));
      long leastSize = least.orElse(0);
      IntVar size = variable("bufsize_b" + b, Math.min(leastSize, horizon), horizon,
          s -> s.hasBuffer(problem, index) ? s.bufferEnd(problem, index) - s.starts().get(buffer.from())
              : Math.min(leastSize, horizon));
      IntervalVar interval = isTrue(exists) ? model.newIntervalVar(start, size, end, "buf_b" + b)
          : model.newOptionalIntervalVar(start, size, end, exists, "buf_b" + b);
      if (least.isEmpty()) {
        atLeast(end, ends.get(buffer.from()), exists);
      }
      for (Hold h : buffer.until()) {
        atLeast(end, ends.get(h.task()), exists, presences.get(h.task()), literal(h.when()));
      }
      byStorage.get(buffer.resource()).add(interval);
      bits.get(buffer.resource()).add(buffer.bits());
    }
    List<IntVar> peaks = new ArrayList<>();
    for (int r = 0; r < byStorage.size(); r++) {
      if (byStorage.get(r).isEmpty()) {
        continue;
      }
      Resource resource = problem.resources().get(r);
      long[] demands = bits.get(r).stream().mapToLong(Long::longValue).toArray();
      if (objective == Objective.PEAK_STORAGE) {
        int index = r;
        IntVar peak = variable("peak_r" + r, 0, resource.capacity(), s -> s.storagePeak(problem, index));
        model.addCumulative(peak).addDemands(byStorage.get(r).toArray(new IntervalVar[0]), demands);
        peaks.add(peak);
      } else {
        model.addCumulative(resource.capacity()).addDemands(byStorage.get(r).toArray(new IntervalVar[0]), demands);
      }
    }
    if (objective != Objective.PEAK_STORAGE) {
      return null;
    }
    long most = problem.resources().stream().filter(r -> r.kind() == ResourceKind.STORAGE)
        .mapToLong(Resource::capacity).max().orElse(0);
    IntVar peak = variable("peak", 0, most, s -> s.peakStorage(problem));
    model.addMaxEquality(peak, peaks);
    return peak;
  }

  /**
   * All of {@code literals} ({@code and}) or one of them, where all of {@code when} hold; as a
   * finished message, as {@link #linear} for the same reason (CpModel's {@code addBoolAnd},
   * {@code addBoolOr}, {@code addImplication} write the same).
   */
  private void boolConstraint(boolean and, List<Literal> literals, Literal... when) {
    BoolArgumentProto.Builder argument = BoolArgumentProto.newBuilder();
    literals.forEach(l -> argument.addLiterals(l.getIndex()));
    ConstraintProto.Builder constraint = and ? ConstraintProto.newBuilder().setBoolAnd(argument)
        : ConstraintProto.newBuilder().setBoolOr(argument);
    for (Literal l : enforcement(when)) {
      constraint.addEnforcementLiteral(l.getIndex());
    }
    model.getBuilder().addConstraints(constraint.build());
  }

  /** {@code a ≥ b} where all of {@code when} hold (the constant true among them is left out). */
  private void atLeast(LinearArgument a, LinearArgument b, Literal... when) {
    linear(a, b, 0, Long.MAX_VALUE, when);
  }

  /** {@code a = b} where all of {@code when} hold (the constant true among them is left out). */
  private void equal(LinearArgument a, LinearArgument b, Literal... when) {
    linear(a, b, 0, 0, when);
  }

  /**
   * {@code a - b ∈ [min, max]} where all of {@code when} hold, added to the model as a finished
   * message. CpModel's own methods keep a tree of protobuf builders per constraint, about three
   * times the memory: at 5,000 tiles, gigabytes that the collector copied while the model was
   * being built. The message is the one CpModel would write ({@code addLinearExpressionInDomain},
   * {@code onlyEnforceIf}).
   */
  private void linear(LinearArgument a, LinearArgument b, long min, long max, Literal... when) {
    LinearExpr difference = LinearExpr.newBuilder().addTerm(a, 1).addTerm(b, -1).build();
    LinearConstraintProto.Builder linear = LinearConstraintProto.newBuilder();
    for (int i = 0; i < difference.numElements(); i++) {
      linear.addVars(difference.getVariableIndex(i)).addCoeffs(difference.getCoefficient(i));
    }
    long offset = difference.getOffset();
    linear.addDomain(min == Long.MIN_VALUE ? min : min - offset).addDomain(max == Long.MAX_VALUE ? max : max - offset);
    ConstraintProto.Builder constraint = ConstraintProto.newBuilder().setLinear(linear);
    for (Literal l : enforcement(when)) {
      constraint.addEnforcementLiteral(l.getIndex());
    }
    model.getBuilder().addConstraints(constraint.build());
  }

  /**
   * The shared domain {@code [min, max]}. CP-SAT's Java API makes a native domain, with a
   * finaliser, for every variable it is not given one for: at 5,000 tiles about a million, which
   * the collector had to finalise while the model was being built.
   */
  private Domain domain(long min, long max) {
    return domains.computeIfAbsent(new Range(min, max), r -> new Domain(r.min(), r.max()));
  }

  /** The duration of every mode of {@code task} when they are all the same and fixed (no increments). */
  private static OptionalLong sameDuration(Task task) {
    if (!task.increments().isEmpty()) {
      return OptionalLong.empty();
    }
    long first = task.duration(0);
    for (int m = 1; m < task.modes().size(); m++) {
      if (task.duration(m) != first) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(first);
  }

  private boolean isTrue(Literal literal) {
    return literal.getIndex() == alwaysTrue.getIndex();
  }

  private static long hintedStart(IrSolution s, int task) {
    return s.isPresent(task) ? s.starts().get(task) : 0;
  }

  /**
   * The literal "buffer {@code b} exists": its task is present and its condition holds. Where the
   * condition alone implies the task's presence, that is the condition's literal; else a new one.
   */
  private Literal bufferPresence(Buffer buffer, int b) {
    Literal when = literal(buffer.when());
    if (impliesPresence(buffer.when(), buffer.from())) {
      return when;
    }
    Literal from = presences.get(buffer.from());
    Literal[] both = enforcement(from, when);
    if (both.length == 0) {
      return alwaysTrue;
    }
    if (both.length == 1) {
      return both[0];
    }
    return and(List.of(both), "exists_b" + b, s -> s.hasBuffer(problem, b));
  }

  /**
   * Whether {@code condition} implies that {@code task} is present: every clause of it is a clause
   * of one of the task's triggers (an optional task runs in mode m exactly when trigger m holds).
   * True of most buffers: a tile's output on a core exists iff the tile runs there, a received copy
   * iff its last hop is taken (TileModel), and without it each buffer needed one more variable.
   */
  private boolean impliesPresence(Condition condition, int task) {
    Task t = problem.tasks().get(task);
    if (!t.hasTriggers() || condition.anyOf().isEmpty()) {
      return false;
    }
    Set<List<ModeRef>> clausesOfTask = triggerClauses.computeIfAbsent(task, k -> {
      Set<List<ModeRef>> clauses = new HashSet<>();
      t.triggers().forEach(c -> clauses.addAll(c.anyOf()));
      return clauses;
    });
    return clausesOfTask.containsAll(condition.anyOf());
  }

  // ---- Section 6: objective. ----

  private void setObjective(IntVar peak) {
    switch (objective) {
      case MAKESPAN -> model.minimize(makespan());
      case ENERGY -> {
        objectiveScale = ENERGY_SCALE;
        model.minimize(energy(ENERGY_SCALE));
      }
      case EDP -> {
        // Energy in units small enough that horizon × total energy fits the solver's integers.
        double most = Math.max(1, maxEnergyPj());
        objectiveScale = Math.min(ENERGY_SCALE, EDP_LIMIT / (most * Math.max(1, horizon)));
        double scale = objectiveScale;
        // Each term is rounded on its own: allow half a unit per term.
        long maxEnergy = Math.round(most * scale) + problem.size()
            + problem.tasks().stream().mapToLong(t -> t.increments().size()).sum();
        IntVar energy = variable("energy", 0, maxEnergy, s -> scaledEnergy(s, scale));
        model.addEquality(energy, energy(scale));
        IntVar edp = variable("edp", 0, maxEnergy * Math.max(1, horizon),
            s -> s.makespan(problem) * scaledEnergy(s, scale));
        model.addMultiplicationEquality(edp, makespan(), energy);
        model.minimize(edp);
      }
      case PEAK_STORAGE -> model.minimize(peak);
    }
  }

  private IntVar makespan() {
    IntVar makespan = variable("makespan", 0, horizon, s -> s.makespan(problem));
    model.addMaxEquality(makespan, ends);
    return makespan;
  }

  /** The energy of the chosen modes and increments, in units of {@code 1/scale} pJ, each term rounded. */
  private LinearExpr energy(double scale) {
    List<LinearArgument> terms = new ArrayList<>();
    for (int t = 0; t < problem.size(); t++) {
      Task task = problem.tasks().get(t);
      for (int m = 0; m < task.modes().size(); m++) {
        terms.add(LinearExpr.term(modeLiteral(new ModeRef(t, m)), Math.round(task.modes().get(m).energyPj() * scale)));
      }
      for (int i = 0; i < task.increments().size(); i++) {
        Increment increment = task.increments().get(i);
        int index = t;
        Literal applies = isTrue(presences.get(t)) ? literal(increment.when())
            : and(List.of(presences.get(t), literal(increment.when())), "inc_t" + t + "_i" + i,
                s -> s.isPresent(index) && increment.when().holds(s.modes()));
        terms.add(LinearExpr.term(applies, Math.round(increment.energyPj() * scale)));
      }
    }
    return LinearExpr.sum(terms.toArray(new LinearArgument[0]));
  }

  /** What {@link #energy} evaluates to for {@code solution}. */
  private long scaledEnergy(IrSolution solution, double scale) {
    long total = 0;
    for (int t = 0; t < problem.size(); t++) {
      if (!solution.isPresent(t)) {
        continue;
      }
      Task task = problem.tasks().get(t);
      total += Math.round(task.modes().get(solution.modes().get(t)).energyPj() * scale);
      for (Increment increment : task.increments()) {
        if (increment.when().holds(solution.modes())) {
          total += Math.round(increment.energyPj() * scale);
        }
      }
    }
    return total;
  }

  /** An upper bound on the energy of any solution (pJ). */
  private double maxEnergyPj() {
    double most = 0;
    for (Task task : problem.tasks()) {
      most += task.modes().stream().mapToDouble(Mode::energyPj).max().orElse(0)
          + task.increments().stream().mapToDouble(Increment::energyPj).sum();
    }
    return most;
  }

  // ---- Hints and read-back. ----

  /** Hints every model variable with its value in {@code solution} (CP-SAT repairs a bad hint). */
  public void hint(IrSolution solution) {
    checkArgument(solution.modes().size() == problem.size(), "%s: hint has %s tasks, the problem %s",
        problem.name(), solution.modes().size(), problem.size());
    model.clearHints();
    for (HintRule rule : hintRules) {
      model.addHint(rule.variable(), rule.value().applyAsLong(solution));
    }
  }

  /** The solution in the solver's last response (call only after OPTIMAL or FEASIBLE). */
  IrSolution read(CpSolver solver) {
    List<Integer> modes = new ArrayList<>();
    List<Long> startValues = new ArrayList<>();
    for (int t = 0; t < problem.size(); t++) {
      int mode = IrSolution.ABSENT;
      for (int m = 0; m < problem.tasks().get(t).modes().size(); m++) {
        if (solver.booleanValue(modeLiteral(new ModeRef(t, m)))) {
          mode = m;
        }
      }
      modes.add(mode);
      startValues.add(mode == IrSolution.ABSENT ? 0 : solver.value(starts.get(t)));
    }
    return new IrSolution(modes, startValues);
  }

  private IntVar variable(String name, long min, long max, ToLongFunction<IrSolution> value) {
    IntVar v = model.newIntVarFromDomain(domain(min, max), name);
    hintRules.add(new HintRule(v, value));
    return v;
  }

  private BoolVar bool(String name, Predicate<IrSolution> value) {
    BoolVar v = model.newBoolVar(name);
    hintRules.add(new HintRule(v, s -> value.test(s) ? 1 : 0));
    return v;
  }
}
