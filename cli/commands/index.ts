/** Every `spin` subcommand, in the order `spin --help` lists them. */
import type { Command } from "commander";
import { registerBench } from "./bench.js";
import { registerCheck } from "./check.js";
import { registerExercise } from "./exercise.js";
import { registerInit } from "./init.js";
import { registerLoad } from "./load.js";
import { registerPlayground } from "./playground.js";
import { registerRun } from "./run.js";
import { registerSweep } from "./sweep.js";

export type Register = (program: Command, out: (text: string) => void) => void;

export const commands: readonly Register[] = [
  registerRun,
  registerLoad,
  registerSweep,
  registerCheck,
  registerInit,
  registerExercise,
  registerBench,
  registerPlayground,
];
