#!/usr/bin/env node
// The `courseforge` command. Source is TypeScript run by Node's type stripping (Node >= 22.18).
import "../src/cli/main.ts";
