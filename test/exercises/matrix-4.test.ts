import { matrixPart } from "./matrix.js";

matrixPart(3);
