"""The log is turned over at start when long, the older ones kept up to a number, and a new log begins."""

from __future__ import annotations

from desktop import logs


def test_a_long_log_is_moved_aside_at_start_and_the_oldest_dropped(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 100)
    path = tmp_path / "msoko.log"
    for number in range(1, logs.KEEP + 1):
        (tmp_path / f"msoko.log.{number}").write_text(f"old {number}", encoding="utf-8")
    path.write_text("x" * 150, encoding="utf-8")
    logs._turn_over(path)
    assert not path.exists()
    assert (tmp_path / "msoko.log.1").read_text(encoding="utf-8") == "x" * 150
    assert (tmp_path / "msoko.log.2").read_text(encoding="utf-8") == "old 1"
    assert (tmp_path / f"msoko.log.{logs.KEEP}").read_text(encoding="utf-8") == f"old {logs.KEEP - 1}"
    assert not (tmp_path / f"msoko.log.{logs.KEEP + 1}").exists()


def test_a_short_log_is_kept_and_written_on(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 100)
    path = tmp_path / "msoko.log"
    path.write_text("short\\n", encoding="utf-8")
    logs._turn_over(path)
    assert path.read_text(encoding="utf-8") == "short\\n"
    assert not (tmp_path / "msoko.log.1").exists()
