// Jest `globalSetup` module of the engine project (see jest.ts).
import { globalSetup } from './jest';

export = globalSetup;
