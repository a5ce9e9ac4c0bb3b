#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: the hottest methods by self time, and the
inclusive share of every method whose name matches a filter (default: io.tollgate).
Usage: bench/jfr-hot.py RECORDING.jfr [FILTER] [TOP]"""
import collections, json, subprocess, sys

recording = sys.argv[1]
pattern = sys.argv[2] if len(sys.argv) > 2 else "io.tollgate"
top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample", recording],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(raw)["recording"]["events"]
self_time, inclusive, packages = collections.Counter(), collections.Counter(), collections.Counter()
for event in events:
    frames = event["values"]["stackTrace"]["frames"]
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    if names:
        self_time[names[0]] += 1
    for name in set(names):
        if pattern in name:
            inclusive[name] += 1
    for package in {"/".join(n.split("/")[:3]) for n in names}:
        packages[package] += 1
total = len(events)
print(f"{total} samples")
print(f"\nSelf time, top {top}:")
for name, n in self_time.most_common(top):
    print(f"{100 * n / total:6.1f}%  {name}")
print(f"\nInclusive, by package (first three parts), top {top}:")
for name, n in packages.most_common(top):
    print(f"{100 * n / total:6.1f}%  {name}")
print(f"\nInclusive, methods matching '{pattern}', top {top}:")
for name, n in inclusive.most_common(top):
    print(f"{100 * n / total:6.1f}%  {name}")
