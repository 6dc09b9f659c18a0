"""`python main.py lessons [--check]`: list the built-in lessons, optionally run each headless."""

from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("lessons", help="list the built-in lessons (--check: run each)")
    p.add_argument("--check", action="store_true", help="run every lesson headless and "
                                                         "say whether its effect appears")
    p.add_argument("--lang", choices=("en", "zh"), default="en",
                   help="language of the titles (default en; zh: 简体中文)")


def command(args) -> int:
    from ..lessons import LESSONS, check_lesson, lesson_text

    failed = 0
    for name, lesson in LESSONS.items():
        n = len(lesson.parts)
        title = lesson_text(name, args.lang).title
        if args.lang == "zh":
            line = f"{name:26s} {title}  （{n} 部分，{lesson.steps} 步）"
        else:
            line = f"{name:26s} {title}  ({n} part{'s' if n > 1 else ''}, {lesson.steps} steps)"
        if args.check:
            problem = check_lesson(name)
            failed += bool(problem)
            line += "  ✓" if not problem else f"  ✗ {problem}"
        print(line)
    print("\n运行一课：" if args.lang == "zh" else "\nrun one: ", end="")
    print("python main.py run --lesson NAME [--part K] --steps N --out runs/")
    return 1 if failed else 0
