"""Train the coder on the project's corpus (and reviewed answers) and save it under models/."""

from __future__ import annotations

HELP = "train the coder and save it under models/"


def add_arguments(p) -> None:
    p.add_argument("--data", default=None, help="folder of gold JSONL files (default: data/corpus)")
    p.add_argument("--gold", action="append", default=[], help="more gold JSONL (reviewed answers); repeatable")
    p.add_argument("--name", default="foi-coder", help="model name (default: %(default)s)")
    p.add_argument("--out", default=None, help="models folder (default: models/)")
    p.add_argument("--codebook", help="a codebook YAML/JSON (default: codebook.md's codes)")
    p.add_argument("--no-cv", action="store_true", help="skip the grouped cross-validation")


def run(args) -> int:
    from ..train import train_and_save

    folder, meta = train_and_save(
        data=args.data, extra_gold=args.gold, name=args.name, out=args.out, codebook=args.codebook,
        cross_validate=not args.no_cv,
    )
    cv = meta.get("cv", {})
    print(f"saved {folder}")
    if cv:
        print(f"grouped CV (by request): accuracy {cv['accuracy']:.3f}, macro-F1 {cv['macro_f1']:.3f}")
        print(f"review threshold {meta['review']['threshold']:.3f}: unflagged {meta['review']['coverage']:.1%}, "
              f"accuracy of unflagged {meta['review']['accuracy']:.1%}")
    return 0
