import { matrixPart } from "./matrix.js";

matrixPart(4);
