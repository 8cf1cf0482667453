#!/usr/bin/env bash
# Fuzzes one target with afl-fuzz and SharpFuzz (docs/testing.md).
#   tests/Fuzzing/fuzz.sh <target> [seconds]     target: reader, events, json-lines, text-lines, sse, json-array, http-prelude
# Needs afl-fuzz (AFL++) on the PATH. Findings land in artifacts/fuzz/<target>/default/{crashes,hangs}.
set -euo pipefail
cd "$(dirname "$0")"

target=${1:?usage: fuzz.sh <target> [seconds]}
seconds=${2:-600}
work=../../artifacts/fuzz
publish=$work/bin-$target

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: install AFL++ (Debian/Ubuntu: apt-get install afl++)" >&2; exit 1; }

dotnet tool restore
rm -rf "$publish" "$work/$target"
dotnet publish Fuzzing.csproj --configuration Release --output "$publish"

# Seeds first: once instrumented, the library only runs under afl-fuzz (it reports coverage to afl's shared memory).
dotnet "$publish/LambdaStreamGen.Fuzzing.dll" --write-seeds "$work/seeds"

# Only the library under test is instrumented: coverage of the framework or the harness would steer the fuzzer away
# from our parsers.
dotnet tool run sharpfuzz "$publish/LambdaStreamGen.dll"

# The dotnet host is not instrumented itself (the instrumented assembly reports coverage through SharpFuzz), so
# afl-fuzz's binary check is skipped.
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  afl-fuzz -V "$seconds" -i "$work/seeds/$target" -o "$work/$target" -t 5000 -m none \
  -- dotnet "$publish/LambdaStreamGen.Fuzzing.dll" "$target"
