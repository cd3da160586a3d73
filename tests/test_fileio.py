"""atomic_write and write_text: all or nothing."""

from pathlib import Path

import pytest

from vaelib.fileio import FILE_MODE, atomic_write, write_text


def test_success_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.txt"
    with atomic_write(target) as tmp:
        assert tmp.parent == target.parent and tmp != target
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == FILE_MODE
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_failure_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_text_writes_utf8_as_given_and_returns_the_path(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.csv"
    text = "metric,değer\r\nSSIM,0.7\n"  # a Turkish letter and both line endings, kept as written
    assert write_text(str(target), text) == target
    assert target.read_bytes() == text.encode("utf-8")
    assert target.stat().st_mode & 0o777 == FILE_MODE
    assert write_text(target, "new\n") == target and target.read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.csv"]
