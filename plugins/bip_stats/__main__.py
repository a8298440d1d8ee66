"""make statystyki and make raport.

python -m bip_stats logi --dane PLIK [--indeks FOLDER] LOG...
count access logs (plain or .gz; shell patterns allowed) into the data
file; with --indeks, check which counted queries the live search index
answers with nothing
python -m bip_stats raport --rok ROK --wyjscie FOLDER --site FOLDER
the BIP part of the yearly report, from a built site (ODT and Markdown)
"""

from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

from bip_content.words import counted, number

from . import logs, store


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 when done, 2 with a message when it cannot be."""
    parser = argparse.ArgumentParser(prog="python -m bip_stats")
    commands = parser.add_subparsers(dest="command", required=True)
    count = commands.add_parser("logi", help="zlicz dzienniki serwera")
    count.add_argument("--dane", type=Path, required=True)
    count.add_argument("--indeks", type=Path)
    count.add_argument("logs", nargs="+")
    report = commands.add_parser("raport", help="raport roczny (ODT i Markdown)")
    report.add_argument("--rok", type=int, required=True)
    report.add_argument("--wyjscie", type=Path, required=True)
    report.add_argument("--site", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "logi":
            return count_logs(args.dane, args.logs, args.indeks)
        from .report import write_report  # noqa: PLC0415

        for path in write_report(args.site, args.rok, args.wyjscie):
            print(f"Zapisano {path}")
        return 0
    except (logs.LogError, store.DataError, OSError, ValueError) as error:
        print(f"BŁĄD: {error}", file=sys.stderr)
        return 2


def count_logs(data_file: Path, patterns: list[str], index: Path | None) -> int:
    """Count the logs into the data file and say what was read and skipped."""
    paths = sorted({Path(p) for pattern in patterns for p in _matches(pattern)})
    if not paths:
        raise ValueError(
            f"brak dzienników pasujących do: {' '.join(patterns)} "
            "(sprawdź ścieżkę i prawa odczytu, np. grupa adm)"
        )
    data = store.load(data_file)
    days, skipped = logs.read_logs(paths)
    added, ignored = store.merge(data, days)
    if index is not None and index.is_dir():
        from .queries import no_results  # noqa: PLC0415

        asked = {q for day in store.by_month(data).values() for q in day.queries}
        data["no_results"] = no_results(asked, index)
    store.save(data, data_file)
    _report(paths, days, skipped, added, ignored)
    return 0


def _matches(pattern: str) -> list[str]:
    found = glob.glob(pattern)
    return found or ([pattern] if Path(pattern).is_file() else [])


def _report(
    paths: list[Path], days: dict, skipped: logs.Skipped, added: int, ignored: int
) -> None:
    lines = sum(d.lines for d in days.values())
    views = sum(d.views for d in days.values())
    print(
        f"Przeczytano {counted(lines, 'wiersz', 'wiersze', 'wierszy')} "
        f"z {counted(len(paths), 'pliku', 'plików', 'plików')}: "
        f"{counted(len(days), 'dzień', 'dni', 'dni')}, "
        f"{counted(views, 'odsłona', 'odsłony', 'odsłon')} stron."
    )
    print(f"Zapisano dni nowe lub pełniejsze: {added}; policzone wcześniej: {ignored}.")
    unreadable = sum(d.unreadable for d in days.values())
    left_out = sum(d.left_out for d in days.values())
    print(f"Pominięto żądania robotów i programów: {number(left_out)}.")
    if bad := skipped.count + unreadable:
        print(
            f"UWAGA: pominięto {counted(bad, 'wiersz', 'wiersze', 'wierszy')}, których "
            "nie da się odczytać (bez daty, za długie, starsze niż 400 dni lub "
            f"nie w formacie combined: {number(unreadable)}); pierwszy bez daty: "
            f"{skipped.first or '—'}."
        )


if __name__ == "__main__":
    sys.exit(main())
