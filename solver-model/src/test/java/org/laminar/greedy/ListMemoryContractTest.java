package org.laminar.greedy;

import org.laminar.schedule.Scheduler;

class ListMemoryContractTest extends SchedulerContractTest {
  @Override
  Scheduler scheduler() {
    return new ListScheduler(ListScheduler.Priority.MEMORY);
  }
}
