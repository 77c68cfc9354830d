// Per-stage state that a stage inherits from the stage it is built on (`FROM builder`): BuildKit
// starts such a stage from a copy of the parent's dispatch state (ENV, ARGs, SHELL, WORKDIR).
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { runToEnd } from '../../steps';

export function parentStage(model: DockerfileModel, stage: Stage): Stage | undefined {
  const ref = stage.image.stageRef;
  return ref !== undefined && ref < stage.index ? model.stages[ref] : undefined;
}

/** Visits stages in order; each starts from a clone of its parent's final state, or a fresh one. */
export function foldStages<T>(
  model: DockerfileModel,
  fresh: (stage: Stage) => T,
  clone: (state: T) => T,
  visit: (stage: Stage, state: T) => void,
): void {
  runToEnd(foldStagesSteps(model, fresh, clone, visit, Infinity));
}

/** foldStages, yielding after each run of stages that holds at least `instructions` instructions. */
export function* foldStagesSteps<T>(
  model: DockerfileModel,
  fresh: (stage: Stage) => T,
  clone: (state: T) => T,
  visit: (stage: Stage, state: T) => void,
  instructions: number,
): Generator<void, void> {
  const finals: T[] = [];
  let visited = 0;
  for (const stage of model.stages) {
    const parent = parentStage(model, stage);
    const state = parent && finals[parent.index] !== undefined ? clone(finals[parent.index]) : fresh(stage);
    visit(stage, state);
    finals[stage.index] = state;
    visited += stage.instructions.length;
    if (visited >= instructions) {
      visited = 0;
      yield;
    }
  }
}

/** Whether the stage ultimately starts from `scratch`, so every variable it sees is in the file. */
export function startsFromScratch(model: DockerfileModel, stage: Stage): boolean {
  const root = stage.rootImage;
  return root !== undefined && root.resolved?.toLowerCase() === 'scratch';
}
