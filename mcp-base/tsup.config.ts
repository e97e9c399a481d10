import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', 'command-policy': 'src/command-policy.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', 'command-policy': 'src/command-policy.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
})
