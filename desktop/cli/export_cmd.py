"""msoko export usb FILE... [--to DIR]: documents onto a USB stick (or, with --to, any folder)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.output import print_json
from desktop.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="выгрузка документов")
    commands = parser.add_subparsers(dest="export_command", metavar="КУДА", required=True)
    usb = commands.add_parser("usb", help="на флешку: в папку с датой, с проверкой записи")
    usb.add_argument("files", metavar="FILE", nargs="+")
    usb.add_argument("--to", metavar="DIR", help="папка назначения (по умолчанию — единственная вставленная флешка)")
    usb.add_argument("--json", action="store_true")
    usb.set_defaults(func=run_usb)


def run_usb(args: argparse.Namespace) -> int:
    from desktop.services.export_usb import export_files, removable_drives

    if args.to:
        target = Path(args.to)
    else:
        drives = removable_drives()
        if not drives:
            raise UserError("Флешка не найдена: вставьте флешку или укажите папку ключом --to.")
        if len(drives) > 1:
            listed = "; ".join(d.describe() for d in drives)
            raise UserError(f"Вставлено несколько флешек ({listed}): укажите нужную ключом --to.")
        target = drives[0].path
    copied = export_files([Path(f) for f in args.files], target)
    if args.json:
        print_json([{"file": str(c.source), "written": str(c.target), "size": c.size, "sha256": c.sha256}
                    for c in copied])
    else:
        for c in copied:
            print(f"{c.source.name} → {c.target} ({c.size} байт, проверено)")
    return 0
