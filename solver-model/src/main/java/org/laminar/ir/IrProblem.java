package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.laminar.TopologicalOrder;

/**
 * A scheduling problem in Laminar's generic form: tasks with alternative modes on resources,
 * precedences, optional tasks decided by other tasks' modes, and buffers on storage resources.
 * Fused-tile scheduling and PSPLIB RCPSP instances both compile to it, and one CP-SAT translation
 * ({@code org.laminar.cpsat}) and one checker ({@link IrChecker}) serve both. Times are integer
 * cycles, sizes bits, energies pJ.
 *
 * <p>Everything refers to tasks and resources by index in these lists. The precedence graph must
 * be acyclic (conditions ignored), so that a topological order exists.
 *
 * @param name problem name for messages (e.g. the instance file name)
 * @param resources resources, referred to by index
 * @param tasks tasks, referred to by index
 * @param precedences end-to-start precedences
 * @param buffers buffers on storage resources
 * @param forbidden conditions on the modes that no solution may satisfy (e.g. mode combinations
 *     without a route, or symmetric copies of other solutions)
 * @param windows release times and deadlines of tasks, at most one per task (most problems have
 *     none; a neighbourhood's sub-problem pins its fixed context with them)
 */
public record IrProblem(String name, List<Resource> resources, List<Task> tasks, List<Precedence> precedences,
    List<Buffer> buffers, List<Condition> forbidden, List<TimeWindow> windows) {
  public IrProblem {
    checkNotNull(name, "problem name is missing");
    resources = ImmutableList.copyOf(resources);
    tasks = ImmutableList.copyOf(tasks);
    precedences = ImmutableList.copyOf(precedences);
    buffers = ImmutableList.copyOf(buffers);
    forbidden = ImmutableList.copyOf(forbidden);
    checkUnique(name, "resource", resources.stream().map(Resource::name).toList());
    checkUnique(name, "task", tasks.stream().map(Task::name).toList());
    for (int t = 0; t < tasks.size(); t++) {
      Task task = tasks.get(t);
      int self = t;
      for (Mode mode : task.modes()) {
        for (Usage u : mode.usages()) {
          checkArgument(u.resource() < resources.size(), "%s: task %s mode %s uses unknown resource %s", name,
              task.name(), mode.name(), u.resource());
          Resource r = resources.get(u.resource());
          checkArgument(r.kind() != ResourceKind.STORAGE,
              "%s: task %s mode %s uses storage %s directly (use a buffer)", name, task.name(), mode.name(), r.name());
          checkArgument(u.amount() <= r.capacity(), "%s: task %s mode %s needs %s units of %s, capacity is %s",
              name, task.name(), mode.name(), u.amount(), r.name(), r.capacity());
        }
      }
      for (Condition trigger : task.triggers()) {
        checkCondition(name, "trigger of task " + task.name(), trigger, tasks);
        for (List<ModeRef> clause : trigger.anyOf()) {
          for (ModeRef r : clause) {
            checkArgument(r.task() != self, "%s: task %s is triggered by its own mode", name, task.name());
          }
        }
      }
      for (Increment increment : task.increments()) {
        checkCondition(name, "increment of task " + task.name(), increment.when(), tasks);
      }
    }
    for (Precedence p : precedences) {
      checkArgument(p.before() < tasks.size() && p.after() < tasks.size(), "%s: precedence %s->%s: unknown task",
          name, p.before(), p.after());
      checkCondition(name, "precedence " + p.before() + "->" + p.after(), p.when(), tasks);
    }
    for (Buffer b : buffers) {
      checkArgument(b.resource() < resources.size()
          && resources.get(b.resource()).kind() == ResourceKind.STORAGE,
          "%s: buffer %s must be on a storage resource, got resource %s", name, b.name(), b.resource());
      checkArgument(b.from() < tasks.size(), "%s: buffer %s starts at unknown task %s", name, b.name(), b.from());
      checkCondition(name, "buffer " + b.name(), b.when(), tasks);
      for (Hold h : b.until()) {
        checkArgument(h.task() < tasks.size(), "%s: buffer %s is held by unknown task %s", name, b.name(), h.task());
        checkCondition(name, "buffer " + b.name(), h.when(), tasks);
      }
    }
    for (Condition c : forbidden) {
      checkCondition(name, "forbidden condition", c, tasks);
    }
    windows = ImmutableList.copyOf(windows);
    Set<Integer> windowed = new HashSet<>();
    for (TimeWindow w : windows) {
      checkArgument(w.task() < tasks.size(), "%s: time window of unknown task %s", name, w.task());
      checkArgument(windowed.add(w.task()), "%s: task %s has two time windows", name, tasks.get(w.task()).name());
    }
    topologicalOrder(name, tasks.size(), precedences);
    triggerOrder(name, tasks);
  }

  /** A problem without time windows. */
  public IrProblem(String name, List<Resource> resources, List<Task> tasks, List<Precedence> precedences,
      List<Buffer> buffers, List<Condition> forbidden) {
    this(name, resources, tasks, precedences, buffers, forbidden, List.of());
  }

  /** A problem without forbidden conditions and time windows. */
  public IrProblem(String name, List<Resource> resources, List<Task> tasks, List<Precedence> precedences,
      List<Buffer> buffers) {
    this(name, resources, tasks, precedences, buffers, List.of(), List.of());
  }

  /** A builder that assigns indices in insertion order. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The same problem without the buffers of every storage resource whose capacity holds all of
   * its buffers at once: their constraints can never bind, so the solutions (and the checker's
   * verdict on them) are unchanged, but the solver has less to propagate.
   */
  public IrProblem withoutSlackStorage() {
    Set<Integer> slack = slackStorage();
    if (slack.isEmpty()) {
      return this;
    }
    List<Buffer> kept = buffers.stream().filter(b -> !slack.contains(b.resource())).toList();
    return new IrProblem(name, resources, tasks, precedences, kept, forbidden, windows);
  }

  /** The storage resources whose capacity holds all of their buffers at once (indices). */
  public Set<Integer> slackStorage() {
    return slackStorage(resources, buffers);
  }

  private static Set<Integer> slackStorage(List<Resource> resources, List<Buffer> buffers) {
    long[] total = new long[resources.size()];
    buffers.forEach(b -> total[b.resource()] += b.bits());
    Set<Integer> slack = new TreeSet<>();
    for (int r = 0; r < resources.size(); r++) {
      if (resources.get(r).kind() == ResourceKind.STORAGE && total[r] <= resources.get(r).capacity()) {
        slack.add(r);
      }
    }
    return slack;
  }

  /** Number of tasks. */
  public int size() {
    return tasks.size();
  }

  /**
   * The tasks in a topological order of the precedences, the smallest index first among ready
   * tasks (so the same problem always gives the same order).
   */
  public List<Integer> topologicalOrder() {
    return topologicalOrder(name, tasks.size(), precedences);
  }

  /** The index of the resource called {@code resourceName}. */
  public int resourceIndex(String resourceName) {
    for (int r = 0; r < resources.size(); r++) {
      if (resources.get(r).name().equals(resourceName)) {
        return r;
      }
    }
    throw new IllegalArgumentException(name + ": no resource " + resourceName);
  }

  private static List<Integer> topologicalOrder(String name, int n, List<Precedence> precedences) {
    List<List<Integer>> successors = emptyLists(n);
    precedences.forEach(p -> successors.get(p.before()).add(p.after()));
    List<Integer> order = order(successors);
    checkArgument(order.size() == n, "%s: the precedences contain a cycle (through %s of %s tasks)", name,
        n - order.size(), n);
    return order;
  }

  /**
   * The tasks in an order where every task with triggers comes after the tasks they refer to
   * (smallest index first among ready tasks).
   */
  public List<Integer> triggerOrder() {
    return triggerOrder(name, tasks);
  }

  private static List<Integer> triggerOrder(String name, List<Task> tasks) {
    List<List<Integer>> successors = emptyLists(tasks.size());
    for (int t = 0; t < tasks.size(); t++) {
      int triggered = t;
      for (Condition c : tasks.get(t).triggers()) {
        c.anyOf().forEach(clause -> clause.forEach(r -> successors.get(r.task()).add(triggered)));
      }
    }
    List<Integer> order = order(successors);
    checkArgument(order.size() == tasks.size(), "%s: the triggers of tasks refer to each other in a cycle",
        name);
    return order;
  }

  private static List<List<Integer>> emptyLists(int n) {
    List<List<Integer>> lists = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lists.add(new ArrayList<>());
    }
    return lists;
  }

  /** The smallest-ready-index order, shorter than the node count when the graph has a cycle. */
  private static List<Integer> order(List<List<Integer>> successors) {
    int[][] heads = successors.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
    return TopologicalOrder.asList(TopologicalOrder.smallestReadyFirst(heads));
  }

  private static void checkUnique(String problem, String what, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      checkArgument(seen.add(n), "%s: duplicate %s name %s", problem, what, n);
    }
  }

  private static void checkCondition(String problem, String where, Condition c, List<Task> tasks) {
    checkNotNull(c, "%s: %s: condition is missing", problem, where);
    for (List<ModeRef> clause : c.anyOf()) {
      for (ModeRef r : clause) {
        checkArgument(r.task() < tasks.size() && r.mode() < tasks.get(r.task()).modes().size(),
            "%s: %s refers to task %s mode %s, which does not exist", problem, where, r.task(), r.mode());
      }
    }
  }

  /** Collects resources, tasks, precedences and buffers; indices follow insertion order. */
  public static final class Builder {
    private final String name;
    private final List<Resource> resources = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final List<Precedence> precedences = new ArrayList<>();
    private final List<Buffer> buffers = new ArrayList<>();
    private final List<Condition> forbidden = new ArrayList<>();
    private final List<TimeWindow> windows = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Adds a resource and returns its index. */
    public int addResource(String resourceName, ResourceKind kind, long capacity) {
      resources.add(new Resource(resourceName, kind, capacity));
      return resources.size() - 1;
    }

    /** Adds a mandatory task and returns its index. */
    public int addTask(String taskName, List<Mode> modes) {
      return add(Task.of(taskName, modes));
    }

    /**
     * Adds an optional task: mode {@code m} iff {@code triggers.get(m)} holds, absent when none
     * holds. Returns its index.
     */
    public int addOptionalTask(String taskName, List<Mode> modes, List<Condition> triggers) {
      return add(new Task(taskName, modes, triggers, true));
    }

    /**
     * Adds a derived task: mandatory, in mode {@code m} iff {@code triggers.get(m)} holds (exactly
     * one must). Returns its index.
     */
    public int addDerivedTask(String taskName, List<Mode> modes, List<Condition> triggers) {
      checkArgument(!triggers.isEmpty(), "derived task %s needs triggers", taskName);
      return add(new Task(taskName, modes, triggers, false));
    }

    /** Adds a task with increments ({@code optional} needs triggers); returns its index. */
    public int addTask(String taskName, List<Mode> modes, List<Condition> triggers, boolean optional,
        List<Increment> increments) {
      return add(new Task(taskName, modes, triggers, optional, increments));
    }

    /**
     * Adds a task with increments whose modes and increments state work done at {@code
     * unitsPerCycle} per cycle ({@link Task#unitsPerCycle}); returns its index.
     */
    public int addTask(String taskName, List<Mode> modes, List<Condition> triggers, boolean optional,
        List<Increment> increments, long unitsPerCycle) {
      return add(new Task(taskName, modes, triggers, optional, increments, unitsPerCycle));
    }

    /** Forbids every solution in which {@code condition} holds. */
    public Builder forbid(Condition condition) {
      forbidden.add(condition);
      return this;
    }

    /**
     * Adds a free choice between {@code options} (e.g. {@code keep}, {@code spill}): a mandatory
     * task of zero-duration modes on no resource. Returns its index.
     */
    public int addChoice(String choiceName, String... options) {
      return add(Task.of(choiceName, List.of(options).stream().map(o -> new Mode(o, 0, 0, List.of())).toList()));
    }

    /** Adds an unconditional precedence {@code start(after) >= end(before)}. */
    public Builder precede(int before, int after) {
      precedences.add(Precedence.of(before, after));
      return this;
    }

    /** Lets task {@code task}, if it runs, start no earlier than {@code earliestStart} and end by {@code latestEnd}. */
    public Builder window(int task, long earliestStart, long latestEnd) {
      windows.add(new TimeWindow(task, earliestStart, latestEnd));
      return this;
    }

    /** Adds a precedence. */
    public Builder add(Precedence precedence) {
      precedences.add(precedence);
      return this;
    }

    /** Adds a buffer and returns its index. */
    public int addBuffer(Buffer buffer) {
      buffers.add(buffer);
      return buffers.size() - 1;
    }

    private int add(Task task) {
      tasks.add(task);
      return tasks.size() - 1;
    }

    /** The task added at {@code index}. */
    public Task task(int index) {
      return tasks.get(index);
    }

    /** The storage resources added so far whose capacity holds all of the buffers added so far (indices). */
    public Set<Integer> slackStorage() {
      return IrProblem.slackStorage(resources, buffers);
    }

    /** Validates and freezes the problem. */
    public IrProblem build() {
      return new IrProblem(name, resources, tasks, precedences, buffers, forbidden, windows);
    }
  }
}
