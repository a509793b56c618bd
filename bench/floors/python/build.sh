#!/usr/bin/env bash
# Packages the hello-world handler. Locally it runs under awslambdaric from the Python
# runtime's venv (lambdas/python/setup.sh makes it, on the python3.x of the runtime's manifest):
# the same client and interpreter, not a second install.
set -euo pipefail
cd "$(dirname "$0")"
[ -x ../../../lambdas/python/.venv-ric/bin/python ] || bash ../../../lambdas/python/setup.sh
rm -rf dist && mkdir -p dist/lambda
cp handler.py dist/lambda/
(cd dist/lambda && zip -q -X ../python.zip handler.py)
