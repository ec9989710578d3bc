#!/usr/bin/env bash
# The Python the tests use, in a venv of its own (created once): LangChain's and LlamaIndex's
# cores for the chunk check, prometheus-client's parser for /metrics. Prints its python.
#   scripts/test-venv.sh        (TEST_VENV=.venv-test)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${TEST_VENV:-.venv-test}
[[ -x $venv/bin/python ]] || python3 -m venv "$venv" >&2
"$venv/bin/python" -c 'import langchain_core, llama_index.core, prometheus_client' 2>/dev/null \
  || "$venv/bin/pip" install -q --disable-pip-version-check langchain-core llama-index-core prometheus-client >&2
echo "$PWD/$venv/bin/python"
