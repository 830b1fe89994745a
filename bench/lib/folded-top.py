#!/usr/bin/env python3
"""The top frames of a folded-stacks file (async-profiler's collapsed output), by self and by total samples.

    bench/lib/folded-top.py FILE [N] [FILTER]

FILTER keeps only stacks with a frame containing it (e.g. a class name). Frames are shown as async-profiler names them;
the first frame of a stack is its thread when the profile was taken with the option threads (bench/lib/async-profiler.sh).
"""
import collections
import re
import sys


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    only = sys.argv[3] if len(sys.argv) > 3 else None
    self_samples = collections.Counter()
    total_samples = collections.Counter()
    threads = collections.Counter()
    samples = 0
    with open(path, encoding="utf-8", errors="replace") as folded:
        for line in folded:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = stack.split(";")
            if only and not any(only in frame for frame in frames):
                continue
            n = int(count)
            samples += n
            self_samples[frames[-1]] += n
            threads[re.sub(r" tid=\d+", "", frames[0])] += n
            for frame in set(frames):
                total_samples[frame] += n
    print(f"samples: {samples}")
    for title, counter in (("by thread", threads), ("by self", self_samples), ("by total", total_samples)):
        print(f"--- {title}")
        for frame, n in counter.most_common(top):
            print(f"{n * 100 / max(samples, 1):5.1f}%  {frame}")


if __name__ == "__main__":
    main()
