process.stderr.write('mcp-deploy: not built yet\n')
