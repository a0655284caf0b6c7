/** `spin exercise`: security exercises, one attack per file, and the containment matrix. */
export {
  CHECKS,
  ExerciseFormatError,
  exerciseTemplate,
  exercisesDir,
  loadCatalogue,
  parseExercise,
  scenarioFile,
  type CheckName,
  type Exercise,
} from "./catalogue.js";
export {
  TYPECHECK_LIMIT_MS,
  cellFailed,
  hostAlive,
  matchesExpected,
  runExercise,
  runMatrix,
  type Cell,
  type CheckResult,
  type ExerciseOptions,
  type ReportRenderer,
  type MatrixRow,
  type ModeName,
  type Outcome,
} from "./run.js";
