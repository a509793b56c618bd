#!/bin/sh
# Starts Node.js the way AWS's nodejs managed runtime does (its /var/runtime/bootstrap): the
# same V8 flags, with heap limits derived from AWS_LAMBDA_FUNCTION_MEMORY_SIZE (a tenth of the
# memory as new space, half of that per semi-space, the rest old space). Sources: docs/platform.md.
# Usage: nodejs.sh NODE RUNTIME_INTERFACE_CLIENT HANDLER
node="$1"; shift
if [ -n "${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-}" ]; then
  new_space=$((AWS_LAMBDA_FUNCTION_MEMORY_SIZE / 10))
  set -- "--max-semi-space-size=$((new_space / 2))" "--max-old-space-size=$((AWS_LAMBDA_FUNCTION_MEMORY_SIZE - new_space))" "$@"
fi
exec "$node" --expose-gc --max-http-header-size 81920 "$@"
