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
    p.add_argument("--holdout", type=float, default=0.2,
                   help="with --gold: share of the reviewed replies held out to score the coder before and after "
                   "them (default: %(default)s; 0 to skip); the saved model trains on all of them")
    p.add_argument("--seed", type=int, default=0, help="which reviewed replies are held out (default: %(default)s)")


def run(args) -> int:
    from ..train import train_and_save

    folder, meta = train_and_save(
        data=args.data, extra_gold=args.gold, name=args.name, out=args.out, codebook=args.codebook,
        cross_validate=not args.no_cv, holdout=args.holdout if args.gold else 0.0, seed=args.seed,
    )
    cv = meta.get("cv", {})
    print(f"saved {folder}")
    if meta.get("reviewed"):
        print(format_before_after(meta["reviewed"]))
    if cv:
        print(f"grouped CV (by request), classifier: accuracy {cv['accuracy']:.3f}, macro-F1 {cv['macro_f1']:.3f}")
        e2e = cv.get("end_to_end")
        if e2e:
            print(f"grouped CV (by request), whole pipeline: accuracy {e2e['accuracy']:.3f}, macro-F1 {e2e['macro_f1']:.3f}, "
                  f"segmentation F1 {e2e['segmentation_f1']:.3f}, values {e2e['values_exact_overall'] or 0:.3f}")
        review = meta["review"]
        print(f"review: unflagged {review['coverage']:.1%}, right {review['accuracy'] or 0:.1%} "
              f"(thresholds {', '.join(f'{k} {v:.2f}' for k, v in review.get('thresholds', {'all': review['threshold']}).items())})")
    return 0


def format_before_after(r: dict) -> str:
    """The before/after lines for reviewed answers the models did not train on."""
    if "skipped" in r:
        return f"reviewed answers: no before/after score ({r['skipped']})"
    held, trained = r["held_out"], r["trained_on"]

    def line(name: str, s: dict) -> str:
        return f"  {name:<7} accuracy {s['accuracy']:.3f}, macro-F1 {s['macro_f1']:.3f}, kappa {s['kappa']:.3f}"

    return "\n".join([
        f"reviewed answers not trained on: {held['answers']} answers in {held['replies']} held-out reviewed replies "
        f"(of {r['reviewed_replies']}; --holdout {r['holdout']})",
        line("before", r["before"]) + "   (trained on the data alone)",
        line("after", r["after"]) + f"   (plus {trained['replies']} reviewed replies, {trained['answers']} answers)",
        f"  {r['fixed']} answers fixed, {r['broken']} broken; the saved model trained on every reviewed reply",
    ])
