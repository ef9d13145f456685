"""python3 -m snsim_analysis report RESULTS.h5 [MORE.h5 ...] -o DIR"""
import sys

USAGE = "usage: python3 -m snsim_analysis report RESULTS.h5 [MORE.h5 ...] -o DIR [--title T]"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    if argv[0] != "report":
        print(f"python3 -m snsim_analysis: unknown command '{argv[0]}'\n{USAGE}", file=sys.stderr)
        return 2
    from .report import main as report_main
    return report_main(argv[1:], prog="python3 -m snsim_analysis report")


if __name__ == "__main__":
    sys.exit(main())
