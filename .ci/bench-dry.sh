#!/usr/bin/env bash
# CI short mode for the benchmarks: every benchmark runs once (BenchmarkDotNet's Dry job) so they build, their
# set-up checks (SDK and baseline answer the same bytes) pass, and they never rot. Numbers from this are meaningless.
# The P4 peak-memory probe and the cold start driver's build run too. Takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
project=benchmarks/Apono.Integration.Sdk.Benchmarks
dotnet build "$project" -c Release -v q -nologo
# No set-up warm-up in a dry run (TelemetryOverheadBenchmarks warms its pipelines for 15 s before measuring).
APONO_BENCHMARK_WARMUP_SECONDS=0 dotnet run --project "$project" -c Release --no-build -- --filter '*' --job Dry --artifacts artifacts/bench-dry
dotnet run --project "$project" -c Release --no-build -- --limit
dotnet run --project "$project" -c Release --no-build -- --peak
dotnet build benchmarks/coldstart -c Release -v q -nologo
