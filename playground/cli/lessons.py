"""`python main.py lessons [--check]`: list the built-in lessons, optionally run each headless."""

from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("lessons", help="list the built-in lessons (--check: run each)")
    p.add_argument("--check", action="store_true", help="run every lesson headless and "
                                                         "say whether its effect appears")


def command(args) -> int:
    from ..lessons import LESSONS, check_lesson

    failed = 0
    for name, lesson in LESSONS.items():
        n = len(lesson.parts)
        line = f"{name:26s} {lesson.title}  ({n} part{'s' if n > 1 else ''}, {lesson.steps} steps)"
        if args.check:
            problem = check_lesson(name)
            failed += bool(problem)
            line += "  ✓" if not problem else f"  ✗ {problem}"
        print(line)
    print("\nrun one: python main.py run --lesson NAME [--part K] --steps N --out runs/")
    return 1 if failed else 0
