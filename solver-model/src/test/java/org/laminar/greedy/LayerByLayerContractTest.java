package org.laminar.greedy;

import org.laminar.schedule.Scheduler;

class LayerByLayerContractTest extends SchedulerContractTest {
  @Override
  Scheduler scheduler() {
    return new LayerByLayerScheduler();
  }
}
