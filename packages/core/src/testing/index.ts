/** Test helpers for code built on `@mcp-remote/core` (the fake Fly arrives with the Fly runtime). */
export {}
