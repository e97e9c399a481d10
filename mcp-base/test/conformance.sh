#!/bin/sh
# Runs the MCP conformance suite's server scenarios directly against the conformance fixture and
# through the bridge, and prints both side by side. Needs the npm registry the first time (npx
# fetches node@22 and @modelcontextprotocol/conformance into ~/.npm/_npx; cache that in CI).
set -eu
cd "$(dirname "$0")/.."
exec node --import tsx test/conformance-run.ts
