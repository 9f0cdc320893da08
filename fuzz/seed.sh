#!/bin/sh
# Seeds the fuzz corpora from the sample posts and the hostile export fixtures.
# Run from anywhere; the corpora (fuzz/corpus/, ignored by git) grow as the fuzzers run.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
for target in front_matter_round_trip pipeline; do
    corpus="$root/fuzz/corpus/$target"
    mkdir -p "$corpus"
    for post in "$root"/sample_posts/*.md "$root"/tests/data/hostile/*.md; do
        cp "$post" "$corpus/seed-$(basename "$post")"
    done
done
echo "seeded $(ls "$root/fuzz/corpus/pipeline" | wc -l) posts into each of fuzz/corpus/*/"
