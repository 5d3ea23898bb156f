// Jest `globalTeardown` module of the engine project (see jest.ts).
import { globalTeardown } from './jest';

export = globalTeardown;
