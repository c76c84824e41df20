import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, expect } from "vitest";
import { invalidDocuments } from "./render.tsx";

afterEach(() => {
  cleanup();
  globalThis.localStorage?.clear();
  const invalid = invalidDocuments.splice(0);
  expect(invalid, "documents the service's schema refuses").toEqual([]);
});
