#!/usr/bin/env bash
# The test command: install what is missing, build, run every test on the real libraries.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/install-deps.sh systemd python3-venv postgresql openssl
# The tests' Python (the RAG clients, the Prometheus parser); the PostgreSQL tests start their
# own throw-away clusters (scripts/pg-cluster.sh).
INTAKE_TEST_PYTHON=$(bash scripts/test-venv.sh)
export INTAKE_TEST_PYTHON
swift format lint --strict --recursive Sources Tests Package.swift
swift build --build-tests
swift test --skip-build
bash scripts/check-rag-clients.sh
