#!/usr/bin/env python3
"""Sum test outcomes over the TRX files in a folder and print the CI line.

`dotnet test` prints no exact "N passed, N failed" line, so we read the TRX files
(one per test project, see Directory.Build.targets). Exits 1 when a test failed,
when an expected TRX file is missing (a crashed test host), or when no test ran.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

results_dir = Path(sys.argv[1])
expected_projects = sys.argv[2:]
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

passed = failed = skipped = 0
problems = []
for project in expected_projects:
    if not (results_dir / f"{project}.trx").is_file():
        problems.append(f"no results from {project} (did its test host crash?)")

for trx in sorted(results_dir.glob("*.trx")):
    for result in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
        outcome = result.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("Failed", "Error", "Timeout", "Aborted"):
            failed += 1
            problems.append(f"{outcome.lower()}: {trx.stem} {result.get('testName')}")
        else:
            skipped += 1

for problem in problems:
    print(problem)
if passed + failed == 0:
    print("no test ran")
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if problems or passed + failed == 0 else 0)
