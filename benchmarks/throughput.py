"""Throughput of the whole job: replies per second, against spaCy merely tokenizing the same texts.

    python benchmarks/throughput.py --replies 3000

Builds a batch of N replies by cycling the project's own corpus (data/corpus: real-looking
replies in every shape, each with its own questions), codes it end to end with the default
settings, start-up (loading the model and the rule pipeline) included, and prints replies per
second, the ratio to ``spacy.blank("en").pipe`` tokenizing the same texts, and peak memory.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def batch(n: int):
    from nlp_foi.gold import read_gold

    golds = [g for f in sorted((ROOT / "data" / "corpus").glob("*.jsonl")) for g in read_gold(f)]
    for i, g in enumerate(itertools.islice(itertools.cycle(golds), n)):
        reply = g.reply
        yield type(reply)(id=f"{reply.id}-{i}", text=reply.text, source=reply.source, authority=reply.authority,
                          request=g.request)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=3000)
    args = parser.parse_args(argv)

    import spacy

    texts = [r.text for r in batch(args.replies)]
    chars = sum(map(len, texts))
    t0 = time.perf_counter()
    nlp = spacy.blank("en")
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    tok_secs = time.perf_counter() - t0

    t0 = time.perf_counter()
    from nlp_foi.pipeline import code_replies, load_coder

    coder = load_coder()
    lines = sum(1 for _ in code_replies(batch(args.replies), None, coder=coder))
    secs = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"replies            {args.replies} ({chars / args.replies:.0f} characters on average), {lines} answers")
    print(f"coder              {coder.name}")
    print(f"end to end         {args.replies / secs:8.1f} replies/s  ({secs:.1f} s, start-up included)")
    print(f"tokenizer only     {args.replies / tok_secs:8.1f} replies/s  ({tok_secs:.1f} s, spacy.blank('en').pipe)")
    print(f"ratio              {tok_secs / secs:8.3f} of the tokenizer-only rate")
    print(f"peak memory        {peak_mb:8.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
