import { V8_MODES, matrixPart } from "./matrix.js";

matrixPart(0, 1, V8_MODES);
